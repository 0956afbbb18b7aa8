//! Derived metrics as data (`metrics.toml`): each metric the rules may name
//! besides the numeric answers, defined once with its label, unit, kind of
//! formula and operands. The engine computes them by kind
//! (`engine::metrics`), the gap model picks the lever by kind and direction
//! (`engine::gap`), the pack check and the review document read the same
//! definitions.

use super::{InputKind, Pack, PackError};
use serde::Deserialize;
use std::sync::Arc;

/// The formula of a derived metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    /// operands [numerator, denominator]: a share, compared by cross-multiplying.
    Ratio,
    /// [now, before]: (now − before) ÷ before.
    Growth,
    /// [end, start]: two-year compound growth, compared as end ≥ start·(1+g)².
    Cagr,
    /// [y1, y2, y3]: the `average_growth` setting picks arithmetic mean or CAGR.
    AverageGrowth,
    /// Amounts added; with one 不清楚, the known part is a lower bound.
    Sum,
    /// Amounts averaged (sum ÷ count); same lower bound.
    Mean,
    /// [all, excluded]: all − excluded, at least 0.
    Difference,
    /// [start date]: whole months to the end of the prior year ÷ 12.
    YearsSince,
}

impl MetricKind {
    /// How many operands the kind takes (None: one or more).
    fn arity(self) -> Option<usize> {
        match self {
            MetricKind::Ratio | MetricKind::Growth | MetricKind::Cagr | MetricKind::Difference => {
                Some(2)
            }
            MetricKind::AverageGrowth => Some(3),
            MetricKind::YearsSince => Some(1),
            MetricKind::Sum | MetricKind::Mean => None,
        }
    }
}

/// The unit a derived metric is shown in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricUnit {
    Percent,
    WanYuan,
    Item,
    Years,
}

/// One derived metric.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricDef {
    /// The name rules use (`rd_ratio.y1`).
    pub id: Arc<str>,
    /// As shown in reports, with its period: “研发费用占营业收入比重（上年度）”.
    pub label: Arc<str>,
    pub kind: MetricKind,
    pub unit: MetricUnit,
    /// Answer ids, in the order the kind reads them.
    pub operands: Vec<String>,
    /// Their answer slots in the pack (`Pack::slots`), resolved at load;
    /// empty for a definition not loaded with a pack (read by id then).
    #[serde(skip)]
    pub operand_slots: Vec<Option<usize>>,
    /// For a ratio: the numerator is part of the denominator (科技人员 of
    /// 职工总数), so adding to it adds to both.
    #[serde(default)]
    pub part_of_whole: bool,
    /// Short names of the operands for gap advice (“负债”, “资产”); the
    /// questions' labels when absent.
    #[serde(default)]
    pub advice_names: Vec<String>,
    /// For a difference: the id of a setting (settings.toml) whose value
    /// `apply` makes the subtraction; any other value reads the first
    /// operand alone, under `label_off`. A reading only some sources give
    /// (转让未满 1 年的不计) is then a printed choice, not a silent one.
    #[serde(default)]
    pub setting: Option<String>,
    #[serde(default)]
    pub label_off: Option<Arc<str>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MetricsFile {
    pub metrics: Vec<MetricDef>,
}

impl Pack {
    /// A derived metric's definition by name.
    pub fn metric_def(&self, name: &str) -> Option<&MetricDef> {
        self.metric_index(name).and_then(|i| self.metrics.get(i))
    }
}

/// Whether `name` can be evaluated: a derived metric of the pack, or the
/// answer id of a numeric question (`operating_revenue.y1`).
pub fn is_metric(pack: &Pack, name: &str) -> bool {
    pack.metric_def(name).is_some()
        || pack.input(name).is_some_and(|d| {
            d.kind.number_kind().is_some() && d.answer_ids().iter().any(|id| id == name)
        })
}

/// Each metric's operands exist and have the kind its formula reads.
pub(super) fn validate(pack: &Pack) -> Result<(), PackError> {
    for (i, m) in pack.metrics.iter().enumerate() {
        let err = |what: String| Err(PackError(format!("metrics.toml 指标“{}”：{what}", m.id)));
        if pack.metrics[..i].iter().any(|o| o.id == m.id) {
            return err("重复定义".into());
        }
        if pack.input(&m.id).is_some() {
            return err("与问题的答案 id 同名：请换一个名称".into());
        }
        match m.kind.arity() {
            Some(n) if m.operands.len() != n => {
                return err(format!(
                    "这种算法要 {n} 个 operands，现在是 {} 个",
                    m.operands.len()
                ));
            }
            None if m.operands.is_empty() => return err("operands 不能为空".into()),
            _ => {}
        }
        for op in &m.operands {
            let ok = match (m.kind, pack.input(op)) {
                (MetricKind::YearsSince, Some(d)) => d.kind == InputKind::Date,
                (_, Some(d)) => {
                    d.kind.number_kind().is_some() && d.answer_ids().iter().any(|id| id == op)
                }
                _ => false,
            };
            if !ok {
                return err(format!(
                    "operands 里的“{op}”不是{}问题的答案 id：请核对 inputs.toml",
                    if m.kind == MetricKind::YearsSince {
                        "日期"
                    } else {
                        "数值"
                    }
                ));
            }
        }
        if m.part_of_whole && m.kind != MetricKind::Ratio {
            return err("part_of_whole 只用于 kind = \"ratio\"".into());
        }
    }
    Ok(())
}
