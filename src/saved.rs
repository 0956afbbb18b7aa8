//! Saved assessments on the enterprise's own machine: the index of named
//! assessments and the checks an imported file must pass. Pure data, so it
//! is tested natively; the browser storage itself is in `web::storage`.

use crate::answers::AnswersFile;
use serde::{Deserialize, Serialize};

/// Every key the widget writes starts with this, so 清除 can find them all
/// and nothing of the host page's own storage is touched.
pub const PREFIX: &str = "zjtx:v1:";
pub const INDEX_KEY: &str = "zjtx:v1:index";

/// A file larger than this is not an answers file (one is ~5 KB).
pub const MAX_IMPORT_BYTES: usize = crate::import::MAX_BYTES;

pub fn answers_key(id: &str) -> String {
    format!("{PREFIX}answers:{id}")
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub name: String,
    /// When last saved (ISO text from the browser clock), for the list.
    pub updated: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    pub entries: Vec<Entry>,
    pub current: Option<String>,
}

impl Index {
    pub fn name_of(&self, id: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.name.as_str())
    }

    /// A name not yet used: “评估 2”, “评估 3”…
    pub fn fresh_name(&self, base: &str) -> String {
        (1..)
            .map(|n| {
                if n == 1 {
                    base.to_owned()
                } else {
                    format!("{base} {n}")
                }
            })
            .find(|name| !self.entries.iter().any(|e| &e.name == name))
            .unwrap_or_else(|| base.to_owned())
    }

    pub fn upsert(&mut self, id: &str, name: &str, updated: &str) {
        match self.entries.iter_mut().find(|e| e.id == id) {
            Some(e) => {
                e.name = name.to_owned();
                e.updated = updated.to_owned();
            }
            None => self.entries.push(Entry {
                id: id.to_owned(),
                name: name.to_owned(),
                updated: updated.to_owned(),
            }),
        }
    }

    pub fn remove(&mut self, id: &str) -> Option<Entry> {
        let i = self.entries.iter().position(|e| e.id == id)?;
        Some(self.entries.remove(i))
    }
}

/// Checks a file the person chose to import (see [`crate::import::read`]).
/// Errors say what is wrong in zh-CN; nothing stored is touched until this
/// returns Ok.
pub fn import(bytes: &[u8]) -> Result<AnswersFile, String> {
    crate::import::read(bytes, None).map(|i| i.file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_explains_what_is_wrong() {
        assert!(
            import(&vec![b' '; MAX_IMPORT_BYTES + 1])
                .unwrap_err()
                .contains("超过")
        );
        assert!(import(b"").unwrap_err().contains("空"));
        assert!(import(&[0xff, 0xfe, 0x00]).unwrap_err().contains("UTF-8"));
        assert!(
            import(br#"{"schema":"zjtx-answers","version":1,"answers":{"#)
                .unwrap_err()
                .contains("不完整")
        );
        assert!(
            import(br#"{"schema":"other","version":1,"answers":{}}"#)
                .unwrap_err()
                .contains("不是 zjtx 答卷文件")
        );
        assert!(
            import(br#"{"schema":"zjtx-answers","version":7,"answers":{}}"#)
                .unwrap_err()
                .contains("版本 7")
        );
        assert!(
            import(br#"{"schema":"zjtx-answers","version":1,"answers":{"employees":[1]}}"#)
                .unwrap_err()
                .contains("文字或数字")
        );
        let ok =
            import("\u{feff}{\"schema\":\"zjtx-answers\",\"version\":1,\"answers\":{\"employees\":\"12\"}}".as_bytes())
                .unwrap();
        assert_eq!(ok.typed("employees"), "12");
    }

    #[test]
    fn index_names_and_updates() {
        let mut ix = Index::default();
        ix.upsert("a", "评估", "t1");
        assert_eq!(ix.fresh_name("评估"), "评估 2");
        ix.upsert("a", "2025 年度", "t2");
        assert_eq!(ix.entries.len(), 1);
        assert_eq!(ix.name_of("a"), Some("2025 年度"));
        assert!(ix.remove("a").is_some() && ix.entries.is_empty());
    }
}
