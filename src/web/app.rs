//! The widget: state in one place (a reducer over [`Questionnaire`]),
//! messages up from the fields, the assessment and report derived on every
//! render (a full assessment takes well under a millisecond).

use super::check::Check;
use super::field_id;
use super::library::{Lib, LibMsg, Library, LibraryBar};
use super::live::LivePanel;
use super::page::Page;
use super::print::print_report;
use crate::questionnaire::{Msg, Questionnaire, View, pages};
use crate::report::{Report, ReportModel, options_for};
use crate::rules::Pack;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub pack: Rc<Pack>,
    pub report_css: AttrValue,
}

#[derive(Default, PartialEq)]
struct State(Rc<Questionnaire>);

impl Reducible for State {
    type Action = Msg;
    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut q = (*self.0).clone();
        q.update(msg);
        Rc::new(State(Rc::new(q)))
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(State::default);
    let today = use_memo((), |_| super::today());
    let root = use_node_ref();
    let pack = &props.pack;
    let q = state.0.clone();
    let send = {
        let state = state.clone();
        Callback::from(move |msg: Msg| state.dispatch(msg))
    };
    // Saved assessments: load once, autosave every change, watch other tabs.
    let library = use_memo((), |_| Rc::new(Library::new()));
    let lib = use_state(Lib::default);
    let mirror = use_mut_ref(Lib::default);
    *mirror.borrow_mut() = (*lib).clone();
    {
        let (library, lib, send) = ((*library).clone(), lib.clone(), send.clone());
        use_effect_with((), move |_| {
            library.load(&lib, &send);
            // Unmounted: a save still waiting must not write after us.
            move || library.cancel()
        });
    }
    {
        let (library, lib, mirror) = ((*library).clone(), lib.clone(), mirror.clone());
        use_effect_with(
            (q.answers.clone(), lib.id.clone(), lib.loaded),
            move |(answers, _, _)| {
                library.autosave(mirror, lib, answers.clone());
            },
        );
    }
    {
        let (library, lib, send, answers) = (
            (*library).clone(),
            lib.clone(),
            send.clone(),
            q.answers.clone(),
        );
        use_effect_with(
            (lib.id.clone(), q.answers.clone(), lib.conflict.is_some()),
            move |_| {
                let listener = Closure::<dyn Fn(web_sys::StorageEvent)>::new(
                    move |e: web_sys::StorageEvent| library.on_storage(&e, &lib, &answers, &send),
                );
                let window = web_sys::window();
                if let Some(w) = &window {
                    let _ = w.add_event_listener_with_callback(
                        "storage",
                        listener.as_ref().unchecked_ref(),
                    );
                }
                move || {
                    if let Some(w) = window {
                        let _ = w.remove_event_listener_with_callback(
                            "storage",
                            listener.as_ref().unchecked_ref(),
                        );
                    }
                }
            },
        );
    }
    // Async results (file reads, WebCrypto) come back as messages too, to the
    // latest callback (one cell for the widget's life, replaced each render).
    let latest = use_mut_ref(|| None::<Callback<LibMsg>>);
    let lib_send = {
        let (library, lib, send, answers) = (
            (*library).clone(),
            lib.clone(),
            send.clone(),
            q.answers.clone(),
        );
        let me: Rc<RefCell<Option<Callback<LibMsg>>>> = latest.clone();
        let cb = {
            let me = me.clone();
            Callback::from(move |msg: LibMsg| {
                let this = me.borrow().clone().unwrap_or_default();
                library.handle(msg, &lib, &answers, &send, &this)
            })
        };
        *me.borrow_mut() = Some(cb.clone());
        cb
    };
    // After a 修改 or error link, put the cursor in the field it names.
    {
        let root = root.clone();
        use_effect_with((q.view, q.focus.clone()), move |(_, focus)| {
            if let (Some(field), Some(el)) = (focus, root.cast::<web_sys::Element>()) {
                use wasm_bindgen::JsCast;
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
    // The form's own answers always carry valid settings, so build cannot
    // fail; should a setting ever be refused, say so instead of going blank.
    let Ok(model) = ReportModel::build(pack, &q.answers, &options_for(&q.answers, *today)) else {
        return html! { <p class="zjtx-load-error">{"计算口径设置有误，请重新选择。"}</p> };
    };
    let model = Rc::new(model);
    let pages = pages(pack);
    let body = match q.view {
        View::Report => {
            return html! { <div ref={root}><ReportView model={model} send={send} report_css={props.report_css.clone()} /></div> };
        }
        View::Check => {
            html! { <Check pack={pack.clone()} q={q.clone()} model={model.clone()} send={send.clone()} /> }
        }
        View::Page(i) => html! {
            <Page pack={pack.clone()} page={pages.get(i).copied().unwrap_or_default().to_owned()} first={i == 0}
                q={q.clone()} errors={Rc::new(model.assessment.errors.clone())}
                warnings={Rc::new(model.assessment.warnings.clone())} send={send.clone()} />
        },
    };
    html! {
        <div class="zjtx-app" ref={root}>
            <header class="zjtx-head">
                <h1 class="zjtx-title">{"优质中小企业梯度培育 · 自评估"}</h1>
                <p class="zjtx-lead">{"按官方认定标准逐条比对，结果旁边写明条款出处。不知道的项目选“不清楚”即可。\
                    数据只在本机浏览器里计算，不会上传。"}</p>
            </header>
            <LibraryBar lib={(*lib).clone()} available={library.store.available()} send={lib_send} />
            <Steps pages={Rc::new(pages.iter().map(|p| p.to_string()).collect::<Vec<_>>())} view={q.view} send={send.clone()} />
            <div class="zjtx-layout">
                <form class="zjtx-form" novalidate=true onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    { body }
                    <Nav pages={pages.len()} view={q.view} send={send.clone()} />
                </form>
                <LivePanel model={model} />
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct StepsProps {
    pages: Rc<Vec<String>>,
    view: View,
    send: Callback<Msg>,
}

/// The progress indicator: every step, the current one marked, each a button.
#[function_component(Steps)]
fn steps(p: &StepsProps) -> Html {
    let n = p.pages.len();
    let current = match p.view {
        View::Page(i) => i,
        View::Check => n,
        View::Report => n + 1,
    };
    let names = p
        .pages
        .iter()
        .cloned()
        .chain(["核对填报".to_owned(), "查看报告".to_owned()]);
    html! {
        <nav class="zjtx-steps" aria-label="填报步骤">
            <p class="zjtx-steps-now">{ format!("第 {} 步，共 {} 步", current + 1, n + 2) }</p>
            <ol>
                { for names.enumerate().map(|(i, name)| {
                    let view = if i < n { View::Page(i) } else if i == n { View::Check } else { View::Report };
                    html! {
                        <li key={i} class={classes!("zjtx-step", (i == current).then_some("zjtx-step--current"))}>
                            <button type="button" class="zjtx-step-button" aria-current={(i == current).then_some("step")}
                                onclick={p.send.reform(move |_: MouseEvent| Msg::Go(view))}>
                                <span class="zjtx-step-number">{ i + 1 }</span>{ name }
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    }
}

#[derive(Properties, PartialEq)]
struct NavProps {
    pages: usize,
    view: View,
    send: Callback<Msg>,
}

/// 上一步 / 下一步 at the foot of every page.
#[function_component(Nav)]
fn nav(p: &NavProps) -> Html {
    let (back, next, next_label) = match p.view {
        View::Page(0) => (None, View::Page(1), "下一步"),
        View::Page(i) if i + 1 < p.pages => (Some(View::Page(i - 1)), View::Page(i + 1), "下一步"),
        View::Page(i) => (
            Some(View::Page(i.saturating_sub(1))),
            View::Check,
            "下一步：核对填报",
        ),
        View::Check => (Some(View::Page(p.pages - 1)), View::Report, "查看报告"),
        View::Report => (Some(View::Check), View::Report, ""),
    };
    html! {
        <div class="zjtx-actions">
            if let Some(back) = back {
                <button type="button" class="zjtx-button" onclick={p.send.reform(move |_: MouseEvent| Msg::Go(back))}>{"上一步"}</button>
            }
            <button type="button" class="zjtx-button zjtx-button--primary" onclick={p.send.reform(move |_: MouseEvent| Msg::Go(next))}>{ next_label }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ReportViewProps {
    model: Rc<ReportModel>,
    send: Callback<Msg>,
    report_css: AttrValue,
}

/// The report on screen, with 打印 and the 摘要版 switch (what is shown is
/// what prints).
#[function_component(ReportView)]
fn report_view(p: &ReportViewProps) -> Html {
    let summary = use_state(|| false);
    let back = p.send.reform(|_: MouseEvent| Msg::Go(View::Check));
    let report_ref = use_node_ref();
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
            <div class="zjtx-report-frame" ref={report_ref}>
                <Report model={p.model.clone()} summary_only={*summary} />
            </div>
        </div>
    }
}
