//! The gap part of the report: ladder, deciding unknowns, the smallest path
//! to each tier not yet reached, 提升解决方案 with sources, 佐证材料, and
//! validity / renewal reminders.

use super::ReportModel;
use super::size::truth_class;
use super::verdict_class;
use crate::engine::evaluate::Leaf;
use crate::rules::Measure;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GapProps {
    pub model: Rc<ReportModel>,
}

/// 梯度路线图: where the firm stands on each rung and when the next opens.
#[function_component(Ladder)]
pub fn ladder(p: &GapProps) -> Html {
    let g = &p.model.gaps;
    html! {
        <>
            <table class="rpt-table rpt-ladder">
                <caption>{"梯度路线图"}</caption>
                <thead><tr><th scope="col">{"梯度"}</th><th scope="col">{"现状"}</th><th scope="col">{"最早可申报"}</th><th scope="col">{"还需满足"}</th></tr></thead>
                <tbody>
                    { for g.ladder.iter().map(|r| html!{
                        <tr key={r.label.clone()}>
                            <th scope="row">{ &r.label }</th>
                            <td class={verdict_class(r.verdict)}>
                                { match &r.held { Some(h) if !h.expired => format!("已持有（至 {}）", h.expires), _ => r.verdict.label().to_owned() } }
                            </td>
                            <td>{ r.earliest_year.map(|y| format!("{y} 年")).unwrap_or_else(|| "—".into()) }<span class="rpt-note">{ &r.when }</span></td>
                            <td>{ if r.blockers.is_empty() { "—".to_owned() } else { r.blockers.join("；") } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if !g.deciding.is_empty() {
                <p class="rpt-deciding">{ format!("决定结论的未知项（补全后结论才能确定，按影响大小排序）：{}", g.deciding.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>().join("、")) }</p>
            }
        </>
    }
}

fn change(i: usize, l: &Leaf) -> Html {
    html! {
        <li key={i}>
            <span class={truth_class(l.truth)}>{ &l.text }</span>
            if let Some(g) = &l.gap {
                <span class="rpt-gap">{ format!("→ {}", g.advice) }</span>
                <span class="rpt-formula">{ format!("（{}）", g.formula) }</span>
            }
        </li>
    }
}

/// 差距与最小改进方案 for each tier not yet reached.
#[function_component(Plans)]
pub fn plans(p: &GapProps) -> Html {
    let m = &p.model;
    let title_of = |id: &str| {
        m.measures
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.title.clone())
            .unwrap_or_default()
    };
    html! {
        <section class="rpt-section rpt-plans">
            <h2 class="rpt-numbered">{"差距与最小改进方案"}</h2>
            <p class="rpt-note">{ format!("每个梯度取最容易达到的一条路径：所有未满足的必备条件，加上成本最低的一条“任一即可”路径。{}", m.cost_assumptions) }</p>
            if m.gaps.plans.is_empty() {
                <p>{"所有梯度都已符合或已持有称号，请关注下面的有效期与复核提醒。"}</p>
            }
            { for m.gaps.plans.iter().map(|plan| html!{
                <div class="rpt-plan" key={plan.label.clone()}>
                    <h3>{ format!("{}：{}（{}）", plan.label, plan.path, plan.document) }</h3>
                    if let Some(d) = plan.earliest {
                        <p class="rpt-note">{ format!("受时间限制：最早 {d} 起可满足年限要求。") }</p>
                    }
                    if let Some(sm) = &plan.score_moves {
                        <div class="rpt-score-moves">
                            <p><strong>{ format!("评分提升（{}）：现 {} 分，及格线 {} 分；以下调整合计可达 {} 分，且各类不低于下限：", sm.title, sm.now, sm.pass_mark, sm.after) }</strong></p>
                            <ul class="rpt-leaves">
                                { for sm.moves.iter().enumerate().map(|(i, mv)| html!{
                                    <li key={i}>
                                        { format!("{}：{} → {}（+{} 分）", mv.indicator, mv.from, mv.to, mv.gain) }
                                        if !mv.advice.is_empty() { <span class="rpt-gap">{ format!("→ {}", mv.advice.join("；")) }</span> }
                                    </li>
                                }) }
                            </ul>
                        </div>
                    }
                    <ol class="rpt-steps">
                        { for plan.steps.iter().enumerate().map(|(i, s)| html!{
                            <li key={i}>
                                <strong>{ &s.criterion }</strong><span class="rpt-cite-inline">{ format!("（{} {}）", s.clause, s.grade.short()) }</span>
                                <ul class="rpt-leaves">{ for s.changes.iter().enumerate().map(|(k, l)| change(k, l)) }</ul>
                                if !s.measures.is_empty() {
                                    <p class="rpt-measure-refs">{ format!("可借助：{}", s.measures.iter().map(|id| title_of(id)).collect::<Vec<_>>().join("；")) }</p>
                                }
                            </li>
                        }) }
                    </ol>
                </div>
            }) }
        </section>
    }
}

/// 提升解决方案: the measures the plans cite, by dimension, with sources.
#[function_component(Measures)]
pub fn measures(p: &GapProps) -> Html {
    let m = &p.model;
    if m.measures.is_empty() {
        return html! {};
    }
    html! {
        <section class="rpt-section rpt-measures">
            <h2 class="rpt-numbered">{"提升解决方案（帮扶措施）"}</h2>
            <p class="rpt-note">{"措施摘自各地政策文件（种子文件，按“文件号:行号”标注出处），具体申报条件与时间以所在地当年通知为准；山东文件为征求意见稿。"}</p>
            { for Measure::DIMENSIONS.iter().filter(|(id, _)| m.measures.iter().any(|x| x.dimension == *id)).map(|(id, name)| html!{
                <div key={*id} class="rpt-measure-group">
                    <h3>{ *name }</h3>
                    <ul>
                        { for m.measures.iter().filter(|x| x.dimension == *id).map(|x| html!{
                            <li key={x.id.clone()}>
                                <strong>{ &x.title }</strong>{ format!("（{}）", x.level) }{"："}{ &x.detail }
                                <span class="rpt-source">{ format!("出处：{}", x.source) }</span>
                            </li>
                        }) }
                    </ul>
                </div>
            }) }
        </section>
    }
}

/// 佐证材料清单 and 有效期与复核提醒.
#[function_component(Checklist)]
pub fn checklist(p: &GapProps) -> Html {
    let m = &p.model;
    html! {
        <>
            if m.gaps.plans.iter().any(|p| !p.evidence.is_empty()) {
                <section class="rpt-section rpt-evidence">
                    <h2 class="rpt-numbered">{"佐证材料清单（申报准备）"}</h2>
                    { for m.gaps.plans.iter().filter(|p| !p.evidence.is_empty()).map(|plan| html!{
                        <div key={plan.label.clone()}>
                            <h3>{ format!("{}（{}）", plan.label, plan.document) }</h3>
                            <ul class="rpt-checklist">{ for plan.evidence.iter().map(|e| html!{ <li key={e.clone()}>{ format!("☐ {e}") }</li> }) }</ul>
                        </div>
                    }) }
                </section>
            }
            if !m.gaps.reminders.is_empty() {
                <section class="rpt-section">
                    <h2 class="rpt-numbered">{"有效期与复核提醒"}</h2>
                    <ul>{ for m.gaps.reminders.iter().map(|r| html!{ <li key={r.clone()}>{ r }</li> }) }</ul>
                </section>
            }
        </>
    }
}
