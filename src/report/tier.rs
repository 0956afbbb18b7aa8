//! One tier: per standard (path) the rule set used and why, the verdict,
//! the criterion table, the score table, and the unknowns that decide.

use super::size::{truth_class, truth_mark};
use super::verdict_class;
use crate::engine::assess::{PathResult, TierResult};
use crate::engine::evaluate::{CriterionResult, Status};
use crate::engine::score::ScoreResult;
use crate::num::Dec;
use crate::rules::Role;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TierSectionProps {
    pub tier: Rc<TierResult>,
}

#[function_component(TierSection)]
pub fn tier_section(props: &TierSectionProps) -> Html {
    let t = &props.tier;
    html! {
        <section class="rpt-section rpt-tier rpt-detail">
            <h2 class="rpt-numbered">{ format!("{}：{}", t.label, t.verdict.label()) }</h2>
            if t.paths.is_empty() {
                <p class="rpt-pending">{"评估日期与申请类型下没有适用的标准。"}</p>
            }
            { for t.paths.iter().map(|p| html!{ <Path key={p.rule_set.clone()} path={Rc::new(p.clone())} /> }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PathProps {
    path: Rc<PathResult>,
}

#[function_component(Path)]
fn path(props: &PathProps) -> Html {
    let p = &props.path;
    let failed: Vec<&CriterionResult> = p.failed().collect();
    let shared: Vec<&CriterionResult> = p.criteria.iter().filter(|c| c.shared).collect();
    let shared_count = shared.len();
    let shared_status = shared_status(&shared);
    let open: Vec<&str> = shared
        .iter()
        .filter(|c| c.status != Status::Met)
        .map(|c| c.title.as_str())
        .collect();
    let shared_summary = if open.is_empty() {
        "全部符合".to_owned()
    } else {
        format!("需关注：{}", open.join("；"))
    };
    html! {
        <div class="rpt-path">
            <h3>{ format!("{}（{}）", p.path, p.document) }</h3>
            <p class="rpt-verdict">
                <span class="rpt-verdict-label">{"结论："}</span>
                <strong class={verdict_class(p.verdict)}>{ p.verdict.label() }</strong>
            </p>
            <p class="rpt-selection">{ &p.selection }</p>
            if !failed.is_empty() {
                <p class="rpt-failed">{ format!("未满足：{}", failed.iter().map(|c| c.title.as_str()).collect::<Vec<_>>().join("；")) }</p>
            }
            { for p.doubts.iter().map(|d| html!{ <p class="rpt-doubt" key={d.clone()}>{ format!("为什么是“可能不符合”：{d}") }</p> }) }
            if let Some(n) = &p.not_needed {
                <p class="rpt-not-needed">{ format!("无需评价：{n}") }</p>
            }
            if !p.deciding.is_empty() {
                <p class="rpt-deciding">{ format!("决定结论的未知项：{}", p.deciding.iter().map(|d| d.label.as_str()).collect::<Vec<_>>().join("、")) }</p>
            }
            <table class="rpt-table rpt-criteria">
                <thead>
                    <tr>
                        <th scope="col">{"条件"}</th>
                        <th scope="col">{"要求（条文）"}</th>
                        <th scope="col">{"本企业数值（公式）"}</th>
                        <th scope="col">{"状态"}</th>
                        <th scope="col">{"差距"}</th>
                        <th scope="col">{"出处 · 可信度"}</th>
                    </tr>
                </thead>
                <tbody>
                    if shared_count > 0 {
                        <tr class="rpt-shared-row">
                            <th scope="row">{"中小企业规模与共同的基础、排除条件"}</th>
                            <td class="rpt-law">{ format!("共 {shared_count} 项，逐项见“基础条件与排除条件”一节。") }</td>
                            <td>{ shared_summary }</td>
                            <td class={status_class(shared_status)}>{ status_mark(shared_status) }</td>
                            <td></td>
                            <td class="rpt-cite">{"工信部联企业〔2011〕300号；各梯度基础条件"}</td>
                        </tr>
                    }
                    { for p.criteria.iter().filter(|c| !c.shared).map(criterion_row) }
                </tbody>
            </table>
            if let Some(score) = &p.score {
                <ScoreTable score={Rc::new(score.clone())} />
            }
        </div>
    }
}

/// The combined status of the shared conditions: the worst one.
pub(crate) fn shared_status(items: &[&CriterionResult]) -> Status {
    let rank = |s: Status| match s {
        Status::Unmet => 0,
        Status::Unknown => 1,
        Status::NeedsReview | Status::SelfDeclared => 2,
        Status::Met | Status::NotApplicable => 3,
    };
    items
        .iter()
        .map(|c| c.status)
        .min_by_key(|s| rank(*s))
        .unwrap_or(Status::Met)
}

pub(crate) fn status_class(s: Status) -> &'static str {
    match s {
        Status::Met => "rpt-yes",
        Status::Unmet => "rpt-no",
        Status::Unknown => "rpt-unknown",
        Status::SelfDeclared | Status::NeedsReview => "rpt-verify",
        Status::NotApplicable => "rpt-muted",
    }
}

pub(crate) fn status_mark(s: Status) -> String {
    let mark = match s {
        Status::Met => "✓",
        Status::Unmet => "✗",
        Status::Unknown => "？",
        Status::SelfDeclared | Status::NeedsReview => "△",
        Status::NotApplicable => "—",
    };
    format!("{mark} {}", s.label())
}

pub(crate) fn criterion_row(c: &CriterionResult) -> Html {
    let role = if c.role == Role::Route {
        "（任一即可）"
    } else {
        ""
    };
    html! {
        <tr key={c.id.clone()}>
            <th scope="row">{ &c.title }<span class="rpt-role">{ role }</span></th>
            <td class="rpt-law">{ &c.text }</td>
            <td>
                <ul class="rpt-leaves">
                    { for c.leaves.iter().enumerate().map(|(i, l)| html!{
                        <li key={i} class={truth_class(l.truth)}>
                            { &l.text }
                            if let Some(f) = l.shown_formula() {
                                <span class="rpt-formula">{ format!("（{f}）") }</span>
                            }
                        </li>
                    }) }
                </ul>
            </td>
            <td class={status_class(c.status)}>{ status_mark(c.status) }</td>
            <td class="rpt-gap-cell">
                { for c.gaps().into_iter().enumerate().map(|(i, g)| html!{ <p key={i}>{ &g.advice }</p> }) }
            </td>
            <td class="rpt-cite">{ &c.clause }<br/>{ c.grade.short() }</td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct ScoreTableProps {
    score: Rc<ScoreResult>,
}

fn range(min: Dec, max: Dec) -> String {
    if min == max {
        format!("{min}")
    } else {
        format!("{min}–{max}")
    }
}

#[function_component(ScoreTable)]
fn score_table(props: &ScoreTableProps) -> Html {
    let s = &props.score;
    html! {
        <table class="rpt-table rpt-score">
            <caption>
                { format!("{}：得分 {} 分（及格线 {} 分）— ", s.title, range(s.min, s.max), s.pass_mark) }
                <span class={truth_class(s.pass)}>{ truth_mark(s.pass) }</span>
            </caption>
            <thead>
                <tr>
                    <th scope="col">{"指标（满分）"}</th>
                    <th scope="col">{"本企业情况"}</th>
                    <th scope="col">{"档位"}</th>
                    <th scope="col">{"得分"}</th>
                </tr>
            </thead>
            <tbody>
                { for s.dimensions.iter().map(|d| {
                    let floor = d.floor.map(|f| format!("，不低于 {f} 分")).unwrap_or_default();
                    html!{
                        <>
                            <tr key={format!("dim-{}", d.id)} class="rpt-dimension">
                                <th scope="rowgroup" colspan="3">{ format!("{}（{} 分{floor}）", d.name, d.max_points) }</th>
                                <td class={truth_class(d.floor_met)}>{ range(d.min, d.max) }</td>
                            </tr>
                            { for s.indicators.iter().filter(|i| i.dimension == d.id).map(|i| html!{
                                <tr key={format!("ind-{}", i.id)}>
                                    <th scope="row">{ format!("{}（{}）", i.title, i.max_points) }<br/><span class="rpt-grade">{ i.grade.short() }</span></th>
                                    <td>
                                        <ul class="rpt-leaves">
                                            { for i.leaves.iter().enumerate().map(|(k, l)| html!{
                                                <li key={k}>
                                                    { &l.text }
                                                    if let Some(f) = l.shown_formula() {
                                                        <span class="rpt-formula">{ format!("（{f}）") }</span>
                                                    }
                                                </li>
                                            }) }
                                        </ul>
                                        if let Some(note) = &i.note { <p class="rpt-note">{ note }</p> }
                                    </td>
                                    <td>{ i.band.clone().unwrap_or_else(|| if i.min == i.max { "—".into() } else { "未定".into() }) }</td>
                                    <td>{ range(i.min, i.max) }</td>
                                </tr>
                            }) }
                        </>
                    }
                }) }
            </tbody>
        </table>
    }
}

#[derive(Properties, PartialEq)]
pub struct SharedSectionProps {
    pub assessment: Rc<crate::engine::Assessment>,
}

/// 三、基础条件与排除条件: the conditions every tier shares, shown once.
#[function_component(SharedSection)]
pub fn shared_section(props: &SharedSectionProps) -> Html {
    let first = props
        .assessment
        .tiers
        .iter()
        .flat_map(|t| &t.paths)
        .find(|p| p.criteria.iter().any(|c| c.shared));
    let Some(path) = first else { return html! {} };
    html! {
        <section class="rpt-section rpt-detail">
            <h2 class="rpt-numbered">{"基础条件与排除条件（各梯度通用）"}</h2>
            <table class="rpt-table rpt-criteria">
                <thead>
                    <tr>
                        <th scope="col">{"条件"}</th>
                        <th scope="col">{"要求（条文）"}</th>
                        <th scope="col">{"本企业情况"}</th>
                        <th scope="col">{"状态"}</th>
                        <th scope="col">{"差距"}</th>
                        <th scope="col">{"出处 · 可信度"}</th>
                    </tr>
                </thead>
                <tbody>{ for path.criteria.iter().filter(|c| c.shared).map(criterion_row) }</tbody>
            </table>
        </section>
    }
}
