//! Conditions as the law states them: a typed tree read through a raw form,
//! so a condition that could never be evaluated is refused at load with a
//! zh-CN message saying what to write instead.
//!
//! Written in TOML as one of (one form per table):
//! `all = [...]` / `any = [...]` / `not = {...}`;
//! `metric` with `min` or `max` and the clause's `word`;
//! `answer` (是/否 question) with optional `is` (default true);
//! `choice` with a non-empty `one_of`; `score = "pass"`; `flag`;
//! `no_event` (a date question: when it last happened) with `rolling_years`
//! or `calendar_years` (the law's window, see [`Window`]).

use super::{AnswerSlots, Threshold, Word};
use serde::Deserialize;
use std::sync::Arc;

/// A condition of a criterion, a scoring band or an item.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawCond")]
pub enum Cond {
    /// “且”: every part holds.
    All(Vec<Cond>),
    /// “或”: some part holds.
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// A metric against a threshold.
    Compare(Comparison),
    /// A 是/否 question answered `is`.
    Answer {
        id: String,
        is: bool,
        /// `id`'s answer slot, resolved once (at the pack's check).
        slot: Resolved,
    },
    /// A choice question answered with one of these option values.
    Choice {
        id: String,
        one_of: Vec<String>,
        /// `id`'s answer slot, resolved once (at the pack's check).
        slot: Resolved,
    },
    /// The rule set's score passes (total and every floor).
    ScorePass,
    /// A derived fact (a title held and still valid).
    Flag(String),
    /// No event (accident, violation) within the law's window, read from a
    /// date question answering when it last happened (or 无).
    NoEvent {
        id: String,
        window: Window,
        /// `id`'s answer slot, resolved once (at the pack's check).
        slot: Resolved,
    },
}

/// How a law counts back from the assessment date when it excludes events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    /// “近三年”: the `n` years up to the assessment date, day for day.
    Rolling(u8),
    /// “填报上一年及当年”: the assessment year and the `n − 1` years before it,
    /// whole calendar years.
    Calendar(u8),
}

/// A metric against a threshold, with the clause's word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// A derived metric or a numeric answer id (`rd_ratio.y1`, `operating_revenue.y1`).
    pub metric: String,
    /// `min` (the value must reach the threshold) or `max`.
    pub lower: bool,
    /// In the metric's unit: 万元, 人, 项, 年, 分, or a ratio (`"3%"` = 0.03).
    pub threshold: Threshold,
    /// The clause's word; none for a scoring band's endpoint (the
    /// `band_endpoint` setting decides) or a plain 以上/以下.
    pub word: Option<Word>,
    /// How the clause writes the threshold when not as the number itself
    /// (`"2亿元"` for 20000 万元); checked against the clause text at load.
    pub written: Option<String>,
    /// `metric` compiled to its key in the pack (`Pack::metric_key`) once,
    /// at the pack's check: evaluations index, not hash.
    pub(crate) key: Resolved,
}

/// A name of a condition (a metric, an answer id) resolved once to its
/// index in a pack's tables: a metric key (`Pack::metric_key`) or an answer
/// slot (`AnswerSlots::slot`). Kept with the slot table it was resolved
/// by, so that the condition read with another pack (tests build facts and
/// conditions from several) is looked up by name there, not misread by an
/// index that is not that pack's. Not part of the rule: any two compare
/// equal, and it prints as `_`.
#[derive(Clone, Default)]
pub struct Resolved(std::sync::OnceLock<(Arc<AnswerSlots>, Option<usize>)>);

impl Resolved {
    /// The index for the pack whose slot table is `slots`: the one resolved
    /// (by `resolve`, on first use) when it was for this pack, else
    /// `resolve` again (another pack: by name, every time).
    #[inline]
    pub fn get(
        &self,
        slots: &Arc<AnswerSlots>,
        resolve: impl Fn() -> Option<usize>,
    ) -> Option<usize> {
        let (by, index) = self.0.get_or_init(|| (slots.clone(), resolve()));
        if Arc::ptr_eq(by, slots) {
            *index
        } else {
            resolve()
        }
    }
}

impl Resolved {
    /// What was resolved for the pack whose slot table is `slots`, without
    /// resolving: none when not yet resolved, or resolved for another pack.
    pub fn resolved_for(&self, slots: &Arc<AnswerSlots>) -> Option<Option<usize>> {
        let (by, index) = self.0.get()?;
        Arc::ptr_eq(by, slots).then_some(*index)
    }
}

impl PartialEq for Resolved {
    fn eq(&self, _: &Resolved) -> bool {
        true
    }
}

impl Eq for Resolved {}

impl std::fmt::Debug for Resolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("_")
    }
}

impl Comparison {
    /// The word as read: a bare `min`/`max` reads as 以上/以下.
    pub fn word_or_plain(&self) -> Word {
        self.word.unwrap_or(Word::plain(self.lower))
    }
}

/// The condition as written; every key optional, checked in `try_from`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCond {
    #[serde(default)]
    all: Option<Vec<Cond>>,
    #[serde(default)]
    any: Option<Vec<Cond>>,
    #[serde(default)]
    not: Option<Box<Cond>>,
    #[serde(default)]
    metric: Option<String>,
    #[serde(default)]
    min: Option<Threshold>,
    #[serde(default)]
    max: Option<Threshold>,
    #[serde(default)]
    word: Option<Word>,
    #[serde(default)]
    written: Option<String>,
    #[serde(default)]
    answer: Option<String>,
    #[serde(default)]
    is: Option<bool>,
    #[serde(default)]
    choice: Option<String>,
    #[serde(default)]
    one_of: Option<Vec<String>>,
    #[serde(default)]
    score: Option<String>,
    #[serde(default)]
    flag: Option<String>,
    #[serde(default)]
    no_event: Option<String>,
    #[serde(default)]
    rolling_years: Option<u8>,
    #[serde(default)]
    calendar_years: Option<u8>,
}

const FORMS: &str = "all / any / not / metric / answer / choice / score / flag / no_event";

impl TryFrom<RawCond> for Cond {
    type Error = String;

    fn try_from(r: RawCond) -> Result<Cond, String> {
        let forms = [
            r.all.is_some(),
            r.any.is_some(),
            r.not.is_some(),
            r.metric.is_some(),
            r.answer.is_some(),
            r.choice.is_some(),
            r.score.is_some(),
            r.flag.is_some(),
            r.no_event.is_some(),
        ];
        match forms.iter().filter(|f| **f).count() {
            0 => return Err(format!("条件是空的：请写 {FORMS} 之一")),
            1 => {}
            _ => {
                return Err(format!(
                    "一个条件里写了多种形式：每个表只能是 {FORMS} 之一，多个条件请放进 all = [...] 或 any = [...]"
                ));
            }
        }
        let stray = |keys: &[(&str, bool)]| -> Result<(), String> {
            match keys.iter().find(|(_, present)| *present) {
                Some((k, _)) => Err(format!("键“{k}”在这种条件里没有意义，请删去")),
                None => Ok(()),
            }
        };
        let comparison_keys = [
            ("min", r.min.is_some()),
            ("max", r.max.is_some()),
            ("word", r.word.is_some()),
            ("written", r.written.is_some()),
        ];
        if r.metric.is_none() {
            stray(&comparison_keys)?;
        }
        if r.answer.is_none() {
            stray(&[("is", r.is.is_some())])?;
        }
        if r.choice.is_none() {
            stray(&[("one_of", r.one_of.is_some())])?;
        }
        if r.no_event.is_none() {
            stray(&[
                ("rolling_years", r.rolling_years.is_some()),
                ("calendar_years", r.calendar_years.is_some()),
            ])?;
        }
        if let Some(items) = r.all {
            return nonempty("all", items).map(Cond::All);
        }
        if let Some(items) = r.any {
            return nonempty("any", items).map(Cond::Any);
        }
        if let Some(inner) = r.not {
            return Ok(Cond::Not(inner));
        }
        if let Some(metric) = r.metric {
            let (lower, threshold) = match (r.min, r.max) {
                (Some(t), None) => (true, t),
                (None, Some(t)) => (false, t),
                _ => {
                    return Err(format!(
                        "比较“{metric}”须且只须写 min（不低于某值）或 max（不超过某值）之一"
                    ));
                }
            };
            if let Some(w) = r.word {
                if w.is_lower() != lower {
                    return Err(format!(
                        "用语“{}”与 {} 方向不符：{}",
                        w.text(),
                        if lower { "min" } else { "max" },
                        if lower {
                            "min 配 以上/不低于/超过 等，或改用 max"
                        } else {
                            "max 配 以下/不超过/低于 等，或改用 min"
                        }
                    ));
                }
            }
            return Ok(Cond::Compare(Comparison {
                metric,
                lower,
                threshold,
                word: r.word,
                written: r.written,
                key: Default::default(),
            }));
        }
        if let Some(id) = r.answer {
            return Ok(Cond::Answer {
                id,
                is: r.is.unwrap_or(true),
                slot: Default::default(),
            });
        }
        if let Some(id) = r.choice {
            return match r.one_of {
                Some(v) if !v.is_empty() => Ok(Cond::Choice {
                    id,
                    one_of: v,
                    slot: Default::default(),
                }),
                _ => Err(format!(
                    "选择题条件“{id}”缺少 one_of 或为空，永远无法满足：请写 one_of = [\"选项值\", …]"
                )),
            };
        }
        if let Some(s) = r.score {
            return if s == "pass" {
                Ok(Cond::ScorePass)
            } else {
                Err(format!("score 只能写 \"pass\"（评分达标），现在是“{s}”"))
            };
        }
        if let Some(id) = r.no_event {
            let window = match (r.rolling_years, r.calendar_years) {
                (Some(n), None) if n > 0 => Window::Rolling(n),
                (None, Some(n)) if n > 0 => Window::Calendar(n),
                _ => {
                    return Err(format!(
                        "no_event“{id}”须且只须写 rolling_years（如“近三年”= 3）或 calendar_years（如“上一年及当年”= 2）之一，且大于 0"
                    ));
                }
            };
            return Ok(Cond::NoEvent {
                id,
                window,
                slot: Default::default(),
            });
        }
        match r.flag {
            Some(f) => Ok(Cond::Flag(f)),
            None => Err(format!("条件是空的：请写 {FORMS} 之一")),
        }
    }
}

fn nonempty(key: &str, items: Vec<Cond>) -> Result<Vec<Cond>, String> {
    if items.is_empty() {
        Err(format!("{key} = [] 是空的：请至少写一个条件，或删去这一项"))
    } else {
        Ok(items)
    }
}

impl Cond {
    /// Every comparison in this condition, depth first.
    pub fn comparisons(&self) -> Vec<&Comparison> {
        let mut out = Vec::new();
        self.walk(&mut |c| {
            if let Cond::Compare(x) = c {
                out.push(x);
            }
        });
        out
    }

    /// How many leaves (comparisons and facts) evaluating this condition
    /// shows: the capacity the engine reserves for them, so one
    /// allocation holds them all.
    pub fn leaf_count(&self) -> usize {
        match self {
            Cond::All(items) | Cond::Any(items) => items.iter().map(Cond::leaf_count).sum(),
            Cond::Not(inner) => inner.leaf_count(),
            _ => 1,
        }
    }

    /// Visits this condition and every condition inside it.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Cond)) {
        f(self);
        match self {
            Cond::All(items) | Cond::Any(items) => items.iter().for_each(|c| c.walk(f)),
            Cond::Not(inner) => inner.walk(f),
            _ => {}
        }
    }
}
