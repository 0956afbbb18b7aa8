//! A rule set: one official standard for one tier (e.g. 2号文附件1 专精特新
//! 中小企业认定标准), as data. Thresholds, clause text, source, grade and
//! effective period live here; the formulas of the derived metrics live in
//! `engine::metrics`. File format: docs/rules-format.md.

use super::{Cond, Grade, Threshold, Tier, Word};
use crate::date::Date;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// 新申请 or 复核.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Application {
    New,
    Renewal,
}

impl Application {
    pub fn label(self) -> &'static str {
        match self {
            Application::New => "新申请",
            Application::Renewal => "复核",
        }
    }
}

/// When and for which application a rule set governs, and why.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Applicability {
    pub application: Application,
    pub from: Date,
    #[serde(default)]
    pub until: Option<Date>,
    /// The text that says so (clause, notice).
    pub basis: String,
    pub grade: Grade,
    /// What the tier is called while this applies (“创新型中小企业” before
    /// 2号文 named it 科技和创新型); the tier's own name when absent.
    #[serde(default)]
    pub tier_name: Option<String>,
}

impl Applicability {
    pub fn covers(&self, date: Date, application: Application) -> bool {
        self.application == application && self.from <= date && self.until.is_none_or(|u| date <= u)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSetMeta {
    pub id: String,
    pub tier: Tier,
    /// For a tier reachable by several standards (创新型评价 / 科技型评价).
    pub path: String,
    pub title: String,
    pub document: String,
    pub grade: Grade,
    pub source: String,
    pub applies: Vec<Applicability>,
    /// Requires the 300号 SME size class.
    #[serde(default)]
    pub size_gate: bool,
    /// Includes the common exclusions (`exclusions.toml`).
    #[serde(default)]
    pub exclusions: bool,
    /// Common exclusions this standard examines in its own words and window
    /// (ids into `exclusions.toml`), left out of its list.
    #[serde(default)]
    pub exclusions_own: Vec<String>,
    /// When this holds the firm need not be assessed against this standard
    /// at all (“有效期内的专精特新…不再参与创新型评价”), with the text that says so.
    #[serde(default)]
    pub not_needed: Option<NotNeeded>,
    /// Validity of the title once granted, in years, with its grade.
    #[serde(default)]
    pub validity_years: Option<i32>,
    #[serde(default)]
    pub validity_grade: Option<Grade>,
}

/// A standard the firm need not meet: when `test` holds, the clause says why.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotNeeded {
    pub test: Cond,
    pub clause: String,
    pub text: String,
    pub grade: Grade,
    #[serde(default)]
    pub source: Option<String>,
}

/// Whether a criterion must hold, or is one of several routes (any one
/// suffices: 评分达标 or a 直通 condition).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[default]
    Required,
    Route,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    // Shared text (`Arc`): every assessment copies these into its results,
    // and an `Arc` copies for a reference count rather than a new string.
    pub id: Arc<str>,
    pub title: Arc<str>,
    pub clause: Arc<str>,
    /// The clause, word for word where the grade allows.
    pub text: Arc<str>,
    pub grade: Grade,
    #[serde(default)]
    pub source: Option<Arc<str>>,
    #[serde(default)]
    pub role: Role,
    pub test: Cond,
    /// A different test for 复核 (e.g. “近两年任意一年达 60 分”).
    #[serde(default)]
    pub renewal_test: Option<Cond>,
    /// Only for this application (2号文小巨人：增长率“复核企业不考查”).
    #[serde(default)]
    pub only: Option<Application>,
    /// Met only by the enterprise's own statement: verified at 认定.
    #[serde(default)]
    pub self_declared: bool,
    /// 佐证材料 an application will ask for.
    #[serde(default)]
    pub evidence: Arc<[String]>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionDef {
    pub id: String,
    pub name: String,
    pub max: Threshold,
    /// 得分不低于 (e.g. 创新能力 ≥ 20).
    #[serde(default)]
    pub floor: Option<Threshold>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// First band whose condition holds, top down.
    Bands,
    /// `points_each` per item that holds, up to `cap`.
    PerItem,
    /// `points_each` per full `step` of the metric, up to `cap`.
    PerStep,
    /// Set by the provincial pack (特色化); unknown without one.
    Provincial,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub label: String,
    pub points: Threshold,
    /// Numeric band on the indicator's metric: value from this (ascending).
    #[serde(default)]
    pub from: Option<Threshold>,
    /// Numeric band: value up to this (descending, e.g. 资产负债率).
    #[serde(default)]
    pub upto: Option<Threshold>,
    /// Any condition (categorical bands, “500万元以上或10%以上”).
    #[serde(default)]
    pub when: Option<Cond>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub label: String,
    pub when: Cond,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    // Shared text, copied into every assessment's `IndicatorResult`.
    pub id: Arc<str>,
    pub dimension: Arc<str>,
    pub title: Arc<str>,
    pub max_points: Threshold,
    pub grade: Grade,
    pub kind: IndicatorKind,
    #[serde(default)]
    pub metric: Option<String>,
    /// `metric`'s key in the pack (`Pack::metric_key`), resolved once.
    #[serde(skip)]
    pub metric_key: super::Resolved,
    #[serde(default)]
    pub bands: Vec<Band>,
    #[serde(default)]
    pub items: Vec<Item>,
    #[serde(default)]
    pub points_each: Option<Threshold>,
    #[serde(default)]
    pub step: Option<Threshold>,
    #[serde(default)]
    pub note: Option<Arc<str>>,
    /// The text writes “（含）” at every endpoint: numeric bands include
    /// their lower endpoint whatever the `band_endpoint` setting says.
    #[serde(default)]
    pub endpoints_inclusive: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreTable {
    pub title: String,
    pub clause: String,
    pub text: String,
    pub grade: Grade,
    pub total: Threshold,
    pub pass_mark: Threshold,
    /// How the text words the pass mark: “达到…以上” (63号 “达到60分以上”,
    /// always inclusive), “不低于”, or plain “以上” (the boundary setting).
    #[serde(default)]
    pub pass_word: Option<Word>,
    pub dimensions: Vec<DimensionDef>,
    pub indicators: Vec<Indicator>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    pub meta: RuleSetMeta,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
    #[serde(default)]
    pub score: Option<ScoreTable>,
}

/// The common exclusions (§1.1, §1.2), shared by the tiers that include them.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusions {
    pub criteria: Vec<Criterion>,
}
