//! The printable 指标差距报告: one Yew component tree, rendered in the
//! browser by the widget and natively (Yew SSR) by the CLI, so both always
//! agree. Rendering reads only the model: no browser calls here.

mod model;
#[cfg(not(target_arch = "wasm32"))]
mod standalone;

pub use model::{AnswerRow, ReportModel};
#[cfg(not(target_arch = "wasm32"))]
pub use standalone::render_document;

use crate::engine::Truth;
use crate::engine::size_class::{Check, SizeVerdict};
use std::rc::Rc;
use yew::prelude::*;

/// The report stylesheet (screen and print), shared by the widget and the
/// standalone HTML the CLI writes.
pub const STYLESHEET: &str = include_str!("../../www/report.css");

#[derive(Properties, PartialEq)]
pub struct ReportProps {
    pub model: Rc<ReportModel>,
}

#[function_component(Report)]
pub fn report(props: &ReportProps) -> Html {
    let m = &props.model;
    html! {
        <article class="zjtx-report" lang="zh-CN">
            <Cover model={m.clone()} />
            if !m.assessment.errors.is_empty() {
                <section class="rpt-section rpt-warning">
                    <h2>{"填报有误的项目"}</h2>
                    <p>{"以下项目未能读取，相关判断按“未知”处理："}</p>
                    <ul>
                        { for m.assessment.errors.iter().map(|e| html!{ <li key={e.field.clone()}>{ &e.message }</li> }) }
                    </ul>
                </section>
            }
            <section class="rpt-section">
                <h2>{"一、企业规模划型"}</h2>
                { match &m.assessment.verdict {
                    Some(v) => html!{ <SizeSection verdict={Rc::new(v.clone())} /> },
                    None => html!{ <p class="rpt-pending">{"尚未选择所属行业，无法划型。"}</p> },
                } }
            </section>
            <section class="rpt-section rpt-appendix">
                <h2>{"附：填报数据"}</h2>
                <table class="rpt-table">
                    <thead><tr><th scope="col">{"项目"}</th><th scope="col">{"填报值"}</th></tr></thead>
                    <tbody>
                        { for m.answers.iter().map(|row| html!{
                            <tr key={row.id.clone()}>
                                <th scope="row">{ &row.label }</th>
                                <td class={classes!(row.is_unknown.then_some("rpt-unknown"))}>{ &row.shown }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </section>
            <footer class="rpt-footer">
                <p>{ format!("由 zjtx 自评估组件生成 · 规则包 {} {} · 数据只在本机处理，未上传。", m.pack_name, m.pack_version) }</p>
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
    html! {
        <header class="rpt-cover">
            <p class="rpt-kicker">{"优质中小企业梯度培育 · 企业自评估"}</p>
            <h1>{"指标差距报告"}</h1>
            <dl class="rpt-meta">
                <dt>{"企业名称"}</dt><dd>{ m.enterprise_name.clone().unwrap_or_else(|| "（未填写）".into()) }</dd>
                <dt>{"评估日期"}</dt><dd>{ &m.date }</dd>
                <dt>{"规则包"}</dt><dd>{ format!("{} {}", m.pack_name, m.pack_version) }</dd>
            </dl>
            <p class="rpt-disclaimer">
                {"本报告由企业根据自行填报的数据生成，仅供自我评估参考，不是任何主管部门的认定或评价结论。\
                  正式结果以主管部门认定为准。"}
            </p>
        </header>
    }
}

#[derive(Properties, PartialEq)]
struct SizeSectionProps {
    verdict: Rc<SizeVerdict>,
}

#[function_component(SizeSection)]
fn size_section(props: &SizeSectionProps) -> Html {
    let v = &props.verdict;
    let state = if v.determined().is_some() { "rpt-verdict--decided" } else { "rpt-verdict--open" };
    let rows = v
        .ceiling_checks
        .iter()
        .map(|c| ("中小微型上限（或）", c))
        .chain(v.medium_checks.iter().map(|c| ("中型下限（且）", c)))
        .chain(v.small_checks.iter().map(|c| ("小型下限（且）", c)));
    html! {
        <>
            <p class={classes!("rpt-verdict", state)}>
                <span class="rpt-verdict-label">{"划型结果："}</span>
                <strong data-testid="size-verdict">{ v.headline() }</strong>
                <span class="rpt-verdict-industry">{ format!("（{}）", v.industry_name) }</span>
            </p>
            <p class="rpt-reason">{ v.reason() }</p>
            <table class="rpt-table rpt-checks">
                <caption>{ format!("{} {}：逐项比对", v.document, v.clause) }</caption>
                <thead>
                    <tr><th scope="col">{"条件"}</th><th scope="col">{"比对"}</th><th scope="col">{"结果"}</th></tr>
                </thead>
                <tbody>
                    { for rows.enumerate().map(|(i, (group, c))| check_row(i, group, c)) }
                </tbody>
            </table>
            <blockquote class="rpt-clause">
                <p>{ &v.clause_text }</p>
                <footer>
                    <cite>{ format!("《中小企业划型标准规定》（{}）{}", v.document, v.clause) }</cite>
                    <span class="rpt-grade">{ format!("可信度 {}", v.grade.label()) }</span>
                </footer>
            </blockquote>
        </>
    }
}

fn check_row(i: usize, group: &'static str, c: &Check) -> Html {
    let class = match c.holds {
        Truth::Yes => "rpt-yes",
        Truth::No => "rpt-no",
        Truth::Unknown => "rpt-unknown",
    };
    // The mark is text as well as colour, so it survives black-and-white print.
    let mark = match c.holds {
        Truth::Yes => "✓ 满足",
        Truth::No => "✗ 不满足",
        Truth::Unknown => "？ 未知",
    };
    html! {
        <tr key={i}>
            <td>{ group }</td>
            <td>{ c.describe() }</td>
            <td class={class}>{ mark }</td>
        </tr>
    }
}
