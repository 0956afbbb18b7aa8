//! The report module's side (the `zjtx-report` wasm, fetched when the
//! person opens the report; see `report_slot.rs`): builds the report model
//! from the pack and the answers and renders [`ReportView`] into the
//! element the first module gives it, inside the same shadow root (so
//! report.css, print and handoff work as before). One Yew app per element:
//! shown again with new answers, it updates in place.

use super::report_view::ReportView;
use crate::answers::AnswersFile;
use crate::date::Date;
use crate::report::{ReportModel, options_for};
use crate::rules::Pack;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Everything the report needs.
pub struct ReportRequest {
    pub pack: Rc<Pack>,
    pub answers: AnswersFile,
    /// Today, for an empty 评估日期.
    pub today: Date,
    /// Absolute URL of report.css, linked by the print document.
    pub report_css: AttrValue,
    /// The host opted in to the handoff event.
    pub handoff: bool,
    /// “返回修改”.
    pub back: Callback<MouseEvent>,
}

thread_local! {
    /// The reports on screen, by the element they render into.
    static SHOWN: RefCell<Vec<(web_sys::Element, yew::AppHandle<ReportRoot>)>> = Default::default();
    /// Packs read, by name and text: each widget's pack is read once.
    static PACKS: RefCell<Vec<(String, String, Rc<Pack>)>> = Default::default();
}

/// Renders (or updates) the report in `container`.
pub fn show(container: web_sys::Element, r: ReportRequest) {
    let options = options_for(&r.answers, r.today);
    let model = ReportModel::build(&r.pack, &r.answers, &options)
        .map(Rc::new)
        .map_err(|e| AttrValue::from(format!("无法计算：{e}")));
    let props = ReportRootProps {
        model,
        report_css: r.report_css,
        handoff: r.handoff,
        back: r.back,
    };
    let gone: Vec<_> = SHOWN.with(|shown| {
        let mut shown = shown.borrow_mut();
        // Reports whose element has left the page (the widget removed).
        let (gone, kept): (Vec<_>, Vec<_>) =
            shown.drain(..).partition(|(el, _)| !el.is_connected());
        *shown = kept;
        gone
    });
    gone.into_iter().for_each(|(_, handle)| handle.destroy());
    let existing = SHOWN.with(|s| s.borrow().iter().position(|(el, _)| *el == container));
    match existing {
        Some(i) => SHOWN.with(|s| s.borrow_mut()[i].1.update(props)),
        None => {
            let handle =
                yew::Renderer::<ReportRoot>::with_root_and_props(container.clone(), props).render();
            SHOWN.with(|s| s.borrow_mut().push((container, handle)));
        }
    }
}

/// Removes the report shown in `container` (the person left the report).
pub fn hide(container: &web_sys::Element) {
    let handle = SHOWN.with(|s| {
        let mut s = s.borrow_mut();
        let i = s.iter().position(|(el, _)| el == container)?;
        Some(s.remove(i).1)
    });
    if let Some(handle) = handle {
        handle.destroy();
    }
}

/// The loader's call (`show_report` of the `zjtx-report` module): the
/// pack file's text as the first module read it, the answers as JSON,
/// today as YYYY-MM-DD. Errors are zh-CN, for the person.
#[cfg(target_arch = "wasm32")]
#[allow(clippy::too_many_arguments)]
pub fn show_from_loader(
    container: web_sys::Element,
    pack_name: &str,
    pack_json: String,
    answers_json: &str,
    today: &str,
    report_css: String,
    handoff: bool,
    back: js_sys::Function,
) -> Result<(), String> {
    let pack = read_pack(pack_name, pack_json)?;
    let answers =
        AnswersFile::from_json(answers_json).map_err(|e| format!("报告读不到填写的内容：{e}"))?;
    let back = Callback::from(move |_: MouseEvent| {
        let _ = back.call0(&wasm_bindgen::JsValue::NULL);
    });
    show(
        container,
        ReportRequest {
            pack,
            answers,
            today: Date::parse(today).unwrap_or_else(super::today),
            report_css: report_css.into(),
            handoff,
            back,
        },
    );
    Ok(())
}

/// The pack, read once per name and text.
fn read_pack(name: &str, text: String) -> Result<Rc<Pack>, String> {
    let known = PACKS.with(|p| {
        p.borrow()
            .iter()
            .find(|(n, t, _)| n == name && *t == text)
            .map(|(_, _, pack)| pack.clone())
    });
    if let Some(pack) = known {
        return Ok(pack);
    }
    let pack = Rc::new(super::pack_file::read(name, &text)?);
    PACKS.with(|p| {
        let mut p = p.borrow_mut();
        p.retain(|(n, _, _)| n != name);
        p.push((name.to_owned(), text, pack.clone()));
    });
    Ok(pack)
}

#[derive(Properties, PartialEq)]
pub struct ReportRootProps {
    pub model: Result<Rc<ReportModel>, AttrValue>,
    pub report_css: AttrValue,
    pub handoff: bool,
    pub back: Callback<MouseEvent>,
}

/// The report module's root: the report, or why it cannot be computed.
#[function_component(ReportRoot)]
pub fn report_root(p: &ReportRootProps) -> Html {
    match &p.model {
        Ok(model) => html! {
            <ReportView model={model.clone()} back={p.back.clone()} report_css={p.report_css.clone()} handoff={p.handoff} />
        },
        Err(message) => html! {
            <div class="zjtx-report-view">
                <p class="zjtx-load-error" role="alert">{ message.clone() }</p>
                <button type="button" class="zjtx-button" onclick={p.back.clone()}>{"← 返回修改"}</button>
            </div>
        },
    }
}
