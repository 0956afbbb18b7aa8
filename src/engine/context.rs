//! What the engine reads: the pack, the answers (parsed exactly, errors and
//! 不清楚 both read as unknown), the assessment date, the application type
//! and the settings.

use super::settings::Settings;
use crate::answers::{Answer, AnswersFile, UNKNOWN};
use crate::date::Date;
use crate::num::Dec;
use crate::rules::{Application, Pack};

/// Typed in a date field to say “not held / never” (尚未取得).
pub const NONE_WORD: &str = "无";

pub struct Ctx<'a> {
    pub pack: &'a Pack,
    pub answers: &'a AnswersFile,
    pub date: Date,
    pub application: Application,
    pub settings: Settings,
    /// Metrics already computed: the same ratio appears in many criteria.
    pub cache: std::cell::RefCell<std::collections::HashMap<String, super::metrics::MetricValue>>,
}

impl Ctx<'_> {
    pub fn label(&self, answer_id: &str) -> String {
        self.pack
            .input(answer_id)
            .map(|d| d.label_of(answer_id))
            .unwrap_or_else(|| answer_id.to_owned())
    }

    pub fn num(&self, id: &str) -> Answer<Dec> {
        self.answers
            .number(self.pack, id)
            .unwrap_or(Answer::Unknown)
    }

    pub fn yesno(&self, id: &str) -> Answer<bool> {
        self.answers.yesno(id).unwrap_or(Answer::Unknown)
    }

    /// The chosen option's value.
    pub fn choice(&self, id: &str) -> Answer<String> {
        self.answers
            .choice(self.pack, id)
            .unwrap_or(Answer::Unknown)
    }

    /// A date answer: `Value(None)` when the person typed 无.
    pub fn date_answer(&self, id: &str) -> Answer<Option<Date>> {
        let typed = self.answers.typed(id).trim();
        match typed {
            "" => Answer::Unanswered,
            UNKNOWN => Answer::Unknown,
            NONE_WORD => Answer::Value(None),
            t => Date::parse(t)
                .map(|d| Answer::Value(Some(d)))
                .unwrap_or(Answer::Unknown),
        }
    }
}
