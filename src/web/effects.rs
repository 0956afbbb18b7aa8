//! The library's side effects: localStorage (through `Store`), the debounced
//! autosave and the save on `pagehide`, other tabs' saves, file reading and
//! downloads, WebCrypto. Each effect reports what it found as a [`LibAct`]
//! through the widget's reducer, which applies it to the latest state — so
//! no effect ever writes back a stale copy of the state.

use super::library::{Conflict, Lib, LibAct, LibMsg};
use super::storage::{Store, new_id, now_text};
use crate::answers::AnswersFile;
use crate::rules::Pack;
use crate::saved::{Keys, import, merge, repair_settings};
use gloo::file::callbacks::FileReader;
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::Callback;

/// Keeps the widget's data in the browser; one per mounted widget.
pub struct Library {
    pub store: Store,
    pack: Rc<Pack>,
    /// The JSON last written or read for the open assessment: the common
    /// ancestor when another tab's save is merged with this tab's edits.
    last_saved: RefCell<String>,
    /// The save waiting for the debounce (or for `pagehide`).
    pending: RefCell<Option<Pending>>,
    /// A file being read for import (dropping it aborts the read).
    reader: RefCell<Option<FileReader>>,
}

struct Pending {
    _timer: Timeout,
    save: Box<dyn FnOnce()>,
}

impl Library {
    pub fn new(keys: Keys, pack: Rc<Pack>) -> Library {
        Library {
            store: Store::open(keys),
            pack,
            last_saved: RefCell::new(String::new()),
            pending: RefCell::new(None),
            reader: RefCell::new(None),
        }
    }

    /// Drops a save still waiting (the widget is going away).
    pub fn cancel(&self) {
        self.pending.borrow_mut().take();
    }

    /// Writes the waiting save now: the page is being hidden or unloaded,
    /// so keystrokes typed within the debounce are kept.
    pub fn flush(&self) {
        let job = self.pending.borrow_mut().take();
        if let Some(job) = job {
            (job.save)();
        }
    }

    /// Settings the pack does not know fall back to its defaults, with a notice.
    fn repaired(&self, mut answers: AnswersFile, notices: &mut Vec<String>) -> AnswersFile {
        notices.extend(repair_settings(&self.pack, &mut answers));
        answers
    }

    /// Reads the saved list and the assessment open last time.
    pub fn load(&self) -> LibAct {
        let loaded = self.store.load();
        let mut notices = loaded.notices;
        notices.extend(self.store.problem.clone());
        let (id, answers) = match loaded.current {
            Some((id, answers)) => {
                *self.last_saved.borrow_mut() = answers.to_json();
                (id, Some(self.repaired(answers, &mut notices)))
            }
            None => (new_id(), None),
        };
        LibAct::Loaded {
            index: loaded.index,
            id,
            answers,
            notices,
        }
    }

    /// Debounced autosave of the open assessment and the saved list: the
    /// last change within 400 ms is written, or at once when the page is
    /// hidden (`flush`). While two tabs' versions wait for the person's
    /// choice, only an explicit flush writes.
    pub fn autosave(self: &Rc<Self>, lib: &Lib, answers: &AnswersFile, done: Callback<LibAct>) {
        self.pending.borrow_mut().take();
        if !self.store.available() || !lib.loaded {
            return;
        }
        // A blank form nobody has touched yet is not saved (no empty
        // “我的评估” entries from merely opening the page).
        if lib.index.name_of(&lib.id).is_none() && *answers == AnswersFile::new() {
            return;
        }
        let timer = {
            let me = self.clone();
            let waiting = lib.conflict.is_some();
            Timeout::new(400, move || {
                if !waiting {
                    me.flush();
                }
            })
        };
        let (me, id, answers, mut index) = (
            self.clone(),
            lib.id.clone(),
            answers.clone(),
            lib.index.clone(),
        );
        let save = Box::new(move || {
            let at = now_text();
            let name = index
                .name_of(&id)
                .map(str::to_owned)
                .unwrap_or_else(|| index.fresh_name("我的评估"));
            index.upsert(&id, &name, &at);
            index.current = Some(id.clone());
            let error = me.store.save(&index, &id, &answers).err();
            if error.is_none() {
                *me.last_saved.borrow_mut() = answers.to_json();
            }
            done.emit(LibAct::Saved { id, at, error });
        });
        *self.pending.borrow_mut() = Some(Pending {
            _timer: timer,
            save,
        });
    }

    /// Carries out what the person asked; the outcome goes to `done`.
    pub fn run(
        self: &Rc<Self>,
        msg: LibMsg,
        lib: &Lib,
        answers: &AnswersFile,
        done: &Callback<LibAct>,
    ) {
        match msg {
            LibMsg::New => {
                self.flush();
                done.emit(LibAct::New {
                    id: new_id(),
                    at: now_text(),
                });
            }
            LibMsg::Open(id) => {
                let act = match self.store.read(&id) {
                    Some(Ok(a)) => {
                        // The one being left is saved first.
                        self.flush();
                        *self.last_saved.borrow_mut() = a.to_json();
                        let mut notices = Vec::new();
                        let answers = self.repaired(a, &mut notices);
                        LibAct::Opened {
                            id,
                            answers,
                            notices,
                        }
                    }
                    Some(Err(e)) => LibAct::Notice(format!("这份评估无法读取：{e}")),
                    None => {
                        LibAct::Notice("这份评估在本机找不到了（可能已在另一个窗口删除）。".into())
                    }
                };
                done.emit(act);
            }
            LibMsg::Duplicate => {
                self.flush();
                done.emit(LibAct::Duplicated {
                    id: new_id(),
                    at: now_text(),
                });
            }
            LibMsg::Rename(name) => {
                let name = name.trim();
                if !name.is_empty() {
                    let mut index = lib.index.clone();
                    index.upsert(&lib.id, name, &now_text());
                    if let Err(e) = self.store.save_index(&index) {
                        done.emit(LibAct::Notice(e));
                    }
                    done.emit(LibAct::Renamed {
                        name: name.to_owned(),
                        at: now_text(),
                    });
                }
            }
            LibMsg::Ask(c) => done.emit(LibAct::Ask(c)),
            LibMsg::Cancel => done.emit(LibAct::Cancel),
            LibMsg::Delete => {
                self.cancel();
                self.store.remove(&lib.id);
                let mut index = lib.index.clone();
                index.remove(&lib.id);
                let next = index
                    .entries
                    .last()
                    .map(|e| e.id.clone())
                    .and_then(|id| self.store.read(&id).and_then(Result::ok).map(|a| (id, a)));
                index.current = next.as_ref().map(|(id, _)| id.clone());
                let _ = self.store.save_index(&index);
                if let Some((_, a)) = &next {
                    *self.last_saved.borrow_mut() = a.to_json();
                }
                done.emit(LibAct::Deleted {
                    next,
                    new_id: new_id(),
                });
            }
            LibMsg::Wipe => {
                self.cancel();
                let removed = self.store.wipe();
                self.last_saved.borrow_mut().clear();
                done.emit(LibAct::Wiped {
                    removed,
                    new_id: new_id(),
                });
            }
            LibMsg::Export => {
                let name = lib.index.name_of(&lib.id).unwrap_or("zjtx-答卷").to_owned();
                if lib.passphrase.is_empty() {
                    download(&answers.to_json(), &format!("{name}.json"));
                } else {
                    let (json, pass, done) =
                        (answers.to_json(), lib.passphrase.clone(), done.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        done.emit(match super::crypto::encrypt(&json, &pass).await {
                            Ok(text) => {
                                download(&text, &format!("{name}（加密）.json"));
                                LibAct::Notice(
                                    "已导出加密答卷。请记住口令：忘记口令将无法打开这个文件。"
                                        .into(),
                                )
                            }
                            Err(e) => LibAct::Notice(format!("加密导出失败：{e}")),
                        });
                    });
                }
            }
            LibMsg::Passphrase(p) => done.emit(LibAct::Passphrase(p)),
            LibMsg::Decrypt => {
                if let Some((text, file)) = lib.encrypted.clone() {
                    let (me, pass, done) = (self.clone(), lib.passphrase.clone(), done.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        let result = match super::crypto::decrypt(&text, &pass).await {
                            Ok(plain) => import(plain.as_bytes()),
                            Err(e) => Err(e),
                        };
                        done.emit(me.imported(result, file));
                    });
                }
            }
            LibMsg::TakeTheirs => {
                if let Some(c) = &lib.conflict {
                    let mut notices = Vec::new();
                    let theirs = self.repaired(c.theirs.clone(), &mut notices);
                    notices
                        .into_iter()
                        .for_each(|n| done.emit(LibAct::Notice(n)));
                    done.emit(LibAct::TakeTheirs(theirs));
                }
            }
            LibMsg::KeepMine => {
                self.cancel();
                let mut index = lib.index.clone();
                index.current = Some(lib.id.clone());
                if let Err(e) = self.store.save(&index, &lib.id, answers) {
                    done.emit(LibAct::Notice(e));
                } else {
                    *self.last_saved.borrow_mut() = answers.to_json();
                }
                done.emit(LibAct::KeptMine);
            }
            LibMsg::Dismiss(i) => done.emit(LibAct::Dismiss(i)),
        }
    }

    /// A checked import becomes a new assessment (the open one saved first).
    fn imported(&self, result: Result<AnswersFile, String>, file: String) -> LibAct {
        match result {
            Ok(a) => {
                self.flush();
                let mut notices = Vec::new();
                let answers = self.repaired(a, &mut notices);
                LibAct::Imported {
                    id: new_id(),
                    at: now_text(),
                    file,
                    answers,
                    notices,
                }
            }
            Err(error) => LibAct::ImportFailed { file, error },
        }
    }

    /// Another tab saved the open assessment: fields changed there only
    /// are taken at once, fields changed here only are kept, and fields both
    /// tabs changed differently are put to the person. Nothing is reverted
    /// silently.
    pub fn on_storage(
        &self,
        e: &web_sys::StorageEvent,
        lib: &Lib,
        answers: &AnswersFile,
        done: &Callback<LibAct>,
    ) {
        if e.key().as_deref() != Some(self.store.keys.answers(&lib.id).as_str()) {
            return;
        }
        let Some(theirs) = e.new_value().and_then(|t| AnswersFile::from_json(&t).ok()) else {
            return;
        };
        let base = AnswersFile::from_json(&self.last_saved.borrow()).unwrap_or_default();
        *self.last_saved.borrow_mut() = theirs.to_json();
        let merged = merge(&base, answers, &theirs);
        let mut notices = Vec::new();
        let ours = (merged.ours != *answers).then(|| self.repaired(merged.ours, &mut notices));
        let conflict = (!merged.conflicts.is_empty()).then(|| Conflict {
            theirs: merged.theirs,
            fields: merged
                .conflicts
                .iter()
                .map(|f| field_label(&self.pack, f))
                .collect(),
        });
        if ours.is_some() || conflict.is_some() || !notices.is_empty() {
            done.emit(LibAct::Merged {
                answers: ours,
                conflict,
                notices,
            });
        }
    }

    /// Reads the chosen file (gloo-file), then reports it, checked.
    pub fn read_file(self: &Rc<Self>, input: HtmlInputElement, done: Callback<LibAct>) {
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let file = gloo::file::File::from(file);
        let name = file.name();
        input.set_value("");
        if file.size() > crate::saved::MAX_IMPORT_BYTES as u64 {
            let too_big = import(&vec![0; crate::saved::MAX_IMPORT_BYTES + 1]);
            done.emit(self.imported(too_big, name));
            return;
        }
        let me = self.clone();
        let reader = gloo::file::callbacks::read_as_bytes(&file, move |read| {
            let act = match read {
                Err(_) => LibAct::ImportFailed {
                    file: name,
                    error: "浏览器读不了这个文件。".to_owned(),
                },
                Ok(bytes) => match std::str::from_utf8(&bytes) {
                    Ok(text) if super::crypto::is_encrypted(text) => LibAct::Encrypted {
                        text: text.to_owned(),
                        file: name,
                    },
                    _ => me.imported(import(&bytes), name),
                },
            };
            done.emit(act);
        });
        *self.reader.borrow_mut() = Some(reader);
    }
}

/// A merged field's name as the form shows it.
fn field_label(pack: &Pack, field: &str) -> String {
    if let Some(id) = field.strip_prefix("answers.") {
        if pack.input(id).is_some() {
            return pack.input(id).map(|d| d.label_of(id)).unwrap_or_default();
        }
        return id.to_owned();
    }
    if let Some(id) = field.strip_prefix("settings.") {
        return pack
            .settings
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.label.clone())
            .unwrap_or_else(|| id.to_owned());
    }
    match field {
        "enterprise_name" => "企业名称",
        "assessment_date" => "评估日期",
        "application" => "申请类型",
        other => other,
    }
    .to_owned()
}

/// Saves text as a file through the browser's download.
fn download(text: &str, file_name: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document
        .create_element("a")
        .map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>())
    {
        a.set_href(&url);
        a.set_download(file_name);
        a.click();
    }
    // Revoking at once can race the download on a slow machine: later.
    Timeout::new(30_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}
