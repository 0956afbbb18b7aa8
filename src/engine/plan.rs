//! The gap report model: for each tier not yet reached, the cheapest set of
//! changes across its criteria (every unmet required criterion, plus the
//! cheapest route when no route holds), the support measures that help,
//! the evidence an application will ask for; and the ladder (梯度路线图)
//! with the earliest year each tier can be reached and the renewal dates
//! of titles held. Pure data over an [`Assessment`].

use super::Truth;
use super::assess::{Assessment, PathResult, Verdict, fails};
use super::evaluate::{CriterionResult, Leaf, Status};
use super::score::ScoreResult;
use crate::date::Date;
use crate::facts::{Answer, Facts};
use crate::num::Dec;
use crate::rules::{Measure, Pack, Role, Tier};
use serde::Serialize;

/// One criterion to meet and the changes that meet it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    pub criterion: String,
    pub clause: String,
    pub grade: crate::rules::Grade,
    /// The leaves to change, each with its gap where it has one.
    pub changes: Vec<Leaf>,
    /// Support measures that help with these changes (ids into the pack).
    pub measures: Vec<String>,
}

/// The smallest path to one tier along one standard.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierPlan {
    pub tier: Tier,
    pub label: String,
    pub path: String,
    pub document: String,
    pub steps: Vec<Step>,
    /// Sum of relative costs (see `evaluate::leaf_cost`): the plan chosen is the cheapest.
    pub cost: Dec,
    /// When only time closes a gap: the first date it closes.
    pub earliest: Option<Date>,
    /// 佐证材料 for this standard's criteria.
    pub evidence: Vec<String>,
    /// For a failing score: the cheapest band moves to the pass mark.
    pub score_moves: Option<ScoreMoves>,
}

/// One band move in the cheapest set that reaches the pass mark.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BandMove {
    pub indicator: String,
    pub from: String,
    pub to: String,
    pub gain: Dec,
    pub advice: Vec<String>,
}

/// The fewest band steps that lift a failing score to its pass mark while
/// every dimension keeps its floor. Unknown indicators count at their
/// minimum, so the moves suffice whatever the unknowns turn out to be.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoreMoves {
    pub title: String,
    pub now: Dec,
    pub after: Dec,
    pub pass_mark: Dec,
    pub moves: Vec<BandMove>,
}

fn int(d: Dec) -> i64 {
    i64::try_from(d.trunc().mantissa() / 10_i128.pow(d.trunc().scale())).unwrap_or(0)
}

pub fn score_moves(score: &ScoreResult, inclusive: bool) -> Option<ScoreMoves> {
    if score.pass == Truth::Yes {
        return None;
    }
    let need_total = int(score.pass_mark) + if inclusive { 0 } else { 1 } - int(score.min);
    // Per dimension: cheapest cost (band steps) for each exact gain.
    let mut per_dim: Vec<(i64, Vec<Option<(u32, Vec<(usize, usize)>)>>)> = Vec::new();
    for d in &score.dimensions {
        let need = d.floor.map(|f| int(f) - int(d.min)).unwrap_or(0).max(0);
        // Whole points (a pack's maxima are at most 1 000, rules::bounds);
        // the cap keeps a hostile pack from allocating without bound.
        let cap = int(d.max_points - d.min).clamp(0, 10_000) as usize;
        let mut best: Vec<Option<(u32, Vec<(usize, usize)>)>> = vec![None; cap + 1];
        best[0] = Some((0, vec![]));
        for (i, ind) in score
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, x)| *x.dimension == *d.id)
        {
            let mut next = best.clone();
            for (g, cell) in best.iter().enumerate() {
                let Some((cost, picks)) = cell else { continue };
                for (u, up) in ind.upgrades.iter().enumerate() {
                    let gain = int(up.points - ind.min);
                    if gain <= 0 {
                        continue;
                    }
                    let total = g + gain as usize;
                    if total > cap {
                        continue;
                    }
                    let c = cost + up.steps;
                    if next[total].as_ref().is_none_or(|(old, _)| c < *old) {
                        let mut p = picks.clone();
                        p.push((i, u));
                        next[total] = Some((c, p));
                    }
                }
            }
            best = next;
        }
        per_dim.push((need, best));
    }
    // Across dimensions: meet every floor, then the total, at least cost.
    let mut acc: Vec<(i64, u32, Vec<(usize, usize)>)> = vec![(0, 0, vec![])];
    for (need, best) in &per_dim {
        let mut next = Vec::new();
        for (gain, cost, picks) in &acc {
            for (g, cell) in best.iter().enumerate() {
                if let Some((c, p)) = cell {
                    if (g as i64) < *need {
                        continue;
                    }
                    let mut all = picks.clone();
                    all.extend(p.iter().copied());
                    next.push((gain + g as i64, cost + c, all));
                }
            }
        }
        // Keep the cheapest way to each total gain.
        next.sort_by_key(|(g, c, _)| (*g, *c));
        next.dedup_by_key(|(g, _, _)| *g);
        acc = next;
    }
    let (gain, _, picks) = acc
        .into_iter()
        .filter(|(g, _, _)| *g >= need_total)
        .min_by_key(|(_, c, _)| *c)?;
    let moves = picks
        .into_iter()
        .map(|(i, u)| {
            let ind = &score.indicators[i];
            let up = &ind.upgrades[u];
            BandMove {
                indicator: ind.title.to_string(),
                from: ind
                    .band
                    .clone()
                    .unwrap_or_else(|| format!("{} 分", ind.min)),
                to: format!("{}（{} 分）", up.label, up.points),
                gain: up.points - ind.min,
                advice: up.advice.iter().map(|w| w.to_string()).collect(),
            }
        })
        .collect();
    Some(ScoreMoves {
        title: score.title.clone(),
        now: score.min,
        after: score.min + Dec::from(gain),
        pass_mark: score.pass_mark,
        moves,
    })
}

/// A title held, with its validity (the tier's `validity_years`) and the renewal reminder.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Held {
    pub granted: Date,
    pub expires: Date,
    pub expired: bool,
}

/// One rung of the ladder.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rung {
    pub tier: Tier,
    pub label: String,
    pub verdict: Verdict,
    pub held: Option<Held>,
    /// The earliest year the tier can be applied for, when it can be told.
    pub earliest_year: Option<i32>,
    /// Why that year (or why it cannot be told).
    pub when: String,
    /// Criteria still to meet (titles), cheapest path.
    pub blockers: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GapReport {
    pub ladder: Vec<Rung>,
    /// Plans for the tiers not yet reached, lowest first.
    pub plans: Vec<TierPlan>,
    /// Unknown answers that decide a verdict, most decisive first (deduplicated over tiers).
    pub deciding: Vec<(String, String)>,
    /// Reminders: renewals, the yearly update deadline.
    pub reminders: Vec<String>,
}

/// `measures`: whether each step names the measures that help it.
fn plan_for(path: &PathResult, pack: &Pack, measures: bool) -> (Vec<Step>, Dec) {
    let with_measures = measures;
    let step = |c: &CriterionResult| {
        let changes: Vec<Leaf> = if c.plan.is_empty() {
            c.leaves
                .iter()
                .filter(|l| l.truth == Truth::No)
                .cloned()
                .collect()
        } else {
            c.plan.clone()
        };
        let mut measures: Vec<String> = Vec::new();
        for leaf in changes.iter().filter(|_| with_measures) {
            let names = leaf
                .gap
                .as_ref()
                .and_then(|g| g.lever.clone())
                .into_iter()
                .chain(leaf.metric.as_ref().map(|m| m.name.to_string()))
                .chain(leaf.unknown_inputs.iter().map(str::to_owned));
            for name in names {
                pack.for_measures_helping(&name, |m| {
                    if !measures.contains(&m.id) {
                        measures.push(m.id.clone());
                    }
                });
            }
        }
        Step {
            criterion: c.title.to_string(),
            clause: c.clause.to_string(),
            grade: c.grade,
            changes,
            measures,
        }
    };
    let mut steps: Vec<Step> = path
        .criteria
        .iter()
        .map(|c| &**c)
        .filter(|c| c.role == Role::Required && fails(c))
        .map(step)
        .collect();
    let mut cost: Dec = path
        .criteria
        .iter()
        .filter(|c| c.role == Role::Required && fails(c))
        .map(|c| c.plan_cost.max(Dec::ONE))
        .sum();
    let routes: Vec<&CriterionResult> = path
        .criteria
        .iter()
        .map(|c| &**c)
        .filter(|c| c.role == Role::Route)
        .collect();
    let route_met = routes.iter().any(|c| {
        matches!(
            c.status,
            Status::Met | Status::SelfDeclared | Status::NeedsReview
        )
    });
    if !routes.is_empty() && !route_met {
        if let Some(best) = routes
            .iter()
            .filter(|c| c.status == Status::Unmet)
            .min_by_key(|c| c.plan_cost.max(Dec::ONE))
        {
            cost += best.plan_cost.max(Dec::ONE);
            steps.push(step(best));
        }
    }
    (steps, cost)
}

fn earliest(steps: &[Step]) -> Option<Date> {
    steps
        .iter()
        .flat_map(|s| &s.changes)
        .filter_map(|l| l.gap.as_ref().and_then(|g| g.earliest))
        .max()
}

/// The gap report, from the facts and the assessment only.
pub fn gap_report(pack: &Pack, facts: &Facts, a: &Assessment) -> GapReport {
    gap_report_in(pack, facts, a, Detail::Full)
}

/// The gap report as a batch summary reads it (the ladder, each plan's
/// tier, cost and steps, the deciding answers): without the measures per
/// step, the plans' evidence and score moves, and the reminders, which
/// only a full report shows. Everything it keeps equals [`gap_report`]'s.
pub fn summary_gap_report(pack: &Pack, facts: &Facts, a: &Assessment) -> GapReport {
    gap_report_in(pack, facts, a, Detail::Summary)
}

/// How much of the gap report to build.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Detail {
    Full,
    Summary,
}

fn gap_report_in(pack: &Pack, facts: &Facts, a: &Assessment, detail: Detail) -> GapReport {
    let full = detail == Detail::Full;
    let mut plans = Vec::new();
    let mut ladder = Vec::new();
    let mut reminders = Vec::new();
    // The year each tier becomes (or became) available: a prerequisite's
    // title (`requires` in tiers.toml) must be held before the application.
    let mut reach: Vec<(Tier, Option<i32>)> = Vec::new();
    let mut below_year: Option<i32> = Some(a.date.year);
    for t in &a.tiers {
        let def = pack.tier(t.tier);
        let requires = def.map(|d| d.requires.as_slice()).unwrap_or_default();
        let prereq_year = if requires.is_empty() {
            below_year
        } else {
            requires
                .iter()
                .map(|r| reach.iter().find(|(x, _)| x == r).and_then(|(_, y)| *y))
                .try_fold(a.date.year, |acc, y| y.map(|y| acc.max(y)))
        };
        let validity = pack.title_validity(t.tier);
        let title_input = def.and_then(|d| d.title_input.as_deref());
        let held = match (title_input.map(|i| facts.date(i)), validity) {
            (Some(Answer::Value(Some(granted))), Some((years, _))) => Some((granted, years)),
            _ => None,
        }
        .map(|(granted, years)| {
            let expires = granted.plus_years(years);
            Held {
                granted,
                expires,
                expired: expires <= a.date,
            }
        });
        if let (true, Some(h), Some((years, grade))) = (full, &held, validity) {
            let r = &pack.reminders.held_title;
            reminders.push(
                r.text
                    .replace("{title}", &t.label)
                    .replace("{granted}", &h.granted.to_string())
                    .replace("{years}", &years.to_string())
                    .replace("{expires}", &h.expires.to_string())
                    .replace("{grade}", grade.label())
                    .replace("{status}", if h.expired { &r.expired } else { &r.renew }),
            );
        }
        let reached = matches!(
            t.verdict,
            Verdict::Qualifies | Verdict::QualifiesToVerify | Verdict::NotNeeded | Verdict::Held
        );
        // The cheapest failing path speaks for the tier.
        let best = t
            .paths
            .iter()
            .filter(|p| matches!(p.verdict, Verdict::NotQualified | Verdict::Doubtful))
            .map(|p| {
                let (steps, cost) = plan_for(p, pack, full);
                (p, steps, cost)
            })
            .min_by_key(|(_, _, cost)| *cost);
        let (earliest_year, when, blockers) = if held.as_ref().is_some_and(|h| !h.expired) {
            (None, "已持有有效期内的称号".to_owned(), vec![])
        } else if t.verdict == Verdict::NotNeeded {
            (
                None,
                "已持有更高梯度的有效称号，无需评价".to_owned(),
                vec![],
            )
        } else if reached {
            (
                Some(a.date.year),
                "现在已符合认定条件，可按当年申报通知申报".to_owned(),
                vec![],
            )
        } else if t.verdict == Verdict::Undetermined {
            (None, "有未知项决定结论，补全后再看".to_owned(), vec![])
        } else if let Some((_, steps, _)) = &best {
            let blockers: Vec<String> = steps.iter().map(|s| s.criterion.clone()).collect();
            let only_time = steps.iter().all(|s| {
                s.changes.iter().all(|l| {
                    l.gap.as_ref().is_some_and(|g| g.earliest.is_some()) || l.title.is_some()
                })
            });
            let time_year = earliest(steps).map(|d| d.year).unwrap_or(a.date.year);
            let needs_title = steps
                .iter()
                .any(|s| s.changes.iter().any(|l| l.title.is_some()));
            let after_title = if needs_title {
                prereq_year.map(|y| y + 1)
            } else {
                Some(a.date.year)
            };
            match (only_time, after_title) {
                (true, Some(y)) => {
                    let year = y.max(time_year);
                    let why = if needs_title {
                        "取得下一级称号后的下一个申报年度"
                    } else {
                        "从业年限届满"
                    };
                    (
                        Some(year),
                        format!("仅受时间限制：最早 {year} 年（{why}）"),
                        blockers,
                    )
                }
                _ => (
                    None,
                    "补齐差距后即可申报；时间取决于改进进度".to_owned(),
                    blockers,
                ),
            }
        } else {
            (None, "无适用标准".to_owned(), vec![])
        };
        // A title held (or implied by a higher one held) gets no plan to reach it.
        let held_valid = held.as_ref().is_some_and(|h| !h.expired);
        // Implied: a higher title whose prerequisites (tiers.toml `requires`,
        // followed down) include this one.
        let higher_held = a
            .tiers
            .iter()
            .filter(|x| pack.implies(x.tier, t.tier))
            .any(|x| {
                match (
                    pack.tier(x.tier)
                        .and_then(|d| d.title_input.as_deref())
                        .map(|i| facts.date(i)),
                    pack.title_validity(x.tier),
                ) {
                    (Some(Answer::Value(Some(g))), Some((years, _))) => {
                        g <= a.date && a.date < g.plus_years(years)
                    }
                    _ => false,
                }
            });
        if let (false, false, Some((p, steps, cost))) = (reached, held_valid || higher_held, best) {
            let mut evidence: Vec<String> = Vec::new();
            for e in p
                .criteria
                .iter()
                .flat_map(|c| c.evidence.iter())
                .filter(|_| full)
            {
                if !evidence.contains(e) {
                    evidence.push(e.clone());
                }
            }
            let score_moves = p
                .score
                .as_ref()
                .filter(|_| full)
                .and_then(|s| score_moves(s, a.mechanics.boundary_inclusive));
            plans.push(TierPlan {
                score_moves,
                tier: t.tier,
                label: t.label.clone(),
                path: p.path.clone(),
                document: p.document.clone(),
                earliest: earliest(&steps),
                steps,
                cost,
                evidence,
            });
        }
        below_year = if reached || held.as_ref().is_some_and(|h| !h.expired) {
            Some(a.date.year)
        } else {
            earliest_year
        };
        reach.push((t.tier, below_year));
        ladder.push(Rung {
            tier: t.tier,
            label: t.label.clone(),
            verdict: t.verdict,
            held,
            earliest_year,
            when,
            blockers,
        });
    }
    let mut deciding: Vec<(String, String)> = Vec::new();
    for d in a
        .tiers
        .iter()
        .flat_map(|t| &t.paths)
        .flat_map(|p| &p.deciding)
    {
        if !deciding.iter().any(|(id, _)| *id == d.input) {
            deciding.push((d.input.clone(), d.label.clone()));
        }
    }
    if full && reminders.is_empty() {
        for r in &pack.reminders.when_unanswered {
            if facts.unanswered(&r.input) {
                reminders.push(r.text.clone());
            }
        }
    }
    GapReport {
        ladder,
        plans,
        deciding,
        reminders,
    }
}

/// Measures by id, for rendering.
pub fn measure<'p>(pack: &'p Pack, id: &str) -> Option<&'p Measure> {
    pack.measures.iter().find(|m| m.id == id)
}
