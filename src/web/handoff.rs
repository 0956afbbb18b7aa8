//! Opt-in handoff to the host page. Only when the host sets the `handoff`
//! attribute on `<zjtx-widget>` does the report show a button; only when the
//! person presses it does the widget dispatch one DOM event on its host
//! element: `zjtx-handoff` (bubbles, composed), whose `detail` is
//!
//! ```json
//! { "schema": "zjtx-handoff", "version": 1,
//!   "pack": { "id": "national", "name": "…", "version": "…", "hash": "…" },
//!   "assessment_date": "2026-11-29",
//!   "size_class": "中型企业",
//!   "tiers": [ { "tier": "specialised_sme", "name": "专精特新中小企业",
//!                "verdict": "not_qualified", "verdict_text": "不符合" } ],
//!   "answers": [ { "id": "employees", "label": "…", "value": "999 人" } ] }
//! ```
//!
//! `answers` (the figures as shown) is present only when the person ticks
//! the box next to the button; the enterprise name never leaves. Nothing is
//! sent anywhere by the widget: what the host does with the event is the
//! host's (see docs/portal.md).

use crate::report::ReportModel;
use serde_json::json;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HandoffProps {
    pub model: Rc<ReportModel>,
}

/// The payload, as documented above.
pub fn payload(model: &ReportModel, with_figures: bool) -> serde_json::Value {
    let a = &model.assessment;
    let mut v = json!({
        "schema": "zjtx-handoff",
        "version": 1,
        "pack": { "name": model.pack_name, "version": model.pack_version, "hash": model.pack_hash },
        "assessment_date": a.date.to_string(),
        "size_class": a.size.verdict.as_ref().map(|v| v.headline()),
        "tiers": a.tiers.iter().map(|t| json!({
            "tier": t.tier,
            "name": t.label,
            "verdict": t.verdict,
            "verdict_text": t.verdict.label(),
        })).collect::<Vec<_>>(),
    });
    if with_figures {
        v["answers"] = model
            .answers
            .iter()
            .filter(|r| r.id != "enterprise_name")
            .map(|r| json!({ "id": r.id, "label": r.label, "value": r.shown }))
            .collect();
    }
    v
}

#[function_component(Handoff)]
pub fn handoff(p: &HandoffProps) -> Html {
    let figures = use_state(|| false);
    let sent = use_state(|| false);
    let here = use_node_ref();
    let send = {
        let (model, figures, sent, here) =
            (p.model.clone(), figures.clone(), sent.clone(), here.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(el) = here.cast::<web_sys::Element>() else {
                return;
            };
            // The host element of our shadow root (or the mount element
            // itself when there is no shadow root).
            let target: web_sys::EventTarget = el
                .get_root_node()
                .dyn_into::<web_sys::ShadowRoot>()
                .map(|r| r.host().into())
                .unwrap_or_else(|_| el.clone().into());
            let detail = js_sys::JSON::parse(&payload(&model, *figures).to_string())
                .unwrap_or(wasm_bindgen::JsValue::NULL);
            let init = web_sys::CustomEventInit::new();
            init.set_bubbles(true);
            init.set_composed(true);
            init.set_detail(&detail);
            if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict("zjtx-handoff", &init) {
                let _ = target.dispatch_event(&ev);
                sent.set(true);
            }
        })
    };
    let toggle = {
        let figures = figures.clone();
        Callback::from(move |e: Event| {
            figures.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .checked(),
            )
        })
    };
    html! {
        <div class="zjtx-handoff" ref={here} part="handoff">
            <p>{"本网站可以接收这次自评估的结论（企业规模和各梯度是否符合），用于为你推荐服务。只有点下面的按钮才会交给本网站。"}</p>
            <label class="zjtx-radio">
                <input type="checkbox" id="zjtx-handoff-figures" checked={*figures} onchange={toggle} />
                {"同时提供填报的数字（营业收入、人数等，不含企业名称）"}
            </label>
            <button type="button" class="zjtx-button" onclick={send}>{"把结论交给本网站"}</button>
            if *sent {
                <p class="zjtx-handoff-sent" role="status">{"已交给本网站。"}</p>
            }
        </div>
    }
}
