//! Checks a loaded pack against itself: every condition names a known
//! metric, question, option or flag; comparison words read the right way;
//! scores add up. Errors name the file and the item.

use super::{Cond, Criterion, IndicatorKind, InputKind, Pack, PackError, RuleSet, title};
use crate::num::Dec;

pub(super) fn pack(pack: &Pack) -> Result<(), PackError> {
    for m in super::Metric::ALL {
        if pack.input(m.input_id()).is_none() {
            return Err(PackError(format!(
                "inputs.toml 缺少输入“{}”：size_class.toml 用到了它。",
                m.input_id()
            )));
        }
    }
    for s in &pack.settings {
        if !s.options.iter().any(|o| o.value == s.default) {
            return Err(PackError(format!(
                "settings.toml 设置“{}”的默认值“{}”不在选项里。",
                s.id, s.default
            )));
        }
    }
    for m in &pack.measures {
        if !super::Measure::DIMENSIONS
            .iter()
            .any(|(id, _)| *id == m.dimension)
        {
            return Err(PackError(format!(
                "measures.toml 措施“{}”的维度“{}”不在 {:?} 之中。",
                m.id,
                m.dimension,
                super::Measure::DIMENSIONS.map(|d| d.0)
            )));
        }
        for h in &m.helps {
            let known = pack.input(h).is_some()
                || pack.inputs.iter().any(|i| &i.id == h)
                || pack
                    .metrics
                    .iter()
                    .any(|d| d.id.split('.').next() == Some(h.as_str()));
            if !known {
                return Err(PackError(format!(
                    "measures.toml 措施“{}”的 helps 里“{h}”既不是问题也不是指标。",
                    m.id
                )));
            }
        }
    }
    for def in &pack.inputs {
        for id in &def.asked_by {
            if !pack.rule_sets.iter().any(|r| &r.meta.id == id) {
                return Err(PackError(format!(
                    "inputs.toml 输入“{}”的 asked_by 里“{id}”不是本包的规则集 id。",
                    def.id
                )));
            }
        }
        if let Some(c) = &def.show_if {
            cond(
                pack,
                &format!("inputs.toml 输入“{}”的 show_if", def.id),
                None,
                c,
            )?;
        }
    }
    for rs in &pack.rule_sets {
        for id in &rs.meta.exclusions_own {
            if !pack.exclusions.criteria.iter().any(|c| *c.id == **id) {
                return Err(PackError(format!(
                    "规则集“{}”的 exclusions_own 里“{id}”不是 exclusions.toml 的条件 id。",
                    rs.meta.id
                )));
            }
        }
        if let Some(n) = &rs.meta.not_needed {
            cond(
                pack,
                &format!("规则集“{}”的 not_needed", rs.meta.id),
                Some(rs),
                &n.test,
            )?;
        }
    }
    for (i, rs) in pack.rule_sets.iter().enumerate() {
        if pack.tier(rs.meta.tier).is_none() {
            let known: Vec<&str> = pack.tiers.iter().map(|t| t.id.id()).collect();
            return Err(PackError(format!(
                "{}（{}）：meta.tier“{}”不是 tiers.toml 里的梯度：可用 {}",
                pack.meta.rule_sets[i],
                rs.meta.id,
                rs.meta.tier.id(),
                known.join("、")
            )));
        }
    }
    for t in &pack.tiers {
        if let Some(input) = &t.title_input {
            if pack.input(input).is_none_or(|d| d.kind != InputKind::Date) {
                return Err(PackError(format!(
                    "tiers.toml 梯度“{}”（{}）：title_input“{input}”不是 inputs.toml 里的日期问题（kind = \"date\"）",
                    t.id.id(),
                    t.name
                )));
            }
            // Held titles expire after this many years: the engine has no
            // default of its own.
            if pack.title_validity(t.id).is_none() {
                return Err(PackError(format!(
                    "{} 有取得称号日期的问题（title_input），但它的规则集都没有写 validity_years（称号有效期，年）：请在其中一个的 [meta] 里补上，并写 validity_grade",
                    t.name
                )));
            }
        }
    }
    for r in &pack.reminders.when_unanswered {
        if pack.input(&r.input).is_none() {
            return Err(PackError(format!(
                "reminders.toml 提醒的 input“{}”不是问题的答案 id：请核对 inputs.toml",
                r.input
            )));
        }
    }
    for c in &pack.exclusions.criteria {
        criterion(pack, "exclusions.toml", None, c)?;
    }
    for (i, rs) in pack.rule_sets.iter().enumerate() {
        let file = &pack.meta.rule_sets[i];
        rule_set(pack, file, rs)?;
    }
    Ok(())
}

fn rule_set(pack: &Pack, file: &str, rs: &RuleSet) -> Result<(), PackError> {
    let err = |what: String| Err(PackError(format!("{file}（{}）：{what}", rs.meta.id)));
    if rs.meta.validity_years.is_some() != rs.meta.validity_grade.is_some() {
        return err("validity_years（称号有效期，年）与 validity_grade（其可信度）须同时写".into());
    }
    if rs.meta.applies.is_empty() {
        return err("meta.applies 为空：须写明适用的申请类型和时间".into());
    }
    for (i, c) in rs.criteria.iter().enumerate() {
        if rs.criteria[..i].iter().any(|o| o.id == c.id) {
            return err(format!("条件 id“{}”重复", c.id));
        }
        criterion(pack, file, Some(rs), c)?;
    }
    if let Some(table) = &rs.score {
        // Resolved here, once: the score reads each indicator's metric by it.
        for ind in &table.indicators {
            let name = ind.metric.as_deref().unwrap_or_default();
            ind.metric_key.get(pack.slots(), || pack.metric_key(name));
        }
        if let Some(w) = table.pass_word.filter(|w| !w.is_lower()) {
            return err(format!(
                "评分表 pass_word“{}”是上限用语：及格线请用 以上 / 达到…以上 / 不低于",
                w.text()
            ));
        }
        let dims: Dec = table.dimensions.iter().map(|d| d.max.0).sum();
        if dims != table.total.0 {
            return err(format!(
                "评分各类满分之和 {dims} 不等于总分 {}",
                table.total.0
            ));
        }
        for d in &table.dimensions {
            let sum: Dec = table
                .indicators
                .iter()
                .filter(|i| *i.dimension == *d.id)
                .map(|i| i.max_points.0)
                .sum();
            if sum != d.max.0 {
                return err(format!(
                    "“{}”各指标满分之和 {sum} 不等于该类满分 {}",
                    d.name, d.max.0
                ));
            }
        }
        for ind in &table.indicators {
            let where_ = format!("指标“{}”", ind.id);
            if !table.dimensions.iter().any(|d| *d.id == *ind.dimension) {
                return err(format!("{where_} 的类别“{}”未定义", ind.dimension));
            }
            if let Some(m) = &ind.metric {
                if !super::is_metric(pack, m) {
                    return err(format!("{where_} 用到未知指标值“{m}”"));
                }
            }
            match ind.kind {
                IndicatorKind::Bands => {
                    if ind.bands.is_empty() {
                        return err(format!("{where_} 没有档位"));
                    }
                    for b in &ind.bands {
                        // A band's endpoint is written in its label (“B. 3%-5%”).
                        for t in b.from.iter().chain(b.upto.iter()) {
                            let mut ways = title::spellings(t.0);
                            if let Some(p) = t.0.checked_mul(Dec::ONE_HUNDRED) {
                                ways.push(p.normalize().to_string());
                            }
                            if !ways.iter().any(|w| title::writes(&b.label, w)) {
                                return err(format!(
                                    "{where_} 档位“{}”的端点 {} 没有写在档位名称里：请核对端点或名称",
                                    b.label, ways[0]
                                ));
                            }
                        }
                        if b.points.0 > ind.max_points.0 {
                            return err(format!("{where_} 档位“{}”分值超过满分", b.label));
                        }
                        if (b.from.is_some() || b.upto.is_some()) && ind.metric.is_none() {
                            return err(format!(
                                "{where_} 档位“{}”用 from/upto，但指标没有 metric",
                                b.label
                            ));
                        }
                        if let Some(w) = &b.when {
                            cond(
                                pack,
                                &format!("{file} {where_} 档位“{}”", b.label),
                                Some(rs),
                                w,
                            )?;
                        }
                    }
                }
                IndicatorKind::PerItem => {
                    if ind.items.is_empty() || ind.points_each.is_none() {
                        return err(format!("{where_} 按项计分须有 items 和 points_each"));
                    }
                    for item in &ind.items {
                        cond(
                            pack,
                            &format!("{file} {where_} “{}”", item.label),
                            Some(rs),
                            &item.when,
                        )?;
                    }
                }
                IndicatorKind::PerStep => {
                    if ind.metric.is_none() || ind.step.is_none() || ind.points_each.is_none() {
                        return err(format!(
                            "{where_} 按年限计分须有 metric、step 和 points_each"
                        ));
                    }
                }
                IndicatorKind::Provincial => {}
            }
        }
    }
    Ok(())
}

/// Every threshold of a criterion appears in its clause text (or as its
/// `written` form): a threshold typed wrong, or a clause copied wrong, shows
/// at load, not in a firm's verdict.
fn thresholds_in_text(where_: &str, c: &Criterion) -> Result<(), PackError> {
    let tests = std::iter::once(&c.test).chain(c.renewal_test.iter());
    for x in tests.flat_map(|t| t.comparisons()) {
        // A ratio below 1 is shown as the clause would write it (0.7 → 70%).
        let shown = title::as_written(x, &c.text);
        if !title::writes(&c.text, &shown) {
            return Err(PackError(format!(
                "{where_}：门槛“{shown}”（{}）在条款原文 text 里找不到：请核对数值或原文；原文若换了单位写（如“2亿元”），请在该比较里写 written = \"2亿元\"",
                x.metric
            )));
        }
    }
    Ok(())
}

fn criterion(
    pack: &Pack,
    file: &str,
    rs: Option<&RuleSet>,
    c: &Criterion,
) -> Result<(), PackError> {
    let where_ = format!("{file} 条件“{}”（{}）", c.id, c.title);
    thresholds_in_text(&where_, c)?;
    cond(pack, &where_, rs, &c.test)?;
    if let Some(t) = &c.renewal_test {
        cond(pack, &where_, rs, t)?;
    }
    Ok(())
}

fn cond(pack: &Pack, where_: &str, rs: Option<&RuleSet>, c: &Cond) -> Result<(), PackError> {
    let err = |what: String| Err(PackError(format!("{where_}：{what}")));
    match c {
        Cond::All(items) | Cond::Any(items) => {
            for inner in items {
                cond(pack, where_, rs, inner)?;
            }
        }
        Cond::Not(inner) => cond(pack, where_, rs, inner)?,
        Cond::Compare(x) => {
            // Resolved here, once: evaluations index by it.
            pack.compared_key(x);
            if !super::is_metric(pack, &x.metric) {
                return err(format!(
                    "未知指标值“{}”：请写数值问题的答案 id（如 operating_revenue.y1）或派生指标（见 docs/rules-format.md）",
                    x.metric
                ));
            }
        }
        Cond::Answer { id, slot, .. } => {
            pack.cond_slot(slot, id);
            match pack.input(id) {
                Some(d) if d.kind == InputKind::Yesno => {}
                _ => {
                    return err(format!(
                        "answer“{id}”不是“是/否”问题：请改用 inputs.toml 里 kind = \"yesno\" 的问题"
                    ));
                }
            }
        }
        Cond::Choice { id, one_of, slot } => {
            pack.cond_slot(slot, id);
            let Some(d) = pack.input(id).filter(|d| d.kind == InputKind::Choice) else {
                return err(format!(
                    "choice“{id}”不是选择题：请改用 inputs.toml 里 kind = \"choice\" 的问题"
                ));
            };
            // Options from the 300号 table (所属行业) are its industry ids.
            let known: Vec<&str> = if d.options_from.as_deref() == Some("size_class") {
                pack.size_class
                    .industries
                    .iter()
                    .map(|i| i.id.as_str())
                    .collect()
            } else {
                d.options.iter().map(|o| o.value.as_str()).collect()
            };
            for v in one_of {
                if !known.contains(&v.as_str()) {
                    return err(format!("“{id}”没有选项“{v}”：可选 {}", known.join("、")));
                }
            }
        }
        Cond::ScorePass => {
            if rs.is_none_or(|r| r.score.is_none()) {
                return err(
                    "score 条件所在的规则集没有评分表：请补上 [score] 或删去这一条件".into(),
                );
            }
        }
        Cond::NoEvent { id, slot, .. } => {
            pack.cond_slot(slot, id);
            if pack.input(id).is_none_or(|d| d.kind != InputKind::Date) {
                return err(format!(
                    "no_event“{id}”不是日期问题：请改用 inputs.toml 里 kind = \"date\" 的问题（最近一次发生的时间，或“无”）"
                ));
            }
        }
        Cond::Flag(f) => {
            if pack.tier_by_flag(f).is_none() {
                let known: Vec<&str> = pack
                    .tiers
                    .iter()
                    .filter_map(|t| t.title_flag.as_deref())
                    .collect();
                return err(format!("未知的 flag“{f}”：可用 {}", known.join("、")));
            }
        }
    }
    Ok(())
}
