//! What the engine reads: the pack, the facts (every answer parsed once;
//! errors and 不清楚 both read as unknown), the assessment date, the
//! application type and the settings. Never the answers' text.

use super::settings::Settings;
use crate::date::Date;
use crate::facts::{Answer, Facts};
use crate::num::Dec;
use crate::rules::{Application, Pack};

pub struct Ctx<'a> {
    pub pack: &'a Pack,
    pub facts: &'a Facts,
    pub date: Date,
    pub application: Application,
    pub settings: Settings,
    /// Metrics already computed (the same ratio appears in many criteria),
    /// by [`Ctx::metric_key`]: a derived metric's index in the pack, then
    /// the answer slots. Empty until the first metric is asked for.
    pub cache: std::cell::RefCell<Vec<Option<std::sync::Arc<super::metrics::MetricValue>>>>,
}

impl Ctx<'_> {
    pub fn label(&self, answer_id: &str) -> String {
        self.pack
            .input(answer_id)
            .map(|d| d.label_of(answer_id))
            .unwrap_or_else(|| answer_id.to_owned())
    }

    pub fn num(&self, id: &str) -> Answer<Dec> {
        self.facts.num(id)
    }

    pub fn yesno(&self, id: &str) -> Answer<bool> {
        self.facts.yesno(id)
    }

    /// The chosen option's value.
    pub fn choice(&self, id: &str) -> Answer<&str> {
        self.facts.choice(id)
    }

    /// A date answer: `Value(None)` when the person typed 无.
    pub fn date_answer(&self, id: &str) -> Answer<Option<Date>> {
        self.facts.date(id)
    }
}
