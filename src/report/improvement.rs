//! The gap part of the report: ladder, deciding unknowns, the smallest path
//! to each tier not yet reached, 提升解决方案 with sources, 佐证材料, and
//! validity / renewal reminders.

use super::ReportModel;
use crate::rules::Measure;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GapProps {
    pub model: Rc<ReportModel>,
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
            <p class="rpt-note">{"措施摘自国家和各地的政策文件，出处写明文件名称和条目；具体申报条件与时间以所在地当年通知为准。"}</p>
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
    let with: Vec<_> = m
        .gaps
        .plans
        .iter()
        .filter(|p| !p.evidence.is_empty())
        .collect();
    // Evidence two or more planned tiers ask for is listed once (naming the
    // tiers when not all of them), then what each tier needs besides.
    let mut common: Vec<(&str, Vec<&str>)> = Vec::new();
    for p in &with {
        for e in &p.evidence {
            let tiers: Vec<&str> = with
                .iter()
                .filter(|q| q.evidence.contains(e))
                .map(|q| q.label.as_str())
                .collect();
            if tiers.len() > 1 && !common.iter().any(|(x, _)| *x == e.as_str()) {
                common.push((e.as_str(), tiers));
            }
        }
    }
    let shared = |e: &str| common.iter().any(|(x, _)| *x == e);
    html! {
        <>
            if !with.is_empty() {
                <section class="rpt-section rpt-evidence">
                    <h2 class="rpt-numbered">{"佐证材料清单（申报准备）"}</h2>
                    if !common.is_empty() {
                        <div>
                            <h3>{"几个梯度都要的材料"}</h3>
                            <ul class="rpt-checklist">{ for common.iter().map(|(e, tiers)| html!{
                                <li key={e.to_string()}>
                                    { format!("☐ {e}") }
                                    if tiers.len() < with.len() {
                                        <span class="rpt-muted">{ format!("（{}）", tiers.join("、")) }</span>
                                    }
                                </li>
                            }) }</ul>
                        </div>
                    }
                    { for with.iter().map(|plan| html!{
                        <div key={plan.label.clone()}>
                            <h3>{ if common.is_empty() { format!("{}（{}）", plan.label, plan.document) } else { format!("另需：{}（{}）", plan.label, plan.document) } }</h3>
                            <ul class="rpt-checklist">{ for plan.evidence.iter().filter(|e| !shared(e)).map(|e| html!{ <li key={e.clone()}>{ format!("☐ {e}") }</li> }) }</ul>
                        </div>
                    }) }
                </section>
            }
            if !m.gaps.reminders.is_empty() && !super::advice::has_renewals(m) {
                <section class="rpt-section">
                    <h2 class="rpt-numbered">{"有效期与复核提醒"}</h2>
                    <ul>{ for m.gaps.reminders.iter().map(|r| html!{ <li key={r.clone()}>{ r }</li> }) }</ul>
                </section>
            }
        </>
    }
}
