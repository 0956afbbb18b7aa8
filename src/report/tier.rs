//! One tier: per standard (path) the rule set used and why, the verdict,
//! the criterion table, the score table, and the unknowns that decide.

use super::size::{truth_class, truth_mark};
use super::verdict_class;
use crate::engine::Truth;
use crate::engine::assess::{PathResult, TierResult};
use crate::engine::evaluate::{CriterionResult, Status};
use crate::engine::score::ScoreResult;
use crate::num::Dec;
use crate::rules::Role;
use yew::prelude::*;

/// One tier's section. `governing`: the standard (path name) the firm's
/// next application or 复核 is judged by: shown in full; the tier's other
/// standards in one line each. None: every standard in full.
///
/// The sections below the Report are plain view functions over borrowed
/// results, not components: they keep no state, and a component's props
/// would clone the assessment for every report rendered (the batch renders
/// thousands).
pub fn tier_section(t: &TierResult, governing: Option<&str>) -> Html {
    html! {
        <section key={t.label.clone()} class="rpt-section rpt-tier rpt-detail">
            <h2 class="rpt-numbered">{ format!("{}：{}", t.label, t.verdict.label()) }</h2>
            if t.paths.is_empty() {
                <p class="rpt-pending">{"评估日期与申请类型下没有适用的标准。"}</p>
            }
            { for t.paths.iter().map(|p| {
                let brief = governing.is_some_and(|g| g != p.path && t.paths.iter().any(|x| x.path == g));
                if brief {
                    path_brief(p)
                } else {
                    path(p)
                }
            }) }
        </section>
    }
}

/// A standard that does not govern the firm's next application: its
/// verdict and what it misses, in two lines (the table would repeat the
/// governing standard's figures).
fn path_brief(p: &PathResult) -> Html {
    let failed: Vec<&str> = p.failed().map(|c| &*c.title).collect();
    let unknown: Vec<&str> = p
        .criteria
        .iter()
        .filter(|c| c.status == Status::Unknown)
        .map(|c| &*c.title)
        .collect();
    html! {
        <div key={p.rule_set.clone()} class="rpt-path rpt-path--brief">
            <h3>{ format!("{}（{}）", p.path, p.document) }</h3>
            <p class="rpt-verdict">
                <span class="rpt-verdict-label">{"结论："}</span>
                <strong class={verdict_class(p.verdict)}>{ p.verdict.label() }</strong>
                <span class="rpt-muted">{"（本企业下一次申报或复核不按此标准，逐项表从略）"}</span>
            </p>
            if !failed.is_empty() {
                <p class="rpt-failed">{ format!("未满足：{}", failed.join("；")) }</p>
            }
            if !unknown.is_empty() {
                <p class="rpt-deciding">{ format!("未知：{}", unknown.join("；")) }</p>
            }
        </div>
    }
}

/// The criteria met (or not applicable), as one line: the table keeps
/// only what still needs attention.
fn met_line(criteria: &[&CriterionResult]) -> Html {
    let met: Vec<&str> = criteria
        .iter()
        .filter(|c| c.status == Status::Met)
        .map(|c| &*c.title)
        .collect();
    let na: Vec<&str> = criteria
        .iter()
        .filter(|c| c.status == Status::NotApplicable)
        .map(|c| &*c.title)
        .collect();
    let unknown: Vec<&str> = criteria
        .iter()
        .filter(|c| blank(c))
        .map(|c| &*c.title)
        .collect();
    html! {
        <>
            if !met.is_empty() {
                <p class="rpt-met">
                    <span class="rpt-yes">{ format!("✓ 已符合（{} 项）：", met.len()) }</span>{ met.join("；") }
                </p>
            }
            if !na.is_empty() {
                <p class="rpt-met rpt-muted">{ format!("— 不适用：{}", na.join("；")) }</p>
            }
            if !unknown.is_empty() {
                <p class="rpt-met rpt-unknown">{ format!("？ 缺少填报，无法判断（{} 项，补全后逐项判断）：{}", unknown.len(), unknown.join("；")) }</p>
            }
        </>
    }
}

/// Unknown on every count: nothing to show but which answers are missing,
/// so it is named in one line rather than given a row.
fn blank(c: &CriterionResult) -> bool {
    c.status == Status::Unknown && c.leaves.iter().all(|l| l.truth == Truth::Unknown)
}

/// Whether a criterion gets a row of its own (unmet, partly known, to verify).
fn open_row(c: &&CriterionResult) -> bool {
    !matches!(c.status, Status::Met | Status::NotApplicable) && !blank(c)
}

/// The criteria table head (the third column's name differs).
fn criteria_head(third: &str) -> Html {
    html! {
        <thead>
            <tr>
                <th scope="col">{"条件"}</th>
                <th scope="col">{"要求（条文）"}</th>
                <th scope="col">{ third.to_owned() }</th>
                <th scope="col">{"状态"}</th>
                <th scope="col">{"差距"}</th>
                <th scope="col">{"出处 · 可信度"}</th>
            </tr>
        </thead>
    }
}

fn path(p: &PathResult) -> Html {
    let failed: Vec<&CriterionResult> = p.failed().collect();
    let shared: Vec<&CriterionResult> = p.shared().collect();
    let shared_count = shared.len();
    // Once one “任一即可” route is met, the others are not needed: named in
    // one line, not tabled as 不符合.
    let route_met = p
        .criteria
        .iter()
        .any(|c| c.role == Role::Route && c.status == Status::Met);
    let spare =
        |c: &&CriterionResult| route_met && c.role == Role::Route && c.status != Status::Met;
    let spare_routes: Vec<&str> = p
        .criteria
        .iter()
        .map(|c| &**c)
        .filter(spare)
        .map(|c| &*c.title)
        .collect();
    let own: Vec<&CriterionResult> = p
        .criteria
        .iter()
        .map(|c| &**c)
        .filter(|c| !c.shared && !spare(c))
        .collect();
    let shared_status = shared_status(&shared);
    let open: Vec<&str> = shared
        .iter()
        .filter(|c| c.status != Status::Met)
        .map(|c| &*c.title)
        .collect();
    let shared_summary = if open.is_empty() {
        "全部符合".to_owned()
    } else {
        format!("需关注：{}", open.join("；"))
    };
    html! {
        <div key={p.rule_set.clone()} class="rpt-path">
            <h3>{ format!("{}（{}）", p.path, p.document) }</h3>
            <p class="rpt-verdict">
                <span class="rpt-verdict-label">{"结论："}</span>
                <strong class={verdict_class(p.verdict)}>{ p.verdict.label() }</strong>
            </p>
            <p class="rpt-selection">{ p.selection.to_string() }</p>
            if !failed.is_empty() {
                <p class="rpt-failed">{ format!("未满足：{}", failed.iter().map(|c| &*c.title).collect::<Vec<_>>().join("；")) }</p>
            }
            { for p.doubts.iter().map(|d| html!{ <p class="rpt-doubt" key={d.to_string()}>{ format!("为什么是“可能不符合”：{d}") }</p> }) }
            if let Some(n) = &p.not_needed {
                <p class="rpt-not-needed">{ format!("无需评价：{n}") }</p>
            }
            if !p.deciding.is_empty() {
                <p class="rpt-deciding">{ format!("决定结论的未知项：{}", p.deciding.iter().map(|d| d.label.as_str()).collect::<Vec<_>>().join("、")) }</p>
            }
            if shared_count > 0 {
                <p class={classes!("rpt-met", (shared_status != Status::Met).then_some("rpt-failed"))}>
                    <span class={status_class(shared_status)}>{ format!("{} 中小企业规模与共同的基础、排除条件（{shared_count} 项）：", status_mark(shared_status)) }</span>
                    { shared_summary }{"；逐项见“基础条件与排除条件”一节。"}
                </p>
            }
            { met_line(&own) }
            if !spare_routes.is_empty() {
                <p class="rpt-met rpt-muted">{ format!("其他可选路径（任一即可，已满足一条，不必再走）：{}", spare_routes.join("；")) }</p>
            }
            if own.iter().any(open_row) {
                <table class="rpt-table rpt-criteria">
                    { criteria_head("本企业数值（公式）") }
                    <tbody>{ for own.iter().copied().filter(|c| open_row(&c)).map(criterion_row) }</tbody>
                </table>
            }
            if let Some(score) = &p.score {
                { score_table(score) }
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
        <tr key={&*c.id}>
            <th scope="row">{ &c.title }<span class="rpt-role">{ role }</span></th>
            <td class="rpt-law">{ &c.text }</td>
            <td>
                <ul class="rpt-leaves">
                    { for c.leaves.iter().enumerate().map(|(i, l)| html!{
                        <li key={i} class={truth_class(l.truth)}>
                            { l.text().into_owned() }
                            if let Some(f) = l.shown_formula() {
                                <span class="rpt-formula">{ format!("（{f}）") }</span>
                            }
                        </li>
                    }) }
                </ul>
            </td>
            <td class={status_class(c.status)}>{ status_mark(c.status) }</td>
            <td class="rpt-gap-cell">
                { for c.gaps().into_iter().enumerate().map(|(i, g)| html!{ <p key={i}>{ g.advice.to_string() }</p> }) }
            </td>
            <td class="rpt-cite">{ &c.clause }<br/>{ c.grade.short() }</td>
        </tr>
    }
}

fn range(min: Dec, max: Dec) -> String {
    if min == max {
        format!("{min}")
    } else {
        format!("{min}–{max}")
    }
}

fn score_table(s: &ScoreResult) -> Html {
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
                            { for s.indicators.iter().filter(|i| *i.dimension == *d.id).map(|i| html!{
                                <tr key={format!("ind-{}", i.id)}>
                                    <th scope="row">{ format!("{}（{}）", i.title, i.max_points) }<br/><span class="rpt-grade">{ i.grade.short() }</span></th>
                                    <td>
                                        <ul class="rpt-leaves">
                                            { for i.leaves.iter().enumerate().map(|(k, l)| html!{
                                                <li key={k}>
                                                    { l.text().into_owned() }
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

/// 三、基础条件与排除条件: the conditions every tier shares, shown once.
pub fn shared_section(assessment: &crate::engine::Assessment) -> Html {
    let first = assessment
        .tiers
        .iter()
        .flat_map(|t| &t.paths)
        .find(|p| p.criteria.iter().any(|c| c.shared));
    let Some(path) = first else { return html! {} };
    let shared: Vec<&CriterionResult> = path.shared().collect();
    html! {
        <section class="rpt-section rpt-detail">
            <h2 class="rpt-numbered">{"基础条件与排除条件（各梯度通用）"}</h2>
            { met_line(&shared) }
            if shared.iter().any(open_row) {
                <table class="rpt-table rpt-criteria">
                    { criteria_head("本企业情况") }
                    <tbody>{ for shared.iter().copied().filter(|c| open_row(&c)).map(criterion_row) }</tbody>
                </table>
            }
        </section>
    }
}
