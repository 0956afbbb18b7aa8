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
        "\n> 本报告由企业根据自行填报的数据生成，仅供自我评估参考，不是任何主管部门的认定或评价结论。{}\n",
        crate::rules::Grade::LEGEND
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
    let v = super::AdviceView::build(m);
    let _ = writeln!(
        w,
        "## {}结论与申报时间\n\n| 梯度 | 现状 | 申报时间 | 该次申报读取的年度 |\n|---|---|---|---|",
        n.next()
    );
    for r in &v.rows {
        let _ = writeln!(
            w,
            "| {} | **{}** | {} | {} |",
            r.tier,
            cell(&r.now),
            cell(&r.when),
            cell(&r.reads)
        );
    }
    for note in &v.notes {
        let _ = writeln!(w, "\n{note}");
    }
    let _ = writeln!(w, "\n## {}{} 年（今年）要做的事\n", n.next(), v.this_year);
    if v.now.is_empty() {
        let _ = writeln!(
            w,
            "今年没有必须改变的数字；按下面的申报计划保持各项水平即可。"
        );
    }
    for line in &v.now {
        let _ = writeln!(w, "- {line}");
    }
    let plan = |w: &mut String, p: &super::advice::PlanView| {
        let _ = writeln!(w, "\n### {}\n", p.title);
        for (k, text) in &p.lines {
            let _ = writeln!(w, "- **{k}**：{text}");
        }
        if !p.measures.is_empty() {
            let _ = writeln!(w, "- **可借助**：{}", p.measures.join("；"));
        }
    };
    if !v.plans.is_empty() {
        let _ = writeln!(w, "\n## {}申报计划", n.next());
        for p in &v.plans {
            plan(w, p);
        }
        let _ = writeln!(w, "\n> {}", v.assumptions);
    }
    if !v.renewals.is_empty() {
        let _ = writeln!(w, "\n## {}已持有称号的复核", n.next());
        for p in &v.renewals {
            plan(w, p);
        }
    }
    let _ = writeln!(w);
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
    let _ = writeln!(
        w,
        "## {}各梯度适用标准与结论\n\n| 梯度 | 按新申请标准自评 | 适用标准 |\n|---|---|---|",
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
            cell(&super::conclusion(m, t)),
            cell(&paths.join("；"))
        );
    }
    for warning in &a.warnings {
        let _ = writeln!(w, "\n提示：{}", escape::markdown(&warning.message));
    }
    if !m.gaps.deciding.is_empty() {
        let names: Vec<&str> = m.gaps.deciding.iter().map(|(_, l)| l.as_str()).collect();
        let _ = writeln!(w, "\n**决定结论的未知项**：{}", names.join("、"));
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "## {}企业规模划型\n", n.next());
    match &a.size.verdict {
        Some(v) => {
            let _ = writeln!(
                w,
                "**{}**（{}）：{}\n",
                v.headline(),
                v.industry_name,
                super::years::name_years(&v.reason(), a.date.year)
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
        criteria_table(w, path.criteria.iter().map(|c| &**c).filter(|c| c.shared));
    }
    for t in &a.tiers {
        let _ = writeln!(w, "## {}{}：{}\n", n.next(), t.label, t.verdict.label());
        for p in &t.paths {
            path_section(w, p);
        }
    }
    let g = &m.gaps;
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
            cell(&super::years::name_years(
                &row.label,
                m.assessment.date.year
            )),
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
    let failed: Vec<&str> = p.failed().map(|c| &*c.title).collect();
    if !failed.is_empty() {
        let _ = writeln!(w, "**未满足**：{}\n", failed.join("；"));
    }
    for d in &p.doubts {
        let _ = writeln!(
            w,
            "**为什么是“可能不符合”**：{}\n",
            escape::markdown(&d.text())
        );
    }
    if let Some(n) = &p.not_needed {
        let _ = writeln!(w, "**无需评价**：{}\n", escape::markdown(n));
    }
    if !p.deciding.is_empty() {
        let names: Vec<&str> = p.deciding.iter().map(|d| d.label.as_str()).collect();
        let _ = writeln!(w, "**决定结论的未知项**：{}\n", names.join("、"));
    }
    criteria_table(w, p.criteria.iter().map(|c| &**c).filter(|c| !c.shared));
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
            for i in s.indicators.iter().filter(|i| *i.dimension == *d.id) {
                let leaves: Vec<String> = i.leaves.iter().map(|l| l.with_formula()).collect();
                let _ = writeln!(
                    w,
                    "| {}（{}）{} | {} | {} | {} |",
                    cell(&i.title),
                    i.max_points,
                    i.grade.short(),
                    cell(&leaves.join("；")),
                    cell(i.band.as_deref().unwrap_or(if i.min == i.max {
                        "—"
                    } else {
                        "未定"
                    })),
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
        let gaps: Vec<String> = c.gaps().into_iter().map(|g| g.advice.to_string()).collect();
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
