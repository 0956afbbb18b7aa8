//! A leaf of an evaluated condition: one comparison or fact, kept as data
//! (metric, threshold, bound, wording) so that the report can show why and
//! the gap model can say how far; its words are written on demand.

use super::Truth;
use super::evaluate::Mode;
use super::gap::Gap;
use super::ids::Ids;
use super::metrics::MetricValue;
use super::quantity::display_threshold;
use super::words::Words;
use crate::num::Dec;
use crate::rules::{Tier, Word};
use serde::Serialize;
use std::borrow::Cow;
use std::sync::Arc;

/// One comparison or fact, as shown in the report. Its words
/// ([`Leaf::text`]) are written when a view asks for them, from the data
/// kept here: evaluation builds no display text for a comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Leaf {
    /// What the leaf says, as data (see [`Leaf::text`]).
    pub(super) said: Said,
    pub truth: Truth,
    /// The metric, when the leaf compares one.
    pub metric: Option<Arc<MetricValue>>,
    /// The threshold and whether it bounds from below.
    pub threshold: Option<Dec>,
    pub lower_bound: bool,
    pub inclusive: bool,
    /// Answer ids whose unknown value leaves this leaf unknown.
    pub unknown_inputs: Ids,
    /// For an unmet comparison: how far, in the enterprise's own units.
    /// Shared: one gap per comparison and assessment (`Ctx::gap_once`),
    /// so a leaf's copy costs a reference count.
    pub gap: Option<Arc<Gap>>,
    /// A title this leaf requires (a tier's flag): only the tier below
    /// closes it, so the ladder plans it by year, not by effort.
    pub title: Option<Tier>,
}

/// What a leaf says, kept as data until a view asks for the words.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Said {
    /// Words already written (a choice, the size class).
    Text(String),
    /// Words written on demand (a title, a verdict, a window).
    Words(Words),
    /// A 是/否 answer against what the rule asks: “{label}：{shown}（要求：是）”.
    Answer {
        label: Arc<str>,
        shown: &'static str,
        want: bool,
    },
    /// The leaf's comparison of its metric with its threshold, read as a
    /// clause (`word`) or as a scoring band (≥ / > / ≤ / <).
    Compare { mode: Mode, word: Word },
    /// A score indicator's metric: “{label}为 {value}”.
    Value,
    /// A score indicator's metric with its formula: “{label}：{formula}”.
    Formula,
}

impl Serialize for Leaf {
    /// As the struct reads, with `text` first (the words a view shows).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Leaf", 9)?;
        st.serialize_field("text", &self.text())?;
        st.serialize_field("truth", &self.truth)?;
        if let Some(m) = &self.metric {
            st.serialize_field("metric", m)?;
        }
        if let Some(t) = &self.threshold {
            st.serialize_field("threshold", t)?;
        }
        st.serialize_field("lower_bound", &self.lower_bound)?;
        st.serialize_field("inclusive", &self.inclusive)?;
        st.serialize_field("unknown_inputs", &self.unknown_inputs)?;
        if let Some(g) = &self.gap {
            st.serialize_field("gap", g)?;
        }
        if let Some(t) = &self.title {
            st.serialize_field("title", t)?;
        }
        st.end()
    }
}

impl Leaf {
    /// The leaf in words: “研发费用占营业收入比重（上年度）为 2.61%，要求不低于 3%”.
    pub fn text(&self) -> Cow<'_, str> {
        let m = self.metric.as_deref();
        match (&self.said, m) {
            (Said::Text(t), _) => Cow::Borrowed(t),
            (Said::Words(w), _) => w.text(),
            (Said::Answer { label, shown, want }, _) => Cow::Owned(format!(
                "{label}：{shown}（要求：{}）",
                if *want { "是" } else { "否" }
            )),
            (Said::Compare { mode, word }, Some(m)) => {
                let shown = match (m.value, m.at_least, m.at_most) {
                    (Some(q), _, _) => q.display(m.unit),
                    (None, Some(b), Some(u)) => {
                        format!("{} 到 {} 之间", b.display(m.unit), u.display(m.unit))
                    }
                    (None, Some(b), None) => format!("至少 {}", b.display(m.unit)),
                    (None, None, Some(u)) => format!("至多 {}", u.display(m.unit)),
                    _ => "未知".into(),
                };
                let limit = display_threshold(self.threshold.unwrap_or_default(), m.unit);
                let requirement = match mode {
                    Mode::Band => format!(
                        " {}{limit}",
                        match (self.lower_bound, self.inclusive) {
                            (true, true) => "≥ ",
                            (true, false) => "> ",
                            (false, true) => "≤ ",
                            (false, false) => "< ",
                        }
                    ),
                    Mode::Clause => word.phrase(&limit),
                };
                Cow::Owned(format!("{}为 {shown}，要求{requirement}", m.label))
            }
            (Said::Value, Some(m)) => {
                let shown = m
                    .value
                    .map(|q| q.display(m.unit))
                    .unwrap_or_else(|| "未知".into());
                Cow::Owned(format!("{}为 {shown}", m.label))
            }
            (Said::Formula, Some(m)) => Cow::Owned(format!("{}：{}", m.label, m.formula)),
            (_, None) => Cow::Borrowed(""),
        }
    }

    /// Replaces the leaf's words (a view naming the years, say).
    pub fn set_text(&mut self, text: String) {
        self.said = Said::Text(text);
    }

    /// Whether two leaves say the same (without writing either out when
    /// both compare, or read, the same metric the same way).
    pub fn says_same(&self, other: &Leaf) -> bool {
        match (&self.said, &other.said) {
            (Said::Text(a), Said::Text(b)) => a == b,
            (Said::Text(_) | Said::Words(_) | Said::Answer { .. }, _)
            | (_, Said::Text(_) | Said::Words(_) | Said::Answer { .. }) => {
                self.text() == other.text()
            }
            (a, b) => {
                a == b
                    && self.threshold == other.threshold
                    && self.lower_bound == other.lower_bound
                    && self.inclusive == other.inclusive
                    && match (&self.metric, &other.metric) {
                        (Some(x), Some(y)) => {
                            Arc::ptr_eq(x, y)
                                || (x.label == y.label
                                    && x.unit == y.unit
                                    && x.value == y.value
                                    && x.at_least == y.at_least
                                    && x.at_most == y.at_most
                                    && x.formula == y.formula)
                        }
                        (None, None) => true,
                        _ => false,
                    }
            }
        }
    }

    /// A fact with no metric behind it (是/否, a choice, a title, a verdict).
    pub fn fact(text: String, truth: Truth, unknown_inputs: Ids) -> Leaf {
        Leaf::fact_words(Said::Text(text), truth, unknown_inputs)
    }

    /// Like [`Leaf::fact`], its words written when a view asks.
    pub fn fact_later(words: Words, truth: Truth, unknown_inputs: Ids) -> Leaf {
        Leaf::fact_words(Said::Words(words), truth, unknown_inputs)
    }

    /// A 是/否 answer (`shown`: 是, 否 or 未知) against the answer the rule
    /// asks for (`want`); its words written when a view asks.
    pub(super) fn answer(
        label: Arc<str>,
        shown: &'static str,
        want: bool,
        truth: Truth,
        unknown_inputs: Ids,
    ) -> Leaf {
        Leaf::fact_words(Said::Answer { label, shown, want }, truth, unknown_inputs)
    }

    fn fact_words(said: Said, truth: Truth, unknown_inputs: Ids) -> Leaf {
        Leaf {
            said,
            truth,
            metric: None,
            threshold: None,
            lower_bound: true,
            inclusive: true,
            unknown_inputs,
            gap: None,
            title: None,
        }
    }

    /// A metric's value read for display (a score indicator): known or
    /// not, said as “{label}为 {value}”.
    pub fn reading(metric: Arc<MetricValue>) -> Leaf {
        Leaf::read_as(Said::Value, metric)
    }

    /// Like [`Leaf::reading`], said with the formula: “{label}：{formula}”.
    pub fn reading_formula(metric: Arc<MetricValue>) -> Leaf {
        Leaf::read_as(Said::Formula, metric)
    }

    fn read_as(said: Said, metric: Arc<MetricValue>) -> Leaf {
        let truth = if metric.value.is_some() {
            Truth::Yes
        } else {
            Truth::Unknown
        };
        let unknown_inputs = metric.unknown_inputs.clone();
        Leaf {
            said,
            truth,
            metric: Some(metric),
            threshold: None,
            lower_bound: true,
            inclusive: true,
            unknown_inputs,
            gap: None,
            title: None,
        }
    }

    /// The formula worth showing beside the text: none for a value the
    /// enterprise reported as it is.
    pub fn shown_formula(&self) -> Option<Cow<'_, str>> {
        self.metric
            .as_ref()
            .map(|m| m.formula.text())
            .filter(|f| !f.ends_with("（填报）"))
    }

    /// The text with its formula, for plain-text reports.
    pub fn with_formula(&self) -> String {
        match self.shown_formula() {
            Some(f) => format!("{}（{f}）", self.text()),
            None => self.text().into_owned(),
        }
    }
}
