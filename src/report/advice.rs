//! The first pages of the report: where the firm stands, what to do this
//! year, when to apply and what each open year must reach; titles held
//! with their next 复核. Built once as plain lines (`AdviceView`) so the
//! HTML and the Markdown report say the same thing.

use super::ReportModel;
use crate::engine::Verdict;
use crate::engine::timeline::{ItemKind, PlanItem, Standing, TimePlan, WAIT_ONLY, YearRead};
use std::rc::Rc;
use yew::prelude::*;

/// One row of 结论与申报时间.
#[derive(Clone, Debug, PartialEq)]
pub struct StandingRow {
    pub tier: String,
    pub now: String,
    pub verdict: Verdict,
    pub when: String,
    pub reads: String,
}

/// One tier's plan as lines.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanView {
    pub title: String,
    /// (label, text): 读取年度, 为什么不是更早, 2026 年须达到 …
    pub lines: Vec<(String, String)>,
    pub measures: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AdviceView {
    pub rows: Vec<StandingRow>,
    /// What a 不符合 beside a title held means.
    pub notes: Vec<String>,
    pub this_year: i32,
    /// Things to do this year: (text, tiers it serves).
    pub now: Vec<String>,
    pub plans: Vec<PlanView>,
    pub renewals: Vec<PlanView>,
    pub assumptions: String,
}

fn years(reads: &[YearRead]) -> String {
    if reads.is_empty() {
        return "—".into();
    }
    reads
        .iter()
        .map(|r| {
            format!(
                "{} 年（{}，{}）",
                r.year,
                r.label,
                if r.closed {
                    "已结束"
                } else {
                    "尚未结束"
                }
            )
        })
        .collect::<Vec<_>>()
        .join("、")
}

fn item_text(i: &PlanItem) -> String {
    match &i.estimate {
        Some(e) => format!("{}；{e}", i.text),
        None => i.text.clone(),
    }
}

fn measure_titles(m: &ReportModel, ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        if let Some(x) = m.measures.iter().find(|x| &x.id == id) {
            if !out.contains(&x.title) {
                out.push(x.title.clone());
            }
        }
    }
    out
}

/// The plan's items as labelled lines, open years first, then what to keep.
fn plan_lines(p_items: &[PlanItem], this_year: i32) -> Vec<(String, String)> {
    let mut lines = Vec::new();
    for i in p_items.iter().filter(|i| i.kind == ItemKind::Wait) {
        lines.push((
            "只能等待".to_owned(),
            match i.clears {
                Some(d) => format!("{}（{d} 起不再阻碍）", i.text),
                None => i.text.clone(),
            },
        ));
    }
    let mut target_years: Vec<i32> = p_items
        .iter()
        .filter(|i| i.kind == ItemKind::Target && !i.keep)
        .filter_map(|i| i.year)
        .collect();
    target_years.sort();
    target_years.dedup();
    for y in target_years {
        let label = if y == this_year {
            format!("{y} 年（今年）须达到")
        } else {
            format!("{y} 年须达到")
        };
        for i in p_items
            .iter()
            .filter(|i| i.kind == ItemKind::Target && !i.keep && i.year == Some(y))
        {
            lines.push((label.clone(), item_text(i)));
        }
    }
    for i in p_items
        .iter()
        .filter(|i| i.kind == ItemKind::Target && !i.keep && i.year.is_none())
    {
        lines.push(("须达到".to_owned(), item_text(i)));
    }
    for i in p_items.iter().filter(|i| i.kind == ItemKind::Now) {
        lines.push((
            "申报前".to_owned(),
            i.text.trim_start_matches("申报前做到：").to_owned(),
        ));
    }
    for i in p_items.iter().filter(|i| i.kind == ItemKind::Platform) {
        lines.push(("待补全".to_owned(), i.text.clone()));
    }
    // Answers left blank: one line, not one row each (an empty
    // questionnaire would otherwise fill pages with the same sentence).
    let blank: Vec<&str> = p_items
        .iter()
        .filter(|i| i.kind == ItemKind::Complete)
        .map(|i| i.text.trim_end_matches("：请补全填报后再看"))
        .collect();
    match blank.as_slice() {
        [] => {}
        [one] => lines.push(("待补全".to_owned(), format!("{one}：请补全填报后再看"))),
        many => lines.push((
            "待补全".to_owned(),
            format!(
                "以下 {} 项尚未填写或不清楚，补全填报后再看：{}",
                many.len(),
                many.join("；")
            ),
        )),
    }
    let keep: Vec<String> = p_items
        .iter()
        .filter(|i| i.kind == ItemKind::Target && i.keep)
        .map(|i| i.text.clone())
        .collect();
    if !keep.is_empty() {
        lines.push((
            "保持即可".to_owned(),
            format!(
                "{}（按最近一个已结束年度的数据估算已能达到）",
                keep.join("；")
            ),
        ));
    }
    lines
}

impl AdviceView {
    pub fn build(m: &ReportModel) -> AdviceView {
        let adv = &m.advice;
        let this_year = m.assessment.date.year;
        let mut rows = Vec::new();
        let mut notes = Vec::new();
        let mut now: Vec<String> = Vec::new();
        let mut plans = Vec::new();
        let mut renewals = Vec::new();
        let mut add_now = |text: String, tier: &str| {
            let line = format!("{text}（{tier}）");
            if let Some(existing) = now.iter_mut().find(|l| l.starts_with(&format!("{text}（"))) {
                if !existing.contains(tier) {
                    existing.insert_str(existing.len() - "）".len(), &format!("、{tier}"));
                }
            } else {
                now.push(line);
            }
        };
        for t in &adv.tiers {
            match &t.standing {
                Standing::Held {
                    granted,
                    expires,
                    renewal,
                } => {
                    rows.push(StandingRow {
                        tier: t.label.clone(),
                        now: format!("已持有（{granted} 取得，有效期至 {expires}）"),
                        verdict: Verdict::Qualifies,
                        when: match renewal {
                            Some(r) => format!("不需再申请；{} 年复核", r.year),
                            None => "不需再申请；到期前复核".to_owned(),
                        },
                        reads: renewal
                            .as_ref()
                            .map(|r| years(&r.reads))
                            .unwrap_or_default(),
                    });
                    if t.verdict == Verdict::NotQualified {
                        notes.push(format!(
                            "{}：已持有。后文按新申请标准自评为“不符合”，只说明现在以同样数据重新申请不会通过，不影响已持有的称号；到期复核按复核标准，见“已持有称号的复核”。",
                            t.label
                        ));
                    }
                    if let Some(r) = renewal {
                        let mut lines = vec![
                            (
                                "复核年份".to_owned(),
                                format!("{} 年（有效期至 {expires}，到期前复核）", r.year),
                            ),
                            ("复核标准".to_owned(), r.document.clone()),
                            ("复核读取".to_owned(), years(&r.reads)),
                            (
                                "按现有数据".to_owned(),
                                match r.verdict {
                                    Verdict::Qualifies
                                    | Verdict::QualifiesToVerify
                                    | Verdict::NotNeeded
                                    | Verdict::Held => "已结束年度的数据不妨碍复核".to_owned(),
                                    Verdict::NotQualified => "已结束年度的数据已不满足复核标准，见下".to_owned(),
                                    Verdict::Doubtful => "已结束年度的数据可能不满足复核标准（依据单一来源的条款，以主管部门解释为准），见下".to_owned(),
                                    Verdict::Undetermined => "取决于尚未结束年度的数据，见下".to_owned(),
                                },
                            ),
                        ];
                        for b in &r.blocked {
                            lines.push(("不满足之处".to_owned(), b.clone()));
                        }
                        if !r.not_examined.is_empty() {
                            lines.push(("复核不考查".to_owned(), r.not_examined.join("；")));
                        }
                        lines.extend(plan_lines(&r.items, this_year));
                        for i in r.items.iter().filter(|i| {
                            (!i.keep && i.targets_year(this_year)) || i.kind == ItemKind::Now
                        }) {
                            add_now(item_text(i), &format!("{}复核", t.label));
                        }
                        let ids: Vec<String> = r
                            .items
                            .iter()
                            .filter(|i| !i.keep)
                            .flat_map(|i| i.measures.clone())
                            .collect();
                        renewals.push(PlanView {
                            title: t.label.clone(),
                            lines,
                            measures: measure_titles(m, &ids),
                        });
                    }
                }
                Standing::Implied { by } => rows.push(StandingRow {
                    tier: t.label.clone(),
                    now: format!("已持有更高一级的{by}称号"),
                    verdict: Verdict::Qualifies,
                    when: "不需申请".to_owned(),
                    reads: "—".to_owned(),
                }),
                Standing::Reached { apply_year } => rows.push(StandingRow {
                    tier: t.label.clone(),
                    now: t.verdict.label().to_owned(),
                    verdict: t.verdict,
                    when: format!("{apply_year} 年可申报"),
                    reads: "—".to_owned(),
                }),
                Standing::NoPath => rows.push(StandingRow {
                    tier: t.label.clone(),
                    now: t.verdict.label().to_owned(),
                    verdict: t.verdict,
                    when: "评估日期下没有适用的标准".to_owned(),
                    reads: "—".to_owned(),
                }),
                Standing::Plan(p) => {
                    rows.push(StandingRow {
                        tier: t.label.clone(),
                        now: match t.verdict {
                            _ if t.maybe_held && t.verdict == Verdict::Undetermined => {
                                "无法确定（可能已持有）".to_owned()
                            }
                            Verdict::Qualifies | Verdict::QualifiesToVerify => {
                                format!("{}（按 {} 年数据）", t.verdict.label(), this_year - 1)
                            }
                            v => v.label().to_owned(),
                        },
                        verdict: t.verdict,
                        when: match (p.apply_year, p.undecided.len()) {
                            (_, n) if n > 0 => {
                                format!("尚不能确定：先补全或确认 {n} 项，见申报计划")
                            }
                            (Some(y), _) => format!("最早 {y} 年申报"),
                            (None, _) => "近 5 年内无法申报，见申报计划".to_owned(),
                        },
                        reads: if p.promised_year().is_some() {
                            years(&p.reads)
                        } else {
                            "—".to_owned()
                        },
                    });
                    if !p.undecided.is_empty() {
                        // No year yet: this year's work is to find out, not
                        // to chase targets of a year that may not be the one.
                        add_now(
                            "先补全或确认申报计划中“须先确定”的各项，再定申报年度".to_owned(),
                            &t.label,
                        );
                        plans.push(plan_view(m, &t.label, p, this_year));
                        continue;
                    }
                    let soon = p.apply_year == Some(adv.first_year);
                    for i in p.items.iter().filter(|i| {
                        (!i.keep && i.targets_year(this_year)) || (soon && i.kind == ItemKind::Now)
                    }) {
                        add_now(
                            match i.kind {
                                ItemKind::Now => {
                                    i.text.trim_start_matches("申报前做到：").to_owned()
                                }
                                _ => item_text(i),
                            },
                            &t.label,
                        );
                    }
                    plans.push(plan_view(m, &t.label, p, this_year));
                }
            }
        }
        AdviceView {
            rows,
            notes,
            this_year,
            now,
            plans,
            renewals,
            assumptions: format!("{}{}", adv.note, m.cost_assumptions),
        }
    }
}

fn plan_view(m: &ReportModel, label: &str, p: &TimePlan, this_year: i32) -> PlanView {
    if !p.undecided.is_empty() {
        return undecided_view(label, p);
    }
    let title = match p.apply_year {
        Some(y) => format!("{label}：最早 {y} 年申报（{}）", p.document),
        None => format!("{label}：近 5 年内无法申报（{}）", p.document),
    };
    let mut lines = Vec::new();
    if let Some(y) = p.apply_year {
        lines.push((format!("{y} 年申报读取"), years(&p.reads)));
    }
    for e in &p.earlier {
        lines.push(("为什么不能更早".to_owned(), e.clone()));
    }
    lines.extend(plan_lines(&p.items, this_year));
    if let Some(r) = &p.route {
        lines.push(("路径选择".to_owned(), r.clone()));
    }
    if let Some(sm) = &p.score_moves {
        let moves: Vec<String> = sm
            .moves
            .iter()
            .map(|mv| {
                let advice = if mv.advice.is_empty() {
                    String::new()
                } else {
                    format!("：{}", mv.advice.join("；"))
                };
                format!(
                    "{} {} → {}（+{} 分）{advice}",
                    mv.indicator, mv.from, mv.to, mv.gain
                )
            })
            .collect();
        lines.push((
            "评分提升".to_owned(),
            format!(
                "{}现 {} 分，及格线 {} 分；以下调整合计可达 {} 分：{}",
                sm.title,
                sm.now,
                sm.pass_mark,
                sm.after,
                moves.join("；")
            ),
        ));
    }
    let ids: Vec<String> = p
        .items
        .iter()
        .filter(|i| !i.keep)
        .flat_map(|i| i.measures.clone())
        .collect();
    PlanView {
        title,
        lines,
        measures: measure_titles(m, &ids),
    }
}

/// A plan that cannot name a year yet: what must be established first,
/// and the earlier years already out of reach on figures that are fixed.
/// No targets: they belong to a year not yet known.
fn undecided_view(label: &str, p: &TimePlan) -> PlanView {
    let mut lines = Vec::new();
    for e in p.earlier.iter().filter(|e| !e.ends_with(WAIT_ONLY)) {
        lines.push(("为什么不能更早".to_owned(), e.clone()));
    }
    let mut blank: Vec<&str> = Vec::new();
    for u in &p.undecided {
        match u.strip_suffix("：请补全填报后再看") {
            Some(b) => blank.push(b),
            None => lines.push(("须先确定".to_owned(), u.clone())),
        }
    }
    match blank.as_slice() {
        [] => {}
        [one] => lines.push(("须先补全".to_owned(), (*one).to_owned())),
        many => lines.push((
            "须先补全".to_owned(),
            format!(
                "以下 {} 项尚未填写或不清楚：{}",
                many.len(),
                many.join("；")
            ),
        )),
    }
    lines.push((
        "然后".to_owned(),
        "补全后重新生成本报告，再给出最早申报年度和各年要达到的数字".to_owned(),
    ));
    PlanView {
        title: format!("{label}：申报时间尚不能确定（{}）", p.document),
        lines,
        measures: vec![],
    }
}

#[derive(Properties, PartialEq)]
pub struct AdviceProps {
    pub model: Rc<ReportModel>,
}

fn plan_block(p: &PlanView) -> Html {
    html! {
        <div class="rpt-plan" key={p.title.clone()}>
            <h3>{ &p.title }</h3>
            <dl class="rpt-plan-lines">
                { for p.lines.iter().enumerate().map(|(i, (k, v))| html!{
                    <div key={i} class="rpt-plan-line"><dt>{ k }</dt><dd>{ v }</dd></div>
                }) }
                if !p.measures.is_empty() {
                    <div class="rpt-plan-line"><dt>{"可借助"}</dt><dd>{ p.measures.join("；") }</dd></div>
                }
            </dl>
        </div>
    }
}

/// Whether 已持有称号的复核 is printed (it then carries the validity reminders).
pub(crate) fn has_renewals(m: &ReportModel) -> bool {
    m.advice.tiers.iter().any(|t| {
        matches!(
            t.standing,
            Standing::Held {
                renewal: Some(_),
                ..
            }
        )
    })
}

/// 结论与申报时间, 今年要做的事, 申报计划, 已持有称号的复核.
#[function_component(AdviceSections)]
pub fn advice_sections(p: &AdviceProps) -> Html {
    let v = AdviceView::build(&p.model);
    html! {
        <>
            <section class="rpt-section rpt-standing">
                <h2 class="rpt-numbered">{"结论与申报时间"}</h2>
                <table class="rpt-table rpt-ladder">
                    <thead><tr><th scope="col">{"梯度"}</th><th scope="col">{"现状"}</th><th scope="col">{"申报时间"}</th><th scope="col">{"该次申报读取的年度"}</th></tr></thead>
                    <tbody>
                        { for v.rows.iter().map(|r| html!{
                            <tr key={r.tier.clone()}>
                                <th scope="row">{ &r.tier }</th>
                                <td class={super::verdict_class(r.verdict)}>{ &r.now }</td>
                                <td>{ &r.when }</td>
                                <td>{ &r.reads }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                { for v.notes.iter().map(|n| html!{ <p class="rpt-note" key={n.clone()}>{ n }</p> }) }
            </section>
            <section class="rpt-section rpt-this-year">
                <h2 class="rpt-numbered">{ format!("{} 年（今年）要做的事", v.this_year) }</h2>
                if v.now.is_empty() {
                    <p>{"今年没有必须改变的数字；按下面的申报计划保持各项水平即可。"}</p>
                } else {
                    <ul>{ for v.now.iter().map(|n| html!{ <li key={n.clone()}>{ n }</li> }) }</ul>
                }
            </section>
            if !v.plans.is_empty() {
                <section class="rpt-section rpt-plans">
                    <h2 class="rpt-numbered">{"申报计划"}</h2>
                    { for v.plans.iter().map(plan_block) }
                    <p class="rpt-note">{ &v.assumptions }</p>
                </section>
            }
            if !v.renewals.is_empty() {
                <section class="rpt-section rpt-renewals">
                    <h2 class="rpt-numbered">{"已持有称号的复核"}</h2>
                    { for v.renewals.iter().map(plan_block) }
                    // The validity reminders belong with the titles they are about.
                    <ul class="rpt-notes rpt-reminders">{ for p.model.gaps.reminders.iter().map(|r| html!{ <li key={r.clone()}>{ format!("提醒：{r}") }</li> }) }</ul>
                </section>
            }
        </>
    }
}
