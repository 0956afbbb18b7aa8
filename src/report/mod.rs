//! The printable 指标差距报告: one Yew component tree, rendered in the
//! browser by the widget and natively (Yew SSR) by the CLI, so both always
//! agree. Rendering reads only the model: no browser calls here.

mod advice;
mod appendix;
mod improvement;
mod markdown;
mod model;
mod size;
#[cfg(not(target_arch = "wasm32"))]
mod standalone;
mod tier;
pub(crate) mod years;

pub use advice::AdviceView;
pub use markdown::render_markdown;
pub use model::{AnswerRow, ReportModel, answer_rows, options_for};
#[cfg(not(target_arch = "wasm32"))]
pub use standalone::{render_document, render_document_linked};

use crate::engine::Verdict;
use std::rc::Rc;
use yew::prelude::*;

/// The report stylesheet (screen and print), shared by the widget and the
/// standalone HTML the CLI writes.
pub const STYLESHEET: &str = include_str!("../../www/report.css");

/// The running header of the printed pages (firm and date), as an @page
/// rule: added to the standalone document's stylesheet by the CLI, and by
/// CSSOM to the print frame in the browser (a strict CSP allows that, not
/// a `<style>` element).
pub fn page_header_css(model: &ReportModel) -> String {
    let name = model
        .enterprise_name
        .as_deref()
        .unwrap_or("（未填写企业名称）");
    // User text reaches CSS only as an escaped string literal (see escape.rs).
    format!(
        "@page {{ @top-left {{ content: {}; font-size: 8.5pt; color: #555; }} @top-right {{ content: {}; font-size: 8.5pt; color: #555; }} }}",
        crate::escape::css_string(&format!("{name} · 指标差距报告")),
        crate::escape::css_string(&format!("评估日期 {}", model.assessment.date)),
    )
}

/// A tier's verdict as the conclusions say it: a title held is never a
/// bare 不符合 (the verdict is the 新申请 standard's, not the title's).
pub fn conclusion(m: &ReportModel, t: &crate::engine::assess::TierResult) -> String {
    let held = m
        .advice
        .tiers
        .iter()
        .find(|x| x.tier == t.tier)
        .filter(|x| x.held());
    match held {
        Some(_) if t.verdict == Verdict::NotQualified => {
            "已持有；按新申请标准：不符合（不影响已持有的称号）".to_owned()
        }
        Some(_) => format!("已持有；按新申请标准：{}", t.verdict.label()),
        None => t.verdict.label().to_owned(),
    }
}

/// The standard a tier's next application (or a title's next 复核) is
/// judged by, when the advice names one: the report shows that standard's
/// table in full and the tier's other standards in one line.
fn governing(m: &ReportModel, t: &crate::engine::assess::TierResult) -> Option<String> {
    use crate::engine::timeline::Standing;
    let a = m.advice.tiers.iter().find(|x| x.tier == t.tier)?;
    match &a.standing {
        Standing::Plan(p) => Some(p.path.clone()),
        Standing::Held {
            renewal: Some(r), ..
        } => t
            .paths
            .iter()
            .find(|p| p.document == r.document)
            .map(|p| p.path.clone()),
        _ => None,
    }
}

/// CSS class for a verdict; the words carry the meaning, colour only helps.
pub(crate) fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Qualifies => "rpt-yes",
        Verdict::QualifiesToVerify => "rpt-verify",
        Verdict::NotQualified => "rpt-no",
        Verdict::Doubtful => "rpt-verify",
        Verdict::Undetermined => "rpt-unknown",
        Verdict::NotNeeded | Verdict::Held => "rpt-yes",
    }
}

#[derive(Properties, PartialEq)]
pub struct ReportProps {
    pub model: Rc<ReportModel>,
    /// 摘要版: conclusions, ladder, plans, measures, evidence and reminders;
    /// the per-criterion detail and the appendix are left out.
    #[prop_or_default]
    pub summary_only: bool,
}

#[function_component(Report)]
pub fn report(props: &ReportProps) -> Html {
    let m = &props.model;
    let a = &m.assessment;
    html! {
        <article class={classes!("zjtx-report", props.summary_only.then_some("zjtx-report--summary"))} lang="zh-CN">
            <Cover model={m.clone()} />
            if !a.errors.is_empty() {
                <section class="rpt-section rpt-warning">
                    <h2>{"填报有误的项目"}</h2>
                    <p>{"以下项目未能读取或互相矛盾，相关判断按“未知”处理："}</p>
                    <ul>{ for a.errors.iter().map(|e| html!{ <li key={e.field.clone()}>{ &e.message }</li> }) }</ul>
                </section>
            }
            <advice::AdviceSections model={m.clone()} />
            <improvement::Measures model={m.clone()} />
            <section class="rpt-section rpt-detail">
                <h2 class="rpt-numbered">{"各梯度适用标准与结论"}</h2>
                <table class="rpt-table rpt-summary">
                    <thead><tr><th scope="col">{"梯度"}</th><th scope="col">{"按新申请标准自评"}</th><th scope="col">{"适用标准"}</th></tr></thead>
                    <tbody>
                        { for a.tiers.iter().map(|t| html!{
                            <tr key={t.label.clone()}>
                                <th scope="row">{ &t.label }</th>
                                <td class={verdict_class(t.verdict)} data-testid={format!("tier-{:?}", t.tier)}>{ conclusion(m, t) }</td>
                                <td>{ for t.paths.iter().map(|p| html!{ <div key={p.rule_set.clone()}>{ format!("{}：{}（{}）", p.path, p.document, p.verdict.label()) }</div> }) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                if !a.warnings.is_empty() {
                    <ul class="rpt-notes">{ for a.warnings.iter().map(|w| html!{ <li key={w.field.clone()}>{ format!("提示：{}", w.message) }</li> }) }</ul>
                }
                if !m.gaps.deciding.is_empty() {
                    <p class="rpt-deciding">{ format!("决定结论的未知项（补全后结论才能确定，按影响大小排序）：{}", m.gaps.deciding.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>().join("、")) }</p>
                }
            </section>
            <section class="rpt-section rpt-detail">
                <h2 class="rpt-numbered">{"企业规模划型"}</h2>
                { match &a.size.verdict {
                    Some(v) => size::size_section(v, a.date.year),
                    None => html!{ <p class="rpt-pending">{"尚未选择所属行业，无法划型。"}</p> },
                } }
            </section>
            { tier::shared_section(a) }
            { for a.tiers.iter().map(|t| tier::tier_section(t, governing(m, t).as_deref())) }
            <improvement::Checklist model={m.clone()} />
            <appendix::Appendix model={m.clone()} />
            <footer class="rpt-footer">
                <p>{ format!("由 zjtx 自评估组件生成 · 规则包 {} {}（内容校验 {}）· 数据只在本机处理，未上传。", m.pack_name, m.pack_version, m.pack_hash) }</p>
            </footer>
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct CoverProps {
    model: Rc<ReportModel>,
}

#[function_component(Cover)]
fn cover(props: &CoverProps) -> Html {
    let m = &props.model;
    let a = &m.assessment;
    html! {
        <header class="rpt-cover">
            <p class="rpt-kicker">{"优质中小企业梯度培育 · 企业自评估"}</p>
            <h1>{"指标差距报告"}</h1>
            <dl class="rpt-meta">
                <dt>{"企业名称"}</dt><dd>{ m.enterprise_name.clone().unwrap_or_else(|| "（未填写）".into()) }</dd>
                <dt>{"评估日期"}</dt><dd>{ a.date.to_string() }</dd>
                <dt>{"申请类型"}</dt><dd>{ a.application.label() }</dd>
                <dt>{"规则包"}</dt><dd>{ format!("{} {}（内容校验 {}）", m.pack_name, m.pack_version, m.pack_hash) }</dd>
            </dl>
            <p class="rpt-disclaimer">
                {"本报告由企业根据自行填报的数据生成，仅供自我评估参考，不是任何主管部门的认定或评价结论。\
                  正式结果以主管部门认定为准。"}{ crate::rules::Grade::LEGEND }
            </p>
            // One line, not a table: the settings are context, page 1 is
            // for the conclusions.
            <p class="rpt-settings">
                <strong>{"本次计算采用的口径（原文未统一规定）："}</strong>
                { a.settings.iter().map(|s| format!("{}——{}{}", s.label, s.chosen, if s.is_default { "" } else { "（已调整）" })).collect::<Vec<_>>().join("；") }
            </p>
        </header>
    }
}
