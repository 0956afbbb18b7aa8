//! The report as Markdown, for the CLI (`--format md`) and for pasting into
//! documents. Same model and order as the HTML report.

use super::ReportModel;
use crate::engine::assess::PathResult;
use crate::engine::evaluate::CriterionResult;
use crate::escape;
use crate::num::Dec;
use std::fmt::Write;

fn range(min: Dec, max: Dec) -> String {
    if min == max {
        min.to_string()
    } else {
        format!("{min}–{max}")
    }
}

/// Table cells may not hold a bare `|` or a newline.
fn cell(s: &str) -> String {
    s.replace('|', "｜").replace('\n', " ")
}

pub fn render_markdown(m: &ReportModel) -> String {
    let a = &m.assessment;
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "# 指标差距报告\n");
    let _ = writeln!(
        w,
        "- 企业名称：{}",
        m.enterprise_name
            .as_deref()
            .map(escape::markdown)
            .unwrap_or_else(|| "（未填写）".into())
    );
    let _ = writeln!(w, "- 评估日期：{}（{}）", a.date, a.application.label());
    let _ = writeln!(
        w,
        "- 规则包：{} {}（内容校验 {}）",
        m.pack_name, m.pack_version, m.pack_hash
    );
    for s in &a.settings {
        let _ = writeln!(
            w,
            "- 口径：{}：{}{}",
            s.label,
            s.chosen,
            if s.is_default { "" } else { "（已调整）" }
        );
    }
    let _ = writeln!(
        w,
        "\n> 本报告由企业根据自行填报的数据生成，仅供自我评估参考，不是任何主管部门的认定或评价结论。标注 [S] 或 UNCONFIRMED 的条款只作提示。\n"
    );
    if !a.errors.is_empty() {
        let _ = writeln!(w, "## 填报有误的项目\n");
        for e in &a.errors {
            // Messages quote what was typed.
            let _ = writeln!(w, "- {}", escape::markdown(&e.message));
        }
        let _ = writeln!(w);
    }
    let mut n = Numbering::default();
    let _ = writeln!(
        w,
        "## {}梯度结论\n\n| 梯度 | 结论 | 适用标准 |\n|---|---|---|",
        n.next()
    );
    for t in &a.tiers {
        let paths: Vec<String> = t
            .paths
            .iter()
            .map(|p| format!("{}：{}（{}）", p.path, p.document, p.verdict.label()))
            .collect();
        let _ = writeln!(
            w,
            "| {} | **{}** | {} |",
            t.label,
            t.verdict.label(),
            cell(&paths.join("；"))
        );
    }
    for warning in &a.warnings {
        let _ = writeln!(w, "\n提示：{}", escape::markdown(&warning.message));
    }
    let g = &m.gaps;
    let _ = writeln!(
        w,
        "\n### 梯度路线图\n\n| 梯度 | 现状 | 最早可申报 | 还需满足 |\n|---|---|---|---|"
    );
    for r in &g.ladder {
        let now = match &r.held {
            Some(h) if !h.expired => format!("已持有（至 {}）", h.expires),
            _ => r.verdict.label().to_owned(),
        };
        let year = r
            .earliest_year
            .map(|y| format!("{y} 年"))
            .unwrap_or_else(|| "—".into());
        let _ = writeln!(
            w,
            "| {} | {now} | {year}：{} | {} |",
            r.label,
            cell(&r.when),
            cell(&if r.blockers.is_empty() {
                "—".to_owned()
            } else {
                r.blockers.join("；")
            })
        );
    }
    if !g.deciding.is_empty() {
        let names: Vec<&str> = g.deciding.iter().map(|(_, l)| l.as_str()).collect();
        let _ = writeln!(w, "\n**决定结论的未知项**：{}", names.join("、"));
    }
    let _ = writeln!(w, "\n## {}差距与最小改进方案\n", n.next());
    let _ = writeln!(
        w,
        "每个梯度取最容易达到的一条路径：所有未满足的必备条件，加上成本最低的一条“任一即可”路径。{}\n",
        m.cost_assumptions
    );
    if g.plans.is_empty() {
        let _ = writeln!(w, "所有梯度都已符合或已持有称号。\n");
    }
    for plan in &g.plans {
        let _ = writeln!(
            w,
            "### {}：{}（{}）\n",
            plan.label, plan.path, plan.document
        );
        if let Some(sm) = &plan.score_moves {
            let _ = writeln!(
                w,
                "评分提升（{}）：现 {} 分，及格线 {} 分；以下调整合计可达 {} 分，且各类不低于下限：\n",
                sm.title, sm.now, sm.pass_mark, sm.after
            );
            for mv in &sm.moves {
                let _ = writeln!(
                    w,
                    "- {}：{} → {}（+{} 分）{}",
                    mv.indicator,
                    mv.from,
                    mv.to,
                    mv.gain,
                    if mv.advice.is_empty() {
                        String::new()
                    } else {
                        format!(" → **{}**", mv.advice.join("；"))
                    }
                );
            }
            let _ = writeln!(w);
        }
        for (i, s) in plan.steps.iter().enumerate() {
            let _ = writeln!(
                w,
                "{}. **{}**（{} {}）",
                i + 1,
                s.criterion,
                s.clause,
                s.grade.short()
            );
            for l in &s.changes {
                match &l.gap {
                    Some(gap) => {
                        let _ =
                            writeln!(w, "   - {} → **{}**（{}）", l.text, gap.advice, gap.formula);
                    }
                    None => {
                        let _ = writeln!(w, "   - {}", l.text);
                    }
                }
            }
            if !s.measures.is_empty() {
                let names: Vec<&str> = s
                    .measures
                    .iter()
                    .filter_map(|id| m.measures.iter().find(|x| &x.id == id))
                    .map(|x| x.title.as_str())
                    .collect();
                let _ = writeln!(w, "   - 可借助：{}", names.join("；"));
            }
        }
        let _ = writeln!(w);
    }
    if !m.measures.is_empty() {
        let _ = writeln!(w, "## {}提升解决方案（帮扶措施）\n", n.next());
        for (id, name) in crate::rules::Measure::DIMENSIONS {
            let mine: Vec<_> = m.measures.iter().filter(|x| x.dimension == id).collect();
            if mine.is_empty() {
                continue;
            }
            let _ = writeln!(w, "**{name}**\n");
            for x in mine {
                let _ = writeln!(
                    w,
                    "- **{}**（{}）：{} 〔出处：{}〕",
                    x.title, x.level, x.detail, x.source
                );
            }
            let _ = writeln!(w);
        }
    }
    let _ = writeln!(w, "## {}企业规模划型\n", n.next());
    match &a.size.verdict {
        Some(v) => {
            let _ = writeln!(
                w,
                "**{}**（{}）：{}\n",
                v.headline(),
                v.industry_name,
                v.reason()
            );
            let _ = writeln!(
                w,
                "> {}\n>\n> ——《中小企业划型标准规定》（{}）{}，可信度 {}\n",
                v.clause_text,
                v.document,
                v.clause,
                v.grade.short()
            );
        }
        None => {
            let _ = writeln!(w, "尚未选择所属行业，无法划型。\n");
        }
    }
    if let Some(path) = a
        .tiers
        .iter()
        .flat_map(|t| &t.paths)
        .find(|p| p.criteria.iter().any(|c| c.shared))
    {
        let _ = writeln!(w, "## {}基础条件与排除条件（各梯度通用）\n", n.next());
        criteria_table(w, path.criteria.iter().filter(|c| c.shared));
    }
    for t in &a.tiers {
        let _ = writeln!(w, "## {}{}：{}\n", n.next(), t.label, t.verdict.label());
        for p in &t.paths {
            path_section(w, p);
        }
    }
    if g.plans.iter().any(|p| !p.evidence.is_empty()) {
        let _ = writeln!(w, "## {}佐证材料清单（申报准备）\n", n.next());
    }
    for plan in g.plans.iter().filter(|p| !p.evidence.is_empty()) {
        let _ = writeln!(w, "### {}（{}）\n", plan.label, plan.document);
        for e in &plan.evidence {
            let _ = writeln!(w, "- [ ] {e}");
        }
        let _ = writeln!(w);
    }
    if !g.reminders.is_empty() {
        let _ = writeln!(w, "## {}有效期与复核提醒\n", n.next());
        for r in &g.reminders {
            let _ = writeln!(w, "- {r}");
        }
        let _ = writeln!(w);
    }
    let _ = writeln!(w, "## 附：填报数据\n\n| 项目 | 填报值 |\n|---|---|");
    for row in &m.answers {
        let _ = writeln!(
            w,
            "| {} | {} |",
            cell(&row.label),
            escape::markdown(&row.shown)
        );
    }
    if m.unanswered > 0 {
        let _ = writeln!(w, "\n另有 {} 项未填写，按未知处理。", m.unanswered);
    }
    out
}

fn path_section(w: &mut String, p: &PathResult) {
    let _ = writeln!(
        w,
        "### {}（{}）：{}\n",
        p.path,
        p.document,
        p.verdict.label()
    );
    let _ = writeln!(w, "{}\n", p.selection);
    let failed: Vec<&str> = p.failed().map(|c| c.title.as_str()).collect();
    if !failed.is_empty() {
        let _ = writeln!(w, "**未满足**：{}\n", failed.join("；"));
    }
    if !p.deciding.is_empty() {
        let names: Vec<&str> = p.deciding.iter().map(|d| d.label.as_str()).collect();
        let _ = writeln!(w, "**决定结论的未知项**：{}\n", names.join("、"));
    }
    criteria_table(w, p.criteria.iter().filter(|c| !c.shared));
    if let Some(s) = &p.score {
        let _ = writeln!(
            w,
            "{}：**{} 分**（及格线 {} 分，达标：{}）\n",
            s.title,
            range(s.min, s.max),
            s.pass_mark,
            s.pass.label()
        );
        let _ = writeln!(
            w,
            "| 类别 / 指标（满分） | 本企业情况 | 档位 | 得分 |\n|---|---|---|---|"
        );
        for d in &s.dimensions {
            let floor = d.floor.map(|f| format!("，不低于 {f}")).unwrap_or_default();
            let _ = writeln!(
                w,
                "| **{}（{}{floor}）** | | | **{}** |",
                d.name,
                d.max_points,
                range(d.min, d.max)
            );
            for i in s.indicators.iter().filter(|i| i.dimension == d.id) {
                let leaves: Vec<String> = i.leaves.iter().map(|l| l.with_formula()).collect();
                let _ = writeln!(
                    w,
                    "| {}（{}）{} | {} | {} | {} |",
                    cell(&i.title),
                    i.max_points,
                    i.grade.short(),
                    cell(&leaves.join("；")),
                    cell(i.band.as_deref().unwrap_or("未定")),
                    range(i.min, i.max)
                );
            }
        }
        let _ = writeln!(w);
    }
}

fn criteria_table<'a>(w: &mut String, criteria: impl Iterator<Item = &'a CriterionResult>) {
    let _ = writeln!(
        w,
        "| 条件 | 本企业数值（公式） | 状态 | 差距 | 出处 · 可信度 |\n|---|---|---|---|---|"
    );
    for c in criteria {
        let leaves: Vec<String> = c.leaves.iter().map(|l| l.with_formula()).collect();
        let gaps: Vec<&str> = c.gaps().into_iter().map(|g| g.advice.as_str()).collect();
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} {} |",
            cell(&c.title),
            cell(&leaves.join("；")),
            c.status.label(),
            cell(&gaps.join("；")),
            cell(&c.clause),
            c.grade.short()
        );
    }
    let _ = writeln!(w);
}

/// 一、二、三… for the report's numbered sections.
#[derive(Default)]
struct Numbering(usize);

impl Numbering {
    fn next(&mut self) -> String {
        const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        self.0 += 1;
        let n = self.0;
        let text = match n {
            1..=9 => DIGITS[n].to_owned(),
            10 => "十".to_owned(),
            11..=19 => format!("十{}", DIGITS[n - 10]),
            _ => n.to_string(),
        };
        format!("{text}、")
    }
}
