//! The time-aware plan (issue 12): for each tier, the earliest year an
//! application can aim at, the fiscal years that application reads, and
//! targets only for the years still open. A fiscal year that ended before
//! the assessment date is fixed; the plan never asks to change it.
//!
//! How: for each candidate application year the answers are *projected*
//! (`projection.rs`): a per-year answer of a closed year keeps its value,
//! an open year becomes unknown (or its 本年预计 figure). The assessment of
//! that projection tells which conditions already fail on fixed figures
//! (the year is out of reach), which wait only on time, which the firm can
//! still change, and which depend on open years (targets, `targets.rs`).
//! A second projection carries the last closed year forward, to estimate
//! the targets' size and to price routes in 万元.

use super::Truth;
use super::assess::{Assessment, LeanPath, Options, PathResult, Verdict};
use super::context::Ctx;
use super::evaluate::{Leaf, Mode, ScoreGate, Status, leaf_cost};
use super::plan::{ScoreMoves, score_moves};
use super::projection::{Bases, Projection};
use super::score::ScoreResult;
use super::settings::Settings;
use super::targets::{Target, target};
use crate::date::Date;
use crate::facts::{Answer, Facts};
use crate::num::Dec;
use crate::rules::{Application, Cond, Criterion, Grade, Pack, Role, RuleSet, Tier};
use serde::Serialize;
use std::cell::OnceCell;

/// How far ahead the plan looks for an application year.
const HORIZON: i32 = 5;

/// What one plan item asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A figure of a fiscal year still open.
    Target,
    /// Something the firm can change before it applies (people, patents, a certificate).
    Now,
    /// Only time clears it; see `clears`.
    Wait,
    /// A value only the 培育平台 gives.
    Platform,
    /// An answer left unknown that decides.
    Complete,
}

/// One thing to do (or wait for) before the application.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanItem {
    pub kind: ItemKind,
    /// The criterion it serves (title) and its clause.
    pub criterion: String,
    pub clause: String,
    /// For targets: the fiscal year (or year end) the figure belongs to.
    pub year: Option<i32>,
    /// For a target summed over several open years (“2026 年、2027 年研发费用
    /// 合计”): the first of them. Not serialised: `year` and the text say it.
    #[serde(skip)]
    pub first_year: Option<i32>,
    /// “2026 年研发费用 ≥ 3% × 2026 年营业收入”
    pub text: String,
    /// “按 2025 年营业收入 8,551 万元估算约 256.53 万元（2025 年为 223 万元）”
    pub estimate: Option<String>,
    /// For waits: the date from which it no longer stands in the way.
    pub clears: Option<Date>,
    /// Support measures that help (ids into the pack).
    pub measures: Vec<String>,
    /// 万元 equivalent by the cost model (ordering only).
    pub cost: Dec,
    /// A target the last closed year already meets: keep it, nothing to change.
    pub keep: bool,
    /// For a wait on a lower tier's title: that tier (its plan decides when
    /// the wait clears). Not serialised: the text says it.
    #[serde(skip)]
    pub after: Option<Tier>,
}

/// The plan to reach one tier along one standard.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimePlan {
    pub path: String,
    pub document: String,
    /// The earliest application year; None when not within the horizon.
    pub apply_year: Option<i32>,
    /// The fiscal years that application reads, each closed (已结束) or open.
    pub reads: Vec<YearRead>,
    /// Why earlier years are out of reach, one line per year.
    pub earlier: Vec<String>,
    pub items: Vec<PlanItem>,
    /// Which “任一即可” route was picked, what it costs and why.
    pub route: Option<String>,
    /// For a failing score: the cheapest band moves.
    pub score_moves: Option<ScoreMoves>,
    /// What must be established before any year can be named: answers left
    /// blank or 不清楚 that decide, values only the 培育平台 gives, or a
    /// lower tier's title whose own year is not yet known. When not empty,
    /// `apply_year` is only the year the plan would aim at if they all came
    /// out met; views print these instead of a year.
    pub undecided: Vec<String>,
}

/// The tail of an `earlier` line that only waits (see the 只能等待 items).
pub const WAIT_ONLY: &str = "还要等，见“只能等待”";

impl TimePlan {
    /// The year promised: none while something must be established first.
    pub fn promised_year(&self) -> Option<i32> {
        if self.undecided.is_empty() {
            self.apply_year
        } else {
            None
        }
    }
}

/// A fiscal year an application reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct YearRead {
    pub year: i32,
    /// 上年度 / 前年 / 大前年, as the application counts it.
    pub label: String,
    /// Already ended before the assessment date (its figures are fixed).
    pub closed: bool,
}

/// The next 复核 of a title held.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Renewal {
    pub year: i32,
    pub document: String,
    pub reads: Vec<YearRead>,
    /// Why the 复核 year fails on figures already fixed (years ended), or
    /// must wait: “2026 年复核不行：……”. Empty when it can still pass.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blocked: Vec<String>,
    /// The verdict of the 复核 rules on what is known today.
    pub verdict: Verdict,
    /// Conditions a 复核 does not examine (复核不考查).
    pub not_examined: Vec<String>,
    /// What the years still open must reach for the 复核 to pass.
    pub items: Vec<PlanItem>,
}

/// Where the firm stands on one tier and what it should do about it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "standing")]
pub enum Standing {
    /// A valid title: no plan to reach it, the next 复核 instead.
    Held {
        granted: Date,
        expires: Date,
        renewal: Option<Renewal>,
    },
    /// A higher title held implies this one: not asked for.
    Implied {
        by: String,
    },
    /// Meets the criteria now: apply in the next window.
    Reached {
        apply_year: i32,
    },
    Plan(TimePlan),
    /// No standard applies on the date.
    NoPath,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierAdvice {
    pub tier: Tier,
    pub label: String,
    /// The title's date was answered 不清楚: the firm may hold it.
    pub maybe_held: bool,
    /// The verdict of today's assessment (新申请 rules).
    pub verdict: Verdict,
    pub standing: Standing,
}

impl PlanItem {
    /// Whether this target asks something of fiscal year `y`: its own year,
    /// or one of the open years a 合计 runs over.
    pub fn targets_year(&self, y: i32) -> bool {
        self.kind == ItemKind::Target
            && match (self.first_year, self.year) {
                (Some(f), Some(l)) => f <= y && y <= l,
                (None, Some(l)) => l == y,
                _ => false,
            }
    }
}

impl TierAdvice {
    /// The year to aim at, when there is one.
    pub fn apply_year(&self) -> Option<i32> {
        match &self.standing {
            Standing::Reached { apply_year } => Some(*apply_year),
            Standing::Plan(p) => p.promised_year(),
            _ => None,
        }
    }

    pub fn held(&self) -> bool {
        matches!(
            self.standing,
            Standing::Held { .. } | Standing::Implied { .. }
        )
    }
}

/// The time-aware advice for every tier, lowest first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Advice {
    /// The first year an application can still be filed in.
    pub first_year: i32,
    pub tiers: Vec<TierAdvice>,
    /// What the plans assume (from the cost model), printed with them.
    pub note: String,
}

/// The grant and expiry dates of a title held and valid on `date` (the
/// validity the pack states for the tier).
fn held_title(pack: &Pack, facts: &Facts, tier: Tier, date: Date) -> Option<(Date, Date)> {
    let Some(Answer::Value(Some(granted))) = pack
        .tier(tier)
        .and_then(|d| d.title_input.as_deref())
        .map(|i| facts.date(i))
    else {
        return None;
    };
    let (years, _) = pack.title_validity(tier)?;
    let expires = granted.plus_years(years);
    (granted <= date && date < expires).then_some((granted, expires))
}

/// Where a value only the 培育平台 gives comes from and how to get it, in
/// the pack's own words: the first sentence of the input's help (“由优质中小
/// 企业梯度培育平台按……自动计算，企业不能自行复算；请登录平台查看”). None
/// for an input the firm answers itself. `id` may be an answer id (`.y1`).
pub fn platform_source(pack: &Pack, id: &str) -> Option<String> {
    pack.input(id.split('.').next().unwrap_or(id))?
        .platform_source()
}

/// Builds the advice over today's assessment.
pub fn advise(pack: &Pack, facts: &Facts, options: &Options, today: &Assessment) -> Advice {
    advise_detail(pack, facts, options, today, Detail::Full)
}

/// How much of the plan a walk builds. One walk serves both, so the year
/// the batch summary names cannot drift from the year the report prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Everything the report shows: texts, estimates, measures, reasons
    /// for earlier years, routes, score moves and the 复核 plans.
    Full,
    /// Only what decides each tier's year: verdicts, blocks, costs (the
    /// path and route choice), the kinds of items and the tiers they wait
    /// on. Texts come out empty, `earlier`, `reads` and `measures` empty,
    /// no 复核 plans; `TierAdvice::apply_year` is that of `Full`. Each
    /// candidate year's tier is assessed lean (`assess::assess_tier_lean`:
    /// statuses by the same logic, no leaves), a leaf is built only where
    /// it is not met, and the walk stops at a year every path is out of
    /// reach for good (see `Lasting`): no later year could be named.
    Decide,
}

impl Detail {
    /// The text `f` builds, or nothing when only the year is decided.
    fn say(self, f: impl FnOnce() -> String) -> String {
        match self {
            Detail::Full => f(),
            Detail::Decide => String::new(),
        }
    }
}

/// The year the report names for each tier (`TierAdvice::apply_year`: none
/// when held, implied, out of reach or undecided), lowest tier first: the
/// batch summary's 最早申报年度. The same walk as [`advise`] in
/// [`Detail::Decide`]: no texts, no 复核 plans of titles held (they name no
/// application year).
pub fn earliest_years(
    pack: &Pack,
    facts: &Facts,
    options: &Options,
    today: &Assessment,
) -> Vec<(Tier, Option<i32>)> {
    advise_detail(pack, facts, options, today, Detail::Decide)
        .tiers
        .iter()
        .map(|t| (t.tier, t.apply_year()))
        .collect()
}

/// The advice at the given detail ([`Detail::Decide`]: for its years only;
/// tests compare them with [`advise`]'s).
pub fn advise_detail(
    pack: &Pack,
    facts: &Facts,
    options: &Options,
    today: &Assessment,
    detail: Detail,
) -> Advice {
    let tl = &pack.cost_model.timeline;
    let date = options.date;
    let first_year = if date <= tl.deadline(date.year) {
        date.year
    } else {
        date.year + 1
    };
    let mut tiers = Vec::new();
    // Resolved once for every tier's plan (none: no plan can be made).
    let settings = Settings::resolve(pack, &options.settings)
        .ok()
        .map(|(s, _)| s);
    // The year each tier's title is (or will be) held by, for the next tier's prerequisite.
    let mut title_years: Vec<(Tier, i32)> = Vec::new();
    let mut higher_held: Option<String> = None;
    // Each candidate year's projection before titles (see `plan_tier`).
    let mut bases = Bases::default();
    // Tiers whose plan cannot name a year yet.
    let mut undecided_tiers: Vec<Tier> = Vec::new();
    for t in today.tiers.iter().rev() {
        if held_title(pack, facts, t.tier, date).is_some() && higher_held.is_none() {
            higher_held = Some(t.label.clone());
        }
    }
    for t in &today.tiers {
        let held = held_title(pack, facts, t.tier, date);
        let standing = if let Some((granted, expires)) = held {
            title_years.push((t.tier, granted.year - 1));
            Standing::Held {
                granted,
                expires,
                renewal: if detail == Detail::Full {
                    renewal(pack, facts, options, t.tier, expires, &title_years)
                } else {
                    None
                },
            }
        } else if let Some(by) = higher_held
            .clone()
            .filter(|by| held_higher(pack, facts, t.tier, date, by, today))
        {
            title_years.push((t.tier, date.year - 1));
            Standing::Implied { by }
        } else if t.paths.is_empty() {
            Standing::NoPath
        } else {
            let plan = settings.and_then(|settings| {
                plan_tier(
                    pack,
                    facts,
                    options,
                    settings,
                    t.tier,
                    first_year,
                    &title_years,
                    Application::New,
                    detail,
                    &mut bases,
                )
            });
            match plan {
                Some(p) if p.apply_year == Some(first_year) && p.items.is_empty() => {
                    title_years.push((t.tier, first_year));
                    Standing::Reached {
                        apply_year: first_year,
                    }
                }
                Some(mut p) => {
                    // A wait on a lower title whose year is not known yet
                    // is not known either.
                    for i in p
                        .items
                        .iter()
                        .filter(|i| i.kind == ItemKind::Wait && p.apply_year.is_some())
                    {
                        if let Some(lower) = i.after.filter(|l| undecided_tiers.contains(l)) {
                            p.undecided.push(detail.say(|| {
                                let label = today
                                    .tiers
                                    .iter()
                                    .find(|x| x.tier == lower)
                                    .map(|x| x.label.as_str())
                                    .unwrap_or_default();
                                format!("先确定{label}的申报时间（须先取得该称号，见上）")
                            }));
                        }
                    }
                    if !p.undecided.is_empty() {
                        undecided_tiers.push(t.tier);
                    }
                    if let Some(y) = p.apply_year {
                        title_years.push((t.tier, y));
                    }
                    Standing::Plan(p)
                }
                None => Standing::NoPath,
            }
        };
        let maybe_held = matches!(
            pack.tier(t.tier)
                .and_then(|d| d.title_input.as_deref())
                .map(|i| facts.date(i)),
            Some(Answer::Unknown)
        );
        let standing = match standing {
            Standing::Plan(mut p) if maybe_held => {
                p.undecided.insert(
                    0,
                    detail.say(|| {
                        format!("先确认是否已持有{}称号及取得日期（现填“不清楚”）", t.label)
                    }),
                );
                if !undecided_tiers.contains(&t.tier) {
                    undecided_tiers.push(t.tier);
                }
                Standing::Plan(p)
            }
            s => s,
        };
        tiers.push(TierAdvice {
            maybe_held,
            tier: t.tier,
            label: t.label.clone(),
            verdict: t.verdict,
            standing,
        });
    }
    Advice {
        first_year,
        tiers,
        note: tl.note.clone(),
    }
}

/// Whether a title held above `tier` implies it (a lower rung is not asked for).
fn held_higher(
    pack: &Pack,
    facts: &Facts,
    tier: Tier,
    date: Date,
    _by: &str,
    a: &Assessment,
) -> bool {
    let pos = |x: Tier| a.tiers.iter().position(|t| t.tier == x).unwrap_or(0);
    a.tiers
        .iter()
        .any(|h| pos(h.tier) > pos(tier) && held_title(pack, facts, h.tier, date).is_some())
}

/// The next 复核 of a title expiring on `expires`: the 复核 rules applied
/// to the years that 复核 will read, targets for the open ones.
fn renewal(
    pack: &Pack,
    facts: &Facts,
    options: &Options,
    tier: Tier,
    expires: Date,
    title_years: &[(Tier, i32)],
) -> Option<Renewal> {
    let year = expires.year.max(options.date.year);
    let (settings, _) = Settings::resolve(pack, &options.settings).ok()?;
    let plan = plan_tier(
        pack,
        facts,
        options,
        settings,
        tier,
        year,
        title_years,
        Application::Renewal,
        Detail::Full,
        &mut Bases::default(),
    )?;
    let proj = Projection::new(pack, facts, options.date, year, title_years, Some(tier));
    let t = super::assess::assess_tier(&proj.ctx(pack, settings, Application::Renewal), tier)?;
    let path = t.paths.iter().find(|p| p.path == plan.path)?;
    let not_examined = path
        .criteria
        .iter()
        .filter(|c| c.status == Status::NotApplicable)
        .map(|c| c.title.to_string())
        .collect();
    Some(Renewal {
        year,
        document: plan.document,
        reads: plan.reads,
        blocked: plan.earlier,
        verdict: path.verdict,
        not_examined,
        items: plan.items,
    })
}

/// What a path needs in one application year.
struct PathNeed {
    items: Vec<PlanItem>,
    cost: Dec,
    /// Why this year is out of reach (fixed figures), with the first date a wait clears.
    blocked: Vec<Block>,
    /// Blocked in every later year with the same rule sets (see `Lasting`).
    lasting: Lasting,
    route: Option<String>,
}

#[derive(Clone)]
struct Block {
    why: String,
    /// For a wait: when it clears.
    clears: Option<Date>,
    /// For a wait on a lower tier's title: that tier.
    after: Option<Tier>,
    criterion: String,
    clause: String,
}

enum Need {
    Met,
    Items(Vec<PlanItem>, Dec),
    /// The blocks, and whether they last: every later application year
    /// (with the same rule sets) is blocked the same way (see `Lasting`).
    Blocked(Vec<Block>, Lasting),
}

/// Whether a block stands in every later application year too. Only a
/// target out of reach whose years are all still open lasts: each later
/// year reads later years, as open, against the same last closed year,
/// so it asks the same amount a year and is out of reach again. A block
/// on fixed figures does not last (a later year reads other years), nor
/// a wait. “且” lasts when one part does, “或” when every branch does.
/// (This rests on the reach test in `Walk::unknown`: an open year's reach is
/// a multiple of the last closed year, never of the year before it. A
/// reach that compounded year on year would grow with the year, and no
/// block of that kind would last.)
type Lasting = bool;

/// The plan for one tier: the first year from `from` whose application can
/// succeed, and what it needs. None when the tier has no standard.
#[allow(clippy::too_many_arguments)]
fn plan_tier(
    pack: &Pack,
    facts: &Facts,
    options: &Options,
    settings: Settings,
    tier: Tier,
    from: i32,
    title_years: &[(Tier, i32)],
    application: Application,
    detail: Detail,
    bases: &mut Bases,
) -> Option<TimePlan> {
    let mut earlier = Vec::new();
    let mut waits: Vec<Block> = Vec::new();
    let mut last: Option<(Chosen, PathNeed, Vec<YearRead>)> = None;
    // A 复核 has one year, the title's expiry year: the title lapses if it
    // fails, so a later year (whose reads are still open) is no way out.
    // The plan's year is then the year it reads from (Y−1, Y−2 …).
    let horizon = match application {
        Application::Renewal => 1,
        Application::New => HORIZON,
    };
    for year in from..from + horizon {
        // The projection of `year` before titles is the same for every
        // tier of this firm: built once, then the titles placed.
        let proj = bases.placed(pack, facts, options.date, year, title_years);
        let strict = proj.ctx(pack, settings, application);
        // Only this tier (the plan reads nothing of the others), in the
        // context the plan's leaves are then read in: in full for the
        // report (its leaves give the years read, its score the moves),
        // statuses only for the year (the same verdict and status logic).
        let (full, lean) = match detail {
            Detail::Full => (Some(super::assess::assess_tier(&strict, tier)?), None),
            Detail::Decide => (None, Some(super::assess::assess_tier_lean(&strict, tier)?)),
        };
        let views: Vec<PathView<'_, '_>> = match (&full, lean) {
            (Some(t), _) => t
                .paths
                .iter()
                .map(|p| PathView::full(pack, p, application))
                .collect::<Option<_>>()?,
            (_, Some(l)) => l
                .into_iter()
                .map(|p| PathView::lean(pack, p, application))
                .collect(),
            _ => return None,
        };
        if views.is_empty() {
            return None;
        }
        // The estimate context only when a leaf reads open years.
        let est = OnceCell::new();
        let mut best: Option<(usize, PathNeed)> = None;
        // Every path blocked for good this year (see `Lasting`).
        let mut lasting = true;
        for (i, p) in views.iter().enumerate() {
            let need = path_need(pack, &strict, &est, p, &proj, detail, views.len() > 1);
            lasting &= !need.blocked.is_empty() && need.lasting;
            let better = match &best {
                None => true,
                Some((_, b)) => match (b.blocked.is_empty(), need.blocked.is_empty()) {
                    (true, false) => false,
                    (false, true) => true,
                    _ => need.cost < b.cost,
                },
            };
            if better {
                best = Some((i, need));
            }
        }
        let (i, need) = best?;
        let rs = views[i].rs;
        let rule_sets: Vec<&RuleSet> = views.iter().map(|v| v.rs).collect();
        drop(views);
        let (p, reads) = match full {
            Some(t) => {
                let p = t.paths.into_iter().nth(i)?;
                let reads = proj.reads(pack, &p);
                (Chosen::full(p), reads)
            }
            None => (Chosen::lean(rs), Vec::new()),
        };
        if need.blocked.is_empty() {
            return Some(finish(p, need, Some(year), reads, earlier, waits, detail));
        }
        if detail == Detail::Decide {
            // Every path out of reach for good, and the later years judged
            // by the same rule sets: no later year can be named, so the
            // plan names none (as the full walk over those years would:
            // the year is None, and with it what the waits would decide).
            let later = year + 1..from + horizon;
            // `same_rule_sets` dates a later year as the projections do;
            // should they date otherwise, no year is skipped.
            let dated =
                year <= options.date.year || strict.date == pack.cost_model.timeline.deadline(year);
            if lasting
                && dated
                && later
                    .clone()
                    .all(|y| same_rule_sets(pack, tier, &rule_sets, options.date, y, application))
            {
                return Some(finish(p, need, None, reads, earlier, waits, detail));
            }
            // No reasons to word; every wait is kept (their texts are
            // empty, so they cannot be told apart; a repeat changes
            // neither whether items exist nor which tiers they wait on).
            waits.extend(need.blocked.iter().filter(|b| b.clears.is_some()).cloned());
            last = Some((p, need, reads));
            continue;
        }
        // One reason per criterion, and one per reading (an alternative
        // reading that fails the same way adds nothing).
        let mut fixed: Vec<String> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for b in need.blocked.iter().filter(|b| b.clears.is_none()) {
            let core = b.why.split("（该条").next().unwrap_or(&b.why);
            if seen.contains(&b.criterion.as_str()) || fixed.iter().any(|f| f.starts_with(core)) {
                continue;
            }
            seen.push(&b.criterion);
            fixed.push(b.why.clone());
        }
        let act = match application {
            Application::New => "申报",
            Application::Renewal => "复核",
        };
        earlier.push(if fixed.is_empty() {
            format!("{year} 年{act}不行：{WAIT_ONLY}")
        } else {
            format!("{year} 年{act}不行：{}", fixed.join("；"))
        });
        for b in need.blocked.iter().filter(|b| b.clears.is_some()) {
            if !waits.iter().any(|w| w.why == b.why) {
                waits.push(b.clone());
            }
        }
        last = Some((p, need, reads));
    }
    let (p, need, reads) = last?;
    Some(finish(p, need, None, reads, earlier, waits, detail))
}

/// The path a plan takes: its names and, in full, its score (for the moves).
struct Chosen {
    path: String,
    document: String,
    score: Option<ScoreResult>,
}

impl Chosen {
    fn full(p: PathResult) -> Chosen {
        Chosen {
            path: p.path,
            document: p.document,
            score: p.score,
        }
    }

    fn lean(rs: &RuleSet) -> Chosen {
        Chosen {
            path: rs.meta.path.clone(),
            document: rs.meta.document.clone(),
            score: None,
        }
    }
}

/// Whether an application in `year` (after this one) is judged by the
/// same rule sets as `rule_sets`, in the same order: its projection is
/// dated the year's deadline (`Projection::base`, for a year after today's).
fn same_rule_sets(
    pack: &Pack,
    tier: Tier,
    rule_sets: &[&RuleSet],
    today: Date,
    year: i32,
    application: Application,
) -> bool {
    if year <= today.year {
        return false;
    }
    let date = pack.cost_model.timeline.deadline(year);
    let later = super::assess::select(pack, tier, date, application);
    later.len() == rule_sets.len()
        && later
            .iter()
            .zip(rule_sets)
            .all(|((r, _), s)| std::ptr::eq(*r, *s))
}

fn finish(
    p: Chosen,
    need: PathNeed,
    apply_year: Option<i32>,
    reads: Vec<YearRead>,
    earlier: Vec<String>,
    waits: Vec<Block>,
    detail: Detail,
) -> TimePlan {
    let mut items: Vec<PlanItem> = waits
        .into_iter()
        .map(|w| PlanItem {
            kind: ItemKind::Wait,
            criterion: w.criterion,
            clause: w.clause,
            year: None,
            first_year: None,
            text: w.why,
            estimate: None,
            clears: w.clears,
            measures: vec![],
            cost: Dec::ZERO,
            keep: false,
            after: w.after,
        })
        .collect();
    items.extend(need.items);
    // Answers that decide but are blank or 不清楚, and values only the
    // platform gives: no year is promised before they are known.
    // (Not when every year is out of reach on fixed figures: then no
    // answer still to give changes that.)
    let undecided = items
        .iter()
        .filter(|_| apply_year.is_some())
        .filter(|i| matches!(i.kind, ItemKind::Complete | ItemKind::Platform))
        .map(|i| i.text.clone())
        .collect();
    let score_moves = p
        .score
        .as_ref()
        .filter(|s| s.pass == Truth::No && detail == Detail::Full)
        .and_then(|s| score_moves(s, true));
    TimePlan {
        path: p.path,
        document: p.document,
        apply_year,
        reads,
        earlier,
        items,
        route: need.route,
        score_moves,
        undecided,
    }
}

/// The cond a criterion was judged by, from the pack.
fn cond_of<'p>(
    pack: &'p Pack,
    rule_set: &str,
    id: &str,
    application: Application,
) -> Option<&'p Cond> {
    let c = pack
        .rule_sets
        .iter()
        .find(|r| r.meta.id == rule_set)
        .and_then(|r| r.criteria.iter().find(|c| *c.id == *id))
        .or_else(|| pack.exclusions.criteria.iter().find(|c| *c.id == *id))?;
    Some(judged_by(c, application))
}

/// The test a criterion is judged by for `application` (a 复核 may have its own).
fn judged_by(c: &Criterion, application: Application) -> &Cond {
    match (application, &c.renewal_test) {
        (Application::Renewal, Some(t)) => t,
        _ => &c.test,
    }
}

/// What the walk reads of one criterion of a path, from the full
/// assessment ([`Detail::Full`]) or the lean one ([`Detail::Decide`]).
struct CriterionView<'a> {
    /// The condition it is judged by; None for the size gate.
    cond: Option<&'a Cond>,
    role: Role,
    status: Status,
    grade: Grade,
    title: &'a str,
    clause: &'a str,
    /// The size gate's reading, for its wording (full only).
    leaf: Option<&'a Leaf>,
}

/// What the walk reads of one path: its rule set, score gate and criteria.
struct PathView<'a, 'p> {
    /// From the pack (outlives the assessment the view reads).
    rs: &'p RuleSet,
    gate: ScoreGate,
    criteria: Vec<CriterionView<'a>>,
}

impl<'a, 'p: 'a> PathView<'a, 'p> {
    /// None only for a path whose rule set is not in the pack.
    fn full(pack: &'p Pack, p: &'a PathResult, application: Application) -> Option<Self> {
        let rs = pack.rule_sets.iter().find(|r| r.meta.id == p.rule_set)?;
        let criteria = p
            .criteria
            .iter()
            .map(|c| CriterionView {
                // Not looked up for a criterion met (the walk never reads
                // it: a route met leaves the routes unwalked).
                cond: (!matches!(c.status, Status::Met | Status::SelfDeclared))
                    .then(|| cond_of(pack, &p.rule_set, &c.id, application))
                    .flatten(),
                role: c.role,
                status: c.status,
                grade: c.grade,
                title: &c.title,
                clause: &c.clause,
                leaf: c.leaves.first(),
            })
            .collect();
        Some(PathView {
            rs,
            gate: p.score.as_ref().map(|s| s.gate()).unwrap_or_default(),
            criteria,
        })
    }

    fn lean(pack: &'p Pack, p: LeanPath<'p>, application: Application) -> Self {
        let size = &pack.size_class.meta;
        let criteria = p
            .criteria
            .into_iter()
            .map(|c| match c.def {
                Some(d) => CriterionView {
                    cond: Some(judged_by(d, application)),
                    role: c.role,
                    status: c.status,
                    grade: d.grade,
                    title: &d.title,
                    clause: &d.clause,
                    leaf: None,
                },
                None => CriterionView {
                    cond: None,
                    role: c.role,
                    status: c.status,
                    grade: size.grade,
                    title: &size.criterion.title,
                    clause: &size.criterion.clause,
                    leaf: None,
                },
            })
            .collect();
        PathView {
            rs: p.rule_set,
            gate: p.gate,
            criteria,
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn path_need<'c>(
    pack: &Pack,
    strict: &Ctx<'c>,
    est: &OnceCell<Ctx<'c>>,
    p: &PathView,
    proj: &'c Projection,
    detail: Detail,
    paths_compared: bool,
) -> PathNeed {
    let gate = &p.gate;
    // Scored once per path when a criterion needs it, not once per criterion.
    let est_gate = OnceCell::new();
    let mut out = PathNeed {
        items: vec![],
        cost: Dec::ZERO,
        blocked: vec![],
        lasting: false,
        route: None,
    };
    // What one criterion still needs on this path; `compared`: costs decide
    // between paths or routes, so they are estimated (Detail::Decide).
    let need = |c: &CriterionView, compared: bool| {
        criterion_need(
            pack, strict, est, p.rs, c, gate, &est_gate, proj, detail, compared,
        )
    };
    // A rule known from a single source ([S]/UNCONFIRMED, 需人工核验) weighs
    // in the plan as it reads: it is not a verdict, but no year is promised
    // past it (the report says the rule's standing beside it).
    let open = |c: &&CriterionView| {
        matches!(
            c.status,
            Status::Unmet | Status::Unknown | Status::NeedsReview
        )
    };
    for c in p
        .criteria
        .iter()
        .filter(|c| c.role == Role::Required)
        .filter(open)
    {
        match need(c, paths_compared) {
            Need::Met => {}
            Need::Items(items, cost) => {
                out.cost += cost;
                out.items.extend(items);
            }
            Need::Blocked(b, lasting) => {
                out.lasting |= lasting && !b.is_empty();
                out.blocked.extend(b);
            }
        }
    }
    let routes: Vec<_> = p
        .criteria
        .iter()
        .filter(|c| c.role == Role::Route)
        .collect();
    let route_met = routes.iter().any(|c| {
        matches!(
            c.status,
            Status::Met | Status::SelfDeclared | Status::NeedsReview
        )
    });
    if !routes.is_empty() && !route_met {
        let mut options: Vec<(String, Vec<PlanItem>, Dec)> = Vec::new();
        let mut blocks = Vec::new();
        // Every route blocked for good; a [S] route left open would count
        // as met in a later year (route_met), so only firm routes last.
        let mut routes_lasting = true;
        for c in &routes {
            match need(c, paths_compared || routes.len() > 1) {
                Need::Met => {
                    options.clear();
                    blocks.clear();
                    break;
                }
                Need::Items(items, cost) => {
                    options.push((detail.say(|| c.title.to_string()), items, cost))
                }
                Need::Blocked(b, lasting) => {
                    blocks.extend(b);
                    routes_lasting &= lasting && c.grade.is_hard();
                }
            }
        }
        options.sort_by(|a, b| a.2.cmp(&b.2));
        if let Some((title, items, cost)) = options.first().cloned() {
            let others: Vec<String> = options
                .iter()
                .skip(1)
                .filter(|_| detail == Detail::Full)
                .map(|(t, _, c)| format!("{t}（折合约 {} 万元）", money(*c)))
                .collect();
            out.route = (detail == Detail::Full).then(|| if others.is_empty() {
                format!(
                    "“任一即可”的几条路径中只有“{title}”还走得通（折合约 {} 万元）。",
                    money(cost)
                )
            } else {
                format!(
                    "“任一即可”的几条路径中选“{title}”：折合约 {} 万元，是最省的一条；其他：{}。",
                    money(cost),
                    others.join("；")
                )
            });
            out.cost += cost;
            out.items.extend(items);
        } else if !blocks.is_empty() {
            out.blocked.extend(blocks);
            out.lasting |= routes_lasting;
        }
    }
    out
}

fn money(v: Dec) -> String {
    crate::num::Grouped(v.round_dp(2).normalize()).to_string()
}

#[allow(clippy::too_many_arguments)]
fn criterion_need<'c>(
    pack: &Pack,
    strict: &Ctx<'c>,
    est: &OnceCell<Ctx<'c>>,
    rs: &RuleSet,
    c: &CriterionView,
    gate: &ScoreGate,
    est_gate: &OnceCell<ScoreGate>,
    proj: &'c Projection,
    detail: Detail,
    compared: bool,
) -> Need {
    let Some(cond) = c.cond else {
        // The size gate: unmet on closed figures (open years leave it unknown).
        return match c.status {
            Status::Unmet => Need::Blocked(
                vec![Block {
                    why: detail.say(|| {
                        format!(
                            "{}：{}",
                            c.title,
                            c.leaf.map(|l| l.text().into_owned()).unwrap_or_default()
                        )
                    }),
                    clears: None,
                    after: None,
                    criterion: detail.say(|| c.title.to_string()),
                    clause: detail.say(|| c.clause.to_string()),
                }],
                false,
            ),
            _ => Need::Met,
        };
    };
    let w = Walk {
        pack,
        strict,
        est,
        gate,
        proj,
        criterion: c.title,
        clause: c.clause,
        est_gate,
        rs,
        detail,
        costed: detail == Detail::Full || compared,
    };
    let need = w.need(cond);
    // A rule not settled in its text says so wherever it stands in the way.
    let Some(why) = super::held::uncertainty(c.grade).filter(|_| detail == Detail::Full) else {
        return need;
    };
    match need {
        Need::Blocked(mut b, lasting) => {
            for x in &mut b {
                x.why = format!("{}（{why}）", x.why);
            }
            Need::Blocked(b, lasting)
        }
        Need::Items(mut items, cost) => {
            for i in items.iter_mut().filter(|i| i.kind != ItemKind::Complete) {
                i.text = format!("{}（{why}）", i.text);
            }
            Need::Items(items, cost)
        }
        Need::Met => Need::Met,
    }
}

/// The estimate projection's score gate for the same path.
fn est_gate_of(est: &Ctx, rs: &RuleSet) -> ScoreGate {
    rs.score
        .as_ref()
        .map(|t| est.score_gate(t))
        .unwrap_or_default()
}

#[derive(Clone, Copy)]
struct Walk<'a, 'c> {
    pack: &'a Pack,
    strict: &'a Ctx<'c>,
    /// Open years carried forward: built when a leaf first reads open years.
    est: &'a OnceCell<Ctx<'c>>,
    gate: &'a ScoreGate,
    /// Scored only when a leaf reads open years (most criteria do not).
    est_gate: &'a std::cell::OnceCell<ScoreGate>,
    rs: &'a RuleSet,
    proj: &'c Projection,
    criterion: &'a str,
    clause: &'a str,
    detail: Detail,
    /// Whether the costs are read: in `Detail::Decide` only where they
    /// choose (between paths, routes or the branches of an “任一”); else
    /// a target's cost is not estimated (its estimate evaluation skipped).
    costed: bool,
}

impl<'a, 'c> Walk<'a, 'c> {
    fn need(&self, c: &Cond) -> Need {
        match c {
            Cond::All(items) => {
                let mut all = Vec::new();
                let mut cost = Dec::ZERO;
                let mut blocked = Vec::new();
                let mut lasting = false;
                for i in items {
                    match self.need(i) {
                        Need::Met => {}
                        Need::Items(x, k) => {
                            all.extend(x);
                            cost += k;
                        }
                        Need::Blocked(b, l) => {
                            lasting |= l && !b.is_empty();
                            blocked.extend(b);
                        }
                    }
                }
                if !blocked.is_empty() {
                    Need::Blocked(blocked, lasting)
                } else if all.is_empty() {
                    Need::Met
                } else {
                    Need::Items(all, cost)
                }
            }
            Cond::Any(items) => {
                let mut best: Option<(Vec<PlanItem>, Dec)> = None;
                let mut blocked = Vec::new();
                let mut lasting = true;
                // The cheapest branch is taken: its branches are costed.
                let w = Walk {
                    costed: true,
                    ..*self
                };
                for i in items {
                    match w.need(i) {
                        Need::Met => return Need::Met,
                        Need::Items(x, k) => {
                            if best.as_ref().is_none_or(|(_, b)| k < *b) {
                                best = Some((x, k));
                            }
                        }
                        Need::Blocked(b, l) => {
                            blocked.extend(b);
                            lasting &= l;
                        }
                    }
                }
                match best {
                    Some((x, k)) => Need::Items(x, k),
                    // (No branch at all blocks nothing for good.)
                    None => {
                        let lasting = lasting && !blocked.is_empty();
                        Need::Blocked(blocked, lasting)
                    }
                }
            }
            _ => self.leaf(c),
        }
    }

    fn leaf(&self, c: &Cond) -> Need {
        // Most leaves hold: their truth alone, no leaf built.
        if self.strict.truth_of(c, Mode::Clause, self.gate) == Truth::Yes {
            return Need::Met;
        }
        let (truth, leaves) = self.strict.eval(c, Mode::Clause, self.gate);
        let Some(leaf) = leaves.into_iter().next() else {
            return Need::Met;
        };
        match truth {
            Truth::Yes => Need::Met,
            Truth::Unknown => self.unknown(c, leaf),
            Truth::No => self.unmet(c, leaf),
        }
    }

    fn est_gate(&self) -> &ScoreGate {
        self.est_gate
            .get_or_init(|| est_gate_of(self.est(), self.rs))
    }

    fn est(&self) -> &'a Ctx<'c> {
        self.est.get_or_init(|| {
            let s = self.strict;
            self.proj.est_ctx(s.pack, s.settings, s.application)
        })
    }

    fn item(&self, kind: ItemKind, text: String) -> PlanItem {
        PlanItem {
            kind,
            criterion: self.detail.say(|| self.criterion.to_owned()),
            clause: self.detail.say(|| self.clause.to_owned()),
            year: None,
            first_year: None,
            text,
            estimate: None,
            clears: None,
            measures: vec![],
            cost: Dec::ZERO,
            keep: false,
            after: None,
        }
    }

    fn measures_for(&self, names: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        if self.detail == Detail::Decide {
            return out;
        }
        for name in names {
            self.pack.for_measures_helping(name, |m| {
                if !out.contains(&m.id) {
                    out.push(m.id.clone());
                }
            });
        }
        out
    }

    /// Unknown in the strict projection: open years (a target), the
    /// platform, or an answer the firm left unknown.
    fn unknown(&self, c: &Cond, leaf: Leaf) -> Need {
        let open = !leaf.unknown_inputs.is_empty()
            && leaf.unknown_inputs.iter().all(|id| self.proj.is_open(id));
        let cost_model = &self.pack.cost_model;
        if !open {
            let platform = leaf.unknown_inputs.iter().any(|id| {
                self.pack
                    .input(id)
                    .is_some_and(|d| d.origin == crate::rules::Origin::Platform)
            });
            let mut item = self.item(
                if platform {
                    ItemKind::Platform
                } else {
                    ItemKind::Complete
                },
                self.detail.say(|| {
                    if platform {
                        format!(
                            "{}（{}）",
                            leaf.text(),
                            leaf.unknown_inputs
                                .iter()
                                .find_map(|id| platform_source(self.pack, id))
                                .unwrap_or_default()
                        )
                    } else {
                        format!("{}：请补全填报后再看", leaf.text())
                    }
                }),
            );
            item.cost = cost_model.fact_cost.0;
            let cost = item.cost;
            return Need::Items(vec![item], cost);
        }
        if matches!(c, Cond::ScorePass) {
            // The score reads open years: state the pass mark and the
            // estimate by the last closed year.
            let mut item = self.item(
                ItemKind::Target,
                self.detail.say(|| {
                    "评价得分达到及格线且各类不低于下限（按申报年读取的年度数据计分）".to_owned()
                }),
            );
            item.estimate = (self.detail == Detail::Full).then(|| match self.est_gate().pass {
                Some(Truth::Yes) => "按最近一个已结束年度的数据估算可以达到".to_owned(),
                Some(Truth::No) => {
                    "按最近一个已结束年度的数据估算达不到，见下面的评分提升".to_owned()
                }
                _ => "按最近一个已结束年度的数据估算尚不能确定".to_owned(),
            });
            item.cost = cost_model.fact_cost.0;
            let cost = item.cost;
            return Need::Items(vec![item], cost);
        }
        // Estimate: the same leaf with open years carried forward (for
        // the cost and the wording; neither is read when not costed).
        let (est_truth, est_leaf) = if self.costed {
            let (t, leaves) = self.est().eval(c, Mode::Clause, self.est_gate());
            (t, leaves.into_iter().next())
        } else {
            (Truth::Unknown, None)
        };
        let Some(Target {
            year,
            first,
            text,
            estimate,
            lever,
            per_year,
            lasting,
        }) = target(
            self.strict,
            self.proj,
            &leaf,
            est_leaf.as_ref(),
            self.detail == Detail::Full,
        )
        else {
            let mut item = self.item(
                ItemKind::Target,
                self.detail.say(|| leaf.text().into_owned()),
            );
            item.cost = cost_model.fact_cost.0;
            let cost = item.cost;
            return Need::Items(vec![item], cost);
        };
        // Past what a year can reach (cost_model reach: 收入 at most × 2 of
        // the last closed year): this application year is out of reach.
        if let Some((input, need, last, v)) = per_year {
            let times = cost_model.timeline.reach.iter().find(|r| r.input == input);
            if let Some(r) = times.filter(|r| v > Dec::ZERO && need > v * Dec::from(r.times)) {
                return Need::Blocked(vec![Block {
                    why: self.detail.say(|| {
                        format!(
                            "{text}：{}，每年须达 {} 万元，是 {last} 年的 {} 倍，超出本报告估算的可达范围（尚未结束的年度每年至多为 {last} 年的 {} 倍）",
                            estimate.unwrap_or_default(),
                            crate::num::Grouped(need.round_dp(2).normalize()),
                            crate::num::Grouped((need / v).round_dp(1).normalize()),
                            r.times
                        )
                    }),
                    clears: None,
                    after: None,
                    criterion: self.detail.say(|| self.criterion.to_owned()),
                    clause: self.detail.say(|| self.clause.to_owned()),
                }], lasting);
            }
        }
        let cost = match (est_truth, &est_leaf) {
            (Truth::Yes, _) => Dec::ZERO,
            (_, Some(l)) if l.gap.is_some() => leaf_cost(cost_model, l),
            _ => cost_model.fact_cost.0,
        };
        let mut item = self.item(ItemKind::Target, text);
        item.year = Some(year);
        item.first_year = (first < year).then_some(first);
        item.estimate = estimate;
        item.measures = self.measures_for(&lever);
        item.cost = cost;
        item.keep = est_truth == Truth::Yes;
        Need::Items(vec![item], cost)
    }

    /// Unmet in the strict projection: fixed figures (out of reach this
    /// year), time, or something the firm can still change.
    fn unmet(&self, c: &Cond, leaf: Leaf) -> Need {
        let detail = self.detail;
        // `why` is built only when the plan is worded (Detail::Full).
        let block = |why: &dyn Fn() -> String, clears: Option<Date>| {
            Need::Blocked(
                vec![Block {
                    why: detail.say(why),
                    clears,
                    after: None,
                    criterion: detail.say(|| self.criterion.to_owned()),
                    clause: detail.say(|| self.clause.to_owned()),
                }],
                false,
            )
        };
        match c {
            Cond::Flag(_) => {
                let name = || {
                    let text = leaf.text();
                    let name = text.split('：').next().unwrap_or(&text);
                    name.trim_start_matches("已获得")
                        .trim_end_matches("（有效期内）")
                        .to_owned()
                };
                let planned = leaf.title.and_then(|t| self.proj.title_year(t));
                if let (Some(t), Some(y)) = (leaf.title, planned) {
                    return Need::Blocked(
                        vec![Block {
                        why: detail.say(|| {
                            format!(
                                "须先取得{}（按本报告的计划 {y} 年申报取得，{} 年起可申报本梯度）",
                                name(),
                                y + 1
                            )
                        }),
                        clears: Some(Date::new(y + 1, 1, 1)),
                        after: Some(t),
                        criterion: detail.say(|| self.criterion.to_owned()),
                        clause: detail.say(|| self.clause.to_owned()),
                    }],
                        false,
                    );
                }
                return block(
                    &|| match planned {
                        Some(y) => format!(
                            "须先取得{}（按本报告的计划 {y} 年申报取得，{} 年起可申报本梯度）",
                            name(),
                            y + 1
                        ),
                        None => format!("须先取得{}", name()),
                    },
                    planned.map(|y| Date::new(y + 1, 1, 1)),
                );
            }
            Cond::Answer { id, .. } => {
                if let (Some(clears), Some(years)) = (
                    self.proj.wait_clears(self.pack, id),
                    self.proj.wait_years(self.pack, id),
                ) {
                    return block(
                        &|| {
                            format!(
                                "{}：只有时间能消除，最晚 {clears} 起不再计入（按发生在评估日之前估算；按实际发生日期加 {} 年推算）",
                                self.strict.label(id),
                                years
                            )
                        },
                        Some(clears),
                    );
                }
            }
            Cond::NoEvent { id, window, .. } => {
                if let Some(clears) = self.strict.no_event_clears(id, *window) {
                    return block(
                        &|| {
                            format!(
                                "{}：只有时间能消除，{clears} 起不再计入（{}，按填写的发生时间推算）",
                                self.strict.label(id),
                                window.words()
                            )
                        },
                        Some(clears),
                    );
                }
            }
            // Years in a niche: only time closes it (the metric's kind, not its name).
            Cond::Compare(x)
                if self
                    .pack
                    .metric_def(&x.metric)
                    .is_some_and(|d| d.kind == crate::rules::MetricKind::YearsSince) =>
            {
                let clears = leaf.gap.as_ref().and_then(|g| g.earliest);
                return block(
                    &|| {
                        format!(
                            "{}（{}）",
                            leaf.text(),
                            leaf.gap
                                .as_ref()
                                .map(|g| g.advice.to_string())
                                .unwrap_or_default()
                        )
                    },
                    clears,
                );
            }
            Cond::Compare(x) if self.proj.reads_fiscal(self.pack, &x.metric) => {
                return block(
                    &|| {
                        format!(
                            "{}（{}）",
                            self.proj.year_words(&leaf.text()),
                            self.proj.fixed_note(self.pack, &x.metric)
                        )
                    },
                    None,
                );
            }
            Cond::ScorePass => {
                let mut item = self.item(
                    ItemKind::Now,
                    detail.say(|| "评价得分未达及格线：按下面的评分提升调整".to_owned()),
                );
                item.cost = self.pack.cost_model.fact_cost.0;
                let cost = item.cost;
                return Need::Items(vec![item], cost);
            }
            _ => {}
        }
        // Changeable before applying: people, patents, certificates, market position.
        let mut item = self.item(
            ItemKind::Now,
            detail.say(|| {
                let mut text = leaf.text().into_owned();
                if let Some(g) = &leaf.gap {
                    text = format!("{text}：{}", g.advice);
                }
                format!("申报前做到：{text}")
            }),
        );
        if detail == Detail::Full {
            let mut names: Vec<String> = leaf
                .gap
                .as_ref()
                .and_then(|g| g.lever.clone())
                .into_iter()
                .collect();
            names.extend(leaf.metric.as_ref().map(|m| m.name.to_string()));
            if let Cond::Answer { id, .. } | Cond::Choice { id, .. } = c {
                names.push(id.clone());
            }
            item.measures = self.measures_for(&names);
        }
        item.cost = leaf_cost(&self.pack.cost_model, &leaf);
        let cost = item.cost;
        Need::Items(vec![item], cost)
    }
}
