//! The widget: state in one place (a reducer over [`Questionnaire`]),
//! messages up from the fields, the assessment and report derived on every
//! render (a full assessment takes well under a millisecond).

use super::check::Check;
use super::field_id;
use super::effects::Library;
use super::handoff::Handoff;
use super::library::{Lib, LibAct, LibMsg, Load};
use super::library_bar::LibraryBar;
use super::live::{LiveCompact, LivePanel};
use super::page::Page;
use super::print::print_report;
use crate::questionnaire::{Msg, Questionnaire, View, pages};
use crate::report::{Report, ReportModel, options_for};
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
    let send = {
        let d = dispatch.clone();
        Callback::from(move |msg: Msg| d.dispatch(Act::Q(msg)))
    };
    let done = {
        let d = dispatch.clone();
        Callback::from(move |a: LibAct| d.dispatch(Act::Lib(a)))
    };
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
        let (library, done, lib, answers) =
            ((*library).clone(), done.clone(), lib.clone(), q.answers.clone());
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
        let (library, done, lib, answers) =
            ((*library).clone(), done.clone(), lib.clone(), q.answers.clone());
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
    let model = match ReportModel::build(pack, &q.answers, &options_for(&q.answers, *today)) {
        Ok(m) => m,
        Err(e) => {
            let mut fixed = q.answers.clone();
            notices.extend(repair_settings(pack, &mut fixed));
            if notices.is_empty() {
                fixed.settings.clear();
                notices.push(format!("计算口径设置有误（{e}），已按默认口径计算。"));
            }
            match ReportModel::build(pack, &fixed, &options_for(&fixed, *today)) {
                Ok(m) => m,
                Err(e) => {
                    return html! { <p class="zjtx-load-error" role="alert">{ format!("无法计算：{e}") }</p> };
                }
            }
        }
    };
    let model = Rc::new(model);
    let live_region = html! {
        <p class="zjtx-visually-hidden" role="status" aria-live="polite" aria-atomic="true">{ (*announce).clone() }</p>
    };
    let body = match q.view {
        View::Report => {
            return html! {
                <div class="zjtx-app" ref={root} part="app">
                    { live_region }
                    <ReportView model={model} send={send} report_css={props.report_css.clone()} handoff={props.handoff} />
                </div>
            };
        }
        View::Check => {
            html! { <Check pack={pack.clone()} q={q.clone()} model={model.clone()} send={send.clone()} /> }
        }
        View::Page(i) => html! {
            <>
                <h2 class="zjtx-page-title" data-step-heading="" tabindex="-1">{ &step_name }</h2>
                <Page pack={pack.clone()} page={step_name.clone()} first={i == 0}
                    q={q.clone()} errors={Rc::new(model.assessment.errors.clone())}
                    warnings={Rc::new(model.assessment.warnings.clone())} send={send.clone()} />
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
                <LiveCompact model={model.clone()} />
                <LivePanel model={model} />
            </div>
        </div>
    }
}

/// Scrolls the current step's heading into view and focuses it.
fn focus_heading(root: &NodeRef) {
    let Some(el) = root.cast::<web_sys::Element>() else {
        return;
    };
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
    handoff: bool,
}

/// The report on screen, with 打印 and the 摘要版 switch (what is shown is
/// what prints).
#[function_component(ReportView)]
fn report_view(p: &ReportViewProps) -> Html {
    let summary = use_state(|| false);
    let back = p.send.reform(|_: MouseEvent| Msg::Go(View::Check));
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
