//! How far an unmet threshold is, in the enterprise's own units: which
//! figure to change and by how much, rounded in the direction that keeps
//! the advice sufficient (money up to the next 0.01 万元, people and items up
//! to the next whole one), with the formula shown. Things only time fixes
//! give the earliest date instead.

use super::context::Ctx;
use super::metrics::MetricValue;
use super::quantity::{Quantity, Unit, display_threshold};
use super::words::Words;
use crate::date::Date;
use crate::facts::Answer;
use crate::num::{Dec, Grouped};
use crate::rules::MetricKind;
use rust_decimal::RoundingStrategy;
use serde::Serialize;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    /// 万元 to add or remove.
    Money,
    /// 人 or 项 to add.
    Count,
    /// Percentage points (a share the firm reports directly).
    Points,
    /// Only time closes it; see `earliest`.
    Time,
    /// A value only the 培育平台 gives.
    Platform,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gap {
    pub kind: GapKind,
    /// “上年研发费用至少增加 33.53 万元（按营业收入 8,551 万元）”
    pub advice: Words,
    /// “3% × 8,551 − 223 = 33.53”
    pub formula: Words,
    /// The answer to change (for what-if and for matching measures).
    pub lever: Option<String>,
    /// The change, in the lever's unit (万元, 人, 项, 个百分点).
    pub amount: Option<Dec>,
    /// For time gaps: the first date on which the threshold is met.
    pub earliest: Option<Date>,
}

/// Money advice is given to 0.01 万元 (100 元), rounded up so it suffices.
fn money_up(v: Dec) -> Dec {
    v.round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity)
        .max(Dec::new(1, 2))
}

/// Whole people or items, rounded up.
fn whole_up(v: Dec) -> Dec {
    v.ceil().max(Dec::ONE)
}

fn m(v: Dec) -> String {
    Grouped(v.normalize()).to_string()
}

/// “= 33.53” for a result shown exactly, “≈ 0.333…” rounded only when it is not.
pub(crate) fn equals(v: Dec) -> String {
    let n = v.normalize();
    if n.scale() <= 2 {
        format!("= {}", m(n))
    } else {
        format!("≈ {}", m(n.round_dp(2)))
    }
}

/// Words a gap writes when asked (see [`Words`]).
type Say = Box<dyn Fn() -> String + Send + Sync>;

/// A money gap: `need` 万元 rounded up to the advice's 0.01 (one 0.01 more
/// under a strict bound); `advice` says {x} where the amount goes. The
/// words are written when a view asks.
fn money_gap(
    lever: String,
    need: Dec,
    inclusive: bool,
    advice: impl Fn() -> String + Send + Sync + 'static,
    formula: impl Fn() -> String + Send + Sync + 'static,
) -> Option<Gap> {
    let beyond = if inclusive {
        need
    } else {
        need + Dec::new(1, 2)
    };
    let amount = money_up(beyond);
    Some(Gap {
        kind: GapKind::Money,
        advice: Words::later(move || advice().replace("{x}", &m(amount))),
        formula: Words::later(move || format!("{} {}", formula(), equals(need))),
        lever: Some(lever),
        amount: Some(amount),
        earliest: None,
    })
}

impl Ctx<'_> {
    /// The gap of an unmet comparison `metric (≥|≤) threshold`. Its figures
    /// are computed here; its words (`advice`, `formula`) when a view asks.
    pub fn gap(&self, metric: &MetricValue, t: Dec, lower: bool, inclusive: bool) -> Option<Gap> {
        let q = metric.value?;
        let name: &str = &metric.name;
        let label = |id: &str| self.label_arc(id);
        let num = |id: &str| self.num(id).value().copied();
        // A strict bound needs one smallest unit more than the threshold.
        let beyond = |need: Dec, unit: Dec| if inclusive { need } else { need + unit };
        // `advice` says {x} where the amount goes.
        let pct = |t: Dec| display_threshold(t, Unit::Percent);
        // What to change follows from the metric's kind (metrics.toml) and
        // the direction of the comparison: never from its name.
        let def = self.pack.metric_def(name);
        let kind = def.map(|d| d.kind);
        let part_of_whole = def.is_some_and(|d| d.part_of_whole);
        let op = |i: usize| {
            def.and_then(|d| d.operands.get(i))
                .cloned()
                .unwrap_or_default()
        };
        // The short names a ratio's advice uses (“负债”, “资产”), else the questions' labels.
        let short = |i: usize| -> Arc<str> {
            def.and_then(|d| d.advice_names.get(i))
                .map(|s| Arc::from(s.as_str()))
                .unwrap_or_else(|| label(&op(i)))
        };
        let metric_label: Arc<str> = metric.label.clone();
        // Where a platform value comes from, in the pack's words (its help).
        let platform = self.pack.input(name).and_then(|d| d.platform_source());
        match (kind, q) {
            // Shares whose numerator the firm can raise: a/b ≥ p ⇒ a + x ≥ p·b.
            (Some(MetricKind::Ratio), Quantity::Ratio { num: a, den: b })
                if lower && !part_of_whole =>
            {
                let (lever, base) = (op(0), op(1));
                let need = t * b - a;
                let (ll, lb) = (label(&lever), label(&base));
                money_gap(
                    lever,
                    need,
                    inclusive,
                    move || format!("{ll}至少增加 {{x}} 万元（按{lb} {} 万元计）", m(b)),
                    move || format!("{} × {} − {}", pct(t), m(b), m(a)),
                )
            }
            // A share with a ceiling (资产负债率 ≤ p): cut the numerator, or grow the denominator.
            (Some(MetricKind::Ratio), Quantity::Ratio { num: l, den: a }) if !lower => {
                let cut = money_up(beyond(l - t * a, Dec::new(1, 2)));
                let grow = if t > Dec::ZERO {
                    money_up(beyond(l / t - a, Dec::new(1, 2)))
                } else {
                    Dec::ZERO
                };
                let (s0, s1) = (short(0), short(1));
                Some(Gap {
                    kind: GapKind::Money,
                    advice: Words::later(move || {
                        format!(
                            "{s0}至少减少 {} 万元，或{s1}至少增加 {} 万元（{s0}不变）",
                            m(cut),
                            m(grow),
                        )
                    }),
                    formula: Words::later(move || {
                        format!(
                            "{} − {} × {} ；{} ÷ {} − {}",
                            m(l),
                            pct(t),
                            m(a),
                            m(l),
                            pct(t),
                            m(a)
                        )
                    }),
                    lever: Some(op(0)),
                    amount: Some(cut),
                    earliest: None,
                })
            }
            // Staff shares: hiring x more adds to both sides: (s+x)/(e+x) ≥ p.
            (Some(MetricKind::Ratio), Quantity::Ratio { num: s, den: e })
                if lower && part_of_whole && t < Dec::ONE =>
            {
                let lever = op(0);
                let need = (t * e - s) / (Dec::ONE - t);
                let x = whole_up(beyond(need, Dec::ONE));
                let (ll, s1) = (label(&lever), short(1));
                Some(Gap {
                    kind: GapKind::Count,
                    advice: Words::later(move || {
                        format!("{ll}至少增加 {} 人（新增人员同时计入{s1}）", m(x))
                    }),
                    formula: Words::later(move || {
                        format!(
                            "({} × {} − {}) ÷ (1 − {}) ≈ {}",
                            pct(t),
                            m(e),
                            m(s),
                            pct(t),
                            m(need.round_dp(2))
                        )
                    }),
                    lever: Some(lever),
                    amount: Some(x),
                    earliest: None,
                })
            }
            // Growth: raise the latest figure. (R1 − R2)/R2 ≥ g ⇒ R1 ≥ R2·(1+g).
            (Some(MetricKind::Growth), Quantity::Ratio { den: r2, .. }) if lower => {
                let lever = op(0);
                let r1 = num(&lever)?;
                let ll = label(&lever);
                money_gap(
                    lever,
                    r2 * (Dec::ONE + t) - r1,
                    inclusive,
                    move || format!("{ll}至少增加 {{x}} 万元"),
                    move || format!("{} × (1 + {}) − {}", m(r2), pct(t), m(r1)),
                )
            }
            (Some(MetricKind::AverageGrowth), _) if lower => {
                let lever = op(0);
                let (r1, r2, r3) = (num(&op(0))?, num(&op(1))?, num(&op(2))?);
                let ll = label(&lever);
                let (need, formula): (Dec, Say) = if self.settings.average_growth_cagr {
                    (
                        r3 * (Dec::ONE + t) * (Dec::ONE + t) - r1,
                        Box::new(move || format!("{} × (1 + {})² − {}", m(r3), pct(t), m(r1))),
                    )
                } else {
                    // [(R1−R2)/R2 + (R2−R3)/R3]/2 ≥ g ⇒ R1 ≥ R2·(1 + 2g − (R2−R3)/R3).
                    (
                        r2 * (Dec::ONE + Dec::TWO * t - (r2 - r3) / r3) - r1,
                        Box::new(move || {
                            format!(
                                "{} × (1 + 2 × {} − ({} − {}) ÷ {}) − {}",
                                m(r2),
                                pct(t),
                                m(r2),
                                m(r3),
                                m(r3),
                                m(r1)
                            )
                        }),
                    )
                };
                money_gap(
                    lever,
                    need,
                    inclusive,
                    move || format!("{ll}至少增加 {{x}} 万元（前两年不变）"),
                    formula,
                )
            }
            (Some(MetricKind::Cagr), Quantity::Cagr { end, start }) if lower => {
                let lever = op(0);
                let ll = label(&lever);
                money_gap(
                    lever,
                    start * (Dec::ONE + t) * (Dec::ONE + t) - end,
                    inclusive,
                    move || format!("{ll}至少增加 {{x}} 万元"),
                    move || format!("{} × (1 + {})² − {}", m(start), pct(t), m(end)),
                )
            }
            (Some(MetricKind::Sum | MetricKind::Mean), Quantity::Ratio { num: total, den: d })
                if lower =>
            {
                let ml = metric_label.clone();
                let (advice, formula): (Say, Say) = if d == Dec::ONE {
                    (
                        Box::new(move || format!("{ml}还差 {{x}} 万元")),
                        Box::new(move || format!("{} − {}", m(t), m(total))),
                    )
                } else {
                    let mean_gap = money_up(beyond(t * d - total, Dec::new(1, 2)) / d);
                    (
                        Box::new(move || {
                            let years = if d == Dec::TWO {
                                "两年".to_owned()
                            } else {
                                format!("{} 年", m(d))
                            };
                            format!(
                                "{ml}须提高 {} 万元，即{years}合计须增加 {{x}} 万元",
                                m(mean_gap)
                            )
                        }),
                        Box::new(move || format!("{} × {} − {}", m(t), m(d), m(total))),
                    )
                };
                money_gap(op(0), t * d - total, inclusive, advice, formula)
            }
            (Some(MetricKind::YearsSince), _) if lower => self.niche_gap(t, &op(0)),
            (None, Quantity::Ratio { num: v, .. }) if platform.is_some() => {
                let ml = metric_label;
                let source = platform.as_deref().unwrap_or_default().to_owned();
                Some(Gap {
                    kind: GapKind::Platform,
                    // Under a strict reading (“以上” not counting 50) the advice
                    // must say 超过, or following it would still fail.
                    advice: Words::later(move || {
                        format!(
                            "{ml}须{} {} 分（现为 {} 分）。{source}",
                            if inclusive { "达到" } else { "超过" },
                            m(t),
                            m(v),
                        )
                    }),
                    formula: Words::later(move || format!("{} − {}", m(t), m(v))),
                    lever: Some(name.to_owned()),
                    amount: Some(t - v),
                    earliest: None,
                })
            }
            // A share reported directly (市场占有率, %).
            (_, Quantity::Ratio { num: v, den })
                if metric.unit == Unit::Percent && den == Dec::ONE_HUNDRED && lower =>
            {
                let pts = beyond(t * Dec::ONE_HUNDRED - v, Dec::new(1, 2))
                    .round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity);
                let ml = metric_label;
                Some(Gap {
                    kind: GapKind::Points,
                    advice: Words::later(move || format!("{ml}至少提高 {} 个百分点", m(pts))),
                    formula: Words::later(move || format!("{} − {}%", pct(t), m(v))),
                    lever: Some(name.to_owned()),
                    amount: Some(pts),
                    earliest: None,
                })
            }
            // A reported amount or count.
            (_, Quantity::Ratio { num: v, den }) if den == Dec::ONE => {
                let count = matches!(metric.unit, Unit::Person | Unit::Item | Unit::Rank);
                let (diff, verb) = if lower {
                    (t - v, "增加")
                } else {
                    (
                        v - t,
                        if metric.unit == Unit::Rank {
                            "前进"
                        } else {
                            "减少"
                        },
                    )
                };
                let amount = if count {
                    whole_up(beyond(diff, Dec::ONE))
                } else {
                    money_up(beyond(diff, Dec::new(1, 2)))
                };
                let unit = match metric.unit {
                    Unit::Person => "人",
                    Unit::Item => "项",
                    Unit::Rank => "名",
                    _ => "万元",
                };
                let ml = metric_label;
                Some(Gap {
                    kind: if count {
                        GapKind::Count
                    } else {
                        GapKind::Money
                    },
                    advice: Words::later(move || format!("{ml}至少{verb} {} {unit}", m(amount))),
                    formula: Words::later(move || {
                        if lower {
                            format!("{} − {}", m(t), m(v))
                        } else {
                            format!("{} − {}", m(v), m(t))
                        }
                    }),
                    lever: Some(name.to_owned()),
                    amount: Some(amount),
                    earliest: None,
                })
            }
            _ => None,
        }
    }

    /// 细分市场年限: the first year-end by which the firm has been in its
    /// niche long enough, and from when it can apply.
    fn niche_gap(&self, years: Dec, input: &str) -> Option<Gap> {
        let Answer::Value(Some(start)) = self.date_answer(input) else {
            return None;
        };
        let months = years.checked_mul(Dec::from(12))?.ceil();
        let months = i64::try_from(months.mantissa() / 10_i128.pow(months.scale())).ok()?;
        // Counted to 31 December of the year before the assessment year; a
        // span beyond any calendar the dates allow has no earliest year.
        let mut year = self.date.year;
        while start.whole_months_until(&Date::new(year, 1, 1)) < months {
            if year > self.date.year + 200 {
                return None;
            }
            year += 1;
        }
        let earliest = Date::new(year - 1, 12, 31);
        let counted = start.whole_months_until(&Date::new(year, 1, 1));
        Some(Gap {
            kind: GapKind::Time,
            advice: Words::later(move || {
                format!(
                    "{} 年末满 {} 年，{} 年起申报可满足",
                    year - 1,
                    m(years),
                    year
                )
            }),
            formula: Words::later(move || {
                format!("自 {start} 起算，至 {earliest} 共 {counted} 个月（需 {months} 个月）")
            }),
            lever: Some(input.to_owned()),
            amount: None,
            earliest: Some(Date::new(year, 1, 1)),
        })
    }
}
