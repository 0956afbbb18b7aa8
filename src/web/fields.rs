//! Form fields built from the pack's input definitions: label with unit,
//! help text citing the clause, the value read back, 不清楚 everywhere,
//! inline error. One component per kind of answer.

use super::field_id;
use crate::answers::UNKNOWN;
use crate::date::Date;
use crate::num::{Grouped, parse_number};
use crate::questionnaire::Msg;
use crate::rules::{Application, InputDef, InputKind, Origin, Pack};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    pub answer_id: AttrValue,
    pub def: Rc<InputDef>,
    /// What the box shows (the typed text; kept while 不清楚 is ticked).
    pub text: String,
    pub unknown: bool,
    pub error: Option<AttrValue>,
    pub warning: Option<AttrValue>,
    pub send: Callback<Msg>,
    pub pack: Rc<Pack>,
}

/// Picks the component for the question's kind.
#[function_component(Field)]
pub fn field(p: &FieldProps) -> Html {
    let props = FieldProps {
        answer_id: p.answer_id.clone(),
        def: p.def.clone(),
        text: p.text.clone(),
        unknown: p.unknown,
        error: p.error.clone(),
        warning: p.warning.clone(),
        send: p.send.clone(),
        pack: p.pack.clone(),
    };
    match p.def.kind {
        InputKind::Yesno => html! { <YesNoField ..props /> },
        InputKind::Choice => html! { <ChoiceField ..props /> },
        _ => html! { <TextField ..props /> },
    }
}

fn typed(send: &Callback<Msg>, id: &str) -> Callback<String> {
    let (send, id) = (send.clone(), id.to_owned());
    Callback::from(move |text: String| {
        send.emit(Msg::Typed {
            id: id.clone(),
            text,
        })
    })
}

/// Label, help and error, shared by every kind; the help text says where a
/// value comes from when only the 培育平台 has it.
fn head(p: &FieldProps, id: &str, for_input: bool) -> Html {
    let unit = p
        .def
        .unit
        .as_deref()
        .filter(|u| !u.is_empty())
        .map(|u| format!("（{u}）"))
        .unwrap_or_default();
    let label =
        html! { <>{ p.def.label_of(&p.answer_id) }<span class="zjtx-unit">{ unit }</span></> };
    html! {
        <>
            if for_input {
                <label class="zjtx-label" for={id.to_owned()}>{ label }</label>
            }
            // A per-year question explains itself once, on its first year.
            if InputDef::year_of(&p.answer_id).is_none_or(|y| y == 1) {
                <p class="zjtx-help" id={format!("{id}-help")}>
                    if p.def.origin == Origin::Platform {
                        <span class="zjtx-badge">{"培育平台数据"}</span>
                    }
                    { &p.def.help }
                </p>
            }
            if let Some(err) = &p.error {
                <p class="zjtx-error" id={format!("{id}-error")}>{ err.clone() }</p>
            }
        </>
    }
}

/// The help of a later year is its first year's.
fn described_by(id: &str, error: bool) -> String {
    let help = match id.rsplit_once("-y") {
        Some((base, y)) if y != "1" && y.parse::<u8>().is_ok() => format!("{base}-y1-help"),
        _ => format!("{id}-help"),
    };
    if error {
        format!("{help} {id}-error")
    } else {
        help
    }
}

/// Numbers (人、万元、%、分) and dates: a text box people can type or paste
/// into in any common form, the value read back, and 不清楚.
#[function_component(TextField)]
pub fn text_field(p: &FieldProps) -> Html {
    let id = field_id(&p.answer_id);
    let unit = p.def.unit.clone().unwrap_or_default();
    let oninput = {
        let emit = typed(&p.send, &p.answer_id);
        Callback::from(move |e: InputEvent| {
            emit.emit(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onunknown = {
        let (send, field) = (p.send.clone(), p.answer_id.to_string());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            send.emit(Msg::Unknown {
                id: field.clone(),
                unknown: input.checked(),
            })
        })
    };
    let text = p.text.trim();
    let echo = if p.unknown || text.is_empty() {
        None
    } else if p.def.kind == InputKind::Date {
        if text == "无" {
            // What 无 means (尚未取得, 未发生) is the pack's word.
            Some(match &p.def.none_text {
                Some(means) => format!("已读取：无（{means}）"),
                None => "已读取：无".to_owned(),
            })
        } else {
            Date::parse(text).map(|d| format!("已读取：{d}"))
        }
    } else {
        let (negative, body) = match text.strip_prefix(['-', '－', '−']) {
            Some(rest) if p.def.allow_negative => ("-", rest),
            _ => ("", text),
        };
        p.def
            .kind
            .number_kind()
            .and_then(|k| parse_number(body, k).ok())
            .map(|v| format!("已读取：{negative}{} {unit}", Grouped(v)))
    };
    let (mode, placeholder) = match p.def.kind {
        InputKind::Date => ("text", "YYYY-MM 或 无"),
        InputKind::Count => ("numeric", ""),
        _ => ("decimal", ""),
    };
    html! {
        <div class={classes!("zjtx-field", p.error.as_ref().map(|_| "zjtx-field--error"))}>
            { head(p, &id, true) }
            <div class="zjtx-input-row">
                <input
                    class="zjtx-input"
                    id={id.clone()}
                    name={p.answer_id.clone()}
                    type="text"
                    inputmode={mode}
                    placeholder={placeholder}
                    autocomplete="off"
                    value={p.text.clone()}
                    disabled={p.unknown}
                    aria-invalid={p.error.is_some().then_some("true")}
                    aria-describedby={described_by(&id, p.error.is_some())}
                    {oninput} />
                if !unit.is_empty() {
                    <span class="zjtx-suffix" aria-hidden="true">{ &unit }</span>
                }
                <label class="zjtx-unknown">
                    <input type="checkbox" checked={p.unknown} onchange={onunknown} />
                    { UNKNOWN }
                </label>
            </div>
            if let Some(echo) = echo {
                <p class="zjtx-parsed">{ echo }</p>
            }
            if let Some(w) = &p.warning {
                <p class="zjtx-warning">{ w.clone() }</p>
            }
        </div>
    }
}

/// 是 / 否 / 不清楚 as radio buttons in a fieldset (one keyboard stop, arrows to choose).
#[function_component(YesNoField)]
pub fn yes_no_field(p: &FieldProps) -> Html {
    let id = field_id(&p.answer_id);
    let current = if p.unknown { UNKNOWN } else { p.text.trim() };
    let emit = typed(&p.send, &p.answer_id);
    let options = ["是", "否", UNKNOWN];
    html! {
        <fieldset class={classes!("zjtx-field", "zjtx-choice-group", p.error.as_ref().map(|_| "zjtx-field--error"))}
            aria-describedby={described_by(&id, p.error.is_some())}>
            <legend class="zjtx-label">{ p.def.label_of(&p.answer_id) }</legend>
            { head(p, &id, false) }
            <div class="zjtx-radios">
                { for options.iter().enumerate().map(|(i, value)| {
                    let onchange = { let emit = emit.clone(); let v = value.to_string(); Callback::from(move |_: Event| emit.emit(v.clone())) };
                    // The first radio carries the field's id, so links can focus the group.
                    let rid = if i == 0 { id.clone() } else { format!("{id}-{i}") };
                    html! {
                        <label class="zjtx-radio" key={*value}>
                            <input type="radio" id={rid} name={p.answer_id.clone()} value={*value}
                                checked={current == *value} {onchange} />
                            { *value }
                        </label>
                    }
                }) }
            </div>
        </fieldset>
    }
}

/// One of the pack's options (or of the 16 industries), or 不清楚.
#[function_component(ChoiceField)]
pub fn choice_field(p: &FieldProps) -> Html {
    let id = field_id(&p.answer_id);
    let options: Vec<(String, String)> = if p.def.options_from.as_deref() == Some("size_class") {
        p.pack
            .size_class
            .industries
            .iter()
            .map(|i| (i.id.clone(), i.name.clone()))
            .collect()
    } else {
        p.def
            .options
            .iter()
            .map(|o| (o.value.clone(), o.label.clone()))
            .collect()
    };
    // Show the option the typed text names (files may hold a label or a name).
    let text = p.text.trim();
    let current = if p.unknown {
        UNKNOWN.to_owned()
    } else {
        options
            .iter()
            .find(|(v, l)| v == text || l == text)
            .map(|(v, _)| v.clone())
            .unwrap_or_default()
    };
    let onchange = {
        let emit = typed(&p.send, &p.answer_id);
        Callback::from(move |e: Event| {
            emit.emit(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    html! {
        <div class={classes!("zjtx-field", p.error.as_ref().map(|_| "zjtx-field--error"))}>
            { head(p, &id, true) }
            <select class="zjtx-select" id={id.clone()} name={p.answer_id.clone()}
                aria-invalid={p.error.is_some().then_some("true")}
                aria-describedby={described_by(&id, p.error.is_some())} {onchange}>
                <option value="" selected={current.is_empty()}>{"请选择"}</option>
                { for options.iter().map(|(v, l)| html!{ <option key={v.clone()} value={v.clone()} selected={*v == current}>{ l }</option> }) }
                <option value={UNKNOWN} selected={current == UNKNOWN}>{ UNKNOWN }</option>
            </select>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct BasicsProps {
    /// The pack's help for these two answers (`[basics_help]`).
    pub help: Rc<crate::rules::BasicsHelp>,
    pub name: String,
    pub date: String,
    pub application: Application,
    pub send: Callback<Msg>,
}

/// 企业名称、评估日期、申请类型: what the report is for.
#[function_component(Basics)]
pub fn basics(p: &BasicsProps) -> Html {
    let send = p.send.clone();
    let on_name = send.reform(|e: InputEvent| {
        Msg::EnterpriseName(e.target_unchecked_into::<HtmlInputElement>().value())
    });
    // What was last typed. A date that does not read keeps the last good
    // one (the questionnaire ignores it): the text stays in the box with an
    // error until it reads. One that reads in another form (2026/11/30,
    // 2026年11月30日) is rewritten as YYYY-MM-DD and echoed, as other dates are.
    let typed = use_state(|| None::<String>);
    let on_date = {
        let (send, typed) = (send.clone(), typed.clone());
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            typed.set(Some(text.clone()));
            send.emit(Msg::AssessmentDate(text));
        })
    };
    let typed_text = typed.as_deref().map(str::trim);
    let bad_date = typed_text.filter(|t| Date::parse(t).is_none());
    let date_error = bad_date.map(|text| {
        let now = match text {
            "" => "现在空着".to_owned(),
            t => format!("现在是“{t}”"),
        };
        format!(
            "「评估日期」应写成 2026-11-30 这样的日期，{now}；仍按 {} 评估。",
            p.date
        )
    });
    let date_echo = typed_text
        .filter(|t| *t != p.date && Date::parse(t).is_some())
        .map(|_| format!("已读取：{}", p.date));
    let date_described_by = if date_error.is_some() {
        "field-assessment_date-help field-assessment_date-error"
    } else {
        "field-assessment_date-help"
    };
    let radio = |app: Application, label: &'static str, id: &'static str| {
        let onchange = send.reform(move |_: Event| Msg::Application(app));
        html! {
            <label class="zjtx-radio">
                <input type="radio" id={id} name="application" checked={p.application == app} {onchange} />
                { label }
            </label>
        }
    };
    html! {
        <>
            <div class="zjtx-field">
                <label class="zjtx-label" for="field-enterprise_name">{"企业名称（选填，只印在报告上）"}</label>
                <input class="zjtx-input zjtx-input--wide" id="field-enterprise_name" type="text" autocomplete="organization"
                    value={p.name.clone()} oninput={on_name} />
            </div>
            <div class={classes!("zjtx-field", date_error.as_ref().map(|_| "zjtx-field--error"))}>
                <label class="zjtx-label" for="field-assessment_date">{"评估日期"}</label>
                <p class="zjtx-help" id="field-assessment_date-help">{ p.help.assessment_date.clone() }</p>
                if let Some(err) = &date_error {
                    <p class="zjtx-error" id="field-assessment_date-error">{ err.clone() }</p>
                }
                // Text, not type="date": the browser's date control shows the
                // system's format (mm/dd/yyyy on many machines); the rules and
                // the report write YYYY-MM-DD.
                <input class="zjtx-input" id="field-assessment_date" type="text" inputmode="numeric"
                    autocomplete="off" placeholder="YYYY-MM-DD"
                    value={bad_date.map(str::to_owned).unwrap_or_else(|| p.date.clone())}
                    aria-invalid={date_error.is_some().then_some("true")}
                    aria-describedby={date_described_by} onchange={on_date} />
                if let Some(echo) = date_echo {
                    <p class="zjtx-parsed">{ echo }</p>
                }
            </div>
            <fieldset class="zjtx-field zjtx-choice-group" aria-describedby="field-application-help">
                <legend class="zjtx-label">{"申请类型"}</legend>
                <p class="zjtx-help" id="field-application-help">{ p.help.application.clone() }</p>
                <div class="zjtx-radios">
                    { radio(Application::New, "新申请", "field-application") }
                    { radio(Application::Renewal, "复核", "field-application-renewal") }
                </div>
            </fieldset>
        </>
    }
}
