//! 我的评估: several named assessments kept in this browser. This file is
//! the state and its transitions only (pure, applied by the widget's one
//! reducer to the latest state); the storage, timers and files that produce
//! the transitions are in `effects.rs`, the bar that shows them in
//! `library_bar.rs`.

use crate::answers::AnswersFile;
use crate::saved::Index;

#[derive(Clone, Debug, PartialEq)]
pub enum Confirm {
    Delete,
    Wipe,
}

/// Fields both tabs changed: the other tab's version (merged) and the names
/// of the fields in question.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub theirs: AnswersFile,
    pub fields: Vec<String>,
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
    /// The saved list has been read (autosave waits for it).
    pub loaded: bool,
    /// 加密口令 for export and import; held in memory only, never stored.
    pub passphrase: String,
    /// An encrypted file waiting for its passphrase: (text, file name).
    pub encrypted: Option<(String, String)>,
}

/// What the person asks of the library (the bar's buttons).
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
    TakeTheirs,
    KeepMine,
    Dismiss(usize),
    Passphrase(String),
    Decrypt,
}

/// A change to the library's state, with whatever an effect found (the
/// saved list, a file's content, a new id). `at` is the browser's clock.
pub enum LibAct {
    Loaded {
        index: Index,
        id: String,
        answers: Option<AnswersFile>,
        notices: Vec<String>,
    },
    /// The open assessment was written (or could not be: `error`).
    Saved {
        id: String,
        at: String,
        error: Option<String>,
    },
    New {
        id: String,
        at: String,
    },
    Opened {
        id: String,
        answers: AnswersFile,
        notices: Vec<String>,
    },
    Duplicated {
        id: String,
        at: String,
    },
    Renamed {
        name: String,
        at: String,
    },
    Ask(Confirm),
    Cancel,
    Deleted {
        next: Option<(String, AnswersFile)>,
        new_id: String,
    },
    Wiped {
        removed: usize,
        new_id: String,
    },
    Imported {
        id: String,
        at: String,
        file: String,
        answers: AnswersFile,
        notices: Vec<String>,
    },
    ImportFailed {
        file: String,
        error: String,
    },
    Encrypted {
        text: String,
        file: String,
    },
    Passphrase(String),
    Notice(String),
    Dismiss(usize),
    /// Another tab's save, merged per field; `conflict` when both changed a field.
    Merged {
        answers: Option<AnswersFile>,
        conflict: Option<Conflict>,
        notices: Vec<String>,
    },
    TakeTheirs(AnswersFile),
    KeptMine,
}

/// What the questionnaire shows after a library change.
pub enum Load {
    /// Another assessment: from its first page.
    Fresh(AnswersFile),
    /// The same assessment, updated: the person stays where they are.
    KeepView(AnswersFile),
}

impl Lib {
    /// Applies one change; returns the answers the questionnaire should show
    /// now, when they change.
    pub fn apply(&mut self, act: LibAct) -> Option<Load> {
        if !matches!(
            act,
            LibAct::Saved { .. }
                | LibAct::Notice(_)
                | LibAct::Passphrase(_)
                | LibAct::Ask(_)
                | LibAct::Merged { .. }
        ) {
            self.confirm = None;
        }
        match act {
            LibAct::Loaded {
                index,
                id,
                answers,
                notices,
            } => {
                *self = Lib {
                    index,
                    id,
                    notices,
                    loaded: true,
                    ..Lib::default()
                };
                answers.map(Load::Fresh)
            }
            LibAct::Saved { id, at, error } => {
                let name = self
                    .index
                    .name_of(&id)
                    .map(str::to_owned)
                    .unwrap_or_else(|| self.index.fresh_name("我的评估"));
                self.index.upsert(&id, &name, &at);
                self.index.current = Some(id);
                if let Some(e) = error {
                    self.notice(e);
                }
                None
            }
            LibAct::New { id, at } => {
                let name = self.index.fresh_name("我的评估");
                self.index.upsert(&id, &name, &at);
                self.id = id;
                Some(Load::Fresh(AnswersFile::new()))
            }
            LibAct::Opened {
                id,
                answers,
                notices,
            } => {
                self.id = id;
                self.notices.extend(notices);
                Some(Load::Fresh(answers))
            }
            LibAct::Duplicated { id, at } => {
                let name = format!(
                    "{}（副本）",
                    self.index.name_of(&self.id).unwrap_or("我的评估")
                );
                let name = self.index.fresh_name(&name);
                self.index.upsert(&id, &name, &at);
                self.id = id;
                None
            }
            LibAct::Renamed { name, at } => {
                let id = self.id.clone();
                self.index.upsert(&id, &name, &at);
                None
            }
            LibAct::Ask(c) => {
                self.confirm = Some(c);
                None
            }
            LibAct::Cancel => None,
            LibAct::Deleted { next, new_id } => {
                if let Some(e) = self.index.remove(&self.id) {
                    self.notices.push(format!("已删除“{}”。", e.name));
                }
                self.index.current = next.as_ref().map(|(id, _)| id.clone());
                match next {
                    Some((id, answers)) => {
                        self.id = id;
                        Some(Load::Fresh(answers))
                    }
                    None => {
                        self.id = new_id;
                        Some(Load::Fresh(AnswersFile::new()))
                    }
                }
            }
            LibAct::Wiped { removed, new_id } => {
                *self = Lib {
                    id: new_id,
                    loaded: true,
                    notices: vec![format!(
                        "已清除本组件在本机保存的全部数据（{removed} 项）。"
                    )],
                    ..Lib::default()
                };
                Some(Load::Fresh(AnswersFile::new()))
            }
            LibAct::Imported {
                id,
                at,
                file,
                answers,
                notices,
            } => {
                self.encrypted = None;
                let base = answers
                    .enterprise_name
                    .clone()
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| file.trim_end_matches(".json").to_owned());
                let name = self.index.fresh_name(&base);
                self.index.upsert(&id, &name, &at);
                self.id = id;
                self.notices.extend(notices);
                self.notices
                    .push(format!("已导入“{name}”，原有的评估未改动。"));
                Some(Load::Fresh(answers))
            }
            LibAct::ImportFailed { file, error } => {
                self.notices
                    .push(format!("导入“{file}”失败：{error} 本机已有的评估未改动。"));
                None
            }
            LibAct::Encrypted { text, file } => {
                self.notices.push(format!(
                    "“{file}”是加密答卷，请在下面输入口令后点“解密导入”。"
                ));
                self.encrypted = Some((text, file));
                None
            }
            LibAct::Passphrase(p) => {
                self.passphrase = p;
                None
            }
            LibAct::Notice(n) => {
                self.notice(n);
                None
            }
            LibAct::Dismiss(i) => {
                if i < self.notices.len() {
                    self.notices.remove(i);
                }
                None
            }
            LibAct::Merged {
                answers,
                conflict,
                notices,
            } => {
                self.notices.extend(notices);
                if conflict.is_some() {
                    self.conflict = conflict;
                }
                answers.map(Load::KeepView)
            }
            LibAct::TakeTheirs(answers) => {
                self.conflict = None;
                Some(Load::KeepView(answers))
            }
            LibAct::KeptMine => {
                self.conflict = None;
                None
            }
        }
    }

    /// A notice, once.
    fn notice(&mut self, n: String) {
        if !self.notices.contains(&n) {
            self.notices.push(n);
        }
    }
}
