//! The questionnaire's state and the messages that change it. Pure data, so
//! it is tested natively and serialises straight to the answers file
//! ([`AnswersFile`]): the form holds exactly what the person typed.

use crate::answers::{AnswersFile, UNKNOWN};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Form,
    Report,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Questionnaire {
    pub answers: AnswersFile,
    /// Text typed before the person ticked 不清楚, restored when they untick
    /// it: nothing typed is ever dropped.
    stash: BTreeMap<String, String>,
    pub view: View,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// The text of a field changed.
    Typed { id: String, text: String },
    /// The 不清楚 box of a field was ticked or cleared.
    Unknown { id: String, unknown: bool },
    EnterpriseName(String),
    ShowReport,
    BackToForm,
}

impl Default for Questionnaire {
    fn default() -> Self {
        Questionnaire { answers: AnswersFile::new(), stash: BTreeMap::new(), view: View::Form }
    }
}

impl Questionnaire {
    pub fn update(&mut self, msg: Msg) {
        match msg {
            Msg::Typed { id, text } => self.answers.set(&id, text),
            Msg::Unknown { id, unknown: true } => {
                let typed = self.answers.typed(&id).to_owned();
                if typed != UNKNOWN {
                    self.stash.insert(id.clone(), typed);
                }
                self.answers.set(&id, UNKNOWN);
            }
            Msg::Unknown { id, unknown: false } => {
                let restored = self.stash.remove(&id).unwrap_or_default();
                self.answers.set(&id, restored);
            }
            Msg::EnterpriseName(name) => self.answers.enterprise_name = Some(name),
            Msg::ShowReport => self.view = View::Report,
            Msg::BackToForm => self.view = View::Form,
        }
    }

    pub fn is_unknown(&self, id: &str) -> bool {
        self.answers.typed(id).trim() == UNKNOWN
    }

    /// What the text box shows: the typed text, or the stashed text while
    /// the field is marked 不清楚.
    pub fn shown_text(&self, id: &str) -> &str {
        if self.is_unknown(id) {
            self.stash.get(id).map(String::as_str).unwrap_or("")
        } else {
            self.answers.typed(id)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keeps_typed_text() {
        let mut q = Questionnaire::default();
        q.update(Msg::Typed { id: "employees".into(), text: "12a".into() });
        q.update(Msg::Unknown { id: "employees".into(), unknown: true });
        assert!(q.is_unknown("employees"));
        assert_eq!(q.shown_text("employees"), "12a");
        q.update(Msg::Unknown { id: "employees".into(), unknown: false });
        assert_eq!(q.answers.typed("employees"), "12a");
    }

    #[test]
    fn state_serialises_to_answers_file() {
        let mut q = Questionnaire::default();
        q.update(Msg::Typed { id: "industry".into(), text: "industrial".into() });
        q.update(Msg::Typed { id: "employees".into(), text: "999".into() });
        let back = AnswersFile::from_json(&q.answers.to_json()).unwrap();
        assert_eq!(back, q.answers);
    }
}
