//! 企业规模划型 (300号 第四条): 大型 / 中型 / 小型 / 微型, with the checks
//! that decided it. With unknown answers the result is the set of classes
//! still possible.

use super::Truth;
use crate::facts::{Answer, Facts, FieldError};
use crate::num::{Dec, Grouped};
use crate::rules::{Bounds, Grade, Industry, Metric, Pack};
use serde::Serialize;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeClass {
    Large,
    Medium,
    Small,
    Micro,
}

impl SizeClass {
    pub fn label(self) -> &'static str {
        match self {
            SizeClass::Large => "大型企业",
            SizeClass::Medium => "中型企业",
            SizeClass::Small => "小型企业",
            SizeClass::Micro => "微型企业",
        }
    }

    pub fn is_sme(self) -> bool {
        self != SizeClass::Large
    }
}

/// How a check compares: “X以下” is strictly below, “X及以上” includes X.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    Below,
    AtLeast,
}

/// One comparison of an answer with a threshold, kept for display.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    pub metric: Metric,
    /// The answer's label with its year (“营业收入（上年度）”), shared with
    /// the pack.
    pub label: Arc<str>,
    pub unit: &'static str,
    /// None when the answer is unknown or missing.
    pub value: Option<Dec>,
    pub comparison: Comparison,
    pub threshold: Dec,
    pub holds: Truth,
}

impl Check {
    /// e.g. “从业人员 999 人 < 1,000 人” or “营业收入 不清楚 ≥ 2,000 万元？”.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        self.write_to(&mut out);
        out
    }

    /// [`Check::describe`], appended to `out` (one buffer for a sentence).
    fn write_to(&self, out: &mut String) {
        use std::fmt::Write;
        let op = match self.comparison {
            Comparison::Below => "<",
            Comparison::AtLeast => "≥",
        };
        out.push_str(&self.label);
        out.push(' ');
        match self.value {
            Some(v) if self.unit.is_empty() => {
                let _ = write!(out, "{}", Grouped(v));
            }
            Some(v) => {
                let _ = write!(out, "{} {}", Grouped(v), self.unit);
            }
            None => out.push_str("未知"),
        }
        let _ = write!(out, " {op} {} {}", Grouped(self.threshold), self.unit);
        if self.value.is_none() {
            out.push('？');
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SizeVerdict {
    pub industry_id: String,
    pub industry_name: String,
    pub document: String,
    pub clause: String,
    pub clause_text: String,
    pub grade: Grade,
    /// Classes still possible, largest first; one element when determined.
    pub possible: Vec<SizeClass>,
    /// Is the firm an SME (中小微型)? Unknown while the ceiling checks are.
    pub is_sme: Truth,
    pub ceiling_checks: Vec<Check>,
    pub medium_checks: Vec<Check>,
    pub small_checks: Vec<Check>,
    /// Metrics this industry needs that have no usable answer.
    pub missing: Vec<Metric>,
}

impl SizeVerdict {
    pub fn determined(&self) -> Option<SizeClass> {
        match self.possible.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// The verdict in words: “中型企业” or “中型企业或小型企业（有未知项）”.
    pub fn headline(&self) -> String {
        match self.determined() {
            Some(c) => c.label().to_owned(),
            None => {
                let labels: Vec<&str> = self.possible.iter().map(|c| c.label()).collect();
                format!("无法确定：可能是{}", labels.join("、"))
            }
        }
    }

    /// Why, in one sentence built from the checks that decided.
    pub fn reason(&self) -> String {
        // Written into one buffer: the checks, joined, between fixed words.
        let mut out = String::with_capacity(256);
        let join = |out: &mut String, checks: &mut dyn Iterator<Item = &Check>, sep: &str| {
            for (i, c) in checks.enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                c.write_to(out);
            }
        };
        let ceiling = &self.ceiling_checks;
        match self.is_sme {
            Truth::Yes => {
                join(
                    &mut out,
                    &mut ceiling.iter().filter(|c| c.holds == Truth::Yes),
                    "，",
                );
                out.push_str("，属中小微型企业");
            }
            Truth::No => {
                join(&mut out, &mut ceiling.iter(), "且");
                out.push_str("，均达到上限，为大型企业");
            }
            Truth::Unknown => {
                join(&mut out, &mut ceiling.iter(), "或");
                out.push_str("，尚不能判断是否属中小微型企业");
            }
        }
        match self.determined() {
            Some(SizeClass::Medium) => {
                out.push('；');
                join(&mut out, &mut self.medium_checks.iter(), "且");
                out.push_str("，为中型企业");
            }
            Some(SizeClass::Small) => {
                out.push_str("；未同时达到中型下限，");
                join(&mut out, &mut self.small_checks.iter(), "且");
                out.push_str("，为小型企业");
            }
            Some(SizeClass::Micro) => {
                out.push('；');
                let failed = &mut self.small_checks.iter().filter(|c| c.holds == Truth::No);
                join(&mut out, failed, "，");
                out.push_str("，未达到小型下限，为微型企业");
            }
            Some(SizeClass::Large) => {}
            None if !self.missing.is_empty() => out.push_str("；缺少的数据补齐后即可确定"),
            None => {}
        }
        out.push('。');
        out
    }
}

/// The size assessment of a set of answers: the verdict when the industry is
/// known, and every field problem. A field with an error counts as unknown,
/// so the verdict stays as informative as it can while the person corrects it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SizeAssessment {
    /// Shared: the size gate's words (written when a view asks) keep it.
    pub verdict: Option<Arc<SizeVerdict>>,
    pub errors: Vec<FieldError>,
}

pub fn assess(pack: &Pack, facts: &Facts) -> SizeAssessment {
    let errors = facts.errors.clone();
    let verdict = match facts.choice("industry") {
        Answer::Value(id) => pack.size_class.industry(id),
        _ => None,
    }
    .map(|industry| Arc::new(classify(pack, industry, |m| facts.num(m.input_id()))));
    SizeAssessment { verdict, errors }
}

/// Is the firm an SME (中小微型)? [`assess`]'s `verdict.is_sme` (Unknown
/// when the industry is), without the checks, labels and texts: for the
/// plan walk's years, which read the size gate's truth alone.
pub fn is_sme(pack: &Pack, facts: &Facts) -> Truth {
    let Answer::Value(id) = facts.choice("industry") else {
        return Truth::Unknown;
    };
    let Some(industry) = pack.size_class.industry(id) else {
        return Truth::Unknown;
    };
    Truth::any(industry.sme_ceiling.iter().map(|(m, t)| {
        match facts.num(m.input_id()).value().copied() {
            None => Truth::Unknown,
            Some(v) => Truth::from_bool(v < t.0),
        }
    }))
}

/// Classifies a firm. `answer` gives the (parsed) answer for each metric.
pub fn classify(
    pack: &Pack,
    industry: &Industry,
    answer: impl Fn(Metric) -> Answer<Dec>,
) -> SizeVerdict {
    let rules = &pack.size_class;
    let check = |metric: Metric, threshold: Dec, comparison: Comparison| {
        let value = answer(metric).value().copied();
        let holds = match value {
            None => Truth::Unknown,
            Some(v) => Truth::from_bool(match comparison {
                Comparison::Below => v < threshold,
                Comparison::AtLeast => v >= threshold,
            }),
        };
        let id = metric.input_id();
        let slots = pack.slots();
        Check {
            metric,
            // With its year (“营业收入（上年度）”), which the report names.
            label: match slots.slot(id) {
                Some(s) => Arc::clone(slots.label(s)),
                None => pack
                    .input(id)
                    .map(|d| d.label_of(id))
                    .unwrap_or_default()
                    .into(),
            },
            unit: metric.unit(),
            value,
            comparison,
            threshold,
            holds,
        }
    };
    let checks = |bounds: &Bounds, c: Comparison| -> Vec<Check> {
        bounds.iter().map(|(m, t)| check(*m, t.0, c)).collect()
    };
    let ceiling_checks = checks(&industry.sme_ceiling, Comparison::Below);
    let medium_checks = checks(&industry.medium_floor, Comparison::AtLeast);
    let small_checks = checks(&industry.small_floor, Comparison::AtLeast);

    let sme = Truth::any(ceiling_checks.iter().map(|c| c.holds));
    let medium = Truth::all(medium_checks.iter().map(|c| c.holds));
    let small = Truth::all(small_checks.iter().map(|c| c.holds));
    let candidates = [
        (SizeClass::Large, sme.not()),
        (SizeClass::Medium, Truth::all([sme, medium])),
        (SizeClass::Small, Truth::all([sme, medium.not(), small])),
        (
            SizeClass::Micro,
            Truth::all([sme, medium.not(), small.not()]),
        ),
    ];
    let possible = candidates
        .iter()
        .filter(|(_, t)| *t != Truth::No)
        .map(|(c, _)| *c)
        .collect();
    let missing = industry
        .metrics()
        .into_iter()
        .filter(|m| answer(*m).value().is_none())
        .collect();

    SizeVerdict {
        industry_id: industry.id.clone(),
        industry_name: industry.name.clone(),
        document: rules.meta.document.clone(),
        clause: industry.clause.clone(),
        clause_text: industry.text.clone(),
        grade: rules.meta.grade,
        possible,
        is_sme: sme,
        ceiling_checks,
        medium_checks,
        small_checks,
        missing,
    }
}
