//! 我的评估: several named assessments kept in this browser, autosaved;
//! open, rename, duplicate, delete (confirmed), export to the answers file,
//! import with validation, wipe everything. Side effects (storage, files)
//! happen here; the questionnaire state stays pure.

use super::storage::{Store, new_id, now_text};
use crate::answers::AnswersFile;
use crate::questionnaire::Msg;
use crate::rules::Pack;
use crate::saved::{Index, Keys, import, merge, repair_settings};
use gloo::file::callbacks::FileReader;
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub enum Confirm {
    Delete,
    Wipe,
}

/// The library's state: which assessment is open, the saved list, messages.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Lib {
    pub index: Index,
    pub id: String,
    pub notices: Vec<String>,
    pub confirm: Option<Confirm>,
    /// Another tab saved the open assessment and both changed some fields.
    pub conflict: Option<Conflict>,
    pub loaded: bool,
    /// 加密口令 for export and import; held in memory only, never stored.
    pub passphrase: String,
    /// An encrypted file waiting for its passphrase: (text, file name).
    pub encrypted: Option<(String, String)>,
}

/// Fields both tabs changed: the other tab's version (merged) and the names
/// of the fields in question.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub theirs: AnswersFile,
    pub fields: Vec<String>,
}

pub enum LibMsg {
    New,
    Open(String),
    Duplicate,
    Rename(String),
    Ask(Confirm),
    Cancel,
    Delete,
    Wipe,
    Export,
    Imported(Result<AnswersFile, String>, String),
    TakeTheirs,
    KeepMine,
    Dismiss(usize),
    Passphrase(String),
    /// The chosen file is encrypted: ask for the passphrase.
    Encrypted(String, String),
    Decrypt,
    Notice(String),
}

/// Keeps the widget's data in the browser; one per mounted widget.
pub struct Library {
    pub store: Store,
    pack: Rc<Pack>,
    /// The JSON last written or read for the open assessment: the common
    /// ancestor when another tab's save is merged with this tab's edits.
    pub last_saved: RefCell<String>,
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

    /// Debounced autosave: the last change within 400 ms is written, or at
    /// once when the page is hidden (`flush`). `mirror` holds the library
    /// state of the latest render, so a save that fires later never writes
    /// back an older list. While two tabs' versions wait for the person's
    /// choice, only an explicit flush writes.
    pub fn autosave(
        self: &Rc<Self>,
        mirror: Rc<RefCell<Lib>>,
        lib: UseStateHandle<Lib>,
        answers: AnswersFile,
    ) {
        self.pending.borrow_mut().take();
        if !self.store.available() || !mirror.borrow().loaded {
            return;
        }
        let timer = {
            let me = self.clone();
            let mirror = mirror.clone();
            Timeout::new(400, move || {
                if mirror.borrow().conflict.is_none() {
                    me.flush();
                }
            })
        };
        let me = self.clone();
        let save = Box::new(move || {
            let before = mirror.borrow().clone();
            let mut state = before.clone();
            let name = state
                .index
                .name_of(&state.id)
                .map(str::to_owned)
                .unwrap_or_else(|| state.index.fresh_name("我的评估"));
            state.index.upsert(&state.id, &name, &now_text());
            state.index.current = Some(state.id.clone());
            match me.store.save(&state.index, &state.id, &answers) {
                Ok(()) => *me.last_saved.borrow_mut() = answers.to_json(),
                Err(e) if !state.notices.contains(&e) => state.notices.push(e),
                Err(_) => {}
            }
            if state != before {
                *mirror.borrow_mut() = state.clone();
                lib.set(state);
            }
        });
        *self.pending.borrow_mut() = Some(Pending {
            _timer: timer,
            save,
        });
    }

    pub fn load(&self, lib: &UseStateHandle<Lib>, send: &Callback<Msg>) {
        let loaded = self.store.load();
        let mut state = Lib {
            index: loaded.index,
            notices: loaded.notices,
            loaded: true,
            ..Lib::default()
        };
        if let Some(p) = &self.store.problem {
            state.notices.push(p.clone());
        }
        match loaded.current {
            Some((id, answers)) => {
                state.id = id;
                *self.last_saved.borrow_mut() = answers.to_json();
                let answers = self.repaired(answers, &mut state.notices);
                send.emit(Msg::Replace(answers));
            }
            None => state.id = new_id(),
        }
        lib.set(state);
    }

    pub fn handle(
        &self,
        msg: LibMsg,
        lib: &UseStateHandle<Lib>,
        answers: &AnswersFile,
        send: &Callback<Msg>,
        keep_view: &Callback<AnswersFile>,
        me: &Callback<LibMsg>,
    ) {
        let mut state = (**lib).clone();
        state.confirm = None;
        match msg {
            LibMsg::New => {
                state.id = new_id();
                let name = state.index.fresh_name("我的评估");
                state.index.upsert(&state.id, &name, &now_text());
                send.emit(Msg::Replace(AnswersFile::new()));
            }
            LibMsg::Open(id) => match self.store.read(&id) {
                Some(Ok(a)) => {
                    // The one being left is saved first.
                    self.flush();
                    state.id = id;
                    *self.last_saved.borrow_mut() = a.to_json();
                    let a = self.repaired(a, &mut state.notices);
                    send.emit(Msg::Replace(a));
                }
                Some(Err(e)) => state.notices.push(format!("这份评估无法读取：{e}")),
                None => state
                    .notices
                    .push("这份评估在本机找不到了（可能已在另一个窗口删除）。".into()),
            },
            LibMsg::Duplicate => {
                let name = format!(
                    "{}（副本）",
                    state.index.name_of(&state.id).unwrap_or("我的评估")
                );
                state.id = new_id();
                state
                    .index
                    .upsert(&state.id, &state.index.fresh_name(&name), &now_text());
                send.emit(Msg::Replace(answers.clone()));
            }
            LibMsg::Rename(name) => {
                let name = name.trim();
                if !name.is_empty() {
                    state.index.upsert(&state.id.clone(), name, &now_text());
                    let _ = self.store.save_index(&state.index);
                }
            }
            LibMsg::Ask(c) => state.confirm = Some(c),
            LibMsg::Cancel => {}
            LibMsg::Delete => {
                let removed = state.index.remove(&state.id);
                self.store.remove(&state.id);
                let next = state.index.entries.last().map(|e| e.id.clone());
                state.index.current = next.clone();
                let _ = self.store.save_index(&state.index);
                if let Some(e) = removed {
                    state.notices.push(format!("已删除“{}”。", e.name));
                }
                match next.and_then(|id| self.store.read(&id).and_then(Result::ok).map(|a| (id, a)))
                {
                    Some((id, a)) => {
                        state.id = id;
                        send.emit(Msg::Replace(a));
                    }
                    None => {
                        state.id = new_id();
                        send.emit(Msg::Replace(AnswersFile::new()));
                    }
                }
            }
            LibMsg::Wipe => {
                let n = self.store.wipe();
                state = Lib {
                    id: new_id(),
                    loaded: true,
                    ..Lib::default()
                };
                state
                    .notices
                    .push(format!("已清除本组件在本机保存的全部数据（{n} 项）。"));
                send.emit(Msg::Replace(AnswersFile::new()));
            }
            LibMsg::Export => {
                let name = state
                    .index
                    .name_of(&state.id)
                    .unwrap_or("zjtx-答卷")
                    .to_owned();
                if state.passphrase.is_empty() {
                    download(&answers.to_json(), &format!("{name}.json"));
                } else {
                    let (json, pass, me) =
                        (answers.to_json(), state.passphrase.clone(), me.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        match super::crypto::encrypt(&json, &pass).await {
                            Ok(text) => {
                                download(&text, &format!("{name}（加密）.json"));
                                me.emit(LibMsg::Notice(
                                    "已导出加密答卷。请记住口令：忘记口令将无法打开这个文件。"
                                        .into(),
                                ));
                            }
                            Err(e) => me.emit(LibMsg::Notice(format!("加密导出失败：{e}"))),
                        }
                    });
                }
            }
            LibMsg::Passphrase(p) => state.passphrase = p,
            LibMsg::Encrypted(text, name) => {
                state.notices.push(format!(
                    "“{name}”是加密答卷，请在下面输入口令后点“解密导入”。"
                ));
                state.encrypted = Some((text, name));
            }
            LibMsg::Decrypt => {
                if let Some((text, name)) = state.encrypted.clone() {
                    let (pass, me) = (state.passphrase.clone(), me.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        let result = match super::crypto::decrypt(&text, &pass).await {
                            Ok(plain) => import(plain.as_bytes()),
                            Err(e) => Err(e),
                        };
                        me.emit(LibMsg::Imported(result, name));
                    });
                }
            }
            LibMsg::Notice(n) => state.notices.push(n),
            LibMsg::Imported(Ok(a), file) => {
                state.encrypted = None;
                self.flush();
                let a = self.repaired(a, &mut state.notices);
                state.id = new_id();
                let base = a
                    .enterprise_name
                    .clone()
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| file.trim_end_matches(".json").to_owned());
                let name = state.index.fresh_name(&base);
                state.index.upsert(&state.id, &name, &now_text());
                state
                    .notices
                    .push(format!("已导入“{name}”，原有的评估未改动。"));
                send.emit(Msg::Replace(a));
            }
            LibMsg::Imported(Err(e), file) => state
                .notices
                .push(format!("导入“{file}”失败：{e} 本机已有的评估未改动。")),
            LibMsg::TakeTheirs => {
                if let Some(c) = state.conflict.take() {
                    let a = self.repaired(c.theirs, &mut state.notices);
                    keep_view.emit(a);
                }
            }
            LibMsg::KeepMine => {
                state.conflict = None;
                self.cancel();
                let _ = self.store.save(&state.index, &state.id, answers);
                *self.last_saved.borrow_mut() = answers.to_json();
            }
            LibMsg::Dismiss(i) => {
                if i < state.notices.len() {
                    state.notices.remove(i);
                }
            }
        }
        lib.set(state);
    }

    /// Another tab saved the open assessment: fields changed there only
    /// are taken at once, fields changed here only are kept, and fields both
    /// tabs changed differently are put to the person. Nothing is reverted
    /// silently.
    pub fn on_storage(
        &self,
        e: &web_sys::StorageEvent,
        lib: &UseStateHandle<Lib>,
        answers: &AnswersFile,
        keep_view: &Callback<AnswersFile>,
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
        let mut state = (**lib).clone();
        if merged.conflicts.is_empty() {
            if merged.ours != *answers {
                keep_view.emit(self.repaired(merged.ours, &mut state.notices));
            }
        } else {
            let fields = merged
                .conflicts
                .iter()
                .map(|f| field_label(&self.pack, f))
                .collect();
            keep_view.emit(self.repaired(merged.ours.clone(), &mut state.notices));
            state.conflict = Some(Conflict {
                theirs: merged.theirs,
                fields,
            });
        }
        if state != **lib {
            lib.set(state);
        }
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

impl Library {
    /// Reads the chosen file, then reports it (validated) as a message.
    pub fn read_file(&self, input: HtmlInputElement, send: Callback<LibMsg>) {
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let file = gloo::file::File::from(file);
        let name = file.name();
        input.set_value("");
        if file.size() > crate::saved::MAX_IMPORT_BYTES as u64 {
            send.emit(LibMsg::Imported(
                import(&vec![0; crate::saved::MAX_IMPORT_BYTES + 1]),
                name,
            ));
            return;
        }
        let reader = gloo::file::callbacks::read_as_bytes(&file, move |read| {
            let Ok(bytes) = read else {
                return send.emit(LibMsg::Imported(
                    Err("浏览器读不了这个文件。".to_owned()),
                    name,
                ));
            };
            match std::str::from_utf8(&bytes) {
                Ok(text) if super::crypto::is_encrypted(text) => {
                    send.emit(LibMsg::Encrypted(text.to_owned(), name))
                }
                _ => send.emit(LibMsg::Imported(import(&bytes), name)),
            }
        });
        *self.reader.borrow_mut() = Some(reader);
    }
}

#[derive(Properties, PartialEq)]
pub struct BarProps {
    pub lib: Lib,
    pub available: bool,
    pub send: Callback<LibMsg>,
    /// Reads a chosen import file (gloo-file) and reports it through `send`.
    pub import: Callback<HtmlInputElement>,
}

/// The 我的评估 bar above the questionnaire.
#[function_component(LibraryBar)]
pub fn library_bar(p: &BarProps) -> Html {
    let lib = &p.lib;
    let send = &p.send;
    let current_name = lib
        .index
        .name_of(&lib.id)
        .unwrap_or("我的评估（未保存）")
        .to_owned();
    let on_open = send.reform(|e: Event| {
        LibMsg::Open(
            e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value(),
        )
    });
    let on_rename = send
        .reform(|e: Event| LibMsg::Rename(e.target_unchecked_into::<HtmlInputElement>().value()));
    let on_import = p
        .import
        .reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>());
    html! {
        <section class="zjtx-library" aria-label="我的评估">
            <div class="zjtx-library-row">
                <label class="zjtx-label" for="zjtx-library-open">{"我的评估"}</label>
                <select id="zjtx-library-open" class="zjtx-select zjtx-select--inline" onchange={on_open} disabled={!p.available}>
                    if lib.index.name_of(&lib.id).is_none() {
                        <option value={lib.id.clone()} selected=true>{ current_name.clone() }</option>
                    }
                    { for lib.index.entries.iter().map(|e| html!{
                        <option key={e.id.clone()} value={e.id.clone()} selected={e.id == lib.id}>{ format!("{}（{}）", e.name, e.updated) }</option>
                    }) }
                </select>
                <label class="zjtx-visually-hidden" for="zjtx-library-name">{"评估名称"}</label>
                <input id="zjtx-library-name" class="zjtx-input" type="text" value={current_name} onchange={on_rename}
                    placeholder="如 2025 年度、某子公司" />
            </div>
            <div class="zjtx-library-row">
                <button type="button" class="zjtx-button zjtx-button--small" onclick={send.reform(|_: MouseEvent| LibMsg::New)}>{"新建"}</button>
                <button type="button" class="zjtx-button zjtx-button--small" onclick={send.reform(|_: MouseEvent| LibMsg::Duplicate)}>{"复制"}</button>
                <button type="button" class="zjtx-button zjtx-button--small" onclick={send.reform(|_: MouseEvent| LibMsg::Ask(Confirm::Delete))}>{"删除"}</button>
                <button type="button" class="zjtx-button zjtx-button--small" onclick={send.reform(|_: MouseEvent| LibMsg::Export)}>{"导出答卷"}</button>
                <label class="zjtx-button zjtx-button--small zjtx-file">
                    {"导入答卷"}
                    <input type="file" accept=".json,application/json" onchange={on_import} />
                </label>
                <button type="button" class="zjtx-button zjtx-button--small" onclick={send.reform(|_: MouseEvent| LibMsg::Ask(Confirm::Wipe))}>{"清除本机数据"}</button>
            </div>
            <div class="zjtx-library-row">
                <label class="zjtx-label" for="zjtx-passphrase">{"加密口令（选填）"}</label>
                <input id="zjtx-passphrase" class="zjtx-input" type="password" autocomplete="new-password" value={lib.passphrase.clone()}
                    aria-describedby="zjtx-passphrase-help"
                    oninput={send.reform(|e: InputEvent| LibMsg::Passphrase(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                if lib.encrypted.is_some() {
                    <button type="button" class="zjtx-button zjtx-button--small zjtx-button--primary" onclick={send.reform(|_: MouseEvent| LibMsg::Decrypt)}>{"解密导入"}</button>
                }
                <span class="zjtx-help" id="zjtx-passphrase-help">{"填了口令，导出的答卷会加密（AES-GCM，口令经 PBKDF2-SHA-256 60 万次迭代）；导入加密答卷时也在这里输入口令。口令不保存。"}</span>
            </div>
            if let Some(c) = &lib.confirm {
                <div class="zjtx-confirm" role="alertdialog" aria-label="请确认">
                    <p>{ match c { Confirm::Delete => "确定删除当前这份评估？删除后无法恢复（可先导出答卷备份）。", Confirm::Wipe => "确定清除本组件在这台电脑上保存的全部评估？清除后无法恢复（可先导出答卷备份）。" } }</p>
                    <button type="button" class="zjtx-button zjtx-button--danger" onclick={send.reform({ let c = c.clone(); move |_: MouseEvent| if c == Confirm::Delete { LibMsg::Delete } else { LibMsg::Wipe } })}>
                        { if *c == Confirm::Delete { "确定删除" } else { "确定清除" } }
                    </button>
                    <button type="button" class="zjtx-button" onclick={send.reform(|_: MouseEvent| LibMsg::Cancel)}>{"取消"}</button>
                </div>
            }
            if let Some(c) = &lib.conflict {
                <div class="zjtx-confirm" role="alertdialog" aria-label="另一个窗口修改了这份评估">
                    <p>{ format!("另一个浏览器窗口也修改了这份评估。只在一边改过的项目已合并；这几项两边改得不一样：{}。要用哪一边的？", c.fields.join("、")) }</p>
                    <button type="button" class="zjtx-button" onclick={send.reform(|_: MouseEvent| LibMsg::TakeTheirs)}>{"载入另一窗口的版本"}</button>
                    <button type="button" class="zjtx-button" onclick={send.reform(|_: MouseEvent| LibMsg::KeepMine)}>{"保留本窗口的版本"}</button>
                </div>
            }
            <div class="zjtx-notices" role="status" aria-live="polite">
                { for lib.notices.iter().enumerate().map(|(i, n)| html!{
                    <p class="zjtx-notice" key={i}>{ n }
                        <button type="button" class="zjtx-link" onclick={send.reform(move |_: MouseEvent| LibMsg::Dismiss(i))}>{"知道了"}</button>
                    </p>
                }) }
            </div>
            <details class="zjtx-where">
                <summary>{"你的数据存在哪里"}</summary>
                <p>{"填写的内容只保存在这台电脑的这个浏览器里（浏览器本地存储 localStorage；同一页面上的每个组件各用一块，互不覆盖），本组件不会把它发送到任何服务器；计算也在本机完成。本地存储属于所嵌入的门户网站的域名，请在自己的电脑上填写。换电脑时请“导出答卷”，在新电脑上“导入答卷”。“清除本机数据”会删除这个组件保存的全部评估，不影响门户网站自己的数据，也不影响页面上其他组件的数据。"}</p>
            </details>
        </section>
    }
}
