//! Where the report goes in the first module. The report (its model, plans,
//! views, print and handoff) is a second WebAssembly module, fetched only
//! when the person opens the report (`zjtx-report`, see
//! `src/web/report_module.rs`): the first load carries the questionnaire,
//! the live panel and the saved assessments only. The first module asks a
//! [`ReportHost`] to render the report into an element of its own; what was
//! typed stays in the first module's state whatever happens to the second.

use crate::answers::AnswersFile;
use crate::date::Date;
use crate::questionnaire::{Msg, View};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use yew::prelude::*;

/// The element the report was rendered in, or the zh-CN reason it could not be.
pub type Shown = Pin<Box<dyn Future<Output = Result<web_sys::Element, String>>>>;

/// What the report needs from the form.
pub struct ShowReport {
    /// The report's place in the form's tree. A host in this module renders
    /// into it. The report module must render *beside* the form's tree, never
    /// inside it: two Yew instances number their trees alike (both from 1),
    /// and the outer one would take the inner one's events for its own.
    pub container: web_sys::Element,
    /// The answers as the form scored them (settings already repaired).
    pub answers: AnswersFile,
    /// Today, for an empty 评估日期.
    pub today: Date,
    /// “返回修改”.
    pub back: Callback<()>,
}

/// Shows and removes the report: through the page's loader, which fetches
/// the report module on first use (the widget), or in this module (the
/// browser tests, which link everything).
#[derive(Clone)]
pub struct ReportHost {
    show: Rc<dyn Fn(ShowReport) -> Shown>,
    hide: Rc<dyn Fn(&web_sys::Element)>,
}

impl PartialEq for ReportHost {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.show, &other.show) && Rc::ptr_eq(&self.hide, &other.hide)
    }
}

impl ReportHost {
    pub fn new(
        show: impl Fn(ShowReport) -> Shown + 'static,
        hide: impl Fn(&web_sys::Element) + 'static,
    ) -> ReportHost {
        ReportHost {
            show: Rc::new(show),
            hide: Rc::new(hide),
        }
    }

    /// For the build-time pre-render, which renders the first page only
    /// and never reaches the report.
    pub fn none() -> ReportHost {
        ReportHost::new(
            |_| {
                Box::pin(std::future::ready(Err(
                    "报告只能在浏览器里打开。".to_owned()
                )))
            },
            |_| {},
        )
    }

    /// The report module through the loader (`www/zjtx-widget.js`):
    /// `show(container, answers_json, today, back)` returns a promise of the
    /// element the report went into (beside the widget's shell, see
    /// [`ShowReport::container`]) that rejects with a zh-CN message when the
    /// module cannot be loaded or the report cannot be built;
    /// `hide(container)` removes a report shown.
    #[cfg(target_arch = "wasm32")]
    pub fn from_loader(show: js_sys::Function, hide: js_sys::Function) -> ReportHost {
        use wasm_bindgen::JsValue;
        use wasm_bindgen::closure::Closure;
        // One JS function per “返回修改” callback (the slot's is made once).
        let back_fn: std::cell::RefCell<Option<(Callback<()>, JsValue)>> = Default::default();
        ReportHost::new(
            move |r: ShowReport| {
                let back = {
                    let mut cached = back_fn.borrow_mut();
                    match &*cached {
                        Some((cb, f)) if *cb == r.back => f.clone(),
                        _ => {
                            let cb = r.back.clone();
                            let f = Closure::<dyn Fn()>::new(move || cb.emit(())).into_js_value();
                            *cached = Some((r.back.clone(), f.clone()));
                            f
                        }
                    }
                };
                let args = js_sys::Array::of4(
                    &r.container,
                    &r.answers.to_json().into(),
                    &r.today.to_string().into(),
                    &back,
                );
                match show.apply(&JsValue::NULL, &args) {
                    Ok(promise) => Box::pin(async move {
                        let shown = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(
                            &promise,
                        ))
                        .await
                        .map_err(js_message)?;
                        wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(shown)
                            .map_err(|_| "报告打不开。".to_owned())
                    }),
                    Err(e) => Box::pin(std::future::ready(Err(js_message(e)))),
                }
            },
            move |el| {
                let _ = hide.call1(&JsValue::NULL, el);
            },
        )
    }

    /// The report rendered by this module itself (the wasm-bindgen tests).
    #[cfg(target_arch = "wasm32")]
    pub fn in_process(
        pack: Rc<crate::rules::Pack>,
        report_css: AttrValue,
        handoff: bool,
    ) -> ReportHost {
        ReportHost::new(
            move |r: ShowReport| {
                let container = r.container.clone();
                super::report_module::show(
                    r.container,
                    super::report_module::ReportRequest {
                        pack: pack.clone(),
                        answers: r.answers,
                        today: r.today,
                        report_css: report_css.clone(),
                        handoff,
                        back: r.back.reform(|_| ()),
                    },
                );
                Box::pin(std::future::ready(Ok(container)))
            },
            super::report_module::hide,
        )
    }
}

/// A rejected promise's message: an Error's, or the string itself.
#[cfg(target_arch = "wasm32")]
fn js_message(e: wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    match e.dyn_ref::<js_sys::Error>() {
        Some(err) => String::from(err.message()),
        None => e.as_string().unwrap_or_else(|| "报告打不开。".to_owned()),
    }
}

#[derive(Properties, PartialEq)]
pub struct ReportSlotProps {
    pub host: ReportHost,
    pub answers: Rc<AnswersFile>,
    pub today: Date,
    pub send: Callback<Msg>,
}

#[derive(Clone, PartialEq)]
enum Status {
    Loading,
    Shown,
    Failed(String),
}

/// The report's place in the widget: asks the host to show it (again on
/// every change of the answers, e.g. another saved assessment opened from
/// the library bar), says so while the report module loads, and offers
/// 重试 and 返回修改 when it cannot load — the answers stay as typed.
#[function_component(ReportSlot)]
pub fn report_slot(p: &ReportSlotProps) -> Html {
    let slot = use_node_ref();
    let status = use_state(|| Status::Loading);
    let attempt = use_state(|| 0u32);
    // Made once, so the loader keeps one JS function for it.
    let back = (*use_memo((), {
        let send = p.send.clone();
        move |_| send.reform(|_: ()| Msg::Go(View::Check))
    }))
    .clone();
    // The element the report went into, removed from the report module
    // when the person leaves the report.
    let shown_in = use_mut_ref(|| None::<web_sys::Element>);
    {
        let (slot, status, host, back, shown_in) = (
            slot.clone(),
            status.clone(),
            p.host.clone(),
            back.clone(),
            shown_in.clone(),
        );
        use_effect_with(
            (p.answers.clone(), p.today, *attempt),
            move |(answers, today, _)| {
                if let Some(container) = slot.cast::<web_sys::Element>() {
                    let first = shown_in.borrow().is_none();
                    *shown_in.borrow_mut() = Some(container.clone());
                    let shown = (host.show)(ShowReport {
                        container,
                        answers: (**answers).clone(),
                        today: *today,
                        back,
                    });
                    wasm_bindgen_futures::spawn_local(async move {
                        match shown.await {
                            Ok(report) => {
                                if first || *status != Status::Shown {
                                    super::app::focus_heading_in(&report);
                                }
                                status.set(Status::Shown);
                            }
                            Err(message) => status.set(Status::Failed(message)),
                        }
                    });
                }
            },
        );
    }
    {
        let (host, shown_in) = (p.host.clone(), shown_in.clone());
        use_effect_with((), move |_| {
            move || {
                if let Some(el) = shown_in.borrow_mut().take() {
                    (host.hide)(&el);
                }
            }
        });
    }
    let retry = {
        let (status, attempt) = (status.clone(), attempt.clone());
        Callback::from(move |_: MouseEvent| {
            status.set(Status::Loading);
            attempt.set(*attempt + 1);
        })
    };
    let go_back = back.reform(|_: MouseEvent| ());
    html! {
        <>
            { match &*status {
                Status::Loading => html! {
                    <p class="zjtx-report-loading" role="status">{"正在打开报告…"}</p>
                },
                Status::Failed(message) => html! {
                    <div class="zjtx-load-error zjtx-report-failed" role="alert">
                        <p>{ message }</p>
                        <p>{"已填写的内容都还在本页，没有丢失。"}</p>
                        <p class="zjtx-report-retry">
                            <button type="button" class="zjtx-button zjtx-button--primary" onclick={retry}>{"重试"}</button>
                            <button type="button" class="zjtx-button" onclick={go_back}>{"← 返回修改"}</button>
                        </p>
                    </div>
                },
                Status::Shown => html! {},
            } }
            <div class="zjtx-report-slot" ref={slot}></div>
        </>
    }
}
