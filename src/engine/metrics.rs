//! Derived metrics: the formulas behind the thresholds, each kept with a
//! formula text for display. Rule data names a metric; an answer id of a
//! numeric question (`operating_revenue.y1`) is a metric too.

use super::context::Ctx;
use super::ids::Ids;
use super::quantity::{Quantity, Unit};
use crate::facts::Answer;
use crate::num::{Dec, Grouped};
use crate::rules::{Comparison, InputKind, MetricKind, MetricUnit};
use serde::Serialize;
use std::sync::Arc;

/// A metric's formula with the figures used (“研发费用 ÷ 营业收入 = 223 ÷
/// 8,551 = 2.61%”), written only when a view asks for it.
pub use super::words::Words as Formula;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MetricValue {
    /// The metric's name (`rd_ratio.y1`) or answer id; shared with the pack.
    pub name: Arc<str>,
    /// “研发费用占营业收入比重（上年度）”; shared with the pack.
    pub label: Arc<str>,
    pub unit: Unit,
    /// None when an input is unknown or the formula is undefined.
    pub value: Option<Quantity>,
    /// The formula with the figures used, for the report.
    pub formula: Formula,
    /// Answer ids whose unknown value leaves this metric unknown.
    pub unknown_inputs: Ids,
    /// When the value is unknown but bounded below: a sum of non-negative
    /// amounts is at least its known part (600 + 不清楚 + 0 ≥ 600 万元), so
    /// “500 万元以上” is decided all the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_least: Option<Quantity>,
    /// When the value is unknown but bounded above by answers the pack
    /// says it cannot exceed (`not_above`: 主营业务收入 ≤ 营业收入), so
    /// “4 亿元及以上” is decided when even the bound falls short.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_most: Option<Quantity>,
}

// Which names are metrics is the pack's (`metrics.toml`, read by
// `rules::metric_names`); here each kind of formula is computed.
pub use crate::rules::is_metric as is_known;

struct Operand<'a> {
    id: &'a str,
    /// The answer id, shared with the pack (none for an id it does not ask).
    shared: Option<&'a Arc<str>>,
    label: Arc<str>,
    value: Answer<Dec>,
    /// For an unknown value: the least of the answers it may not exceed
    /// (the pack's `not_above`, same year), when they are known.
    upper: Option<Dec>,
}

impl Ctx<'_> {
    /// An operand by answer id, its slot looked up (an id not resolved at load).
    fn operand<'s>(&'s self, id: &'s str) -> Operand<'s> {
        self.operand_at(id, self.pack.slots().slot(id))
    }

    /// An operand whose answer slot in the pack is resolved (none: an id
    /// the pack does not ask, read by id).
    fn operand_at<'s>(&'s self, id: &'s str, slot: Option<usize>) -> Operand<'s> {
        let slots = self.pack.slots();
        let mut op = match slot {
            Some(s) => Operand {
                id,
                shared: Some(slots.id_arc(s)),
                label: slots.label(s).clone(),
                value: self.facts.num_at(s),
                upper: None,
            },
            None => Operand {
                id,
                shared: None,
                label: self.label_arc(id),
                value: self.num(id),
                upper: None,
            },
        };
        if op.value.value().is_none() {
            op.upper = match slot {
                // The pack's `not_above`, resolved to slots at load.
                Some(s) => (slots.not_above(s).iter())
                    .filter_map(|o| self.facts.num_at(*o).value().copied())
                    .min(),
                None => self.upper_bound(id),
            };
        }
        op
    }

    /// The least known answer that answer `id` may not exceed by the
    /// pack's `not_above` (主营业务收入.y1 ≤ 营业收入.y1), if any.
    fn upper_bound(&self, id: &str) -> Option<Dec> {
        let (base, year) = match id.rsplit_once(".y") {
            Some((b, y)) if y.parse::<u8>().is_ok() => (b, Some(y)),
            _ => (id, None),
        };
        let def = self.pack.input(base)?;
        def.not_above
            .iter()
            .filter_map(|other| {
                let per_year = self.pack.input(other)?.years.is_some();
                let other_id = match (year, per_year) {
                    (Some(y), true) => format!("{other}.y{y}"),
                    (None, false) => other.clone(),
                    _ => return None,
                };
                self.num(&other_id).value().copied()
            })
            .min()
    }

    /// Where a metric is kept in the cache: a derived metric by its index
    /// in the pack, an answer id after them by its slot.
    pub(super) fn metric_key(&self, name: &str) -> Option<usize> {
        self.pack.metric_key(name)
    }

    /// A metric by name, computed once per assessment (shared, not copied,
    /// by every leaf that shows it).
    pub fn metric(&self, name: &str) -> Arc<MetricValue> {
        match self.metric_key(name) {
            Some(key) => self.metric_at(key, name),
            None => Arc::new(self.direct(name)),
        }
    }

    /// A comparison's metric, by the key resolved once for its pack
    /// (`Pack::compared_key`; a condition evaluated with another pack looks
    /// its metric up by name there). Returns the key too, for its gap.
    pub(super) fn compared(&self, c: &Comparison) -> (Option<usize>, Arc<MetricValue>) {
        match self.pack.compared_key(c) {
            Some(k) => (Some(k), self.metric_at(k, &c.metric)),
            None => (None, self.metric(&c.metric)),
        }
    }

    /// A scoring indicator's metric ("" when it names none), by the key
    /// resolved once for its pack (as [`Ctx::compared`]).
    pub(super) fn indicator_metric(&self, ind: &crate::rules::Indicator) -> Arc<MetricValue> {
        let name = ind.metric.as_deref().unwrap_or_default();
        let slots = self.pack.slots();
        match ind.metric_key.get(slots, || self.metric_key(name)) {
            Some(k) => self.metric_at(k, name),
            None => Arc::new(self.direct(name)),
        }
    }

    /// [`Ctx::metric`] with its key resolved (`Pack::metric_key`).
    fn metric_at(&self, key: usize, name: &str) -> Arc<MetricValue> {
        if let Some(Some(m)) = self.cache.borrow().metrics.get(key) {
            return m.clone();
        }
        let m = Arc::new(match self.pack.metrics.get(key) {
            Some(def) => self.derived(def),
            None => {
                // An answer's key is its slot after the derived metrics
                // (`Pack::metric_key`): the slot of `name`.
                let slot = key - self.pack.metrics.len();
                let slot = (slot < self.pack.slots().len()).then_some(slot);
                self.direct_at(name, slot)
            }
        });
        let cache = &mut self.cache.borrow_mut().metrics;
        if cache.len() <= key {
            cache.resize(self.pack.metrics.len() + self.pack.slots().len(), None);
        }
        if let Some(slot) = cache.get_mut(key) {
            *slot = Some(m.clone());
        }
        m
    }

    fn derived(&self, def: &crate::rules::MetricDef) -> MetricValue {
        let op = |i: usize| {
            let id = def.operands.get(i).map(String::as_str).unwrap_or("");
            match def.operand_slots.get(i) {
                Some(slot) => self.operand_at(id, *slot),
                None => self.operand(id),
            }
        };
        let unit = unit_of(def.unit);
        let (name, label) = (&def.id, &def.label);
        match def.kind {
            MetricKind::Ratio => ratio(name, label, unit, op(0), op(1)),
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
            MetricKind::Difference => match (&def.setting, &def.label_off) {
                // The subtraction is a reading the settings leave off.
                (Some(s), off) if !self.settings.applies(self.pack, s) => {
                    let label = off.as_ref().unwrap_or(label);
                    let all = op(0);
                    let value = all.value.value().copied().map(Quantity::amount);
                    let la = all.label.clone();
                    let formula = match value {
                        Some(q) => {
                            Formula::later(move || format!("{la} = {}", q.display(Unit::Item)))
                        }
                        None => Formula::later(move || format!("{la}；缺少数据")),
                    };
                    metric_value(name, label, Unit::Item, value, formula, &[&all])
                }
                _ => difference(name, label, op(0), op(1)),
            },
            MetricKind::YearsSince => self.years_since(
                name,
                label,
                def.operands.first().map(String::as_str).unwrap_or(""),
                match def.operand_slots.first() {
                    Some(slot) => *slot,
                    None => self
                        .pack
                        .slots()
                        .slot(def.operands.first().map_or("", |o| o)),
                },
            ),
        }
    }

    /// A numeric answer used as it is; a percentage becomes a ratio.
    fn direct(&self, id: &str) -> MetricValue {
        self.direct_at(id, self.pack.slots().slot(id))
    }

    /// [`Ctx::direct`] with the answer's slot resolved.
    fn direct_at(&self, id: &str, slot: Option<usize>) -> MetricValue {
        let op = self.operand_at(id, slot);
        let def = match slot {
            Some(s) => self.pack.inputs.get(self.pack.slots().input_of(s)),
            None => self.pack.input(id),
        };
        let unit = match def.map(|d| d.kind) {
            Some(InputKind::Percent) => Unit::Percent,
            Some(InputKind::Score) => Unit::Points,
            Some(InputKind::Count) => match def.and_then(|d| d.unit.as_deref()) {
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
        let formula = match value {
            Some(q) => Formula::later(move || format!("{}（填报）", q.display(unit))),
            None => "未知".into(),
        };
        MetricValue {
            name: op.shared.cloned().unwrap_or_else(|| id.into()),
            label: op.label.clone(),
            unit,
            value,
            formula,
            unknown_inputs: unknown(&[&op]),
            at_least: None,
            at_most: match unit {
                Unit::Percent => None,
                _ => op.upper.map(Quantity::amount),
            },
        }
    }

    fn average_growth(
        &self,
        name: &Arc<str>,
        label: &Arc<str>,
        m1: Operand,
        m2: Operand,
        m3: Operand,
    ) -> MetricValue {
        if self.settings.average_growth_cagr {
            let mut v = cagr(name, label, m1, m3);
            let inner = v.formula.clone();
            v.formula = Formula::later(move || format!("{}（按设置：复合增长率）", inner.text()));
            return v;
        }
        let missing = unknown(&[&m1, &m2, &m3]);
        let (l1, l2, l3) = (m1.label.clone(), m2.label.clone(), m3.label.clone());
        let head = move || {
            format!(
                "[({a}−{b})÷{b} + ({b}−{c})÷{c}] ÷ 2",
                a = l1,
                b = l2,
                c = l3
            )
        };
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
        let formula = match (value, m1.value.value(), m2.value.value(), m3.value.value()) {
            (Some(q), Some(&a), Some(&b), Some(&c)) => Formula::later(move || {
                format!(
                    "{}（算术平均，按设置） = [({}−{})÷{} + ({}−{})÷{}] ÷ 2 = {}",
                    head(),
                    Grouped(a),
                    Grouped(b),
                    Grouped(b),
                    Grouped(b),
                    Grouped(c),
                    Grouped(c),
                    q.display(Unit::Percent)
                )
            }),
            (None, _, Some(b), Some(c)) if *b <= Dec::ZERO || *c <= Dec::ZERO => {
                Formula::later(move || format!("{}：基数为 0，无法计算", head()))
            }
            _ => Formula::later(move || format!("{}；缺少数据", head())),
        };
        MetricValue {
            name: name.clone(),
            label: label.clone(),
            unit: Unit::Percent,
            value,
            formula,
            unknown_inputs: missing,
            at_least: None,
            at_most: None,
        }
    }

    /// Whole months from a start date to the end of the prior year, in
    /// years; `slot`: the start date's answer slot, resolved at load.
    fn years_since(
        &self,
        name: &Arc<str>,
        label: &Arc<str>,
        id: &str,
        slot: Option<usize>,
    ) -> MetricValue {
        let end = self.date.start_of_year();
        let start = match slot {
            Some(s) => self.facts.date_at(s),
            None => self.date_answer(id),
        };
        let (value, formula) = match start {
            Answer::Value(Some(start)) => {
                let months = start.whole_months_until(&end);
                (
                    Some(Quantity::Ratio {
                        num: Dec::from(months),
                        den: Dec::from(12),
                    }),
                    Formula::later(move || {
                        format!(
                            "自 {start} 至 {} 年末：{} 年 {} 个月",
                            end.year - 1,
                            months / 12,
                            months % 12
                        )
                    }),
                )
            }
            Answer::Value(None) => (
                Some(Quantity::amount(Dec::ZERO)),
                "尚未从事（填“无”）".into(),
            ),
            _ => (None, "开始时间未知".into()),
        };
        let unknown_inputs = if value.is_none() {
            Ids::one(self.id_arc_at(slot, id))
        } else {
            Ids::default()
        };
        MetricValue {
            name: name.clone(),
            label: label.clone(),
            unit: Unit::Years,
            value,
            formula,
            unknown_inputs,
            at_least: None,
            at_most: None,
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
    name: &Arc<str>,
    label: &Arc<str>,
    unit: Unit,
    value: Option<Quantity>,
    formula: Formula,
    ops: &[&Operand],
) -> MetricValue {
    MetricValue {
        name: name.clone(),
        label: label.clone(),
        unit,
        value,
        formula,
        unknown_inputs: unknown(ops),
        at_least: None,
        at_most: None,
    }
}

fn unknown(ops: &[&Operand]) -> Ids {
    let mut missing = ops.iter().filter(|o| o.value.value().is_none());
    match (missing.next(), missing.clone().next()) {
        (None, _) => Ids::default(),
        (Some(o), None) => Ids::one(o.shared_id()),
        (Some(o), Some(_)) => Ids::from_vec(
            std::iter::once(o)
                .chain(missing)
                .map(|o| o.shared_id())
                .collect(),
        ),
    }
}

impl Operand<'_> {
    /// The answer id, shared with the pack when it asks it.
    fn shared_id(&self) -> Arc<str> {
        self.shared.cloned().unwrap_or_else(|| self.id.into())
    }
}

fn ratio(name: &Arc<str>, label: &Arc<str>, unit: Unit, a: Operand, b: Operand) -> MetricValue {
    let (la, lb) = (a.label.clone(), b.label.clone());
    let head = move || format!("{la} ÷ {lb}");
    let (value, formula) = match (a.value.value().copied(), b.value.value().copied()) {
        (Some(x), Some(y)) if y > Dec::ZERO => {
            let q = Quantity::Ratio { num: x, den: y };
            (
                Some(q),
                Formula::later(move || {
                    format!(
                        "{} = {} ÷ {} = {}",
                        head(),
                        Grouped(x),
                        Grouped(y),
                        q.display(unit)
                    )
                }),
            )
        }
        (_, Some(y)) if y <= Dec::ZERO => {
            let lb = b.label.clone();
            (
                None,
                Formula::later(move || format!("{}：{lb}为 0，无法计算", head())),
            )
        }
        _ => (
            None,
            Formula::later(move || format!("{}；缺少数据", head())),
        ),
    };
    metric_value(name, label, unit, value, formula, &[&a, &b])
}

fn growth(name: &Arc<str>, label: &Arc<str>, now: Operand, before: Operand) -> MetricValue {
    let (la, lb) = (now.label.clone(), before.label.clone());
    let head = move || format!("({a} − {b}) ÷ {b}", a = la, b = lb);
    let (value, formula) = match (now.value.value().copied(), before.value.value().copied()) {
        (Some(x), Some(y)) if y > Dec::ZERO => {
            let q = Quantity::Ratio { num: x - y, den: y };
            (
                Some(q),
                Formula::later(move || {
                    format!(
                        "{} = ({} − {}) ÷ {} = {}",
                        head(),
                        Grouped(x),
                        Grouped(y),
                        Grouped(y),
                        q.display(Unit::Percent)
                    )
                }),
            )
        }
        (_, Some(_)) => (
            None,
            Formula::later(move || format!("{}：基数为 0，无法计算", head())),
        ),
        _ => (
            None,
            Formula::later(move || format!("{}；缺少数据", head())),
        ),
    };
    metric_value(name, label, Unit::Percent, value, formula, &[&now, &before])
}

fn cagr(name: &Arc<str>, label: &Arc<str>, end: Operand, start: Operand) -> MetricValue {
    let (le, ls) = (end.label.clone(), start.label.clone());
    let head = move || format!("√({le} ÷ {ls}) − 1");
    let (value, formula) = match (end.value.value().copied(), start.value.value().copied()) {
        (Some(e), Some(s)) if s > Dec::ZERO => {
            let q = Quantity::Cagr { end: e, start: s };
            let (le, ls) = (end.label.clone(), start.label.clone());
            (
                Some(q),
                Formula::later(move || {
                    format!(
                        "{} = √({} ÷ {}) − 1 = {}（判定时比较 {} ≥ {} ×(1+g)²，不开方）",
                        head(),
                        Grouped(e),
                        Grouped(s),
                        q.display(Unit::Percent),
                        le,
                        ls
                    )
                }),
            )
        }
        (_, Some(_)) => (
            None,
            Formula::later(move || format!("{}：基数为 0，无法计算", head())),
        ),
        _ => (
            None,
            Formula::later(move || format!("{}；缺少数据", head())),
        ),
    };
    metric_value(name, label, Unit::Percent, value, formula, &[&end, &start])
}

fn sum(name: &Arc<str>, label: &Arc<str>, divisor: Dec, ops: Vec<Operand>) -> MetricValue {
    let refs: Vec<&Operand> = ops.iter().collect();
    let missing = unknown(&refs);
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
    // Bounded above when every unknown amount is (主营业务收入 ≤ 营业收入).
    let at_most = if missing.is_empty() {
        None
    } else {
        ops.iter()
            .map(|o| o.value.value().copied().or(o.upper))
            .sum::<Option<Dec>>()
            .map(|num| Quantity::Ratio { num, den: divisor })
    };
    let parts: Vec<(Arc<str>, Option<Dec>)> = ops
        .iter()
        .map(|o| (o.label.clone(), o.value.value().copied()))
        .collect();
    let formula = Formula::later(move || {
        let labels: Vec<&str> = parts.iter().map(|(l, _)| l.as_ref()).collect();
        let head = if divisor == Dec::ONE {
            labels.join(" + ")
        } else {
            format!("({}) ÷ {divisor}", labels.join(" + "))
        };
        let figures: Vec<String> = parts
            .iter()
            .map(|(_, v)| match v {
                Some(v) => Grouped(*v).to_string(),
                None => "不清楚".to_owned(),
            })
            .collect();
        let figures = if divisor == Dec::ONE {
            figures.join(" + ")
        } else {
            format!("({}) ÷ {divisor}", figures.join(" + "))
        };
        let upper = |q: &Quantity| {
            format!(
                "，且 ≤ {}（不清楚的一项按它不能超过的数计的上限）",
                q.display(Unit::WanYuan)
            )
        };
        match (&value, &at_least, &at_most) {
            (Some(q), _, _) => format!("{head} = {figures} = {}", q.display(Unit::WanYuan)),
            (None, Some(q), u) => format!(
                "{head} = {figures} ≥ {}（不清楚的一项按 0 计的下限）{}",
                q.display(Unit::WanYuan),
                u.as_ref().map(upper).unwrap_or_default()
            ),
            (None, None, Some(u)) => format!(
                "{head} ≤ {}（不清楚的一项按它不能超过的数计的上限）",
                u.display(Unit::WanYuan)
            ),
            _ => format!("{head}；缺少数据"),
        }
    });
    MetricValue {
        name: name.clone(),
        label: label.clone(),
        unit: Unit::WanYuan,
        value,
        formula,
        unknown_inputs: missing,
        at_least,
        at_most,
    }
}

fn difference(name: &Arc<str>, label: &Arc<str>, all: Operand, excluded: Operand) -> MetricValue {
    let (la, le) = (all.label.clone(), excluded.label.clone());
    let head = move || format!("{la} − {le}");
    let value = match (all.value.value(), excluded.value.value()) {
        (Some(a), Some(e)) => Some(Quantity::amount((*a - *e).max(Dec::ZERO))),
        _ => None,
    };
    let formula = match (
        value,
        all.value.value().copied(),
        excluded.value.value().copied(),
    ) {
        (Some(q), Some(a), Some(e)) => Formula::later(move || {
            format!(
                "{} = {} − {} = {}",
                head(),
                Grouped(a),
                Grouped(e),
                q.display(Unit::Item)
            )
        }),
        _ => Formula::later(move || format!("{}；缺少数据", head())),
    };
    metric_value(name, label, Unit::Item, value, formula, &[&all, &excluded])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Facts;
    use crate::rules::{Application, Pack};

    /// A comparison's resolved metric key belongs to the pack it was
    /// resolved for: read with another pack (here: another load of the
    /// national pack, whose key is set wrong by hand), the metric is looked
    /// up by name.
    #[test]
    fn a_key_resolved_for_another_pack_is_not_used() {
        let pack = Pack::national();
        let date = crate::date::Date::new(2026, 11, 22);
        let facts =
            crate::facts::tests::from_pairs(&pack, &[("operating_revenue.y1", "8551")], date);
        let (settings, _) =
            super::super::settings::Settings::resolve(&pack, &Default::default()).unwrap();
        let ctx = Ctx::new(&pack, &facts, date, Application::New, settings);
        let cond = crate::rules::Comparison {
            metric: "operating_revenue.y1".into(),
            lower: true,
            threshold: crate::rules::Threshold(Dec::from(1000)),
            word: None,
            written: None,
            key: Default::default(),
        };
        // Key 0 is the pack's first derived metric, not this answer.
        let other = Pack::national();
        assert_eq!(cond.key.get(other.slots(), || Some(0)), Some(0));
        let (key, m) = ctx.compared(&cond);
        assert_eq!(key, pack.metric_key("operating_revenue.y1"));
        assert_eq!(&*m.name, "operating_revenue.y1");
        assert_eq!(m.value, Some(Quantity::amount(Dec::from(8551))));
    }

    /// The `not_above` bounds resolved to slots at load are those read by
    /// id: for every answer the pack asks, with every other numeric answer
    /// known (distinct figures) and this one unknown, the same bound.
    #[test]
    fn upper_bounds_by_slot_are_those_by_id() {
        let pack = Pack::national();
        let date = crate::date::Date::new(2026, 11, 22);
        let slots = pack.slots();
        let (settings, _) =
            super::super::settings::Settings::resolve(&pack, &Default::default()).unwrap();
        let mut bounded = 0;
        for slot in 0..slots.len() {
            let figures: Vec<(String, String)> = (0..slots.len())
                .filter(|o| *o != slot)
                .map(|o| (slots.id(o).to_owned(), (1000 + 7 * o).to_string()))
                .collect();
            let pairs: Vec<(&str, &str)> = figures
                .iter()
                .map(|(a, b)| (a.as_str(), b.as_str()))
                .collect();
            let facts = crate::facts::tests::from_pairs(&pack, &pairs, date);
            let ctx = Ctx::new(&pack, &facts, date, Application::New, settings.clone());
            let id = slots.id(slot);
            let by_slot = ctx.operand_at(id, Some(slot)).upper;
            assert_eq!(by_slot, ctx.upper_bound(id), "{id}");
            bounded += usize::from(by_slot.is_some());
        }
        assert!(bounded >= 3, "only {bounded} answers bounded");
    }

    /// A metric's operands resolved at load are the slots of its ids.
    #[test]
    fn operand_slots_are_those_of_the_ids() {
        let pack = Pack::national();
        for def in &pack.metrics {
            assert_eq!(def.operand_slots.len(), def.operands.len(), "{}", def.id);
            for (id, slot) in def.operands.iter().zip(&def.operand_slots) {
                assert_eq!(*slot, pack.slots().slot(id), "{}", def.id);
            }
        }
    }

    /// Every metric of the pack is computed by its kind, under its label.
    #[test]
    fn every_derived_name_has_a_formula() {
        let pack = Pack::national();
        let facts = Facts::default();
        let (settings, _) =
            super::super::settings::Settings::resolve(&pack, &Default::default()).unwrap();
        let date = crate::date::Date::new(2026, 11, 22);
        let ctx = Ctx::new(&pack, &facts, date, Application::New, settings);
        for def in &pack.metrics {
            let m = ctx.metric(&def.id);
            assert_eq!(m.label, def.label);
            assert!(!m.formula.text().is_empty());
        }
    }
}
