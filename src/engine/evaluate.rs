//! Conditions, criteria and scores, evaluated in three-valued logic. Every
//! leaf comparison is kept (value, formula, threshold, wording), so the
//! report can show why and the gap model can say how far.

use super::Truth;
use super::context::Ctx;
use super::gap::Gap;
use super::ids::Ids;
pub use super::leaf::Leaf;
use super::leaf::Said;
use super::metrics::MetricValue;
use super::quantity::Quantity;
use super::words::Words;
use crate::facts::Answer;
use crate::num::Dec;
use crate::rules::{Application, Comparison, Cond, Criterion, Grade, Inclusion, Role, Word};
use serde::Serialize;
use std::cmp::Ordering;
use std::sync::Arc;

/// The cheapest way to meet an unmet condition: its relative cost (see
/// `leaf_cost`) and the leaves to close.
pub type Plan = (Dec, Vec<Leaf>);

/// A plan's leaves while a condition is evaluated: bit i is the i-th leaf.
type PlanMask = u128;

/// What a `score = "pass"` condition sees of the rule set's score.
#[derive(Clone, Debug, Default)]
pub struct ScoreGate {
    pub pass: Option<Truth>,
    /// Answers whose unknown value leaves some indicator's points open.
    pub unknown_inputs: Ids,
}

impl ScoreGate {
    fn truth(&self) -> Truth {
        self.pass.unwrap_or(Truth::Unknown)
    }
}

/// How a comparison is being read: a pass/fail clause (its word and the
/// `boundary` setting decide the endpoint) or a scoring band (the
/// `band_endpoint` setting does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Clause,
    Band,
}

impl Ctx<'_> {
    pub fn eval(&self, c: &Cond, mode: Mode, score_pass: &ScoreGate) -> (Truth, Vec<Leaf>) {
        let mut leaves = Vec::with_capacity(c.leaf_count());
        let truth = self.eval_into(c, mode, score_pass, &mut leaves);
        (truth, leaves)
    }

    /// [`Ctx::eval`], its leaves appended to `out` (one vector for a whole
    /// condition, not one per node).
    fn eval_into(&self, c: &Cond, mode: Mode, gate: &ScoreGate, out: &mut Vec<Leaf>) -> Truth {
        match c {
            Cond::All(items) => items.iter().fold(Truth::Yes, |acc, i| {
                Truth::all([acc, self.eval_into(i, mode, gate, out)])
            }),
            Cond::Any(items) => items.iter().fold(Truth::No, |acc, i| {
                Truth::any([acc, self.eval_into(i, mode, gate, out)])
            }),
            Cond::Not(inner) => self.eval_into(inner, mode, gate, out).not(),
            Cond::Compare(x) => {
                let (truth, leaf) = self.compare(x, mode);
                out.push(leaf);
                truth
            }
            Cond::Answer { .. }
            | Cond::Choice { .. }
            | Cond::ScorePass
            | Cond::Flag(_)
            | Cond::NoEvent { .. } => {
                let (truth, leaf) = self.eval_fact(c, gate);
                out.push(leaf);
                truth
            }
        }
    }

    /// A condition that reads one fact (not a combination, not a
    /// comparison: [`Ctx::eval_into`] takes those apart), as one leaf.
    fn eval_fact(&self, c: &Cond, score_pass: &ScoreGate) -> (Truth, Leaf) {
        match c {
            Cond::All(_) | Cond::Any(_) | Cond::Not(_) | Cond::Compare(_) => {
                // Not a fact: evaluated as a whole, shown as one line.
                let (truth, leaves) = self.eval(c, Mode::Clause, score_pass);
                let text = leaves
                    .iter()
                    .map(|l| l.text())
                    .collect::<Vec<_>>()
                    .join("；");
                (truth, Leaf::fact(text, truth, Ids::default()))
            }
            Cond::Answer { id, is: want, slot } => {
                // The id's slot, resolved once, for its value and its label.
                let slot = self.pack.cond_slot(slot, id);
                let answer = match slot {
                    Some(s) => self.facts.yesno_at(s),
                    None => self.yesno(id),
                };
                let label = self.label_arc_at(slot, id);
                let (truth, shown) = match answer {
                    Answer::Value(v) => (Truth::from_bool(v == *want), if v { "是" } else { "否" }),
                    _ => (Truth::Unknown, "未知"),
                };
                let unknown = unknown_at(self, truth, slot, id);
                let leaf = Leaf::answer(label, shown, *want, truth, unknown);
                (truth, leaf)
            }
            Cond::Choice { id, one_of, slot } => {
                let slot = self.pack.cond_slot(slot, id);
                let slots = self.pack.slots();
                let def = match slot {
                    Some(s) => self.pack.inputs.get(slots.input_of(s)),
                    None => self.pack.input(id),
                };
                // Borrowed from the pack: the one string built is the text.
                fn option_label<'a>(
                    pack: &'a crate::rules::Pack,
                    def: Option<&'a crate::rules::InputDef>,
                    v: &'a str,
                ) -> &'a str {
                    def.and_then(|d| d.options.iter().find(|o| o.value == v))
                        .map(|o| o.label.as_str())
                        .or_else(|| pack.size_class.industry(v).map(|i| i.name.as_str()))
                        .unwrap_or(v)
                }
                let option_label = |v| option_label(self.pack, def, v);
                let (truth, shown) = match self.choice(id) {
                    Answer::Value(v) => (
                        Truth::from_bool(one_of.iter().any(|o| o == v)),
                        option_label(v),
                    ),
                    _ => (Truth::Unknown, "未知"),
                };
                // Sized at once: “{label}：{shown}（要求：a 或 b）”.
                let label = match slot {
                    Some(s) => std::borrow::Cow::Borrowed(&**slots.label(s)),
                    None => self.label_ref(id),
                };
                let wanted: usize = one_of.iter().map(|v| option_label(v).len() + 5).sum();
                let mut text = String::with_capacity(label.len() + shown.len() + wanted + 24);
                text.push_str(&label);
                text.push_str("：");
                text.push_str(shown);
                text.push_str("（要求：");
                for (k, v) in one_of.iter().enumerate() {
                    if k > 0 {
                        text.push_str(" 或 ");
                    }
                    text.push_str(option_label(v));
                }
                text.push_str("）");
                (
                    truth,
                    Leaf::fact(text, truth, unknown_at(self, truth, slot, id)),
                )
            }
            Cond::ScorePass => {
                let truth = score_pass.truth();
                let text = Words::later(move || format!("评价得分达到及格要求：{}", truth.label()));
                let unknown_inputs = if truth == Truth::Unknown {
                    score_pass.unknown_inputs.clone()
                } else {
                    Ids::default()
                };
                (truth, Leaf::fact_later(text, truth, unknown_inputs))
            }
            Cond::Flag(flag) => {
                let (truth, text, input) = self.flag(flag);
                let tier = self.pack.tier_by_flag(flag).map(|d| d.id);
                let leaf = Leaf {
                    title: tier,
                    ..fact_later(self, text, truth, input)
                };
                (truth, leaf)
            }
            Cond::NoEvent { id, window, slot } => {
                self.no_event(id, self.pack.cond_slot(slot, id), *window)
            }
        }
    }

    /// The truth of a condition alone, without its leaves (no words, no
    /// gaps): for a scoring band whose leaves the indicator replaces by one
    /// reading of its metric, and for the lean assessment of the plan walk
    /// (`assess::assess_tier_lean`). Always [`Ctx::eval`]'s truth (a test
    /// compares them over every condition of the packs).
    pub fn truth_of(&self, c: &Cond, mode: Mode, score_pass: &ScoreGate) -> Truth {
        match c {
            Cond::All(items) => {
                Truth::all(items.iter().map(|i| self.truth_of(i, mode, score_pass)))
            }
            Cond::Any(items) => {
                Truth::any(items.iter().map(|i| self.truth_of(i, mode, score_pass)))
            }
            Cond::Not(inner) => self.truth_of(inner, mode, score_pass).not(),
            Cond::Compare(x) => {
                let (_, metric) = self.compared(x);
                compare_truth(
                    &metric,
                    x.threshold.0,
                    x.lower,
                    self.inclusive(x.word, mode),
                )
            }
            Cond::Answer { id, is: want, slot } => {
                let answer = match self.pack.cond_slot(slot, id) {
                    Some(s) => self.facts.yesno_at(s),
                    None => self.yesno(id),
                };
                match answer {
                    Answer::Value(v) => Truth::from_bool(v == *want),
                    _ => Truth::Unknown,
                }
            }
            Cond::Choice { id, one_of, .. } => match self.choice(id) {
                Answer::Value(v) => Truth::from_bool(one_of.iter().any(|o| o == v)),
                _ => Truth::Unknown,
            },
            Cond::ScorePass => score_pass.truth(),
            Cond::Flag(flag) => self.flag_truth(flag),
            // Its words are written only when read (window.rs).
            Cond::NoEvent { id, window, slot } => {
                self.no_event(id, self.pack.cond_slot(slot, id), *window).0
            }
        }
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

    fn compare(&self, c: &Comparison, mode: Mode) -> (Truth, Leaf) {
        let (key, metric) = self.compared(c);
        let (lower, threshold) = (c.lower, c.threshold.0);
        let inclusive = self.inclusive(c.word, mode);
        let truth = compare_truth(&metric, threshold, lower, inclusive);
        let said = Said::Compare {
            mode,
            word: c.word_or_plain(),
        };
        let unknown_inputs = metric.unknown_inputs.clone();
        let gap = (truth == Truth::No)
            .then(|| self.gap_once(key, &metric, threshold, lower, inclusive))
            .flatten();
        (
            truth,
            Leaf {
                said,
                truth,
                metric: Some(metric),
                threshold: Some(threshold),
                lower_bound: lower,
                inclusive,
                unknown_inputs,
                gap,
                title: None,
            },
        )
    }

    /// [`Ctx::gap`], computed once per comparison and assessment.
    fn gap_once(
        &self,
        key: Option<usize>,
        metric: &MetricValue,
        t: Dec,
        lower: bool,
        inclusive: bool,
    ) -> Option<Arc<Gap>> {
        let Some(key) = key else {
            return self.gap(metric, t, lower, inclusive).map(Arc::new);
        };
        let key = (key, t, lower, inclusive);
        if let Some(g) = self.cache.borrow().gaps.get(&key) {
            return g.clone();
        }
        let g = self.gap(metric, t, lower, inclusive).map(Arc::new);
        self.cache.borrow_mut().gaps.insert(key, g.clone());
        g
    }

    /// Derived facts: a title held and still valid on the assessment date,
    /// for as many years as the tier's rule sets say (`validity_years`).
    fn flag<'p>(&'p self, flag: &str) -> (Truth, Words, &'p str) {
        let Some((def, Some(input))) = self
            .pack
            .tier_by_flag(flag)
            .map(|d| (d, d.title_input.as_deref()))
        else {
            return (Truth::Unknown, format!("未知条件 {flag}").into(), "");
        };
        let name: Arc<str> = Arc::from(def.name.as_str());
        let said = move |detail: String| format!("已获得{name}称号（有效期内）：{detail}");
        let (truth, words) = match (self.date_answer(input), self.pack.title_validity(def.id)) {
            (Answer::Value(Some(granted)), Some((years, _))) => {
                let expires = granted.plus_years(years);
                let valid = granted <= self.date && self.date < expires;
                (
                    Truth::from_bool(valid),
                    Words::later(move || {
                        said(format!(
                            "{granted} 取得，有效期（按 {years} 年计）至 {expires}"
                        ))
                    }),
                )
            }
            (Answer::Value(None), _) => {
                (Truth::No, Words::later(move || said("尚未取得".to_owned())))
            }
            _ => (
                Truth::Unknown,
                Words::later(move || said("未知".to_owned())),
            ),
        };
        (truth, words, input)
    }

    /// Whether a title flag holds (a title held and valid on the
    /// assessment date), without its words: [`Ctx::flag`]'s truth.
    pub fn flag_truth(&self, flag: &str) -> Truth {
        let Some((def, Some(input))) = self
            .pack
            .tier_by_flag(flag)
            .map(|d| (d, d.title_input.as_deref()))
        else {
            return Truth::Unknown;
        };
        match (self.date_answer(input), self.pack.title_validity(def.id)) {
            (Answer::Value(Some(granted)), Some((years, _))) => {
                Truth::from_bool(granted <= self.date && self.date < granted.plus_years(years))
            }
            (Answer::Value(None), _) => Truth::No,
            _ => Truth::Unknown,
        }
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
        let (_, _, plan) = self.eval_planned(c, Mode::Band, &ScoreGate::default());
        plan.map(|(_, leaves)| leaves)
    }

    /// For an unmet condition, the cheapest set of leaves that would make it
    /// hold: every unmet leaf under “且”, the cheapest branch under “或”.
    /// None when the condition holds or is still unknown.
    pub fn cheapest(&self, c: &Cond, gate: &ScoreGate) -> Option<(Dec, Vec<Leaf>)> {
        self.eval_planned(c, Mode::Clause, gate).2
    }

    /// [`Ctx::eval`] and [`Ctx::cheapest`] in one pass over the condition:
    /// each comparison is evaluated once, and the plan (its cost by
    /// `leaf_cost`, and its leaves) is built only where the condition fails.
    pub fn eval_planned(
        &self,
        c: &Cond,
        mode: Mode,
        gate: &ScoreGate,
    ) -> (Truth, Vec<Leaf>, Option<Plan>) {
        let count = c.leaf_count();
        let mut leaves = Vec::with_capacity(count);
        if count > PlanMask::BITS as usize {
            let (truth, plan) = self.eval_planned_into(c, mode, gate, &mut leaves);
            return (truth, leaves, plan);
        }
        // Plans as sets of leaf indices while the condition is walked: the
        // leaves of the cheapest plan are copied once, at the end.
        let (truth, plan) = self.eval_masked_into(c, mode, gate, &mut leaves);
        let plan = plan.map(|(cost, mask)| {
            let picked = (0..leaves.len())
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| leaves[i].clone())
                .collect();
            (cost, picked)
        });
        (truth, leaves, plan)
    }

    /// [`Ctx::eval_planned_into`] for a condition of at most
    /// [`PlanMask::BITS`] leaves: each plan is the set of its leaves'
    /// indices in `out` (bit i = `out[i]`), so that no plan is copied
    /// while the condition is walked. The same plans, in the same order.
    fn eval_masked_into(
        &self,
        c: &Cond,
        mode: Mode,
        gate: &ScoreGate,
        out: &mut Vec<Leaf>,
    ) -> (Truth, Option<(Dec, PlanMask)>) {
        let (items, all) = match c {
            Cond::All(items) => (items, true),
            Cond::Any(items) => (items, false),
            _ => {
                let start = out.len();
                let truth = self.eval_into(c, mode, gate, out);
                let plan = (truth == Truth::No).then(|| {
                    let cost = out[start..]
                        .iter()
                        .map(|x| leaf_cost(&self.pack.cost_model, x))
                        .sum();
                    let mask = (start..out.len()).fold(0, |m: PlanMask, i| m | (1 << i));
                    (cost, mask)
                });
                return (truth, plan);
            }
        };
        let mut truth = if all { Truth::Yes } else { Truth::No };
        // “且”: every failing part's plan, costs summed in order; “或”:
        // the first cheapest part's plan.
        let mut plan: Option<(Dec, PlanMask)> = None;
        for item in items {
            let (t, p) = self.eval_masked_into(item, mode, gate, out);
            truth = if all {
                Truth::all([truth, t])
            } else {
                Truth::any([truth, t])
            };
            if let Some((cost, mask)) = p {
                plan = match plan {
                    None => Some((cost, mask)),
                    Some((c0, m0)) if all => Some((c0 + cost, m0 | mask)),
                    Some((c0, m0)) if c0 <= cost => Some((c0, m0)),
                    Some(_) => Some((cost, mask)),
                };
            }
        }
        if truth != Truth::No {
            return (truth, None);
        }
        (truth, plan)
    }

    /// [`Ctx::eval_planned`], its leaves appended to `out` (any number of
    /// leaves; plans copied as they are combined).
    fn eval_planned_into(
        &self,
        c: &Cond,
        mode: Mode,
        gate: &ScoreGate,
        out: &mut Vec<Leaf>,
    ) -> (Truth, Option<Plan>) {
        let (items, all) = match c {
            Cond::All(items) => (items, true),
            Cond::Any(items) => (items, false),
            _ => {
                let start = out.len();
                let truth = self.eval_into(c, mode, gate, out);
                let plan = (truth == Truth::No).then(|| {
                    let leaves = &out[start..];
                    let cost = leaves
                        .iter()
                        .map(|x| leaf_cost(&self.pack.cost_model, x))
                        .sum();
                    (cost, leaves.to_vec())
                });
                return (truth, plan);
            }
        };
        let mut truth = if all { Truth::Yes } else { Truth::No };
        let mut plans = Vec::new();
        for item in items {
            let (t, p) = self.eval_planned_into(item, mode, gate, out);
            truth = if all {
                Truth::all([truth, t])
            } else {
                Truth::any([truth, t])
            };
            plans.extend(p);
        }
        if truth != Truth::No {
            return (truth, None);
        }
        let plan = if all {
            let cost = plans.iter().map(|(c, _)| *c).sum();
            Some((cost, plans.into_iter().flat_map(|(_, l)| l).collect()))
        } else {
            plans.into_iter().min_by_key(|(cost, _)| *cost)
        };
        (truth, plan)
    }
}

/// Whether `metric (≥|>|≤|<) threshold` holds, in three-valued logic.
pub(super) fn compare_truth(
    metric: &MetricValue,
    threshold: Dec,
    lower: bool,
    inclusive: bool,
) -> Truth {
    if let Some(q) = metric.value {
        return Truth::from_bool(holds(&q, threshold, lower, inclusive));
    }
    // Unknown but bounded below: decided when the bound already meets a
    // minimum, or already breaks a maximum. Bounded above: decided when
    // even the bound falls short of a minimum, or already keeps a maximum.
    if let Some(b) = metric.at_least {
        if lower && holds(&b, threshold, lower, inclusive) {
            return Truth::Yes;
        }
        if !lower && !holds(&b, threshold, lower, inclusive) {
            return Truth::No;
        }
    }
    if let Some(b) = metric.at_most {
        if lower && !holds(&b, threshold, lower, inclusive) {
            return Truth::No;
        }
        if !lower && holds(&b, threshold, lower, inclusive) {
            return Truth::Yes;
        }
    }
    Truth::Unknown
}

pub fn holds(q: &Quantity, threshold: Dec, lower: bool, inclusive: bool) -> bool {
    match (q.cmp_to(threshold), lower) {
        (Ordering::Equal, _) => inclusive,
        (Ordering::Greater, true) | (Ordering::Less, false) => true,
        _ => false,
    }
}

fn fact_later(ctx: &Ctx, words: Words, truth: Truth, input: &str) -> Leaf {
    Leaf::fact_later(words, truth, unknown_of(ctx, truth, input))
}

/// [`unknown_of`] for an input whose slot is resolved (`Pack::cond_slot`).
fn unknown_at(ctx: &Ctx, truth: Truth, slot: Option<usize>, input: &str) -> Ids {
    if truth == Truth::Unknown && !input.is_empty() {
        Ids::one(ctx.id_arc_at(slot, input))
    } else {
        Ids::default()
    }
}

/// The answer that leaves a fact unknown, when it is.
fn unknown_of(ctx: &Ctx, truth: Truth, input: &str) -> Ids {
    if truth == Truth::Unknown && !input.is_empty() {
        Ids::one(ctx.id_arc(input))
    } else {
        Ids::default()
    }
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
    // Shared with the pack's `Criterion` (a copy is a reference count).
    pub id: Arc<str>,
    pub title: Arc<str>,
    pub clause: Arc<str>,
    pub text: Arc<str>,
    pub grade: Grade,
    pub source: Option<Arc<str>>,
    pub role: Role,
    pub status: Status,
    pub truth: Truth,
    pub leaves: Vec<Leaf>,
    pub evidence: Arc<[String]>,
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
        leaves.iter().filter_map(|l| l.gap.as_deref()).collect()
    }

    /// Unknown answers that leave this criterion open.
    /// Borrowed: the one caller counts them and copies each id once.
    pub fn unknown_inputs(&self) -> Vec<&str> {
        if self.truth != Truth::Unknown {
            return vec![];
        }
        let mut ids: Vec<&str> = self
            .leaves
            .iter()
            .filter(|l| l.truth == Truth::Unknown)
            .flat_map(|l| l.unknown_inputs.iter())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }
}

/// A criterion's status from the truth of its test (`applicable`: examined
/// for this application). One mapping for the full and the lean assessment.
pub fn status_of(c: &Criterion, applicable: bool, truth: Truth) -> Status {
    if !applicable {
        return Status::NotApplicable;
    }
    match truth {
        Truth::Yes if c.self_declared => Status::SelfDeclared,
        Truth::Yes => Status::Met,
        // An [S]/UNCONFIRMED rule never decides alone: unmet or
        // unknown, it is flagged for review.
        Truth::No | Truth::Unknown if !c.grade.is_hard() => Status::NeedsReview,
        Truth::No => Status::Unmet,
        Truth::Unknown => Status::Unknown,
    }
}

impl Ctx<'_> {
    /// The test a criterion is judged by in this context (a 复核 may have
    /// its own); None when the criterion is not examined for this application.
    pub fn test_of<'c>(&self, c: &'c Criterion) -> Option<&'c Cond> {
        if !c.only.is_none_or(|a| a == self.application) {
            return None;
        }
        Some(match (self.application, &c.renewal_test) {
            (Application::Renewal, Some(t)) => t,
            _ => &c.test,
        })
    }

    pub fn criterion(&self, c: &Criterion, score_pass: &ScoreGate) -> CriterionResult {
        let test = self.test_of(c);
        let (truth, leaves, plan) = match test {
            Some(test) => self.eval_planned(test, Mode::Clause, score_pass),
            None => (Truth::Yes, vec![], None),
        };
        let (plan_cost, plan) = plan.unwrap_or_default();
        let status = status_of(c, test.is_some(), truth);
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

    /// [`Ctx::criterion`]'s truth and status alone: no leaves, plans or gaps.
    pub fn criterion_status(&self, c: &Criterion, score_pass: &ScoreGate) -> (Truth, Status) {
        let test = self.test_of(c);
        let truth = match test {
            Some(test) => self.truth_of(test, Mode::Clause, score_pass),
            None => Truth::Yes,
        };
        (truth, status_of(c, test.is_some(), truth))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::rules::Pack;

    /// A condition resolved for one load of a pack (its metric keys and
    /// answer slots) reads the same with another load: there it is looked
    /// up by name. Every criterion of the national pack, evaluated with the
    /// other load's facts, gives the other load's own leaves.
    #[test]
    fn conditions_resolved_for_another_pack_read_by_name() {
        let (mine, other) = (Pack::national(), Pack::national());
        let date = Date::new(2026, 11, 22);
        let path = format!(
            "{}/tests/fixtures/firm-rd-short.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(path).unwrap();
        let facts = crate::facts::tests::from_json(&other, &text, date);
        let (settings, _) =
            super::super::settings::Settings::resolve(&other, &Default::default()).unwrap();
        let ctx = Ctx::new(&other, &facts, date, Application::New, settings);
        let pairs = (mine.rule_sets.iter().flat_map(|r| &r.criteria))
            .zip(other.rule_sets.iter().flat_map(|r| &r.criteria));
        let mut unknown = 0;
        for (a, b) in pairs {
            let gate = ScoreGate::default();
            let theirs = ctx.eval(&b.test, Mode::Clause, &gate);
            assert_eq!(ctx.eval(&a.test, Mode::Clause, &gate), theirs, "{}", a.id);
            let truth = ctx.truth_of(&a.test, Mode::Clause, &gate);
            assert_eq!(truth, theirs.0, "{}", a.id);
            unknown += usize::from(truth == Truth::Unknown);
        }
        assert!(unknown < 100);
    }

    /// Plans built as sets of leaf indices (conditions of up to 128 leaves)
    /// are the plans the general path builds by copying leaves: same truth,
    /// leaves, cost and plan leaves in the same order, for every criterion
    /// of the national pack on the fixture firms, new and renewal.
    #[test]
    fn plans_as_index_sets_are_the_copied_plans() {
        let pack = Pack::national();
        let date = Date::new(2026, 11, 22);
        let mut plans = 0;
        for file in ["firm-rd-short.json", "industrial-medium.json"] {
            let path = format!("{}/tests/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(path).unwrap();
            let facts = crate::facts::tests::from_json(&pack, &text, date);
            for application in [Application::New, Application::Renewal] {
                let (settings, _) =
                    super::super::settings::Settings::resolve(&pack, &Default::default()).unwrap();
                let ctx = Ctx::new(&pack, &facts, date, application, settings);
                let criteria = (pack.rule_sets.iter().flat_map(|r| &r.criteria))
                    .chain(&pack.exclusions.criteria);
                for c in criteria {
                    let tests = std::iter::once(&c.test).chain(&c.renewal_test);
                    for test in tests {
                        let gate = ScoreGate::default();
                        let (truth, leaves, plan) = ctx.eval_planned(test, Mode::Clause, &gate);
                        let mut copied = Vec::new();
                        let (t, p) = ctx.eval_planned_into(test, Mode::Clause, &gate, &mut copied);
                        assert_eq!((truth, &leaves), (t, &copied), "{}", c.id);
                        assert_eq!(plan, p, "{}", c.id);
                        plans += usize::from(plan.is_some());
                    }
                }
            }
        }
        assert!(plans >= 10, "only {plans} failing criteria compared");
    }
}
