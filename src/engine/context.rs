//! What the engine reads: the pack, the facts (every answer parsed once;
//! errors and 不清楚 both read as unknown), the assessment date, the
//! application type and the settings. Never the answers' text.

use super::gap::Gap;
use super::metrics::MetricValue;
use super::settings::Settings;
use crate::date::Date;
use crate::facts::{Answer, Facts};
use crate::num::Dec;
use crate::rules::{Application, IdMap, Pack};
use std::borrow::Cow;
use std::sync::Arc;

pub struct Ctx<'a> {
    pub pack: &'a Pack,
    pub facts: &'a Facts,
    pub date: Date,
    pub application: Application,
    pub settings: Settings,
    /// What one assessment computes once and reads many times.
    pub cache: std::cell::RefCell<Cache>,
}

/// Metrics and gaps already computed: the same ratio appears in many
/// criteria, the same comparison in a score band and in its upgrade.
pub struct Cache {
    /// By [`Ctx::metric_key`]: a derived metric's index in the pack, then
    /// the answer slots. Empty until the first metric is asked for.
    pub(super) metrics: Vec<Option<Arc<MetricValue>>>,
    /// By metric key, threshold, lower bound, inclusive.
    pub(super) gaps: IdMap<(usize, Dec, bool, bool), Option<Arc<Gap>>>,
}

impl Default for Cache {
    /// Sized for one assessment of the national pack (a few dozen unmet
    /// comparisons), so the gap map is allocated once, not grown.
    fn default() -> Cache {
        Cache {
            metrics: Vec::new(),
            gaps: IdMap::with_capacity_and_hasher(64, Default::default()),
        }
    }
}

impl<'a> Ctx<'a> {
    /// What one assessment of `facts` on `date` reads, with an empty cache.
    pub fn new(
        pack: &'a Pack,
        facts: &'a Facts,
        date: Date,
        application: Application,
        settings: Settings,
    ) -> Ctx<'a> {
        Ctx {
            pack,
            facts,
            date,
            application,
            settings,
            cache: Default::default(),
        }
    }

    pub fn label(&self, answer_id: &str) -> String {
        self.label_ref(answer_id).into_owned()
    }

    /// An answer id, shared with the pack when it asks it.
    pub fn id_arc(&self, answer_id: &str) -> Arc<str> {
        let slots = self.pack.slots();
        match slots.slot(answer_id) {
            Some(s) => slots.id_arc(s).clone(),
            None => answer_id.into(),
        }
    }

    /// [`Ctx::id_arc`] for an id whose slot is resolved (`Pack::cond_slot`).
    #[inline]
    pub fn id_arc_at(&self, slot: Option<usize>, answer_id: &str) -> Arc<str> {
        match slot {
            Some(s) => self.pack.slots().id_arc(s).clone(),
            None => answer_id.into(),
        }
    }

    /// [`Ctx::label_arc`] for an id whose slot is resolved (`Pack::cond_slot`).
    #[inline]
    pub fn label_arc_at(&self, slot: Option<usize>, answer_id: &str) -> Arc<str> {
        match slot {
            Some(s) => self.pack.slots().label(s).clone(),
            None => self.label(answer_id).into(),
        }
    }

    /// An answer's label with its year, shared with the pack.
    pub fn label_arc(&self, answer_id: &str) -> Arc<str> {
        let slots = self.pack.slots();
        match slots.slot(answer_id) {
            Some(s) => slots.label(s).clone(),
            None => self.label(answer_id).into(),
        }
    }

    /// An answer's label with its year (“营业收入（上年度）”), borrowed from
    /// the pack for the answers it asks.
    pub fn label_ref<'s>(&'s self, answer_id: &'s str) -> Cow<'s, str> {
        let slots = self.pack.slots();
        match slots.slot(answer_id) {
            Some(s) => Cow::Borrowed(&**slots.label(s)),
            None => Cow::Owned(
                self.pack
                    .input(answer_id)
                    .map(|d| d.label_of(answer_id))
                    .unwrap_or_else(|| answer_id.to_owned()),
            ),
        }
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
