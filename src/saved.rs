//! Saved assessments on the enterprise's own machine: the storage keys of
//! one widget instance, the index of named assessments, the checks an
//! imported or stored file must pass, and the per-field merge of two tabs'
//! edits. Pure data, so it is tested natively; the browser storage itself is
//! in `web::storage`.

use crate::answers::AnswersFile;
use crate::rules::Pack;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every key the widget writes starts with this, so nothing of the host
/// page's own storage is ever touched.
pub const PREFIX: &str = "zjtx:v1:";

/// A file larger than this is not an answers file (one is ~5 KB).
pub const MAX_IMPORT_BYTES: usize = crate::import::MAX_BYTES;

/// The storage keys of one widget instance. Each instance has its own
/// namespace (the `storage` attribute, by default the pack name plus the
/// element's id), so two widgets on one page never read or overwrite each
/// other's assessments: `zjtx:v1:<namespace>:index`,
/// `zjtx:v1:<namespace>:answers:<id>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keys {
    prefix: String,
}

impl Keys {
    /// `namespace` as the host gave it; `:` (our separator) and control
    /// characters become `_`, so one namespace's prefix is never the start of
    /// another's. Empty means `default`.
    pub fn new(namespace: &str) -> Keys {
        let clean: String = namespace
            .trim()
            .chars()
            .take(80)
            .map(|c| if c == ':' || c.is_control() { '_' } else { c })
            .collect();
        let clean = if clean.is_empty() {
            "default".to_owned()
        } else {
            clean
        };
        Keys {
            prefix: format!("{PREFIX}{clean}:"),
        }
    }

    pub fn namespace(&self) -> &str {
        &self.prefix[PREFIX.len()..self.prefix.len() - 1]
    }

    /// Every key of this instance starts with this (and no other instance's does).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    pub fn index(&self) -> String {
        format!("{}index", self.prefix)
    }

    pub fn answers(&self, id: &str) -> String {
        format!("{}answers:{id}", self.prefix)
    }

    /// The assessment id of one of this instance's answers keys.
    pub fn answers_id<'k>(&self, key: &'k str) -> Option<&'k str> {
        key.strip_prefix(self.prefix.as_str())?
            .strip_prefix("answers:")
            .filter(|id| !id.is_empty())
    }

    /// Where an unreadable value is kept aside (never overwritten).
    pub fn unreadable(&self, stamp: u64, key: &str) -> String {
        format!(
            "{}unreadable:{stamp}:{}",
            self.prefix,
            key.strip_prefix(self.prefix.as_str()).unwrap_or(key)
        )
    }
}

/// Keys written before instances had namespaces (one widget per origin):
/// the first instance that finds them adopts them, so nothing saved earlier
/// is lost. Returns the new key for an old one, or None for another key.
pub fn legacy_key_in(keys: &Keys, old: &str) -> Option<String> {
    let rest = old.strip_prefix(PREFIX)?;
    if rest == "index" {
        return Some(keys.index());
    }
    let id = rest.strip_prefix("answers:")?;
    (!id.is_empty() && !id.contains(':')).then(|| keys.answers(id))
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

    /// Adds every saved assessment `found` (id, enterprise name) that the
    /// index does not list: a lost or broken index never orphans saved work.
    /// Returns how many were added.
    pub fn adopt(&mut self, found: &[(String, Option<String>)]) -> usize {
        let mut added = 0;
        for (id, name) in found {
            if self.name_of(id).is_some() {
                continue;
            }
            let base = name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .unwrap_or("找回的评估");
            let name = self.fresh_name(base);
            self.upsert(id, &name, "");
            added += 1;
        }
        if self
            .current
            .as_ref()
            .is_none_or(|c| self.name_of(c).is_none())
        {
            self.current = self.entries.last().map(|e| e.id.clone());
        }
        added
    }
}

/// Makes a file's settings ones the pack knows: a setting id the pack does
/// not have, or a value not among its options, is dropped (so the pack's
/// default applies) and reported in zh-CN. A stored value or an imported
/// file with a bad setting never takes the widget down.
pub fn repair_settings(pack: &Pack, answers: &mut AnswersFile) -> Vec<String> {
    let mut notices = Vec::new();
    answers.settings.retain(|id, value| {
        let Some(def) = pack.settings.iter().find(|s| &s.id == id) else {
            notices.push(format!(
                "答卷里有本规则包没有的计算口径设置“{id}”，已忽略。"
            ));
            return false;
        };
        if def.options.iter().any(|o| &o.value == value) {
            return true;
        }
        let default = def
            .options
            .iter()
            .find(|o| o.value == def.default)
            .map(|o| o.label.as_str())
            .unwrap_or(def.default.as_str());
        notices.push(format!(
            "计算口径“{}”的取值“{value}”无效，已改用默认值“{default}”。可在核对填报页重新选择。",
            def.label
        ));
        false
    });
    notices
}

/// The outcome of merging another tab's saved version into this tab's.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    /// Every field changed on one side only taken from that side; fields
    /// both sides changed differently keep this tab's text.
    pub ours: AnswersFile,
    /// The same, but the other tab's text where both changed.
    pub theirs: AnswersFile,
    /// Fields both tabs changed to different text (answer ids, or
    /// `enterprise_name`, `settings.<id>`…): the person chooses.
    pub conflicts: Vec<String>,
}

/// Three-way merge per field: `base` is what this tab last saved or loaded,
/// `ours` what it holds now, `theirs` what another tab just saved. A field
/// changed in one tab only is taken from it; no edit is reverted silently.
pub fn merge(base: &AnswersFile, ours: &AnswersFile, theirs: &AnswersFile) -> Merged {
    let (b, o, t) = (flat(base), flat(ours), flat(theirs));
    let mut keys: Vec<&String> = b.keys().chain(o.keys()).chain(t.keys()).collect();
    keys.sort();
    keys.dedup();
    let (mut mo, mut mt) = (BTreeMap::new(), BTreeMap::new());
    let mut conflicts = Vec::new();
    for k in keys {
        let (bv, ov, tv) = (b.get(k), o.get(k), t.get(k));
        let (pick_o, pick_t) = if ov == tv || tv == bv {
            (ov, ov)
        } else if ov == bv {
            (tv, tv)
        } else {
            conflicts.push(k.clone());
            (ov, tv)
        };
        if let Some(v) = pick_o {
            mo.insert(k.clone(), v.clone());
        }
        if let Some(v) = pick_t {
            mt.insert(k.clone(), v.clone());
        }
    }
    Merged {
        ours: unflat(mo, ours),
        theirs: unflat(mt, theirs),
        conflicts,
    }
}

/// An answers file as one level of fields: `answers.employees`,
/// `settings.boundary`, `enterprise_name`…
fn flat(a: &AnswersFile) -> BTreeMap<String, serde_json::Value> {
    let mut out = BTreeMap::new();
    if let Ok(serde_json::Value::Object(top)) = serde_json::to_value(a) {
        for (k, v) in top {
            match v {
                serde_json::Value::Object(inner) if k == "answers" || k == "settings" => {
                    for (ik, iv) in inner {
                        out.insert(format!("{k}.{ik}"), iv);
                    }
                }
                v => {
                    out.insert(k, v);
                }
            }
        }
    }
    out
}

fn unflat(fields: BTreeMap<String, serde_json::Value>, fallback: &AnswersFile) -> AnswersFile {
    let mut top = serde_json::Map::new();
    for (k, v) in fields {
        match k.split_once('.') {
            Some((outer @ ("answers" | "settings"), inner)) => {
                let slot = top
                    .entry(outer.to_owned())
                    .or_insert_with(|| serde_json::Value::Object(Default::default()));
                if let serde_json::Value::Object(m) = slot {
                    m.insert(inner.to_owned(), v);
                }
            }
            _ => {
                top.insert(k, v);
            }
        }
    }
    serde_json::from_value(serde_json::Value::Object(top)).unwrap_or_else(|_| fallback.clone())
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

    #[test]
    fn namespaces_never_overlap() {
        let a = Keys::new("national");
        let b = Keys::new("national:other");
        assert_eq!(a.index(), "zjtx:v1:national:index");
        assert_eq!(b.namespace(), "national_other");
        assert!(!b.index().starts_with(a.prefix()));
        assert_eq!(a.answers_id(&a.answers("x1")), Some("x1"));
        assert_eq!(a.answers_id(&b.answers("x1")), None);
        assert_eq!(Keys::new("  ").namespace(), "default");
        assert_eq!(
            legacy_key_in(&a, "zjtx:v1:answers:x1").as_deref(),
            Some("zjtx:v1:national:answers:x1")
        );
        assert_eq!(legacy_key_in(&a, "zjtx:v1:national:index"), None);
    }

    #[test]
    fn a_broken_index_is_rebuilt_from_what_is_found() {
        let mut ix = Index::default();
        ix.upsert("a", "甲公司", "t");
        let found = vec![
            ("a".to_owned(), Some("甲公司".to_owned())),
            ("b".to_owned(), Some("乙公司".to_owned())),
            ("c".to_owned(), None),
        ];
        assert_eq!(ix.adopt(&found), 2);
        assert_eq!(ix.name_of("b"), Some("乙公司"));
        assert_eq!(ix.name_of("c"), Some("找回的评估"));
        assert_eq!(ix.current.as_deref(), Some("c"));
    }

    #[test]
    fn bad_settings_fall_back_and_say_so() {
        let pack = Pack::national();
        let mut a = import(
            br#"{"schema":"zjtx-answers","version":1,"settings":{"boundary":"bogus","nope":"x"},"answers":{}}"#,
        )
        .unwrap();
        let notices = repair_settings(&pack, &mut a);
        assert!(a.settings.is_empty());
        assert_eq!(notices.len(), 2);
        assert!(
            notices
                .iter()
                .any(|n| n.contains("“bogus”无效，已改用默认值"))
        );
        let mut ok = AnswersFile::new();
        ok.settings.insert("boundary".into(), "exclusive".into());
        assert!(repair_settings(&pack, &mut ok).is_empty());
        assert_eq!(ok.settings.len(), 1);
    }

    #[test]
    fn two_tabs_merge_per_field() {
        let mut base = AnswersFile::new();
        base.set("employees", "100");
        base.set("operating_revenue.y1", "5000");
        let mut ours = base.clone();
        ours.set("employees", "120");
        let mut theirs = base.clone();
        theirs.set("operating_revenue.y1", "6000");
        theirs.enterprise_name = Some("乙".into());
        let m = merge(&base, &ours, &theirs);
        assert!(m.conflicts.is_empty());
        assert_eq!(m.ours, m.theirs);
        assert_eq!(m.ours.typed("employees"), "120");
        assert_eq!(m.ours.typed("operating_revenue.y1"), "6000");
        assert_eq!(m.ours.enterprise_name.as_deref(), Some("乙"));
        // Both changed the same field: never decided silently.
        theirs.set("employees", "130");
        let m = merge(&base, &ours, &theirs);
        assert_eq!(m.conflicts, vec!["answers.employees".to_owned()]);
        assert_eq!(m.ours.typed("employees"), "120");
        assert_eq!(m.theirs.typed("employees"), "130");
        assert_eq!(m.theirs.typed("operating_revenue.y1"), "6000");
        // A field one side cleared stays cleared.
        let mut cleared = base.clone();
        cleared.answers.remove("employees");
        let m = merge(&base, &base, &cleared);
        assert_eq!(m.ours.typed("employees"), "");
    }
}
