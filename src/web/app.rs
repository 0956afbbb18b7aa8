//! The widget: state in one place (a reducer over [`Questionnaire`]),
//! messages down from the fields, the report derived on every render.

use super::fields::{IndustryField, NameField, NumberField};
use super::live::LivePanel;
use super::print::print_report;
use crate::questionnaire::{Msg, Questionnaire, View};
use crate::report::{Report, ReportModel, options_for};
use crate::rules::{Metric, Pack};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub pack: Rc<Pack>,
    pub report_css: AttrValue,
}

#[derive(Default, PartialEq)]
struct State(Questionnaire);

impl Reducible for State {
    type Action = Msg;
    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut q = self.0.clone();
        q.update(msg);
        Rc::new(State(q))
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(State::default);
    let date = use_memo((), |_| super::today());
    let pack = &props.pack;
    let q = &state.0;
    // The form's own answers always carry valid settings, so build cannot fail;
    // should a future setting be refused, the form still renders without a report.
    let model = ReportModel::build(pack, &q.answers, &options_for(&q.answers, *date)).ok().map(Rc::new);
    let Some(model) = model else {
        return html! { <p class="zjtx-load-error">{"计算口径设置有误，请在“基本信息”中重新选择。"}</p> };
    };
    let send = {
        let state = state.clone();
        Callback::from(move |msg: Msg| state.dispatch(msg))
    };

    match q.view {
        View::Form => form_view(pack, q, model, send),
        View::Report => report_view(model, send, props.report_css.clone()),
    }
}

fn form_view(pack: &Rc<Pack>, q: &Questionnaire, model: Rc<ReportModel>, send: Callback<Msg>) -> Html {
    let industry = pack.size_class.industry(q.answers.typed("industry"));
    // Ask only what the chosen industry's rule reads (资产总额 only where
    // 300号 uses it); before a choice, the two measures most rows use.
    let metrics = match industry {
        Some(ind) => ind.metrics(),
        None => vec![Metric::Employees, Metric::OperatingRevenue],
    };
    let errors = model.assessment.errors.clone();
    let show_report = send.reform(|_: MouseEvent| Msg::ShowReport);
    html! {
        <div class="zjtx-app">
            <header class="zjtx-head">
                <h1 class="zjtx-title">{"企业规模自测"}</h1>
                <p class="zjtx-lead">{"按《中小企业划型标准规定》判断企业属于大型、中型、小型还是微型。\
                    数据只在本机浏览器里计算，不会上传。"}</p>
            </header>
            <div class="zjtx-layout">
                <form class="zjtx-form" novalidate=true onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    if !errors.is_empty() {
                        <div class="zjtx-error-summary" role="alert" aria-labelledby="zjtx-error-title" tabindex="-1">
                            <h2 id="zjtx-error-title">{"有需要修改的地方"}</h2>
                            <ul>
                                { for errors.iter().map(|e| html!{
                                    <li key={e.field.clone()}>
                                        <a href={format!("#{}", super::field_id(&e.field))} onclick={focus_field(e.field.clone())}>{ &e.message }</a>
                                    </li>
                                }) }
                            </ul>
                        </div>
                    }
                    <fieldset class="zjtx-fieldset">
                        <legend>{"基本信息"}</legend>
                        <NameField value={q.answers.enterprise_name.clone().unwrap_or_default()} send={send.clone()} />
                        <IndustryField pack={pack.clone()} value={q.answers.typed("industry").to_owned()} send={send.clone()} />
                    </fieldset>
                    <fieldset class="zjtx-fieldset">
                        <legend>{"规模数据（上年度）"}</legend>
                        { for metrics.iter().filter_map(|m| pack.input(m.input_id()).map(|def| (m.input_id(), def))).map(|(id, def)| {
                            let error = errors.iter().find(|e| e.field == id).map(|e| AttrValue::from(e.message.clone()));
                            html!{
                                <NumberField
                                    key={id}
                                    answer_id={id}
                                    def={Rc::new(def.clone())}
                                    text={q.shown_text(id).to_owned()}
                                    unknown={q.is_unknown(id)}
                                    {error}
                                    send={send.clone()} />
                            }
                        }) }
                    </fieldset>
                    <div class="zjtx-actions">
                        <button type="button" class="zjtx-button zjtx-button--primary" onclick={show_report}>{"查看报告"}</button>
                    </div>
                </form>
                <LivePanel model={model} />
            </div>
        </div>
    }
}

/// Error-summary links move focus to their field. Fragment navigation
/// cannot reach into a shadow root and would change the host page's URL.
fn focus_field(field: String) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        use wasm_bindgen::JsCast;
        let Some(link) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let root = link.get_root_node();
        let selector = format!("#{}", super::field_id(&field));
        let found = root
            .dyn_ref::<web_sys::ShadowRoot>()
            .and_then(|s| s.query_selector(&selector).ok().flatten())
            .or_else(|| root.dyn_ref::<web_sys::Document>().and_then(|d| d.query_selector(&selector).ok().flatten()));
        if let Some(el) = found.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    })
}

fn report_view(model: Rc<ReportModel>, send: Callback<Msg>, report_css: AttrValue) -> Html {
    let back = send.reform(|_: MouseEvent| Msg::BackToForm);
    let report_ref = NodeRef::default();
    let print = {
        let report_ref = report_ref.clone();
        Callback::from(move |_: MouseEvent| print_report(&report_ref, &report_css))
    };
    html! {
        <div class="zjtx-report-view">
            <div class="zjtx-toolbar" role="toolbar" aria-label="报告操作">
                <button type="button" class="zjtx-button" onclick={back}>{"← 返回修改"}</button>
                <button type="button" class="zjtx-button zjtx-button--primary" onclick={print}>{"打印 / 保存为 PDF"}</button>
            </div>
            <div class="zjtx-report-frame" ref={report_ref}>
                <Report model={model} />
            </div>
        </div>
    }
}
