//! The whole assessment: pick the rule set for each tier by date and
//! application type, evaluate every criterion and score, and give each tier
//! a verdict that names its failed criteria or the unknowns that decide it.

use super::Truth;
use super::context::Ctx;
use super::evaluate::{CriterionResult, Leaf, ScoreGate, Status};
use super::ids::Ids;
use super::score::ScoreResult;
use super::settings::{SettingShown, Settings};
use super::size_class::{self, SizeAssessment};
use super::words::Words;
use crate::date::Date;
use crate::facts::{Facts, FieldError};
use crate::num::Dec;
use crate::rules::{Applicability, Application, Cond, Grade, Pack, Role, RuleSet, Tier};
use serde::Serialize;
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub date: Date,
    pub application: Application,
    /// Setting id → option value, over the pack's defaults.
    pub settings: BTreeMap<String, String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// 不符合: at least one criterion fails.
    NotQualified,
    /// 可能不符合: only criteria the law's text does not settle ([S],
    /// UNCONFIRMED) fail; the failure is named with why it is uncertain.
    Doubtful,
    /// 无法确定: unknown answers decide.
    Undetermined,
    /// 符合，但有自述项或单一来源条款待核实.
    QualifiesToVerify,
    /// 符合.
    Qualifies,
    /// 无需评价: a title held makes this standard moot (“有效期内的专精特新
    /// 中小企业…不再参与创新型中小企业评价”).
    NotNeeded,
    /// 已持有: a new application for a title the firm holds and is valid.
    Held,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Qualifies => "符合",
            Verdict::QualifiesToVerify => "符合（有待核实项）",
            Verdict::NotQualified => "不符合",
            Verdict::Undetermined => "无法确定",
            Verdict::Doubtful => "可能不符合",
            Verdict::NotNeeded => "无需评价（已持有更高梯度称号）",
            Verdict::Held => "已持有（有效期内）",
        }
    }
}

/// An unknown answer whose value would change a verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decider {
    pub input: String,
    pub label: String,
    /// How many open criteria it leaves open (most decisive first).
    pub criteria: usize,
}

/// One standard applied to one tier (创新型评价, 科技型评价, 2号文 …).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PathResult {
    pub rule_set: String,
    pub path: String,
    pub title: String,
    pub document: String,
    pub grade: Grade,
    /// Which rule set was used and why (date, application, basis): words
    /// written when a view asks (the summary and the plan walk never do).
    pub selection: Words,
    pub verdict: Verdict,
    /// Shared: the criteria every tier shares (the size gate, the
    /// exclusions) are one result in each path that shows them.
    pub criteria: Vec<Arc<CriterionResult>>,
    pub score: Option<ScoreResult>,
    pub deciding: Vec<Decider>,
    pub validity_years: Option<i32>,
    /// For 可能不符合: each failed criterion whose text is not settled, and
    /// why (words written when a view asks).
    pub doubts: Vec<super::words::Words>,
    /// For 无需评价: the clause that makes this standard moot, and the fact.
    pub not_needed: Option<String>,
}

impl PathResult {
    /// Criteria that fail (a [S] one answered and failing included): every
    /// failed required one, and the routes when none holds.
    pub fn failed(&self) -> impl Iterator<Item = &CriterionResult> {
        let route_met = self.route_truth() == Truth::Yes;
        self.criteria
            .iter()
            .map(|c| &**c)
            .filter(move |c| fails(c) && (c.role == Role::Required || !route_met))
    }

    /// The criteria common to every tier (size class, exclusions), which
    /// the report shows once rather than in every path's table.
    pub fn shared(&self) -> impl Iterator<Item = &CriterionResult> {
        self.criteria.iter().map(|c| &**c).filter(|c| c.shared)
    }

    fn route_truth(&self) -> Truth {
        let routes: Vec<Truth> = self
            .criteria
            .iter()
            .filter(|c| c.role == Role::Route)
            .map(strict)
            .collect();
        if routes.is_empty() {
            Truth::Yes
        } else {
            Truth::any(routes)
        }
    }
}

/// What a verdict reads of one criterion: its role, status and truth. The
/// full result ([`CriterionResult`]) and the lean one ([`LeanCriterion`],
/// for the plan walk's years) are judged by the same functions, so the two
/// cannot drift.
pub trait Judged {
    fn role(&self) -> Role;
    fn status(&self) -> Status;
    fn truth(&self) -> Truth;
}

impl Judged for CriterionResult {
    fn role(&self) -> Role {
        self.role
    }
    fn status(&self) -> Status {
        self.status
    }
    fn truth(&self) -> Truth {
        self.truth
    }
}

impl<T: Judged> Judged for Arc<T> {
    fn role(&self) -> Role {
        (**self).role()
    }
    fn status(&self) -> Status {
        (**self).status()
    }
    fn truth(&self) -> Truth {
        (**self).truth()
    }
}

impl<T: Judged> Judged for &T {
    fn role(&self) -> Role {
        (**self).role()
    }
    fn status(&self) -> Status {
        (**self).status()
    }
    fn truth(&self) -> Truth {
        (**self).truth()
    }
}

/// Fails outright, or fails on a rule whose text is not settled ([S]).
pub fn fails(c: &impl Judged) -> bool {
    c.status() == Status::Unmet || (c.status() == Status::NeedsReview && c.truth() == Truth::No)
}

/// A criterion's weight when soft rules count as they read: a [S] rule
/// answered and failing fails (the verdict then says 可能不符合).
fn strict(c: &impl Judged) -> Truth {
    if fails(c) { Truth::No } else { effective(c) }
}

/// A criterion's weight in the verdict: soft (self-declared, [S]) results
/// count as met-to-verify, never as a failure.
fn effective(c: &impl Judged) -> Truth {
    match c.status() {
        Status::Met | Status::SelfDeclared | Status::NeedsReview | Status::NotApplicable => {
            Truth::Yes
        }
        Status::Unmet => Truth::No,
        Status::Unknown => Truth::Unknown,
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierResult {
    pub tier: Tier,
    pub label: String,
    /// The best verdict over the tier's paths.
    pub verdict: Verdict,
    pub paths: Vec<PathResult>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assessment {
    pub date: Date,
    pub application: Application,
    pub settings: Vec<SettingShown>,
    /// The settings as the engine applied them.
    pub mechanics: Settings,
    pub size: SizeAssessment,
    pub tiers: Vec<TierResult>,
    pub errors: Vec<FieldError>,
    pub warnings: Vec<FieldError>,
}

/// The rule sets that govern `tier` on `date` for `application`: one per
/// path, the newest whose period covers the date.
pub fn select(
    pack: &Pack,
    tier: Tier,
    date: Date,
    application: Application,
) -> Vec<(&RuleSet, &Applicability)> {
    // One pass: each path (in the order the pack first names it) keeps the
    // applicability with the latest start; of two equal, the later listed.
    let mut paths: Vec<(&str, Option<(&RuleSet, &Applicability)>)> = Vec::new();
    for r in pack.rule_sets.iter().filter(|r| r.meta.tier == tier) {
        let at = match paths.iter().position(|(p, _)| *p == r.meta.path) {
            Some(i) => i,
            None => {
                paths.push((&r.meta.path, None));
                paths.len() - 1
            }
        };
        for a in r
            .meta
            .applies
            .iter()
            .filter(|a| a.covers(date, application))
        {
            let best = &mut paths[at].1;
            if best.is_none_or(|(_, b)| a.from >= b.from) {
                *best = Some((r, a));
            }
        }
    }
    paths.into_iter().filter_map(|(_, best)| best).collect()
}

/// Assesses one firm's facts (read with [`Facts::read`] for the same date).
pub fn assess(pack: &Pack, facts: &Facts, options: &Options) -> Result<Assessment, String> {
    let (settings, shown) = Settings::resolve(pack, &options.settings)?;
    let ctx = Ctx::new(pack, facts, options.date, options.application, settings);
    let size = size_class::assess(pack, facts);
    let (errors, warnings) = (facts.errors.clone(), facts.warnings.clone());
    let shared = Shared::new(pack);
    let tiers = pack
        .tiers
        .iter()
        .map(|def| tier_result(&ctx, &size, &shared, def))
        .collect();
    Ok(Assessment {
        date: options.date,
        application: options.application,
        settings: shown,
        mechanics: settings,
        size,
        tiers,
        errors,
        warnings,
    })
}

/// One tier of [`assess`], alone, in a context the caller keeps: the
/// time-aware plans (timeline.rs) assess a projection of the answers for
/// one tier at a time, then read more leaves in the same context (its
/// metric cache filled). `None` when the tier is not in the pack.
pub fn assess_tier(ctx: &Ctx, tier: Tier) -> Option<TierResult> {
    let def = ctx.pack.tiers.iter().find(|d| d.id == tier)?;
    let size = size_class::assess(ctx.pack, ctx.facts);
    Some(tier_result(ctx, &size, &Shared::new(ctx.pack), def))
}

fn tier_result(
    ctx: &Ctx,
    size: &SizeAssessment,
    shared: &Shared,
    def: &crate::rules::TierDef,
) -> TierResult {
    let tier = def.id;
    let selected = select(ctx.pack, tier, ctx.date, ctx.application);
    // The tier's name as the law in force calls it.
    let label = selected
        .iter()
        .find_map(|(_, a)| a.tier_name.clone())
        .unwrap_or_else(|| def.name.clone());
    let paths: Vec<PathResult> = selected
        .into_iter()
        .map(|(rs, a)| path(ctx, size, shared, rs, a))
        .collect();
    let best = paths
        .iter()
        .map(|p| p.verdict)
        .max()
        .unwrap_or(Verdict::Undetermined);
    let verdict = if super::held::holds(ctx, tier) {
        Verdict::Held
    } else if best < Verdict::Undetermined && super::held::maybe_holds(ctx, tier) {
        // 不符合 would be said of a firm that may hold the title.
        Verdict::Undetermined
    } else {
        best
    };
    TierResult {
        tier,
        label,
        verdict,
        paths,
    }
}

/// The criteria every tier shares (the size gate, the exclusions), each
/// evaluated once per assessment, on first use.
struct Shared {
    size: OnceCell<Arc<CriterionResult>>,
    /// By index in `Pack::exclusions`.
    exclusions: Vec<OnceCell<Arc<CriterionResult>>>,
}

impl Shared {
    fn new(pack: &Pack) -> Shared {
        Shared {
            size: OnceCell::new(),
            exclusions: pack
                .exclusions
                .criteria
                .iter()
                .map(|_| OnceCell::new())
                .collect(),
        }
    }
}

/// Whether a condition reads the rule set's score (then it is evaluated
/// per rule set, not shared).
fn reads_score(c: &Cond) -> bool {
    match c {
        Cond::All(items) | Cond::Any(items) => items.iter().any(reads_score),
        Cond::Not(inner) => reads_score(inner),
        Cond::ScorePass => true,
        _ => false,
    }
}

fn path(
    ctx: &Ctx,
    size: &SizeAssessment,
    shared: &Shared,
    rs: &RuleSet,
    applies: &Applicability,
) -> PathResult {
    let score = rs.score.as_ref().map(|t| ctx.score(t));
    let gate = score.as_ref().map(|s| s.gate()).unwrap_or_default();
    let mut criteria =
        Vec::with_capacity(1 + ctx.pack.exclusions.criteria.len() + rs.criteria.len());
    if rs.meta.size_gate {
        criteria.push(
            shared
                .size
                .get_or_init(|| Arc::new(size_criterion(ctx, size)))
                .clone(),
        );
    }
    if rs.meta.exclusions {
        let exclusions = ctx.pack.exclusions.criteria.iter().zip(&shared.exclusions);
        criteria.extend(
            exclusions
                .filter(|(c, _)| !rs.meta.exclusions_own.iter().any(|o| *o == *c.id))
                .map(|(c, once)| {
                    let own = |gate: &ScoreGate| {
                        Arc::new(CriterionResult {
                            shared: true,
                            ..ctx.criterion(c, gate)
                        })
                    };
                    if reads_score(&c.test) || c.renewal_test.as_ref().is_some_and(reads_score) {
                        own(&gate)
                    } else {
                        once.get_or_init(|| own(&ScoreGate::default())).clone()
                    }
                }),
        );
    }
    criteria.extend(
        rs.criteria
            .iter()
            .map(|c| Arc::new(ctx.criterion(c, &gate))),
    );

    let not_needed = super::held::not_needed(ctx, rs);
    let Judgement {
        verdict,
        route_truth,
        all_soft,
    } = judge(rs, &criteria, not_needed.is_some());
    let doubts = if verdict == Verdict::Doubtful {
        super::held::doubts(&criteria)
    } else {
        vec![]
    };
    let deciding = if verdict == Verdict::Undetermined {
        // The required criteria, then the routes when none holds.
        let routes_open = route_truth != Truth::Yes;
        let all = || criteria.iter().map(|c| &**c);
        let open = (all().filter(|c| c.role == Role::Required))
            .chain(all().filter(|c| c.role == Role::Route && routes_open));
        deciders(
            ctx,
            open.filter(|c| c.status == Status::Unknown || open_soft(all_soft, c)),
        )
    } else {
        vec![]
    };
    let selection = {
        let (application, date, grade) = (ctx.application, ctx.date, applies.grade);
        let (document, basis) = (rs.meta.document.clone(), applies.basis.clone());
        Words::later(move || {
            format!(
                "{}，评估日期 {}：适用 {}。依据：{}（{}）",
                application.label(),
                date,
                document,
                basis,
                grade.label()
            )
        })
    };
    PathResult {
        rule_set: rs.meta.id.clone(),
        path: rs.meta.path.clone(),
        title: rs.meta.title.clone(),
        document: rs.meta.document.clone(),
        grade: rs.meta.grade,
        selection,
        verdict,
        criteria,
        score,
        deciding,
        validity_years: rs.meta.validity_years,
        doubts,
        not_needed,
    }
}

/// How a path's criteria weigh: its verdict, whether its routes hold (soft
/// rules counted as met), and whether the standard is known only from
/// single sources. One logic for the full assessment and the lean one.
struct Judgement {
    verdict: Verdict,
    route_truth: Truth,
    all_soft: bool,
}

/// A rule of a standard whose every rule is [S]/UNCONFIRMED, left open.
fn open_soft(all_soft: bool, c: &impl Judged) -> bool {
    all_soft && c.status() == Status::NeedsReview && c.truth() == Truth::Unknown
}

/// The verdict of one path from its criteria's statuses (in the order the
/// path lists them); `not_needed`: a title held makes the standard moot.
fn judge<C: Judged>(rs: &RuleSet, criteria: &[C], not_needed: bool) -> Judgement {
    let required = || criteria.iter().filter(|c| c.role() == Role::Required);
    let routes = || criteria.iter().filter(|c| c.role() == Role::Route);
    let has_routes = routes().next().is_some();
    let route_truth = if has_routes {
        Truth::any(routes().map(effective))
    } else {
        Truth::Yes
    };
    let required_truth = Truth::all(required().map(effective));
    let lenient = Truth::all([required_truth, route_truth]);
    // A standard whose every rule is [S]/UNCONFIRMED (浙江隐形冠军) has
    // nothing firmer to lean on: its rules left unanswered leave it open,
    // else a firm that answered nothing would read 符合（有待核实项）.
    let all_soft = !rs.criteria.is_empty() && rs.criteria.iter().all(|c| !c.grade.is_hard());
    let weigh = |c: &C| {
        if open_soft(all_soft, c) {
            Truth::Unknown
        } else {
            strict(c)
        }
    };
    // Soft rules as they read: a [S] rule answered and failing fails.
    let overall = Truth::all([
        Truth::all(required().map(weigh)),
        if has_routes {
            Truth::any(routes().map(weigh))
        } else {
            Truth::Yes
        },
    ]);
    // To verify: met on the firm's word, or a [S]/UNCONFIRMED rule left open.
    let soft = |c: &&C| matches!(c.status(), Status::SelfDeclared | Status::NeedsReview);
    let verdict = match overall {
        _ if not_needed => Verdict::NotNeeded,
        Truth::No if lenient == Truth::No => Verdict::NotQualified,
        Truth::No => Verdict::Doubtful,
        Truth::Unknown => Verdict::Undetermined,
        Truth::Yes => {
            // A route met outright makes soft routes irrelevant.
            let hard_route = routes().any(|c| c.status() == Status::Met);
            // A standard known only from [S] sources is met only to verify.
            let used_soft = all_soft
                || required().any(|c| soft(&c))
                || (!hard_route && routes().any(|c| soft(&c)));
            if used_soft {
                Verdict::QualifiesToVerify
            } else {
                Verdict::Qualifies
            }
        }
    };
    Judgement {
        verdict,
        route_truth,
        all_soft,
    }
}

fn deciders<'a>(ctx: &Ctx, open: impl Iterator<Item = &'a CriterionResult>) -> Vec<Decider> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for c in open {
        for id in c.unknown_inputs() {
            match counts.iter_mut().find(|(i, _)| *i == id) {
                Some((_, n)) => *n += 1,
                None => counts.push((id, 1)),
            }
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1));
    counts
        .into_iter()
        .map(|(input, criteria)| Decider {
            label: ctx.label(input),
            input: input.to_owned(),
            criteria,
        })
        .collect()
}

/// The 300号 size gate as a criterion of a tier.
fn size_criterion(ctx: &Ctx, size: &SizeAssessment) -> CriterionResult {
    let (truth, text, unknown_inputs) = match &size.verdict {
        Some(v) => {
            // Written when a view asks: the plan walk assesses each year's
            // tiers and reads only the gate's truth.
            let shown = Arc::clone(v);
            (
                v.is_sme,
                Words::later(move || {
                    format!(
                        "{}（{}）：{}",
                        shown.headline(),
                        shown.industry_name,
                        shown.reason()
                    )
                }),
                Ids::from_vec(v.missing.iter().map(|m| ctx.id_arc(m.input_id())).collect()),
            )
        }
        None => (
            Truth::Unknown,
            Words::from("所属行业未知，无法划型"),
            Ids::one(ctx.id_arc("industry")),
        ),
    };
    let status = size_status(truth);
    let rules = &ctx.pack.size_class.meta;
    let c = &rules.criterion;
    CriterionResult {
        id: "size".into(),
        title: c.title.clone(),
        clause: c.clause.clone(),
        text: c.text.clone(),
        grade: rules.grade,
        source: Some(Arc::clone(&rules.source)),
        role: Role::Required,
        status,
        truth,
        leaves: vec![Leaf::fact_later(text, truth, unknown_inputs)],
        plan: vec![],
        plan_cost: Dec::ZERO,
        evidence: c.evidence.clone(),
        shared: true,
    }
}

/// The size gate's status from its truth (a hard rule: no soft reading).
fn size_status(truth: Truth) -> Status {
    match truth {
        Truth::Yes => Status::Met,
        Truth::No => Status::Unmet,
        Truth::Unknown => Status::Unknown,
    }
}

/// One criterion of a [`LeanPath`]: what the plan walk reads of it.
#[derive(Clone, Debug, PartialEq)]
pub struct LeanCriterion<'p> {
    /// The pack's criterion; None for the size gate.
    pub def: Option<&'p crate::rules::Criterion>,
    pub role: Role,
    pub status: Status,
    pub truth: Truth,
}

impl Judged for LeanCriterion<'_> {
    fn role(&self) -> Role {
        self.role
    }
    fn status(&self) -> Status {
        self.status
    }
    fn truth(&self) -> Truth {
        self.truth
    }
}

/// One path of a tier assessed for its statuses only: the verdict, each
/// criterion's status and truth, and the score gate, as [`PathResult`]
/// has them, without leaves, plans, gaps, texts, deciders or doubts.
#[derive(Clone, Debug)]
pub struct LeanPath<'p> {
    pub rule_set: &'p RuleSet,
    pub verdict: Verdict,
    /// In [`PathResult::criteria`]'s order.
    pub criteria: Vec<LeanCriterion<'p>>,
    /// What `score = "pass"` conditions saw (default when unscored).
    pub gate: ScoreGate,
}

/// [`assess_tier`]'s paths, lean (see [`LeanPath`]): for the plan walk's
/// years (`timeline::Detail::Decide`), which reads only statuses. The
/// verdicts come from the same [`judge`], the statuses from the same
/// `evaluate::status_of`, the truths from `Ctx::truth_of`. `None` when
/// the tier is not in the pack.
pub fn assess_tier_lean<'p>(ctx: &Ctx<'p>, tier: Tier) -> Option<Vec<LeanPath<'p>>> {
    ctx.pack.tiers.iter().find(|d| d.id == tier)?;
    let pack: &'p Pack = ctx.pack;
    let size = OnceCell::new();
    let exclusions: Vec<OnceCell<(Truth, Status)>> = pack
        .exclusions
        .criteria
        .iter()
        .map(|_| OnceCell::new())
        .collect();
    let paths = select(pack, tier, ctx.date, ctx.application)
        .into_iter()
        .map(|(rs, _)| {
            let gate = rs
                .score
                .as_ref()
                .map(|t| ctx.score_gate(t))
                .unwrap_or_default();
            let mut criteria =
                Vec::with_capacity(1 + pack.exclusions.criteria.len() + rs.criteria.len());
            if rs.meta.size_gate {
                let truth = *size.get_or_init(|| size_class::is_sme(pack, ctx.facts));
                criteria.push(LeanCriterion {
                    def: None,
                    role: Role::Required,
                    status: size_status(truth),
                    truth,
                });
            }
            let lean =
                |c: &'p crate::rules::Criterion, (truth, status): (Truth, Status)| LeanCriterion {
                    def: Some(c),
                    role: c.role,
                    status,
                    truth,
                };
            if rs.meta.exclusions {
                let own = pack.exclusions.criteria.iter().zip(&exclusions);
                for (c, once) in
                    own.filter(|(c, _)| !rs.meta.exclusions_own.iter().any(|o| *o == *c.id))
                {
                    let judged = if reads_score(&c.test)
                        || c.renewal_test.as_ref().is_some_and(reads_score)
                    {
                        ctx.criterion_status(c, &gate)
                    } else {
                        *once.get_or_init(|| ctx.criterion_status(c, &ScoreGate::default()))
                    };
                    criteria.push(lean(c, judged));
                }
            }
            criteria.extend(
                rs.criteria
                    .iter()
                    .map(|c| lean(c, ctx.criterion_status(c, &gate))),
            );
            let not_needed = is_not_needed(ctx, rs);
            let verdict = judge(rs, &criteria, not_needed).verdict;
            LeanPath {
                rule_set: rs,
                verdict,
                criteria,
                gate,
            }
        })
        .collect();
    Some(paths)
}

/// Whether the rule set's `not_needed` test holds: `held::not_needed`
/// without its sentence.
fn is_not_needed(ctx: &Ctx, rs: &RuleSet) -> bool {
    rs.meta.not_needed.as_ref().is_some_and(|n| {
        ctx.truth_of(
            &n.test,
            super::evaluate::Mode::Clause,
            &ScoreGate::default(),
        ) == Truth::Yes
    })
}
