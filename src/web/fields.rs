//! Form fields built from the pack's input definitions: label with unit,
//! help text, the parsed value echoed back, 不清楚, inline error.

use crate::answers::UNKNOWN;
use crate::num::{Grouped, parse_number};
use crate::questionnaire::Msg;
use crate::rules::{InputDef, Pack};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NumberFieldProps {
    pub answer_id: AttrValue,
    pub def: Rc<InputDef>,
    pub text: String,
    pub unknown: bool,
    pub error: Option<AttrValue>,
    pub send: Callback<Msg>,
}

/// Above this many 万元 (100 亿元) a figure is far beyond any SME: most
/// likely typed in 元. A warning, not an error.
const IMPLAUSIBLE_WANYUAN: i64 = 1_000_000;

#[function_component(NumberField)]
pub fn number_field(p: &NumberFieldProps) -> Html {
    let def = &p.def;
    let answer_id = p.answer_id.to_string();
    let id = super::field_id(&answer_id);
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let unit = def.unit.clone().unwrap_or_default();
    let oninput = {
        let (send, field) = (p.send.clone(), answer_id.clone());
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            send.emit(Msg::Typed { id: field.clone(), text: input.value() })
        })
    };
    let onunknown = {
        let (send, field) = (p.send.clone(), answer_id.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            send.emit(Msg::Unknown { id: field.clone(), unknown: input.checked() })
        })
    };
    // Echo what was understood, so “50000” vs “5000” is caught by eye.
    let parsed = (!p.unknown)
        .then(|| def.kind.number_kind())
        .flatten()
        .filter(|_| !p.text.trim().is_empty())
        .and_then(|kind| parse_number(&p.text, kind).ok());
    let warning = parsed.filter(|v| unit == "万元" && *v >= IMPLAUSIBLE_WANYUAN.into()).map(|_| {
        format!("数值很大（超过 100 亿元）。单位是万元，是否按“元”填写了？如 12,345,678 元应填 1,234.5678 万元。")
    });
    let described = [Some(help_id.clone()), p.error.as_ref().map(|_| error_id.clone())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    html! {
        <div class={classes!("zjtx-field", p.error.as_ref().map(|_| "zjtx-field--error"))}>
            <label class="zjtx-label" for={id.clone()}>
                { def.label_of(&answer_id) }<span class="zjtx-unit">{ format!("（{unit}）") }</span>
            </label>
            <p class="zjtx-help" id={help_id}>{ &def.help }</p>
            if let Some(err) = &p.error {
                <p class="zjtx-error" id={error_id}>{ err.clone() }</p>
            }
            <div class="zjtx-input-row">
                <input
                    class="zjtx-input"
                    id={id.clone()}
                    name={answer_id.clone()}
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    value={p.text.clone()}
                    disabled={p.unknown}
                    aria-invalid={p.error.is_some().then_some("true")}
                    aria-describedby={described}
                    {oninput} />
                <span class="zjtx-suffix" aria-hidden="true">{ &unit }</span>
                <label class="zjtx-unknown">
                    <input type="checkbox" checked={p.unknown} onchange={onunknown} />
                    { UNKNOWN }
                </label>
            </div>
            if let Some(v) = parsed {
                <p class="zjtx-parsed" aria-live="polite">{ format!("已读取：{} {unit}", Grouped(v)) }</p>
            }
            if let Some(w) = warning {
                <p class="zjtx-warning">{ w }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct IndustryFieldProps {
    pub pack: Rc<Pack>,
    pub value: String,
    pub send: Callback<Msg>,
}

#[function_component(IndustryField)]
pub fn industry_field(p: &IndustryFieldProps) -> Html {
    let Some(def) = p.pack.input("industry") else { return html! {} };
    let onchange = {
        let send = p.send.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            send.emit(Msg::Typed { id: "industry".into(), text: select.value() })
        })
    };
    let current = p.pack.size_class.industry(&p.value).map(|i| i.id.clone()).unwrap_or_else(|| p.value.clone());
    html! {
        <div class="zjtx-field">
            <label class="zjtx-label" for="field-industry">{ &def.label }</label>
            <p class="zjtx-help" id="field-industry-help">{ &def.help }</p>
            <select class="zjtx-select" id="field-industry" name="industry" aria-describedby="field-industry-help" {onchange}>
                <option value="" selected={current.is_empty()}>{"请选择行业"}</option>
                { for p.pack.size_class.industries.iter().map(|ind| html!{
                    <option key={ind.id.clone()} value={ind.id.clone()} selected={ind.id == current}>{ &ind.name }</option>
                }) }
                <option value={UNKNOWN} selected={current == UNKNOWN}>{ UNKNOWN }</option>
            </select>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct NameFieldProps {
    pub value: String,
    pub send: Callback<Msg>,
}

#[function_component(NameField)]
pub fn name_field(p: &NameFieldProps) -> Html {
    let oninput = {
        let send = p.send.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            send.emit(Msg::EnterpriseName(input.value()))
        })
    };
    html! {
        <div class="zjtx-field">
            <label class="zjtx-label" for="field-enterprise_name">{"企业名称（选填，只印在报告上）"}</label>
            <input class="zjtx-input zjtx-input--wide" id="field-enterprise_name" type="text" autocomplete="organization"
                value={p.value.clone()} {oninput} />
        </div>
    }
}

