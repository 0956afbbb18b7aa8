//! Conditions, criteria and scores, evaluated in three-valued logic. Every
//! leaf comparison is kept (value, formula, threshold, wording), so the
//! report can show why and the gap model can say how far.

use super::Truth;
use super::context::Ctx;
use super::gap::Gap;
use super::metrics::MetricValue;
use super::quantity::{Quantity, display_threshold};
use crate::facts::Answer;
use crate::num::Dec;
use crate::rules::{Application, Comparison, Cond, Criterion, Grade, Inclusion, Role, Tier, Word};
use serde::Serialize;
use std::cmp::Ordering;

/// One comparison or fact, as shown in the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Leaf {
    /// “研发费用占营业收入比重（上年度）2.61%，要求不低于 3%”
    pub text: String,
    pub truth: Truth,
    /// The metric, when the leaf compares one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric: Option<MetricValue>,
    /// The threshold and whether it bounds from below.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<Dec>,
    pub lower_bound: bool,
    pub inclusive: bool,
    /// Answer ids whose unknown value leaves this leaf unknown.
    pub unknown_inputs: Vec<String>,
    /// For an unmet comparison: how far, in the enterprise's own units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<Gap>,
    /// A title this leaf requires (a tier's flag): only the tier below
    /// closes it, so the ladder plans it by year, not by effort.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Tier>,
}

impl Leaf {
    /// A fact with no metric behind it (是/否, a choice, a title, a verdict).
    pub fn fact(text: String, truth: Truth, unknown_inputs: Vec<String>) -> Leaf {
        Leaf {
            text,
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

    /// A metric's value read for display (a score indicator): known or not.
    pub fn reading(text: String, metric: MetricValue) -> Leaf {
        let truth = if metric.value.is_some() {
            Truth::Yes
        } else {
            Truth::Unknown
        };
        let unknown_inputs = metric.unknown_inputs.clone();
        Leaf {
            text,
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
    pub fn shown_formula(&self) -> Option<&str> {
        self.metric
            .as_ref()
            .map(|m| m.formula.as_str())
            .filter(|f| !f.ends_with("（填报）"))
    }

    /// The text with its formula, for plain-text reports.
    pub fn with_formula(&self) -> String {
        match self.shown_formula() {
            Some(f) => format!("{}（{f}）", self.text),
            None => self.text.clone(),
        }
    }
}

/// What a `score = "pass"` condition sees of the rule set's score.
#[derive(Clone, Debug, Default)]
pub struct ScoreGate {
    pub pass: Option<Truth>,
    /// Answers whose unknown value leaves some indicator's points open.
    pub unknown_inputs: Vec<String>,
}

impl ScoreGate {
    fn truth(&self) -> Truth {
        self.pass.unwrap_or(Truth::Unknown)
    }
}

/// How a comparison is being read: a pass/fail clause (its word and the
/// `boundary` setting decide the endpoint) or a scoring band (the
/// `band_endpoint` setting does).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Clause,
    Band,
}

impl Ctx<'_> {
    pub fn eval(&self, c: &Cond, mode: Mode, score_pass: &ScoreGate) -> (Truth, Vec<Leaf>) {
        match c {
            Cond::All(items) => self.combine(items, mode, score_pass, Truth::all),
            Cond::Any(items) => self.combine(items, mode, score_pass, Truth::any),
            Cond::Not(inner) => {
                let (t, leaves) = self.eval(inner, mode, score_pass);
                (t.not(), leaves)
            }
            Cond::Compare(x) => self.compare(x, mode),
            Cond::Answer { id, is: want } => {
                let (truth, shown) = match self.yesno(id) {
                    Answer::Value(v) => (Truth::from_bool(v == *want), if v { "是" } else { "否" }),
                    _ => (Truth::Unknown, "未知"),
                };
                let text = format!(
                    "{}：{shown}（要求：{}）",
                    self.label(id),
                    if *want { "是" } else { "否" }
                );
                (truth, vec![fact(text, truth, id)])
            }
            Cond::Choice { id, one_of } => {
                let def = self.pack.input(id);
                let option_label = |v: &str| {
                    def.and_then(|d| d.options.iter().find(|o| o.value == v))
                        .map(|o| o.label.clone())
                        .or_else(|| self.pack.size_class.industry(v).map(|i| i.name.clone()))
                        .unwrap_or_else(|| v.to_owned())
                };
                let (truth, shown) = match self.choice(id) {
                    Answer::Value(v) => (Truth::from_bool(one_of.contains(&v)), option_label(&v)),
                    _ => (Truth::Unknown, "未知".to_owned()),
                };
                let wanted: Vec<String> = one_of.iter().map(|v| option_label(v)).collect();
                let text = format!(
                    "{}：{shown}（要求：{}）",
                    self.label(id),
                    wanted.join(" 或 ")
                );
                (truth, vec![fact(text, truth, id)])
            }
            Cond::ScorePass => {
                let truth = score_pass.truth();
                let text = format!("评价得分达到公告条件（总分与各类下限）：{}", truth.label());
                let unknown_inputs = if truth == Truth::Unknown {
                    score_pass.unknown_inputs.clone()
                } else {
                    vec![]
                };
                (truth, vec![Leaf::fact(text, truth, unknown_inputs)])
            }
            Cond::Flag(flag) => {
                let (truth, text, input) = self.flag(flag);
                let tier = self.pack.tier_by_flag(flag).map(|d| d.id);
                let leaf = Leaf {
                    title: tier,
                    ..fact(text, truth, &input)
                };
                (truth, vec![leaf])
            }
            Cond::NoEvent { id, window } => self.no_event(id, *window),
        }
    }

    fn combine(
        &self,
        items: &[Cond],
        mode: Mode,
        score_pass: &ScoreGate,
        op: fn(Vec<Truth>) -> Truth,
    ) -> (Truth, Vec<Leaf>) {
        let mut truths = Vec::with_capacity(items.len());
        let mut leaves = Vec::new();
        for item in items {
            let (t, l) = self.eval(item, mode, score_pass);
            truths.push(t);
            leaves.extend(l);
        }
        (op(truths), leaves)
    }

    /// Whether a comparison counts its threshold: an explicit 不低于 / 超过 /
    /// 达到…以上 always decides (the word table); otherwise a clause's
    /// 以上/以下 follows the boundary setting, a band's endpoint the band setting.
    pub fn inclusive(&self, word: Option<Word>, mode: Mode) -> bool {
        match (word.map(Word::inclusion), mode) {
            (Some(Inclusion::Always), _) => true,
            (Some(Inclusion::Never), _) => false,
            (_, Mode::Band) => self.settings.band_endpoint_higher,
            _ => self.settings.boundary_inclusive,
        }
    }

    fn compare(&self, c: &Comparison, mode: Mode) -> (Truth, Vec<Leaf>) {
        let metric = self.metric(&c.metric);
        let (lower, threshold) = (c.lower, c.threshold.0);
        let inclusive = self.inclusive(c.word, mode);
        let truth = match (metric.value, metric.at_least) {
            (Some(q), _) => Truth::from_bool(holds(&q, threshold, lower, inclusive)),
            // Unknown but bounded below: decided when the bound already
            // meets a minimum, or already breaks a maximum.
            (None, Some(b)) if lower && holds(&b, threshold, lower, inclusive) => Truth::Yes,
            (None, Some(b)) if !lower && !holds(&b, threshold, lower, inclusive) => Truth::No,
            _ => Truth::Unknown,
        };
        let shown = match (metric.value, metric.at_least) {
            (Some(q), _) => q.display(metric.unit),
            (None, Some(b)) => format!("至少 {}", b.display(metric.unit)),
            _ => "未知".into(),
        };
        let limit = display_threshold(threshold, metric.unit);
        let requirement = match mode {
            Mode::Band => format!(
                " {}{limit}",
                if lower {
                    if inclusive { "≥ " } else { "> " }
                } else if inclusive {
                    "≤ "
                } else {
                    "< "
                }
            ),
            Mode::Clause => c.word_or_plain().phrase(&limit),
        };
        let text = format!("{}为 {shown}，要求{requirement}", metric.label);
        let unknown_inputs = metric.unknown_inputs.clone();
        let gap = (truth == Truth::No)
            .then(|| self.gap(&metric, threshold, lower, inclusive))
            .flatten();
        (
            truth,
            vec![Leaf {
                text,
                truth,
                metric: Some(metric),
                threshold: Some(threshold),
                lower_bound: lower,
                inclusive,
                unknown_inputs,
                gap,
                title: None,
            }],
        )
    }

    /// Derived facts: a title held and still valid on the assessment date,
    /// for as many years as the tier's rule sets say (`validity_years`).
    fn flag(&self, flag: &str) -> (Truth, String, String) {
        let Some((def, Some(input))) = self
            .pack
            .tier_by_flag(flag)
            .map(|d| (d, d.title_input.as_deref()))
        else {
            return (Truth::Unknown, format!("未知条件 {flag}"), String::new());
        };
        let label = format!("已获得{}称号（有效期内）", def.name);
        let (truth, detail) = match (self.date_answer(input), self.pack.title_validity(def.id)) {
            (Answer::Value(Some(granted)), Some((years, _))) => {
                let expires = granted.plus_years(years);
                let valid = granted <= self.date && self.date < expires;
                (
                    Truth::from_bool(valid),
                    format!("{granted} 取得，有效期（按 {years} 年计）至 {expires}"),
                )
            }
            (Answer::Value(None), _) => (Truth::No, "尚未取得".to_owned()),
            _ => (Truth::Unknown, "未知".to_owned()),
        };
        (truth, format!("{label}：{detail}"), input.to_owned())
    }
}

/// Cost of closing a leaf, in 万元 by the pack's cost model
/// (`cost_model.toml`), so that money is compared with money: a money gap
/// at its amount, a count, a rank or a percentage point at its stated 万元
/// equivalent, a wait or a fact (title, statement, platform score) at a
/// fixed one. An ordering assumption, stated in the report.
pub fn leaf_cost(model: &crate::rules::CostModel, leaf: &Leaf) -> Dec {
    use super::gap::GapKind;
    use super::quantity::Unit;
    match &leaf.gap {
        Some(g) if g.earliest.is_some() => model.time_cost.0,
        Some(g) => match (g.kind, g.amount) {
            (GapKind::Money, Some(a)) => model.money_weight.0.checked_mul(a).unwrap_or(Dec::MAX),
            (GapKind::Count, Some(a)) => {
                let each = match leaf.metric.as_ref().map(|m| m.unit) {
                    Some(Unit::Item) => model.item_cost.0,
                    Some(Unit::Rank) => model.rank_cost.0,
                    _ => model.person_cost.0,
                };
                each.checked_mul(a).unwrap_or(Dec::MAX)
            }
            (GapKind::Points, Some(a)) => model.point_cost.0.checked_mul(a).unwrap_or(Dec::MAX),
            (GapKind::Time, _) => model.time_cost.0,
            _ => model.fact_cost.0,
        },
        None => model.fact_cost.0,
    }
}

impl Ctx<'_> {
    /// Like [`Ctx::cheapest`], for a scoring band's condition (its endpoints
    /// follow the band setting).
    pub fn cheapest_band(&self, c: &Cond) -> Option<Vec<Leaf>> {
        let gate = ScoreGate::default();
        let (truth, leaves) = self.eval(c, Mode::Band, &gate);
        if truth != Truth::No {
            return None;
        }
        if let Cond::All(items) = c {
            return Some(
                items
                    .iter()
                    .filter_map(|i| self.cheapest_band(i))
                    .flatten()
                    .collect(),
            );
        }
        if let Cond::Any(items) = c {
            return items
                .iter()
                .filter_map(|i| self.cheapest_band(i))
                .min_by_key(|l| {
                    l.iter()
                        .map(|x| leaf_cost(&self.pack.cost_model, x))
                        .sum::<Dec>()
                });
        }
        Some(leaves)
    }

    /// For an unmet condition, the cheapest set of leaves that would make it
    /// hold: every unmet leaf under “且”, the cheapest branch under “或”.
    /// None when the condition holds or is still unknown.
    pub fn cheapest(&self, c: &Cond, gate: &ScoreGate) -> Option<(Dec, Vec<Leaf>)> {
        let (truth, leaves) = self.eval(c, Mode::Clause, gate);
        if truth != Truth::No {
            return None;
        }
        if let Cond::All(items) = c {
            let parts: Vec<(Dec, Vec<Leaf>)> = items
                .iter()
                .filter_map(|i| self.cheapest(i, gate))
                .collect();
            let cost = parts.iter().map(|(c, _)| *c).sum();
            return Some((cost, parts.into_iter().flat_map(|(_, l)| l).collect()));
        }
        if let Cond::Any(items) = c {
            return items
                .iter()
                .filter_map(|i| self.cheapest(i, gate))
                .min_by_key(|(cost, _)| *cost);
        }
        let cost = leaves
            .iter()
            .map(|x| leaf_cost(&self.pack.cost_model, x))
            .sum();
        Some((cost, leaves))
    }
}

pub fn holds(q: &Quantity, threshold: Dec, lower: bool, inclusive: bool) -> bool {
    match (q.cmp_to(threshold), lower) {
        (Ordering::Equal, _) => inclusive,
        (Ordering::Greater, true) | (Ordering::Less, false) => true,
        _ => false,
    }
}

fn fact(text: String, truth: Truth, input: &str) -> Leaf {
    let unknown_inputs = if truth == Truth::Unknown && !input.is_empty() {
        vec![input.to_owned()]
    } else {
        vec![]
    };
    Leaf::fact(text, truth, unknown_inputs)
}

/// 符合 / 不符合 / 未知 / 自述待核 / 需人工核验 / 不适用.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    Unmet,
    Unknown,
    /// Met on the enterprise's own statement; verified at 认定.
    SelfDeclared,
    /// Unmet, but the rule is only [S]/UNCONFIRMED: a hint for review, not a verdict.
    NeedsReview,
    /// Not examined for this application (e.g. 复核企业不考查).
    NotApplicable,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "符合",
            Status::Unmet => "不符合",
            Status::Unknown => "未知",
            Status::SelfDeclared => "自述符合，待核实",
            Status::NeedsReview => "需人工核验",
            Status::NotApplicable => "不适用",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CriterionResult {
    pub id: String,
    pub title: String,
    pub clause: String,
    pub text: String,
    pub grade: Grade,
    pub source: Option<String>,
    pub role: Role,
    pub status: Status,
    pub truth: Truth,
    pub leaves: Vec<Leaf>,
    pub evidence: Vec<String>,
    /// For an unmet criterion: the cheapest changes that would meet it, and
    /// their relative cost (see `leaf_cost`).
    pub plan: Vec<Leaf>,
    pub plan_cost: Dec,
    /// A condition common to every tier (size class, exclusions): the
    /// report shows it once rather than in every tier's table.
    pub shared: bool,
}

impl CriterionResult {
    /// The gaps worth printing: only for an unmet criterion, and only along
    /// its cheapest way (a met “或” alternative leaves nothing to close).
    pub fn gaps(&self) -> Vec<&super::gap::Gap> {
        if !matches!(self.status, Status::Unmet | Status::NeedsReview) {
            return vec![];
        }
        let leaves = if self.plan.is_empty() {
            &self.leaves
        } else {
            &self.plan
        };
        leaves.iter().filter_map(|l| l.gap.as_ref()).collect()
    }

    /// Unknown answers that leave this criterion open.
    pub fn unknown_inputs(&self) -> Vec<String> {
        if self.truth != Truth::Unknown {
            return vec![];
        }
        let mut ids: Vec<String> = self
            .leaves
            .iter()
            .filter(|l| l.truth == Truth::Unknown)
            .flat_map(|l| l.unknown_inputs.clone())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }
}

impl Ctx<'_> {
    pub fn criterion(&self, c: &Criterion, score_pass: &ScoreGate) -> CriterionResult {
        let applicable = c.only.is_none_or(|a| a == self.application);
        let test = match (self.application, &c.renewal_test) {
            (Application::Renewal, Some(t)) => t,
            _ => &c.test,
        };
        let (truth, leaves) = if applicable {
            self.eval(test, Mode::Clause, score_pass)
        } else {
            (Truth::Yes, vec![])
        };
        let (plan_cost, plan) = if truth == Truth::No {
            self.cheapest(test, score_pass).unwrap_or_default()
        } else {
            Default::default()
        };
        let status = if !applicable {
            Status::NotApplicable
        } else {
            match truth {
                Truth::Yes if c.self_declared => Status::SelfDeclared,
                Truth::Yes => Status::Met,
                // An [S]/UNCONFIRMED rule never decides alone: unmet or
                // unknown, it is flagged for review.
                Truth::No | Truth::Unknown if !c.grade.is_hard() => Status::NeedsReview,
                Truth::No => Status::Unmet,
                Truth::Unknown => Status::Unknown,
            }
        };
        CriterionResult {
            id: c.id.clone(),
            title: c.title.clone(),
            clause: c.clause.clone(),
            text: c.text.clone(),
            grade: c.grade,
            source: c.source.clone(),
            role: c.role,
            status,
            truth,
            leaves,
            evidence: c.evidence.clone(),
            plan,
            plan_cost,
            shared: false,
        }
    }
}
