//! The report on screen: 打印 (print frame), the 摘要版 switch, the handoff
//! button when the host opted in, a note for in-app browsers, and column
//! names on table cells for the phone layout.

use super::handoff::Handoff;
use super::print::print_report;
use crate::report::{Report, ReportModel};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReportViewProps {
    pub model: Rc<ReportModel>,
    /// “返回修改”: back to the form (in the widget's first module).
    pub back: Callback<MouseEvent>,
    pub report_css: AttrValue,
    pub handoff: bool,
}

/// The report on screen, with 打印 and the 摘要版 switch (what is shown is
/// what prints).
#[function_component(ReportView)]
pub fn report_view(p: &ReportViewProps) -> Html {
    let summary = use_state(|| false);
    let back = p.back.clone();
    let report_ref = use_node_ref();
    {
        let report_ref = report_ref.clone();
        use_effect(move || label_cells(&report_ref));
    }
    let print = {
        let report_ref = report_ref.clone();
        let (css, header) = (
            p.report_css.clone(),
            crate::report::page_header_css(&p.model),
        );
        Callback::from(move |_: MouseEvent| print_report(&report_ref, &css, header.clone()))
    };
    let toggle = {
        let summary = summary.clone();
        Callback::from(move |e: Event| {
            summary.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .checked(),
            )
        })
    };
    html! {
        <div class="zjtx-report-view">
            <div class="zjtx-toolbar" role="toolbar" aria-label="报告操作">
                <button type="button" class="zjtx-button" onclick={back}>{"← 返回修改"}</button>
                <button type="button" class="zjtx-button zjtx-button--primary" onclick={print}>{"打印 / 保存为 PDF"}</button>
                <label class="zjtx-radio">
                    <input type="checkbox" id="zjtx-summary-only" checked={*summary} onchange={toggle} />
                    {"只看摘要（结论、路线图、改进方案、措施、材料清单）"}
                </label>
            </div>
            if let Some(app) = in_app_browser() {
                <p class="zjtx-notice zjtx-in-app" role="note">{ format!(
                    "{app}内置浏览器可能无法打印或下载文件。要把报告存下来：点右上角“…”，选“在浏览器中打开”后再点“打印 / 保存为 PDF”；\
                     或在上方“我的评估”里“导出答卷”，用电脑上的浏览器导入后打印。") }</p>
            }
            if p.handoff {
                <Handoff model={p.model.clone()} />
            }
            <div class="zjtx-report-frame" ref={report_ref} part="report">
                <Report model={p.model.clone()} summary_only={*summary} />
            </div>
        </div>
    }
}

/// The app whose built-in browser this is, when it is one that cannot
/// print or download (WeChat, QQ, DingTalk, Alipay, Weibo, Baidu app…).
fn in_app_browser() -> Option<&'static str> {
    let ua = gloo::utils::window().navigator().user_agent().ok()?;
    [
        ("MicroMessenger", "微信"),
        ("wxwork", "企业微信"),
        ("DingTalk", "钉钉"),
        ("AlipayClient", "支付宝"),
        ("Weibo", "微博"),
        ("baiduboxapp", "百度 App"),
        (" QQ/", "QQ "),
        ("Lark", "飞书"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| *name)
}

/// Gives every table cell its column's name (`data-label`), so that on a
/// phone, where report.css turns each row into a card, a value still says
/// what it is. Runs after each render of the report.
fn label_cells(report: &NodeRef) {
    let Some(el) = report.cast::<web_sys::Element>() else {
        return;
    };
    let Ok(tables) = el.query_selector_all("table.rpt-table") else {
        return;
    };
    for t in 0..tables.length() {
        let Some(table) = tables
            .get(t)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let Ok(heads) = table.query_selector_all("thead th") else {
            continue;
        };
        let names: Vec<String> = (0..heads.length())
            .map(|i| {
                heads
                    .get(i)
                    .and_then(|h| h.text_content())
                    .unwrap_or_default()
            })
            .collect();
        if names.is_empty() {
            continue;
        }
        let Ok(rows) = table.query_selector_all("tbody tr") else {
            continue;
        };
        for r in 0..rows.length() {
            let Some(row) = rows
                .get(r)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            let cells = row.children();
            for c in 0..cells.length() {
                if let (Some(cell), Some(name)) = (cells.item(c), names.get(c as usize)) {
                    let name = name.trim();
                    if !name.is_empty() && cell.get_attribute("data-label").as_deref() != Some(name)
                    {
                        let _ = cell.set_attribute("data-label", name);
                    }
                }
            }
        }
    }
}
