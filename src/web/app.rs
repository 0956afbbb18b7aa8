//! The widget: state in one place (a reducer over [`Questionnaire`]),
//! messages up from the fields, the assessment and report derived on every
//! render (a full assessment takes well under a millisecond).

use super::check::Check;
use super::effects::Library;
use super::field_id;
use super::library::{Lib, LibAct, LibMsg, Load};
use super::library_bar::LibraryBar;
use super::live::{LiveCompact, LivePanel};
use super::page::Page;
use super::report_slot::{ReportHost, ReportSlot};
use super::steps::{Nav, Steps};
use crate::questionnaire::{Msg, Questionnaire, View, pages};
use crate::report::{answer_rows, options_for};
use crate::rules::Pack;
use crate::saved::{Keys, repair_settings};
use gloo::events::EventListener;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub pack: Rc<Pack>,
    /// Absolute URL of the report stylesheet, linked by the print document.
    pub report_css: AttrValue,
    /// This instance's storage namespace (see `saved::Keys`).
    #[prop_or(AttrValue::Static("national"))]
    pub storage: AttrValue,
    /// The host opted in to the handoff event (`handoff` attribute).
    #[prop_or(false)]
    pub handoff: bool,
    /// Shows the report: the report module, loaded when first opened.
    pub report: ReportHost,
}

/// The widget's one state: the questionnaire and the saved assessments,
/// changed only through [`Act`] by one reducer. Storage, timers, files and
/// other tabs are effects that report back as actions.
#[derive(Default, PartialEq)]
struct Widget {
    q: Rc<Questionnaire>,
    lib: Lib,
}

enum Act {
    /// A message from the form.
    Q(Msg),
    /// What a library effect found or the person asked of the library.
    Lib(LibAct),
}

impl Reducible for Widget {
    type Action = Act;
    fn reduce(self: Rc<Self>, act: Act) -> Rc<Self> {
        let mut q = (*self.q).clone();
        let mut lib = self.lib.clone();
        match act {
            Act::Q(msg) => q.update(msg),
            Act::Lib(change) => match lib.apply(change) {
                Some(Load::Fresh(answers)) => q.update(Msg::Replace(answers)),
                Some(Load::KeepView(answers)) => {
                    let view = q.view;
                    q.update(Msg::Replace(answers));
                    q.view = view;
                }
                None => {}
            },
        }
        Rc::new(Widget { q: Rc::new(q), lib })
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(Widget::default);
    let today = use_memo((), |_| super::today());
    let root = use_node_ref();
    let pack = &props.pack;
    let q = state.q.clone();
    let lib = state.lib.clone();
    // The dispatcher is the same for the widget's life: effects that finish
    // later (timers, file reads, WebCrypto) report through it, and the
    // reducer applies their outcome to the state as it is then.
    let dispatch = state.dispatcher();
    // Made once: a callback is compared by identity, so a new one each
    // render would re-render every field on every keystroke.
    let send = (*use_memo((), {
        let d = dispatch.clone();
        move |_| Callback::from(move |msg: Msg| d.dispatch(Act::Q(msg)))
    }))
    .clone();
    let done = (*use_memo((), {
        let d = dispatch.clone();
        move |_| Callback::from(move |a: LibAct| d.dispatch(Act::Lib(a)))
    }))
    .clone();
    // Saved assessments: load once, autosave every change (and at once when
    // the page is hidden), merge other tabs' saves.
    let library = use_memo(props.storage.clone(), |ns| {
        Rc::new(Library::new(Keys::new(ns), pack.clone()))
    });
    {
        let (library, done) = ((*library).clone(), done.clone());
        use_effect_with((), move |_| {
            done.emit(library.load());
            let window = gloo::utils::window();
            let document = gloo::utils::document();
            // A reload or a closed tab within the debounce keeps the keystrokes.
            let on_hide = {
                let library = library.clone();
                EventListener::new(&window, "pagehide", move |_| library.flush())
            };
            let on_hidden = {
                let (library, doc) = (library.clone(), document.clone());
                EventListener::new(&document, "visibilitychange", move |_| {
                    if doc.hidden() {
                        library.flush();
                    }
                })
            };
            // Unmounted: a save still waiting must not write after us.
            move || {
                drop((on_hide, on_hidden));
                library.cancel()
            }
        });
    }
    {
        let (library, done, lib) = ((*library).clone(), done.clone(), lib.clone());
        use_effect_with(
            (
                q.answers.clone(),
                lib.id.clone(),
                lib.index.clone(),
                lib.loaded,
                lib.conflict.is_some(),
            ),
            move |(answers, ..)| library.autosave(&lib, answers, done),
        );
    }
    {
        let (library, done, lib, answers) = (
            (*library).clone(),
            done.clone(),
            lib.clone(),
            q.answers.clone(),
        );
        use_effect_with(
            (lib.id.clone(), q.answers.clone(), lib.conflict.is_some()),
            move |_| {
                let listener = EventListener::new(&gloo::utils::window(), "storage", move |e| {
                    if let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() {
                        library.on_storage(e, &lib, &answers, &done);
                    }
                });
                move || drop(listener)
            },
        );
    }
    let lib_send = {
        let (library, done, lib, answers) = (
            (*library).clone(),
            done.clone(),
            lib.clone(),
            q.answers.clone(),
        );
        Callback::from(move |msg: LibMsg| library.run(msg, &lib, &answers, &done))
    };
    let import = {
        let (library, done) = ((*library).clone(), done.clone());
        Callback::from(move |input: web_sys::HtmlInputElement| {
            library.read_file(input, done.clone())
        })
    };
    // After a 修改 or error link, put the cursor in the field it names.
    {
        let root = root.clone();
        use_effect_with((q.view, q.focus.clone()), move |(_, focus)| {
            if let (Some(field), Some(el)) = (focus, root.cast::<web_sys::Element>()) {
                let found = el
                    .query_selector(&format!("#{}", field_id(field)))
                    .ok()
                    .flatten();
                if let Some(input) = found.and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = input.focus();
                }
            }
        });
    }
    let pages = pages(pack);
    let steps = pages.len() + 2;
    let (step, step_name) = match q.view {
        View::Page(i) => (i + 1, pages.get(i).copied().unwrap_or_default().to_owned()),
        View::Check => (pages.len() + 1, "核对填报".to_owned()),
        View::Report => (steps, "查看报告".to_owned()),
    };
    // A step change: bring the new step's heading into view, put focus on
    // it (not on the button at the foot of the last page) and announce
    // “第 n 步，共 N 步：…”. Not on first load: the host page decides that.
    let announce = use_state(String::new);
    let shown_view = use_mut_ref(|| q.view);
    {
        let (root, announce, shown_view) = (root.clone(), announce.clone(), shown_view.clone());
        let text = format!("第 {step} 步，共 {steps} 步：{step_name}");
        use_effect_with((q.view, q.focus.is_some()), move |(view, focusing)| {
            let changed = *shown_view.borrow() != *view;
            *shown_view.borrow_mut() = *view;
            if changed && !focusing {
                focus_heading(&root);
                announce.set(text);
            }
        });
    }
    // The form's own answers always carry settings the pack knows; a file
    // or stored value with others has been repaired on load. Should a
    // setting still be refused, fall back to the defaults and say so — the
    // form and the saved work stay reachable.
    let mut notices = Vec::new();
    // Every keystroke needs only the assessment (live panel, errors); the
    // report model with its multi-year plans is built by the report module
    // (loaded when the report is first opened), the check page reads only
    // the answers as shown.
    let assess = |answers: &crate::answers::AnswersFile| {
        let options = options_for(answers, *today);
        let facts = crate::facts::Facts::read(pack, answers, options.date);
        crate::engine::assess(pack, &facts, &options)
    };
    let mut fixed = None;
    let assessment = match assess(&q.answers) {
        Ok(a) => a,
        Err(e) => {
            let mut repaired = q.answers.clone();
            notices.extend(repair_settings(pack, &mut repaired));
            if notices.is_empty() {
                repaired.settings.clear();
                notices.push(format!("计算口径设置有误（{e}），已按默认口径计算。"));
            }
            match assess(&repaired) {
                Ok(a) => {
                    fixed = Some(repaired);
                    a
                }
                Err(e) => {
                    return html! { <p class="zjtx-load-error" role="alert">{ format!("无法计算：{e}") }</p> };
                }
            }
        }
    };
    let assessment = Rc::new(assessment);
    let answers_used = fixed.as_ref().unwrap_or(&q.answers);
    let live_region = html! {
        <p class="zjtx-visually-hidden" role="status" aria-live="polite" aria-atomic="true">{ (*announce).clone() }</p>
    };
    let body = match q.view {
        View::Report => {
            // The report module renders into the slot; the library bar
            // (导出答卷, saved assessments) stays reachable above it.
            return html! {
                <div class="zjtx-app" ref={root} part="app">
                    { live_region }
                    { for notices.iter().map(|n| html!{ <p class="zjtx-notice" role="status">{ n }</p> }) }
                    <LibraryBar lib={lib.clone()} available={library.store.available()} send={lib_send} {import} />
                    <ReportSlot host={props.report.clone()} answers={Rc::new(answers_used.clone())} today={*today} send={send} />
                </div>
            };
        }
        View::Check => {
            let (rows, unanswered) =
                answer_rows(pack, answers_used, &options_for(answers_used, *today));
            html! { <Check pack={pack.clone()} q={q.clone()} rows={Rc::new(rows)} {unanswered}
            errors={Rc::new(assessment.errors.clone())} send={send.clone()} /> }
        }
        View::Page(i) => html! {
            <>
                <h2 class="zjtx-page-title" data-step-heading="" tabindex="-1">{ &step_name }</h2>
                <Page pack={pack.clone()} page={step_name.clone()} first={i == 0}
                    q={q.clone()} errors={Rc::new(assessment.errors.clone())}
                    warnings={Rc::new(assessment.warnings.clone())} send={send.clone()}
                    date={assessment.date} />
            </>
        },
    };
    let skip = {
        let root = root.clone();
        Callback::from(move |e: MouseEvent| {
            // A fragment link cannot reach into the shadow root and would
            // change the host's URL.
            e.prevent_default();
            focus_heading(&root);
        })
    };
    html! {
        <div class="zjtx-app" ref={root} part="app">
            <a class="zjtx-skip" href="#zjtx-form" onclick={skip}>{"跳到填报内容"}</a>
            { live_region }
            <header class="zjtx-head" part="header">
                <h1 class="zjtx-title">{"优质中小企业梯度培育 · 自评估"}</h1>
                <p class="zjtx-lead">{"按官方认定标准逐条比对，结果旁边写明条款出处。不知道的项目选“不清楚”即可。\
                    数据只在本机浏览器里计算，不会上传。"}</p>
                <p class="zjtx-pack" data-testid="pack-name">{ format!("规则包：{}（版本 {}）", pack.meta.name, pack.meta.version) }</p>
            </header>
            { for notices.iter().map(|n| html!{ <p class="zjtx-notice" role="status">{ n }</p> }) }
            <LibraryBar lib={lib.clone()} available={library.store.available()} send={lib_send} {import} />
            <Steps pages={Rc::new(pages.iter().map(|p| p.to_string()).collect::<Vec<_>>())} view={q.view} send={send.clone()} />
            <div class="zjtx-layout">
                <form class="zjtx-form" id="zjtx-form" part="form" novalidate=true onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    { body }
                    <Nav pages={pages.len()} view={q.view} send={send.clone()} />
                </form>
                <LiveCompact assessment={assessment.clone()} />
                <LivePanel assessment={assessment} />
            </div>
        </div>
    }
}

/// Scrolls the current step's heading into view and focuses it.
fn focus_heading(root: &NodeRef) {
    if let Some(el) = root.cast::<web_sys::Element>() {
        focus_heading_in(&el);
    }
}

/// Scrolls the first step heading within `el` into view and focuses it.
pub(super) fn focus_heading_in(el: &web_sys::Element) {
    let heading = ["[data-step-heading]", ".zjtx-page-title", ".zjtx-report h1"]
        .iter()
        .find_map(|s| el.query_selector(s).ok().flatten());
    if let Some(h) = heading.and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok()) {
        if !h.has_attribute("tabindex") {
            let _ = h.set_attribute("tabindex", "-1");
        }
        h.scroll_into_view();
        let _ = h.focus();
    }
}
