//! Derived metrics: the formulas behind the thresholds, each kept with a
//! formula text for display. Rule data names a metric; an answer id of a
//! numeric question (`operating_revenue.y1`) is a metric too.

use super::context::Ctx;
use super::quantity::{Quantity, Unit};
use crate::facts::Answer;
use crate::num::{Dec, Grouped};
use crate::rules::{InputKind, MetricKind, MetricUnit};
use serde::Serialize;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MetricValue {
    pub name: String,
    pub label: String,
    pub unit: Unit,
    /// None when an input is unknown or the formula is undefined.
    pub value: Option<Quantity>,
    /// The formula with the figures used, for the report.
    pub formula: String,
    /// Answer ids whose unknown value leaves this metric unknown.
    pub unknown_inputs: Vec<String>,
    /// When the value is unknown but bounded below: a sum of non-negative
    /// amounts is at least its known part (600 + 不清楚 + 0 ≥ 600 万元), so
    /// “500 万元以上” is decided all the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_least: Option<Quantity>,
}

// Which names are metrics is the pack's (`metrics.toml`, read by
// `rules::metric_names`); here each kind of formula is computed.
pub use crate::rules::is_metric as is_known;

struct Operand {
    id: String,
    label: String,
    value: Answer<Dec>,
}

impl Ctx<'_> {
    fn operand(&self, id: &str) -> Operand {
        Operand {
            id: id.to_owned(),
            label: self.label(id),
            value: self.num(id),
        }
    }

    /// Where a metric is kept in the cache: a derived metric by its index
    /// in the pack, an answer id after them by its slot.
    fn metric_key(&self, name: &str) -> Option<usize> {
        match self.pack.metric_index(name) {
            Some(i) => Some(i),
            None => self.facts.slot(name).map(|s| self.pack.metrics.len() + s),
        }
    }

    /// A metric by name, computed once per assessment (shared, not copied,
    /// by every leaf that shows it).
    pub fn metric(&self, name: &str) -> Arc<MetricValue> {
        let Some(key) = self.metric_key(name) else {
            return Arc::new(self.compute(name));
        };
        if let Some(Some(m)) = self.cache.borrow().get(key) {
            return m.clone();
        }
        let m = Arc::new(self.compute(name));
        let mut cache = self.cache.borrow_mut();
        if cache.len() <= key {
            cache.resize(self.pack.metrics.len() + self.pack.slots().len(), None);
        }
        if let Some(slot) = cache.get_mut(key) {
            *slot = Some(m.clone());
        }
        m
    }

    fn compute(&self, name: &str) -> MetricValue {
        let Some(def) = self.pack.metric_def(name) else {
            return self.direct(name);
        };
        let op = |i: usize| self.operand(def.operands.get(i).map(String::as_str).unwrap_or(""));
        let unit = unit_of(def.unit);
        let label = def.label.as_str();
        match def.kind {
            MetricKind::Ratio => ratio(name, label, unit, "", op(0), op(1)),
            MetricKind::Growth => growth(name, label, op(0), op(1)),
            MetricKind::Cagr => cagr(name, label, op(0), op(1)),
            MetricKind::AverageGrowth => self.average_growth(name, label, op(0), op(1), op(2)),
            MetricKind::Sum | MetricKind::Mean => {
                let ops: Vec<Operand> = (0..def.operands.len()).map(op).collect();
                let divisor = if def.kind == MetricKind::Mean {
                    Dec::from(ops.len() as u64)
                } else {
                    Dec::ONE
                };
                sum(name, label, divisor, ops)
            }
            MetricKind::Difference => difference(name, label, op(0), op(1)),
            MetricKind::YearsSince => self.years_since(
                name,
                label,
                def.operands.first().map(String::as_str).unwrap_or(""),
            ),
        }
    }

    /// A numeric answer used as it is; a percentage becomes a ratio.
    fn direct(&self, id: &str) -> MetricValue {
        let op = self.operand(id);
        let kind = self.pack.input(id).map(|d| d.kind);
        let unit = match kind {
            Some(InputKind::Percent) => Unit::Percent,
            Some(InputKind::Score) => Unit::Points,
            Some(InputKind::Count) => match self.pack.input(id).and_then(|d| d.unit.as_deref()) {
                Some("人") => Unit::Person,
                Some("名") => Unit::Rank,
                _ => Unit::Item,
            },
            _ => Unit::WanYuan,
        };
        let value = op.value.value().map(|v| match unit {
            Unit::Percent => Quantity::Ratio {
                num: *v,
                den: Dec::ONE_HUNDRED,
            },
            _ => Quantity::amount(*v),
        });
        let formula = match &value {
            Some(q) => format!("{}（填报）", q.display(unit)),
            None => "未知".to_owned(),
        };
        MetricValue {
            name: id.to_owned(),
            label: op.label.clone(),
            unit,
            value,
            formula,
            unknown_inputs: unknown(&[&op]),
            at_least: None,
        }
    }

    fn average_growth(
        &self,
        name: &str,
        label: &str,
        m1: Operand,
        m2: Operand,
        m3: Operand,
    ) -> MetricValue {
        if self.settings.average_growth_cagr {
            let mut v = cagr(name, label, m1, m3);
            v.formula = format!("{}（按设置：复合增长率）", v.formula);
            return v;
        }
        let missing = unknown(&[&m1, &m2, &m3]);
        let formula_head = format!(
            "[({a}−{b})÷{b} + ({b}−{c})÷{c}] ÷ 2",
            a = m1.label,
            b = m2.label,
            c = m3.label
        );
        let value = match (m1.value.value(), m2.value.value(), m3.value.value()) {
            (Some(a), Some(b), Some(c)) if *b > Dec::ZERO && *c > Dec::ZERO => {
                // (a−b)/b + (b−c)/c over 2, as one exact fraction.
                Some(Quantity::Ratio {
                    num: (*a - *b) * *c + (*b - *c) * *b,
                    den: Dec::TWO * *b * *c,
                })
            }
            _ => None,
        };
        let formula = match (&value, m1.value.value(), m2.value.value(), m3.value.value()) {
            (Some(q), Some(a), Some(b), Some(c)) => format!(
                "{formula_head}（算术平均，按设置） = [({}−{})÷{} + ({}−{})÷{}] ÷ 2 = {}",
                Grouped(*a),
                Grouped(*b),
                Grouped(*b),
                Grouped(*b),
                Grouped(*c),
                Grouped(*c),
                q.display(Unit::Percent)
            ),
            (None, _, Some(b), Some(c)) if *b <= Dec::ZERO || *c <= Dec::ZERO => {
                format!("{formula_head}：基数为 0，无法计算")
            }
            _ => format!("{formula_head}；缺少数据"),
        };
        MetricValue {
            name: name.to_owned(),
            label: label.to_owned(),
            unit: Unit::Percent,
            value,
            formula,
            unknown_inputs: missing,
            at_least: None,
        }
    }

    /// Whole months from a start date to the end of the prior year, in years.
    fn years_since(&self, name: &str, label: &str, id: &str) -> MetricValue {
        let end = self.date.start_of_year();
        let (value, formula) = match self.date_answer(id) {
            Answer::Value(Some(start)) => {
                let months = start.whole_months_until(&end);
                (
                    Some(Quantity::Ratio {
                        num: Dec::from(months),
                        den: Dec::from(12),
                    }),
                    format!(
                        "自 {start} 至 {} 年末：{} 年 {} 个月",
                        end.year - 1,
                        months / 12,
                        months % 12
                    ),
                )
            }
            Answer::Value(None) => (
                Some(Quantity::amount(Dec::ZERO)),
                "尚未从事（填“无”）".to_owned(),
            ),
            _ => (None, "开始时间未知".to_owned()),
        };
        let unknown_inputs = if value.is_none() {
            vec![id.to_owned()]
        } else {
            vec![]
        };
        MetricValue {
            name: name.to_owned(),
            label: label.to_owned(),
            unit: Unit::Years,
            value,
            formula,
            unknown_inputs,
            at_least: None,
        }
    }
}

/// The display unit of a derived metric.
fn unit_of(u: MetricUnit) -> Unit {
    match u {
        MetricUnit::Percent => Unit::Percent,
        MetricUnit::WanYuan => Unit::WanYuan,
        MetricUnit::Item => Unit::Item,
        MetricUnit::Years => Unit::Years,
    }
}

/// A metric from its parts; the inputs whose unknown value leaves it unknown
/// come from the operands.
fn metric_value(
    name: &str,
    label: impl Into<String>,
    unit: Unit,
    value: Option<Quantity>,
    formula: String,
    ops: &[&Operand],
) -> MetricValue {
    MetricValue {
        name: name.to_owned(),
        label: label.into(),
        unit,
        value,
        formula,
        unknown_inputs: unknown(ops),
        at_least: None,
    }
}

fn unknown(ops: &[&Operand]) -> Vec<String> {
    ops.iter()
        .filter(|o| o.value.value().is_none())
        .map(|o| o.id.clone())
        .collect()
}

fn ratio(name: &str, label: &str, unit: Unit, suffix: &str, a: Operand, b: Operand) -> MetricValue {
    let label = format!("{label}{suffix}");
    let head = format!("{} ÷ {}", a.label, b.label);
    let (value, formula) = match (a.value.value(), b.value.value()) {
        (Some(x), Some(y)) if *y > Dec::ZERO => {
            let q = Quantity::Ratio { num: *x, den: *y };
            (
                Some(q),
                format!(
                    "{head} = {} ÷ {} = {}",
                    Grouped(*x),
                    Grouped(*y),
                    q.display(unit)
                ),
            )
        }
        (_, Some(y)) if *y <= Dec::ZERO => (None, format!("{head}：{}为 0，无法计算", b.label)),
        _ => (None, format!("{head}；缺少数据")),
    };
    metric_value(name, label, unit, value, formula, &[&a, &b])
}

fn growth(name: &str, label: &str, now: Operand, before: Operand) -> MetricValue {
    let head = format!("({a} − {b}) ÷ {b}", a = now.label, b = before.label);
    let (value, formula) = match (now.value.value(), before.value.value()) {
        (Some(x), Some(y)) if *y > Dec::ZERO => {
            let q = Quantity::Ratio {
                num: *x - *y,
                den: *y,
            };
            (
                Some(q),
                format!(
                    "{head} = ({} − {}) ÷ {} = {}",
                    Grouped(*x),
                    Grouped(*y),
                    Grouped(*y),
                    q.display(Unit::Percent)
                ),
            )
        }
        (_, Some(_)) => (None, format!("{head}：基数为 0，无法计算")),
        _ => (None, format!("{head}；缺少数据")),
    };
    metric_value(
        name,
        label.to_owned(),
        Unit::Percent,
        value,
        formula,
        &[&now, &before],
    )
}

fn cagr(name: &str, label: &str, end: Operand, start: Operand) -> MetricValue {
    let head = format!("√({} ÷ {}) − 1", end.label, start.label);
    let (value, formula) = match (end.value.value(), start.value.value()) {
        (Some(e), Some(s)) if *s > Dec::ZERO => {
            let q = Quantity::Cagr { end: *e, start: *s };
            (
                Some(q),
                format!(
                    "{head} = √({} ÷ {}) − 1 = {}（判定时比较 {} ≥ {} ×(1+g)²，不开方）",
                    Grouped(*e),
                    Grouped(*s),
                    q.display(Unit::Percent),
                    end.label,
                    start.label
                ),
            )
        }
        (_, Some(_)) => (None, format!("{head}：基数为 0，无法计算")),
        _ => (None, format!("{head}；缺少数据")),
    };
    metric_value(
        name,
        label.to_owned(),
        Unit::Percent,
        value,
        formula,
        &[&end, &start],
    )
}

fn sum(name: &str, label: &str, divisor: Dec, ops: Vec<Operand>) -> MetricValue {
    let refs: Vec<&Operand> = ops.iter().collect();
    let missing = unknown(&refs);
    let labels: Vec<&str> = ops.iter().map(|o| o.label.as_str()).collect();
    let head = if divisor == Dec::ONE {
        labels.join(" + ")
    } else {
        format!("({}) ÷ {divisor}", labels.join(" + "))
    };
    let known: Dec = ops.iter().filter_map(|o| o.value.value()).copied().sum();
    let total = Quantity::Ratio {
        num: known,
        den: divisor,
    };
    // The operands are amounts that cannot be negative (money inputs refuse
    // a minus sign), so the unknown ones add at least 0.
    let (value, at_least) = if missing.is_empty() {
        (Some(total), None)
    } else if ops.iter().any(|o| o.value.value().is_some()) {
        (None, Some(total))
    } else {
        (None, None)
    };
    let figures: Vec<String> = ops
        .iter()
        .map(|o| match o.value.value() {
            Some(v) => Grouped(*v).to_string(),
            None => "不清楚".to_owned(),
        })
        .collect();
    let figures = if divisor == Dec::ONE {
        figures.join(" + ")
    } else {
        format!("({}) ÷ {divisor}", figures.join(" + "))
    };
    let formula = match (&value, &at_least) {
        (Some(q), _) => format!("{head} = {figures} = {}", q.display(Unit::WanYuan)),
        (None, Some(q)) => format!(
            "{head} = {figures} ≥ {}（不清楚的一项按 0 计的下限）",
            q.display(Unit::WanYuan)
        ),
        _ => format!("{head}；缺少数据"),
    };
    MetricValue {
        name: name.to_owned(),
        label: label.to_owned(),
        unit: Unit::WanYuan,
        value,
        formula,
        unknown_inputs: missing,
        at_least,
    }
}

fn difference(name: &str, label: &str, all: Operand, excluded: Operand) -> MetricValue {
    let head = format!("{} − {}", all.label, excluded.label);
    let value = match (all.value.value(), excluded.value.value()) {
        (Some(a), Some(e)) => Some(Quantity::amount((*a - *e).max(Dec::ZERO))),
        _ => None,
    };
    let formula = match (&value, all.value.value(), excluded.value.value()) {
        (Some(q), Some(a), Some(e)) => {
            format!(
                "{head} = {} − {} = {}",
                Grouped(*a),
                Grouped(*e),
                q.display(Unit::Item)
            )
        }
        _ => format!("{head}；缺少数据"),
    };
    metric_value(
        name,
        label.to_owned(),
        Unit::Item,
        value,
        formula,
        &[&all, &excluded],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Facts;
    use crate::rules::{Application, Pack};

    /// Every metric of the pack is computed by its kind, under its label.
    #[test]
    fn every_derived_name_has_a_formula() {
        let pack = Pack::national();
        let facts = Facts::default();
        let (settings, _) =
            super::super::settings::Settings::resolve(&pack, &Default::default()).unwrap();
        let ctx = Ctx {
            pack: &pack,
            facts: &facts,
            date: crate::date::Date::new(2026, 11, 22),
            application: Application::New,
            settings,
            cache: Default::default(),
        };
        for def in &pack.metrics {
            let m = ctx.metric(&def.id);
            assert_eq!(m.label, def.label);
            assert!(!m.formula.is_empty());
        }
    }
}
