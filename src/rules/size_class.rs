//! Data of 《中小企业划型标准规定》(300号) 第四条, one entry per industry.
//! See `rules/national/size_class.toml` for how the clause reads as data.

use super::{Grade, PackError, Threshold};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The three measures 300号 uses. Order = display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Employees,
    OperatingRevenue,
    TotalAssets,
}

impl Metric {
    pub const ALL: [Metric; 3] = [
        Metric::Employees,
        Metric::OperatingRevenue,
        Metric::TotalAssets,
    ];

    /// The question (in `inputs.toml`) that answers this metric.
    pub fn input_id(self) -> &'static str {
        match self {
            Metric::Employees => "employees",
            Metric::OperatingRevenue => "operating_revenue.y1",
            Metric::TotalAssets => "total_assets",
        }
    }

    /// The unit as the clause writes it after a number.
    pub fn unit(self) -> &'static str {
        match self {
            Metric::Employees => "人",
            Metric::OperatingRevenue | Metric::TotalAssets => "万元",
        }
    }
}

pub type Bounds = BTreeMap<Metric, Threshold>;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Industry {
    pub id: String,
    pub name: String,
    pub clause: String,
    /// The clause, word for word.
    pub text: String,
    /// “X以下”（不含 X）：any metric below its ceiling makes the firm an SME.
    pub sme_ceiling: Bounds,
    /// “X及以上，且……”: all floors met (inclusive) makes it 中型.
    pub medium_floor: Bounds,
    /// Same for 小型; an SME below it is 微型.
    pub small_floor: Bounds,
}

impl Industry {
    /// Metrics this industry's rule reads (the form asks only these).
    pub fn metrics(&self) -> Vec<Metric> {
        let mut m: Vec<Metric> = self
            .sme_ceiling
            .keys()
            .chain(self.medium_floor.keys())
            .chain(self.small_floor.keys())
            .copied()
            .collect();
        m.sort();
        m.dedup();
        m
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub id: String,
    pub title: String,
    pub document: String,
    pub effective_from: String,
    pub grade: Grade,
    pub source: Arc<str>,
    /// How the size class reads as a criterion of every tier that requires it.
    pub criterion: SizeCriterion,
}

/// The 300号 size class as a criterion of a tier: its title, clause, text and
/// the evidence an application asks for.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeCriterion {
    pub title: Arc<str>,
    pub clause: Arc<str>,
    pub text: Arc<str>,
    #[serde(default)]
    pub evidence: Arc<[String]>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeClassRules {
    pub meta: Meta,
    pub industries: Vec<Industry>,
}

impl SizeClassRules {
    /// Finds an industry by id (`industrial`) or by its name as the clause
    /// writes it (`工业`), so hand-made files and CSVs can use either.
    pub fn industry(&self, key: &str) -> Option<&Industry> {
        let key = key.trim();
        self.industries
            .iter()
            .find(|i| i.id == key || i.name == key)
    }

    /// Checks the data against itself and against the clause text, so a
    /// typo in a threshold cannot slip through silently.
    pub(super) fn validate(&self) -> Result<(), PackError> {
        let err = |ind: &Industry, what: String| {
            Err(PackError(format!(
                "size_class.toml 行业 {}（{}）：{what}",
                ind.id, ind.name
            )))
        };
        if self.industries.is_empty() {
            return Err(PackError("size_class.toml 没有任何行业。".into()));
        }
        for (i, ind) in self.industries.iter().enumerate() {
            if self.industries[..i].iter().any(|o| o.id == ind.id) {
                return err(ind, "id 重复".into());
            }
            if ind.sme_ceiling.is_empty() || ind.medium_floor.is_empty() {
                return err(ind, "sme_ceiling 与 medium_floor 不能为空".into());
            }
            if ind.medium_floor.keys().ne(ind.small_floor.keys()) {
                return err(ind, "medium_floor 与 small_floor 须列出同样的指标".into());
            }
            for (metric, small) in &ind.small_floor {
                let medium = ind.medium_floor[metric];
                if small.0 > medium.0 {
                    return err(
                        ind,
                        format!(
                            "{} 的小型下限 {} 高于中型下限 {}：请按条款原文改正",
                            metric.input_id(),
                            small.0,
                            medium.0
                        ),
                    );
                }
            }
            let all = [&ind.sme_ceiling, &ind.medium_floor, &ind.small_floor];
            for (metric, t) in all.iter().flat_map(|b| b.iter()) {
                let written = format!("{}{}", t.0.normalize(), metric.unit());
                if !ind.text.contains(&written) {
                    return err(
                        ind,
                        format!("门槛“{written}”在条款原文里找不到，请核对数值或原文"),
                    );
                }
            }
        }
        Ok(())
    }
}
