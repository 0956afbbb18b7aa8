//! Titles already held, standards made moot by them, and why a verdict of
//! 可能不符合 is uncertain. Small readings over the rule data; the law's
//! words stay in the packs.

use super::Truth;
use super::context::Ctx;
use super::evaluate::{CriterionResult, Leaf, Mode, ScoreGate};
use super::words::Words;
use crate::rules::{Application, Grade, RuleSet, Tier};

/// A new application for a title the firm holds and is still valid: the
/// tier is shown as held, whatever an unknown platform score would say.
/// A renewal (复核) is assessed as it reads.
pub fn holds(ctx: &Ctx, tier: Tier) -> bool {
    // A tier with no title to hold (tiers.toml without title_flag) is never held.
    let Some(flag) = ctx.pack.tier(tier).and_then(|d| d.title_flag.as_deref()) else {
        return false;
    };
    ctx.application == Application::New && ctx.flag_truth(flag) == Truth::Yes
}

/// The title's date answered 不清楚: the firm may hold the title, so a
/// verdict on a new application is not the whole story (无法确定（可能已持有）).
pub fn maybe_holds(ctx: &Ctx, tier: Tier) -> bool {
    ctx.application == Application::New
        && ctx
            .pack
            .tier(tier)
            .and_then(|d| d.title_input.as_deref())
            .is_some_and(|i| matches!(ctx.facts.date(i), crate::facts::Answer::Unknown))
}

/// When the rule set's `not_needed` test holds: the clause and the fact,
/// as one sentence for the report.
pub fn not_needed(ctx: &Ctx, rs: &RuleSet) -> Option<String> {
    let n = rs.meta.not_needed.as_ref()?;
    let (truth, leaves) = ctx.eval(&n.test, Mode::Clause, &ScoreGate::default());
    if truth != Truth::Yes {
        return None;
    }
    let facts: Vec<_> = leaves
        .iter()
        .filter(|l| l.truth != Truth::No)
        .map(|l| l.text())
        .collect();
    let why = uncertainty(n.grade)
        .map(|w| format!("（{w}）"))
        .unwrap_or_default();
    Some(format!(
        "{}（{}）{why}：{}",
        n.text,
        n.clause,
        facts.join("；")
    ))
}

/// Plain words for why a rule's reading is uncertain; none for a settled one.
pub fn uncertainty(grade: Grade) -> Option<&'static str> {
    match grade {
        Grade::V | Grade::C => None,
        Grade::S => Some("该条依据单一来源，以主管部门解释为准"),
        Grade::Unconfirmed => Some("该条来源说法不一，以主管部门解释为准"),
    }
}

/// For 可能不符合: each failed criterion whose text is not settled, named,
/// with why it is uncertain and where it comes from.
/// Written when a view asks (the failed leaves are kept, not their text).
pub fn doubts(criteria: &[std::sync::Arc<CriterionResult>]) -> Vec<Words> {
    criteria
        .iter()
        .filter(|c| super::assess::fails(c))
        .filter_map(|c| {
            let why = uncertainty(c.grade)?;
            let failed: Vec<Leaf> = c
                .leaves
                .iter()
                .filter(|l| l.truth == Truth::No)
                .cloned()
                .collect();
            let (title, clause) = (c.title.clone(), c.clause.clone());
            Some(Words::later(move || {
                let failed: Vec<_> = failed.iter().map(|l| l.text()).collect();
                format!("{title}（{clause}）不符合：{}。{why}。", failed.join("；"),)
            }))
        })
        .collect()
}
