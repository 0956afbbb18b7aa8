//! The enterprise's data in its own browser: localStorage, under keys that
//! all start with `zjtx:v1:`. localStorage rather than IndexedDB: an
//! assessment is a few KB of text, reads and writes are synchronous (no
//! half-finished async save when the tab closes), and the `storage` event
//! tells other tabs of a change. Every failure (storage disabled in private
//! mode or a partitioned iframe, quota exceeded, garbage in a key) becomes a
//! zh-CN message; the widget keeps working in memory and offers export.

use crate::answers::AnswersFile;
use crate::saved::{INDEX_KEY, Index, PREFIX, answers_key};
use web_sys::Storage;

pub struct Store {
    storage: Option<Storage>,
    /// Why storage is unavailable, when it is.
    pub problem: Option<String>,
}

/// What was found on load.
pub struct Loaded {
    pub index: Index,
    pub current: Option<(String, AnswersFile)>,
    pub notices: Vec<String>,
}

impl Store {
    pub fn open() -> Store {
        let attempt = web_sys::window()
            .ok_or(())
            .and_then(|w| w.local_storage().map_err(|_| ()))
            .ok()
            .flatten();
        // Some browsers hand out a storage that throws on first write.
        let usable = attempt.filter(|s| {
            s.set_item(&format!("{PREFIX}probe"), "1").is_ok()
                && s.remove_item(&format!("{PREFIX}probe")).is_ok()
        });
        let problem = usable.is_none().then(|| {
            "浏览器不允许本组件在本机保存数据（可能是无痕模式或第三方页面限制）。填写的内容只保存在当前页面里，关闭前请用“导出答卷”存成文件。".to_owned()
        });
        Store {
            storage: usable,
            problem,
        }
    }

    pub fn available(&self) -> bool {
        self.storage.is_some()
    }

    fn get(&self, key: &str) -> Option<String> {
        self.storage.as_ref()?.get_item(key).ok().flatten()
    }

    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        let Some(s) = &self.storage else {
            return Err(self.problem.clone().unwrap_or_default());
        };
        s.set_item(key, value).map_err(|_| {
            "本机存储空间已满，最新的修改没有保存。请导出答卷，或删除不再需要的评估。".to_owned()
        })
    }

    /// Keeps an unreadable value under a key of its own instead of overwriting it.
    fn quarantine(&self, key: &str, value: &str) -> String {
        let copy = format!(
            "{PREFIX}unreadable:{}:{}",
            js_sys::Date::now() as u64,
            key.trim_start_matches(PREFIX)
        );
        let _ = self.set(&copy, value);
        copy
    }

    pub fn load(&self) -> Loaded {
        let mut notices = Vec::new();
        let index = match self.get(INDEX_KEY) {
            None => Index::default(),
            Some(text) => serde_json::from_str::<Index>(&text).unwrap_or_else(|_| {
                let copy = self.quarantine(INDEX_KEY, &text);
                notices.push(format!(
                    "本机保存的评估目录无法读取，已原样另存为 {copy}，并重新开始。"
                ));
                Index::default()
            }),
        };
        let current = index.current.clone().and_then(|id| match self.get(&answers_key(&id)) {
            None => None,
            Some(text) => match AnswersFile::from_json(&text) {
                Ok(answers) => Some((id, answers)),
                Err(e) => {
                    let copy = self.quarantine(&answers_key(&id), &text);
                    notices.push(format!(
                        "上次保存的评估无法读取（{e}），已原样另存为 {copy}，没有覆盖。可以从备份文件导入。"
                    ));
                    None
                }
            },
        });
        Loaded {
            index,
            current,
            notices,
        }
    }

    pub fn save(&self, index: &Index, id: &str, answers: &AnswersFile) -> Result<(), String> {
        self.set(&answers_key(id), &answers.to_json())?;
        self.save_index(index)
    }

    pub fn save_index(&self, index: &Index) -> Result<(), String> {
        self.set(INDEX_KEY, &serde_json::to_string(index).unwrap_or_default())
    }

    pub fn read(&self, id: &str) -> Option<Result<AnswersFile, String>> {
        self.get(&answers_key(id))
            .map(|t| AnswersFile::from_json(&t))
    }

    pub fn remove(&self, id: &str) {
        if let Some(s) = &self.storage {
            let _ = s.remove_item(&answers_key(id));
        }
    }

    /// 清除: every key the widget wrote, and nothing else.
    pub fn wipe(&self) -> usize {
        let Some(s) = &self.storage else { return 0 };
        let keys: Vec<String> = (0..s.length().unwrap_or(0))
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|k| k.starts_with(PREFIX))
            .collect();
        for k in &keys {
            let _ = s.remove_item(k);
        }
        keys.len()
    }
}

/// A new assessment id: time plus randomness, unique enough per browser.
pub fn new_id() -> String {
    format!(
        "{:x}{:04x}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 65536.0) as u32
    )
}

/// The browser's clock, for the list of saved assessments.
pub fn now_text() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}
