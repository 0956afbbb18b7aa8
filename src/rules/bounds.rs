//! Every number of a pack that the engine iterates over, divides by or
//! multiplies with, kept in a range where exact arithmetic cannot overflow,
//! loop for ever or allocate without bound. A province's pack is data from
//! outside: a slip of the keyboard (`step = 0`, `max = 1e15`) must give a
//! zh-CN message naming the file and item, never a crash or a hang.
//!
//! The ranges are far beyond any real clause (the largest national
//! threshold is 200 000 万元), and they keep every product the engine forms
//! (answer × threshold², ≤ 10¹³ × 10¹⁴) inside the decimal's 7.9 × 10²⁸.

use super::{Cond, Pack, PackError, RuleSet, Threshold};
use crate::num::Dec;

/// Largest threshold magnitude: 10⁷ (万元: 1 000 亿元; 人; 年; or a ratio).
const THRESHOLD_LIMIT: i64 = 10_000_000;
/// Most decimal places of a threshold (0.000001% is 8 places as a ratio).
const THRESHOLD_DECIMALS: u32 = 8;
/// Largest score total / dimension / indicator maximum, in 分.
const POINTS_LIMIT: i64 = 1_000;
/// Largest cost-model weight.
const WEIGHT_LIMIT: i64 = 1_000_000;
/// Longest title validity, in years.
const VALIDITY_LIMIT: i32 = 100;
/// Most fiscal years one question asks.
const YEARS_LIMIT: u8 = 10;

fn fail<T>(where_: &str, what: String) -> Result<T, PackError> {
    Err(PackError(format!("{where_}：{what}")))
}

/// A threshold: within ±10⁷ and at most 8 decimal places.
pub(super) fn threshold(where_: &str, name: &str, t: Threshold) -> Result<(), PackError> {
    let limit = Dec::from(THRESHOLD_LIMIT);
    if t.0.abs() > limit {
        return fail(
            where_,
            format!(
                "{name} = {} 超出可用范围（绝对值不超过 {THRESHOLD_LIMIT}）：请核对单位（金额以万元计，比例写成“3%”）",
                t.0
            ),
        );
    }
    if t.0.normalize().scale() > THRESHOLD_DECIMALS {
        return fail(
            where_,
            format!(
                "{name} = {} 小数位过多（最多 {THRESHOLD_DECIMALS} 位）：请按条款原文写",
                t.0
            ),
        );
    }
    Ok(())
}

/// Points (分): 0 ≤ p ≤ `max`.
fn points(where_: &str, name: &str, p: Dec, max: Dec) -> Result<(), PackError> {
    if p < Dec::ZERO || p > max {
        return fail(
            where_,
            format!("{name} = {p} 不在 0～{max} 分之间：请按评分表原文改正"),
        );
    }
    if p.normalize().scale() > 2 {
        return fail(where_, format!("{name} = {p} 最多两位小数"));
    }
    Ok(())
}

/// Every threshold inside a condition.
pub(super) fn cond(where_: &str, c: &Cond) -> Result<(), PackError> {
    for x in c.comparisons() {
        threshold(where_, &format!("“{}”的门槛", x.metric), x.threshold)?;
    }
    Ok(())
}

pub(super) fn pack(pack: &Pack) -> Result<(), PackError> {
    let cm = &pack.cost_model;
    for (name, w) in [
        ("money_weight", cm.money_weight),
        ("person_cost", cm.person_cost),
        ("item_cost", cm.item_cost),
        ("rank_cost", cm.rank_cost),
        ("point_cost", cm.point_cost),
        ("time_cost", cm.time_cost),
        ("fact_cost", cm.fact_cost),
    ] {
        if w.0 < Dec::ZERO || w.0 > Dec::from(WEIGHT_LIMIT) {
            return fail(
                "cost_model.toml",
                format!("{name} = {} 须在 0～{WEIGHT_LIMIT} 之间", w.0),
            );
        }
        threshold("cost_model.toml", name, w)?;
    }
    for def in &pack.inputs {
        let where_ = format!("inputs.toml 输入“{}”", def.id);
        if let Some(y) = def.years {
            if y == 0 || y > YEARS_LIMIT {
                return fail(&where_, format!("years = {y} 须在 1～{YEARS_LIMIT} 之间"));
            }
            if def.new_years.is_some_and(|n| n == 0 || n > y) {
                return fail(&where_, format!("new_years 须在 1～{y}（years）之间"));
            }
        } else if def.new_years.is_some() {
            return fail(
                &where_,
                "有 new_years 却没有 years：请删去 new_years 或补上 years".into(),
            );
        }
    }
    for ind in &pack.size_class.industries {
        let where_ = format!("size_class.toml 行业“{}”", ind.id);
        for bounds in [&ind.sme_ceiling, &ind.medium_floor, &ind.small_floor] {
            for (m, t) in bounds {
                if t.0 < Dec::ZERO {
                    return fail(&where_, format!("{} 的门槛 {} 不能为负", m.input_id(), t.0));
                }
                threshold(&where_, m.input_id(), *t)?;
            }
        }
    }
    for (i, rs) in pack.rule_sets.iter().enumerate() {
        let file = pack.meta.rule_sets.get(i).map(String::as_str).unwrap_or("");
        rule_set(file, rs)?;
    }
    Ok(())
}

fn rule_set(file: &str, rs: &RuleSet) -> Result<(), PackError> {
    let here = format!("{file}（{}）", rs.meta.id);
    if let Some(y) = rs.meta.validity_years {
        if !(1..=VALIDITY_LIMIT).contains(&y) {
            return fail(
                &here,
                format!("validity_years = {y} 须在 1～{VALIDITY_LIMIT} 年之间"),
            );
        }
    }
    for c in &rs.criteria {
        let where_ = format!("{here} 条件“{}”", c.id);
        cond(&where_, &c.test)?;
        if let Some(t) = &c.renewal_test {
            cond(&where_, t)?;
        }
    }
    let Some(table) = &rs.score else {
        return Ok(());
    };
    let limit = Dec::from(POINTS_LIMIT);
    let total = table.total.0;
    if total <= Dec::ZERO || total > limit {
        return fail(
            &here,
            format!("评分表 total = {total} 须在 1～{POINTS_LIMIT} 分之间"),
        );
    }
    points(&here, "评分表 pass_mark", table.pass_mark.0, total)?;
    for d in &table.dimensions {
        let where_ = format!("{here} 评分类别“{}”", d.id);
        points(&where_, "max", d.max.0, total)?;
        if let Some(f) = d.floor {
            points(&where_, "floor", f.0, d.max.0)?;
        }
    }
    for ind in &table.indicators {
        let where_ = format!("{here} 指标“{}”", ind.id);
        let max = ind.max_points.0;
        points(&where_, "max_points", max, total)?;
        for b in &ind.bands {
            let at = format!("{where_} 档位“{}”", b.label);
            points(&at, "points", b.points.0, max)?;
            for t in b.from.iter().chain(b.upto.iter()) {
                threshold(&at, "from/upto", *t)?;
            }
            if let Some(w) = &b.when {
                cond(&at, w)?;
            }
        }
        for item in &ind.items {
            cond(&format!("{where_} “{}”", item.label), &item.when)?;
        }
        if let Some(each) = ind.points_each {
            if each.0 <= Dec::ZERO {
                return fail(&where_, format!("points_each = {} 须大于 0", each.0));
            }
            points(&where_, "points_each", each.0, max)?;
        }
        if let Some(step) = ind.step {
            if step.0 <= Dec::ZERO {
                return fail(
                    &where_,
                    format!("step = {} 须大于 0（“每满 step 年得分”）", step.0),
                );
            }
            threshold(&where_, "step", step)?;
        }
    }
    Ok(())
}
