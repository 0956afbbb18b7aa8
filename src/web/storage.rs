//! The enterprise's data in its own browser: localStorage, under keys that
//! all start with `zjtx:v1:<namespace>:` (one namespace per widget instance). localStorage rather than IndexedDB: an
//! assessment is a few KB of text, reads and writes are synchronous (no
//! half-finished async save when the tab closes), and the `storage` event
//! tells other tabs of a change. Every failure (storage disabled in private
//! mode or a partitioned iframe, quota exceeded, garbage in a key) becomes a
//! zh-CN message; the widget keeps working in memory and offers export.

use crate::answers::AnswersFile;
#[cfg(target_arch = "wasm32")]
use crate::saved::PREFIX;
use crate::saved::{Index, Keys, legacy_key_in};
use web_sys::Storage;

pub struct Store {
    storage: Option<Storage>,
    pub keys: Keys,
    /// Why saving does not work, when it does not (storage refused, or full).
    pub problem: Option<String>,
}

/// What was found on load.
pub struct Loaded {
    pub index: Index,
    pub current: Option<(String, AnswersFile)>,
    pub notices: Vec<String>,
}

const FULL: &str = "本机存储空间已满，最新的修改没有保存。请导出答卷，或删除不再需要的评估。";

impl Store {
    /// Opens this instance's part of localStorage. A storage that refuses
    /// writes because it is full is still read: saved work is shown, and a
    /// notice says new changes cannot be kept until space is freed.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn open(keys: Keys) -> Store {
        // The build-time pre-render: no storage, shown as a fresh visit.
        Store {
            storage: None,
            keys,
            problem: None,
        }
    }

    #[cfg(target_arch = "wasm32")]
    pub fn open(keys: Keys) -> Store {
        let attempt = web_sys::window()
            .ok_or(())
            .and_then(|w| w.local_storage().map_err(|_| ()))
            .ok()
            .flatten();
        let probe = format!("{PREFIX}probe");
        let (storage, problem) = match attempt {
            None => (None, Some(UNAVAILABLE.to_owned())),
            // Some browsers hand out a storage that throws on first write.
            Some(s) => match s.set_item(&probe, "1") {
                Ok(()) => {
                    let _ = s.remove_item(&probe);
                    (Some(s), None)
                }
                Err(e) if is_quota(&e) => (
                    Some(s),
                    Some("本机存储空间已满：已保存的评估照常显示，但新的修改暂时存不进去。请先“导出答卷”备份，或删除不再需要的评估腾出空间。".to_owned()),
                ),
                Err(_) => (None, Some(UNAVAILABLE.to_owned())),
            },
        };
        Store {
            storage,
            keys,
            problem,
        }
    }

    pub fn available(&self) -> bool {
        // The pre-render shows the bar as a browser with storage has it.
        self.storage.is_some() || cfg!(not(target_arch = "wasm32"))
    }

    fn get(&self, key: &str) -> Option<String> {
        self.storage.as_ref()?.get_item(key).ok().flatten()
    }

    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        let Some(s) = &self.storage else {
            return Err(self.problem.clone().unwrap_or_default());
        };
        s.set_item(key, value).map_err(|_| FULL.to_owned())
    }

    /// Every key in the storage (ours and the host's; only ours are touched).
    fn all_keys(&self) -> Vec<String> {
        let Some(s) = &self.storage else {
            return Vec::new();
        };
        (0..s.length().unwrap_or(0))
            .filter_map(|i| s.key(i).ok().flatten())
            .collect()
    }

    /// Keeps an unreadable value under a key of its own instead of overwriting it.
    fn quarantine(&self, key: &str, value: &str) -> String {
        let copy = self.keys.unreadable(js_sys::Date::now() as u64, key);
        let _ = self.set(&copy, value);
        copy
    }

    /// Moves assessments saved before instances had namespaces into this
    /// one (the first instance to load takes them). Returns how many.
    fn adopt_legacy(&self) -> usize {
        let Some(s) = &self.storage else { return 0 };
        if self.get(&self.keys.index()).is_some() {
            return 0;
        }
        let mut moved = 0;
        for old in self.all_keys() {
            let Some(new) = legacy_key_in(&self.keys, &old) else {
                continue;
            };
            if let Some(v) = self.get(&old) {
                if self.get(&new).is_none() && self.set(&new, &v).is_ok() {
                    let _ = s.remove_item(&old);
                    moved += 1;
                }
            }
        }
        moved
    }

    pub fn load(&self) -> Loaded {
        let mut notices = Vec::new();
        if self.adopt_legacy() > 0 {
            notices.push("已把本组件旧版本保存的评估移到这里，内容未改动。".to_owned());
        }
        let mut broken = false;
        let mut index = match self.get(&self.keys.index()) {
            None => Index::default(),
            Some(text) => serde_json::from_str::<Index>(&text).unwrap_or_else(|_| {
                let copy = self.quarantine(&self.keys.index(), &text);
                broken = true;
                notices.push(format!("本机保存的评估目录无法读取，已原样另存为 {copy}。"));
                Index::default()
            }),
        };
        // Saved assessments the index does not list (a lost or broken
        // index, an interrupted save) are found and listed again.
        let found: Vec<(String, Option<String>)> = self
            .all_keys()
            .iter()
            .filter_map(|k| self.keys.answers_id(k))
            .map(|id| {
                let name = self
                    .read(id)
                    .and_then(Result::ok)
                    .and_then(|a| a.enterprise_name);
                (id.to_owned(), name)
            })
            .collect();
        let added = index.adopt(&found);
        if added > 0 {
            notices.push(if broken || index.entries.len() == added {
                format!("评估目录已根据本机找到的 {added} 份评估重建，请核对名称。")
            } else {
                format!("找回了 {added} 份目录里没有列出的评估，已加回“我的评估”列表。")
            });
            let _ = self.save_index(&index);
        }
        let current = index
            .current
            .clone()
            .and_then(|id| match self.get(&self.keys.answers(&id)) {
                None => None,
                Some(text) => match AnswersFile::from_json(&text) {
                    Ok(answers) => Some((id, answers)),
                    Err(e) => {
                        let copy = self.quarantine(&self.keys.answers(&id), &text);
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
        self.set(&self.keys.answers(id), &answers.to_json())?;
        self.save_index(index)
    }

    pub fn save_index(&self, index: &Index) -> Result<(), String> {
        self.set(
            &self.keys.index(),
            &serde_json::to_string(index).unwrap_or_default(),
        )
    }

    pub fn read(&self, id: &str) -> Option<Result<AnswersFile, String>> {
        self.get(&self.keys.answers(id))
            .map(|t| AnswersFile::from_json(&t))
    }

    pub fn remove(&self, id: &str) {
        if let Some(s) = &self.storage {
            let _ = s.remove_item(&self.keys.answers(id));
        }
    }

    /// 清除: every key this instance wrote, and nothing else (not the
    /// host's, not another instance's).
    pub fn wipe(&self) -> usize {
        let Some(s) = &self.storage else { return 0 };
        let keys: Vec<String> = self
            .all_keys()
            .into_iter()
            .filter(|k| k.starts_with(self.keys.prefix()))
            .collect();
        for k in &keys {
            let _ = s.remove_item(k);
        }
        keys.len()
    }
}

#[cfg(target_arch = "wasm32")]
const UNAVAILABLE: &str = "浏览器不允许本组件在本机保存数据（可能是无痕模式或第三方页面限制）。填写的内容只保存在当前页面里，关闭前请用“导出答卷”存成文件。";

/// A write refused because the storage is full (the name differs by browser).
#[cfg(target_arch = "wasm32")]
fn is_quota(e: &wasm_bindgen::JsValue) -> bool {
    let name = js_sys::Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED"
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
