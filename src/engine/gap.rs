//! How far an unmet threshold is, in the enterprise's own units: which
//! figure to change and by how much, rounded in the direction that keeps
//! the advice sufficient (money up to the next 0.01 万元, people and items up
//! to the next whole one), with the formula shown. Things only time fixes
//! give the earliest date instead.

use super::context::Ctx;
use super::metrics::MetricValue;
use super::quantity::{Quantity, Unit, display_threshold};
use crate::date::Date;
use crate::facts::Answer;
use crate::num::{Dec, Grouped};
use crate::rules::MetricKind;
use rust_decimal::RoundingStrategy;
use serde::Serialize;

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
    pub advice: String,
    /// “3% × 8,551 − 223 = 33.53”
    pub formula: String,
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

impl Ctx<'_> {
    /// The gap of an unmet comparison `metric (≥|≤) threshold`.
    pub fn gap(&self, metric: &MetricValue, t: Dec, lower: bool, inclusive: bool) -> Option<Gap> {
        let q = metric.value?;
        let name = metric.name.as_str();
        let label = |id: &str| self.label(id);
        let num = |id: &str| self.num(id).value().copied();
        // A strict bound needs one smallest unit more than the threshold.
        let beyond = |need: Dec, unit: Dec| if inclusive { need } else { need + unit };
        let money = |lever: String, need: Dec, advice: String, formula: String| {
            let amount = money_up(beyond(need, Dec::new(1, 2)));
            Some(Gap {
                kind: GapKind::Money,
                advice: advice.replace("{x}", &m(amount)),
                formula: format!("{formula} {}", equals(need)),
                lever: Some(lever),
                amount: Some(amount),
                earliest: None,
            })
        };
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
        let short = |i: usize| {
            def.and_then(|d| d.advice_names.get(i))
                .cloned()
                .unwrap_or_else(|| label(&op(i)))
        };
        // Where a platform value comes from, in the pack's words (its help).
        let platform = self.pack.input(name).and_then(|d| d.platform_source());
        match (kind, q) {
            // Shares whose numerator the firm can raise: a/b ≥ p ⇒ a + x ≥ p·b.
            (Some(MetricKind::Ratio), Quantity::Ratio { num: a, den: b })
                if lower && !part_of_whole =>
            {
                let (lever, base) = (op(0), op(1));
                let need = t * b - a;
                money(
                    lever.clone(),
                    need,
                    format!(
                        "{}至少增加 {{x}} 万元（按{} {} 万元计）",
                        label(&lever),
                        label(&base),
                        m(b)
                    ),
                    format!(
                        "{} × {} − {}",
                        display_threshold(t, Unit::Percent),
                        m(b),
                        m(a)
                    ),
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
                Some(Gap {
                    kind: GapKind::Money,
                    advice: format!(
                        "{}至少减少 {} 万元，或{}至少增加 {} 万元（{}不变）",
                        short(0),
                        m(cut),
                        short(1),
                        m(grow),
                        short(0)
                    ),
                    formula: format!(
                        "{} − {} × {} ；{} ÷ {} − {}",
                        m(l),
                        display_threshold(t, Unit::Percent),
                        m(a),
                        m(l),
                        display_threshold(t, Unit::Percent),
                        m(a)
                    ),
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
                Some(Gap {
                    kind: GapKind::Count,
                    advice: format!(
                        "{}至少增加 {} 人（新增人员同时计入{}）",
                        label(&lever),
                        m(x),
                        short(1)
                    ),
                    formula: format!(
                        "({} × {} − {}) ÷ (1 − {}) ≈ {}",
                        display_threshold(t, Unit::Percent),
                        m(e),
                        m(s),
                        display_threshold(t, Unit::Percent),
                        m(need.round_dp(2))
                    ),
                    lever: Some(lever),
                    amount: Some(x),
                    earliest: None,
                })
            }
            // Growth: raise the latest figure. (R1 − R2)/R2 ≥ g ⇒ R1 ≥ R2·(1+g).
            (Some(MetricKind::Growth), Quantity::Ratio { den: r2, .. }) if lower => {
                let lever = op(0);
                let r1 = num(&lever)?;
                money(
                    lever.clone(),
                    r2 * (Dec::ONE + t) - r1,
                    format!("{}至少增加 {{x}} 万元", label(&lever)),
                    format!(
                        "{} × (1 + {}) − {}",
                        m(r2),
                        display_threshold(t, Unit::Percent),
                        m(r1)
                    ),
                )
            }
            (Some(MetricKind::AverageGrowth), _) if lower => {
                let lever = op(0);
                let (r1, r2, r3) = (num(&op(0))?, num(&op(1))?, num(&op(2))?);
                let (need, formula) = if self.settings.average_growth_cagr {
                    (
                        r3 * (Dec::ONE + t) * (Dec::ONE + t) - r1,
                        format!(
                            "{} × (1 + {})² − {}",
                            m(r3),
                            display_threshold(t, Unit::Percent),
                            m(r1)
                        ),
                    )
                } else {
                    // [(R1−R2)/R2 + (R2−R3)/R3]/2 ≥ g ⇒ R1 ≥ R2·(1 + 2g − (R2−R3)/R3).
                    (
                        r2 * (Dec::ONE + Dec::TWO * t - (r2 - r3) / r3) - r1,
                        format!(
                            "{} × (1 + 2 × {} − ({} − {}) ÷ {}) − {}",
                            m(r2),
                            display_threshold(t, Unit::Percent),
                            m(r2),
                            m(r3),
                            m(r3),
                            m(r1)
                        ),
                    )
                };
                money(
                    lever.clone(),
                    need,
                    format!("{}至少增加 {{x}} 万元（前两年不变）", label(&lever)),
                    formula,
                )
            }
            (Some(MetricKind::Cagr), Quantity::Cagr { end, start }) if lower => {
                let lever = op(0);
                money(
                    lever.clone(),
                    start * (Dec::ONE + t) * (Dec::ONE + t) - end,
                    format!("{}至少增加 {{x}} 万元", label(&lever)),
                    format!(
                        "{} × (1 + {})² − {}",
                        m(start),
                        display_threshold(t, Unit::Percent),
                        m(end)
                    ),
                )
            }
            // Sums and means over years: say which quantity the figure is; the
            // latest year has to make up the rest. A mean of d years below t
            // needs the total to rise by t·d − total.
            (Some(MetricKind::Sum | MetricKind::Mean), Quantity::Ratio { num: total, den: d })
                if lower =>
            {
                let (advice, formula) = if d == Dec::ONE {
                    (
                        format!("{}还差 {{x}} 万元", metric.label),
                        format!("{} − {}", m(t), m(total)),
                    )
                } else {
                    let mean_gap = money_up(beyond(t * d - total, Dec::new(1, 2)) / d);
                    let years = if d == Dec::TWO {
                        "两年".to_owned()
                    } else {
                        format!("{} 年", m(d))
                    };
                    (
                        format!(
                            "{}须提高 {} 万元，即{years}合计须增加 {{x}} 万元",
                            metric.label,
                            m(mean_gap)
                        ),
                        format!("{} × {} − {}", m(t), m(d), m(total)),
                    )
                };
                money(op(0), t * d - total, advice, formula)
            }
            (Some(MetricKind::YearsSince), _) if lower => self.niche_gap(t, &op(0)),
            (None, Quantity::Ratio { num: v, .. }) if platform.is_some() => Some(Gap {
                kind: GapKind::Platform,
                // Under a strict reading (“以上” not counting 50) the advice
                // must say 超过, or following it would still fail.
                advice: format!(
                    "{}须{} {} 分（现为 {} 分）。{}",
                    metric.label,
                    if inclusive { "达到" } else { "超过" },
                    m(t),
                    m(v),
                    platform.as_deref().unwrap_or_default()
                ),
                formula: format!("{} − {}", m(t), m(v)),
                lever: Some(name.to_owned()),
                amount: Some(t - v),
                earliest: None,
            }),
            // A share reported directly (市场占有率, %).
            (_, Quantity::Ratio { num: v, den })
                if metric.unit == Unit::Percent && den == Dec::ONE_HUNDRED && lower =>
            {
                let pts = beyond(t * Dec::ONE_HUNDRED - v, Dec::new(1, 2))
                    .round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity);
                Some(Gap {
                    kind: GapKind::Points,
                    advice: format!("{}至少提高 {} 个百分点", metric.label, m(pts)),
                    formula: format!("{} − {}%", display_threshold(t, Unit::Percent), m(v)),
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
                Some(Gap {
                    kind: if count {
                        GapKind::Count
                    } else {
                        GapKind::Money
                    },
                    advice: format!("{}至少{verb} {} {unit}", metric.label, m(amount)),
                    formula: if lower {
                        format!("{} − {}", m(t), m(v))
                    } else {
                        format!("{} − {}", m(v), m(t))
                    },
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
        Some(Gap {
            kind: GapKind::Time,
            advice: format!(
                "{} 年末满 {} 年，{} 年起申报可满足",
                year - 1,
                m(years),
                year
            ),
            formula: format!(
                "自 {start} 起算，至 {earliest} 共 {} 个月（需 {months} 个月）",
                start.whole_months_until(&Date::new(year, 1, 1))
            ),
            lever: Some(input.to_owned()),
            amount: None,
            earliest: Some(Date::new(year, 1, 1)),
        })
    }
}
