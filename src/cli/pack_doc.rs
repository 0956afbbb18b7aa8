//! The review document of a pack (`zjtx pack doc DIR`), in Markdown: every
//! criterion with its clause text, threshold, what its wording means at the
//! threshold, grade in words and source, in the order of the law, for a
//! policy analyst to check against the official text (the way OpenFisca
//! publishes its parameters). Generated from the loaded pack, never by hand.

use crate::engine::context::Ctx;
use crate::engine::quantity::display_threshold;
use crate::engine::settings::Settings;
use crate::escape::markdown as md;
use crate::facts::Facts;
use crate::rules::{Application, Comparison, Cond, Criterion, Grade, Pack, RuleSet, Word};
use std::fmt::Write;

/// A grade in words, for people (the codes are explained once, at the top).
pub fn grade_words(g: Grade) -> &'static str {
    g.label()
}

/// Table cells may not hold a bare `|` or a newline.
fn cell(s: &str) -> String {
    md(s).replace('|', "｜").replace('\n', " ")
}

struct Doc<'a> {
    ctx: Ctx<'a>,
}

impl Doc<'_> {
    /// “研发费用占营业收入比重（上年度） 不低于 3%（含本数）”
    fn comparison(&self, c: &Comparison) -> String {
        let m = self.ctx.metric(&c.metric);
        let limit = display_threshold(c.threshold.0, m.unit);
        let word = c.word_or_plain();
        format!(
            "{}{}（{}）",
            m.label,
            word.phrase(&limit),
            word.inclusion().label()
        )
    }

    fn formula(&self, name: &str) -> Option<String> {
        let m = self.ctx.metric(name);
        let f = m.formula.text().trim_end_matches("；缺少数据").to_owned();
        (!f.ends_with("未知") && f != "开始时间未知" && !f.is_empty()).then_some(f)
    }

    /// The condition as nested lines, “且 / 或 / 不” spelt out.
    fn cond(&self, c: &Cond, depth: usize, out: &mut String) {
        let pad = "  ".repeat(depth);
        let _ = match c {
            Cond::All(items) => {
                let _ = writeln!(out, "{pad}- 以下全部满足：");
                items.iter().for_each(|i| self.cond(i, depth + 1, out));
                Ok(())
            }
            Cond::Any(items) => {
                let _ = writeln!(out, "{pad}- 以下任一满足：");
                items.iter().for_each(|i| self.cond(i, depth + 1, out));
                Ok(())
            }
            Cond::Not(inner) => {
                let _ = writeln!(out, "{pad}- 以下不成立：");
                self.cond(inner, depth + 1, out);
                Ok(())
            }
            Cond::Compare(x) => {
                let formula = self
                    .formula(&x.metric)
                    .map(|f| format!("；算法：{}", md(&f)))
                    .unwrap_or_default();
                writeln!(out, "{pad}- {}{formula}", md(&self.comparison(x)))
            }
            Cond::Answer { id, is, .. } => writeln!(
                out,
                "{pad}- {}：{}",
                md(&self.ctx.label(id)),
                if *is { "是" } else { "否" }
            ),
            Cond::Choice { id, one_of, .. } => {
                let def = self.ctx.pack.input(id);
                let labels: Vec<String> = one_of
                    .iter()
                    .map(|v| {
                        def.and_then(|d| d.options.iter().find(|o| &o.value == v))
                            .map(|o| o.label.clone())
                            .unwrap_or_else(|| v.clone())
                    })
                    .collect();
                writeln!(
                    out,
                    "{pad}- {}：{}",
                    md(&self.ctx.label(id)),
                    md(&labels.join(" 或 "))
                )
            }
            Cond::ScorePass => writeln!(out, "{pad}- 评价得分达到及格线（含各类下限，见评分表）"),
            Cond::NoEvent { id, window, .. } => writeln!(
                out,
                "{pad}- {}：{}内未发生",
                md(&self.ctx.label(id)),
                window.words()
            ),
            Cond::Flag(f) => match self.ctx.pack.tier_by_flag(f) {
                Some(t) => {
                    let years = self
                        .ctx
                        .pack
                        .title_validity(t.id)
                        .map(|(y, g)| format!("（有效期按 {y} 年计，{}）", grade_words(g)))
                        .unwrap_or_default();
                    writeln!(out, "{pad}- 已获得{}称号且在有效期内{years}", t.name)
                }
                None => writeln!(out, "{pad}- {f}"),
            },
        };
    }

    fn criterion(&self, c: &Criterion, out: &mut String) {
        let _ = writeln!(out, "#### {}\n", md(&c.title));
        let _ = writeln!(out, "- 条款：{}", md(&c.clause));
        let _ = writeln!(out, "- 可信度：{}", grade_words(c.grade));
        if let Some(s) = &c.source {
            let _ = writeln!(out, "- 出处：{}", md(s));
        }
        if c.role == crate::rules::Role::Route {
            let _ = writeln!(out, "- 性质：几条路径之一（任一满足即可）");
        }
        if let Some(a) = c.only {
            let _ = writeln!(out, "- 只考查：{}", a.label());
        }
        if c.self_declared {
            let _ = writeln!(out, "- 企业自述即可，认定时核实");
        }
        let _ = writeln!(out, "\n> {}\n", md(&c.text));
        let _ = writeln!(out, "判定：\n");
        self.cond(&c.test, 0, out);
        if let Some(t) = &c.renewal_test {
            let _ = writeln!(out, "\n复核时：\n");
            self.cond(t, 0, out);
        }
        if !c.evidence.is_empty() {
            let _ = writeln!(out, "\n佐证材料：{}", md(&c.evidence.join("；")));
        }
        let _ = writeln!(out);
    }

    fn rule_set(&self, rs: &RuleSet, out: &mut String) {
        let m = &rs.meta;
        let _ = writeln!(out, "## {}（{}）\n", md(&m.title), md(&m.document));
        let _ = writeln!(
            out,
            "- 梯度：{}；路径：{}",
            md(&self
                .ctx
                .pack
                .tier(m.tier)
                .map(|t| t.name.as_str())
                .unwrap_or(m.tier.id())),
            md(&m.path)
        );
        let _ = writeln!(out, "- 可信度：{}", grade_words(m.grade));
        let _ = writeln!(out, "- 出处：{}", md(&m.source));
        for a in &m.applies {
            let until = a
                .until
                .map(|u| format!(" 至 {u}"))
                .unwrap_or_else(|| " 起".into());
            let _ = writeln!(
                out,
                "- 适用：{}，{}{until}。依据：{}（{}）",
                a.application.label(),
                a.from,
                md(&a.basis),
                grade_words(a.grade)
            );
        }
        if let Some(y) = m.validity_years {
            let g = m.validity_grade.unwrap_or(m.grade);
            let _ = writeln!(out, "- 称号有效期：{y} 年（{}）", grade_words(g));
        }
        if m.size_gate {
            let _ = writeln!(out, "- 须为中小企业（《中小企业划型标准规定》）");
        }
        if m.exclusions {
            let _ = writeln!(out, "- 含共同的基础与排除条件（见文末）");
        }
        let _ = writeln!(out, "\n### 认定条件\n");
        for c in &rs.criteria {
            self.criterion(c, out);
        }
        if let Some(t) = &rs.score {
            let word = t.pass_word.unwrap_or(Word::YiShang);
            let _ = writeln!(out, "### {}\n", md(&t.title));
            let _ = writeln!(
                out,
                "- 条款：{}；可信度：{}",
                md(&t.clause),
                grade_words(t.grade)
            );
            let _ = writeln!(
                out,
                "- 满分 {}；及格：{}（{}）",
                t.total.0,
                word.phrase(&format!("{} 分", t.pass_mark.0)),
                word.inclusion().label()
            );
            let _ = writeln!(out, "\n> {}\n", md(&t.text));
            let _ = writeln!(out, "| 类别 | 满分 | 下限 |\n|---|---|---|");
            for d in &t.dimensions {
                let floor = d
                    .floor
                    .map(|f| format!("不低于 {} 分", f.0))
                    .unwrap_or_default();
                let _ = writeln!(out, "| {} | {} | {floor} |", cell(&d.name), d.max.0);
            }
            let _ = writeln!(
                out,
                "\n| 指标 | 类别 | 满分 | 档位与分值 | 可信度 |\n|---|---|---|---|---|"
            );
            for ind in &t.indicators {
                let dim = t
                    .dimensions
                    .iter()
                    .find(|d| *d.id == *ind.dimension)
                    .map(|d| d.name.as_str())
                    .unwrap_or("");
                let detail = match ind.kind {
                    crate::rules::IndicatorKind::Bands => ind
                        .bands
                        .iter()
                        .map(|b| format!("{} → {} 分", b.label, b.points.0))
                        .collect::<Vec<_>>()
                        .join("；"),
                    crate::rules::IndicatorKind::PerItem => format!(
                        "每项 {} 分：{}",
                        ind.points_each.map(|p| p.0).unwrap_or_default(),
                        ind.items
                            .iter()
                            .map(|i| i.label.as_str())
                            .collect::<Vec<_>>()
                            .join("；")
                    ),
                    crate::rules::IndicatorKind::PerStep => format!(
                        "每满 {} 得 {} 分",
                        ind.step.map(|p| p.0).unwrap_or_default(),
                        ind.points_each.map(|p| p.0).unwrap_or_default()
                    ),
                    crate::rules::IndicatorKind::Provincial => "由省级规则包设定".to_owned(),
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    cell(&ind.title),
                    cell(dim),
                    ind.max_points.0,
                    cell(&detail),
                    grade_words(ind.grade)
                );
            }
            let _ = writeln!(out);
        }
    }
}

/// The whole review document of `pack`.
pub fn render(pack: &Pack) -> String {
    let facts = Facts::default();
    // No overrides: resolving the defaults cannot fail.
    let settings = Settings::resolve(pack, &Default::default())
        .map(|(s, _)| s)
        .unwrap_or(Settings {
            boundary_inclusive: true,
            band_endpoint_higher: true,
            average_growth_cagr: false,
            applied: 0,
        });
    let doc = Doc {
        ctx: Ctx::new(
            pack,
            &facts,
            crate::date::Date::new(2026, 1, 1),
            Application::New,
            settings,
        ),
    };
    let mut out = String::new();
    let w = &mut out;
    let m = &pack.meta;
    let _ = writeln!(w, "# 规则包审阅文档：{}\n", md(&m.name));
    let _ = writeln!(
        w,
        "- 规则包：{}，版本 {}，内容校验 {}",
        md(&m.id),
        md(&m.version),
        pack.content_hash
    );
    let _ = writeln!(w, "- 说明：{}", md(&m.description));
    let _ = writeln!(
        w,
        "- 本文件由 `zjtx pack doc` 从规则包生成，按条款顺序列出每一条件的原文、门槛、用语含义、可信度与出处，供与官方原文逐条核对。\n"
    );
    let _ = writeln!(
        w,
        "{}单一来源与待核实的条件不单独决定结论，只提示人工核验。\n",
        Grade::LEGEND
    );
    let _ = writeln!(
        w,
        "## 比较用语的含义\n\n| 用语 | 方向 | 恰好等于门槛时 | 理由 |\n|---|---|---|---|"
    );
    for r in Word::TABLE {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} |",
            r.text,
            if r.lower { "下限" } else { "上限" },
            r.inclusion.label(),
            r.note
        );
    }
    let _ = writeln!(w, "\n## 计算口径设置（原文未说清之处）\n");
    for s in &pack.settings {
        let default = s
            .options
            .iter()
            .find(|o| o.value == s.default)
            .map(|o| o.label.as_str())
            .unwrap_or("");
        let _ = writeln!(
            w,
            "- **{}**：默认 {}（{}）。{}",
            md(&s.label),
            md(default),
            grade_words(s.grade),
            md(&s.explanation)
        );
    }
    let _ = writeln!(w);
    for rs in &pack.rule_sets {
        doc.rule_set(rs, w);
    }
    let _ = writeln!(w, "## 共同的基础与排除条件\n");
    for c in &pack.exclusions.criteria {
        doc.criterion(c, w);
    }
    out
}
