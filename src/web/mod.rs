//! The browser shell (wasm only): mounts the questionnaire and the report
//! into the element the host page gives it, usually inside a shadow root
//! (see `www/zjtx-widget.js`). Touches nothing else of the host document.

mod app;
mod check;
mod crypto;
mod effects;
mod fields;
// The report module's parts (zjtx-report; never rendered natively).
#[cfg(target_arch = "wasm32")]
mod handoff;
mod library;
mod library_bar;
mod live;
mod pack_file;
mod page;
#[cfg(target_arch = "wasm32")]
mod print;
#[cfg(target_arch = "wasm32")]
pub mod report_module;
mod report_slot;
#[cfg(target_arch = "wasm32")]
mod report_view;
mod steps;
mod storage;

use crate::answers::FieldError;
use crate::questionnaire::{Msg, View};
use crate::rules::Pack;
use std::rc::Rc;

pub use pack_file::read as read_pack;
use yew::prelude::*;

pub use app::{App, AppProps};
pub use report_slot::{ReportHost, ShowReport, Shown};

/// What the host element asks for (its attributes, read by the loader).
pub struct MountOptions {
    /// The pack's name (`pack` attribute), for messages.
    pub pack_name: String,
    /// The pack file's text, fetched by the loader from `packs/<name>.json`.
    pub pack_json: String,
    /// Absolute URL of the report stylesheet, linked by the print document.
    pub report_css: String,
    /// Storage namespace (`storage` attribute, or pack + element id).
    pub storage: String,
    /// `handoff` attribute present.
    pub handoff: bool,
    /// Shows the report (the second module, through the loader).
    pub report: ReportHost,
}

/// Renders the widget into `root`. A pack that cannot be read renders a
/// zh-CN message naming the pack and what the portal should check, instead
/// of the form; it is returned as Err too, for the loader.
#[cfg(target_arch = "wasm32")]
pub fn mount(root: web_sys::Element, o: MountOptions) -> Result<(), String> {
    let pack = match pack_file::read(&o.pack_name, &o.pack_json) {
        Ok(p) => p,
        Err(message) => {
            yew::Renderer::<PackError>::with_root_and_props(
                root,
                PackErrorProps {
                    message: message.clone().into(),
                },
            )
            .render();
            return Err(message);
        }
    };
    let props = AppProps {
        pack: Rc::new(pack),
        report_css: o.report_css.into(),
        storage: o.storage.into(),
        handoff: o.handoff,
        report: o.report,
    };
    yew::Renderer::<App>::with_root_and_props(root, props).render();
    Ok(())
}

#[derive(Properties, PartialEq)]
pub struct PackErrorProps {
    pub message: AttrValue,
}

/// Shown instead of the form when the pack cannot be used.
#[function_component(PackError)]
fn pack_error(p: &PackErrorProps) -> Html {
    html! { <div class="zjtx-load-error" role="alert" part="error"><p>{ p.message.clone() }</p></div> }
}

/// Today's date in the browser's time zone.
#[cfg(target_arch = "wasm32")]
pub fn today() -> crate::date::Date {
    let d = js_sys::Date::new_0();
    crate::date::Date::new(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
}

/// The build-time pre-render's date (UTC): the loader puts the browser's
/// own date into the pre-rendered 评估日期 box.
#[cfg(not(target_arch = "wasm32"))]
pub fn today() -> crate::date::Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    crate::date::from_days_since_epoch((secs / 86_400) as i64)
}

/// The DOM id of an answer's field (`operating_revenue.y1` →
/// `field-operating_revenue-y1`): no dots, so it is a plain CSS selector.
pub fn field_id(answer_id: &str) -> String {
    format!("field-{}", answer_id.replace('.', "-"))
}

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    pub pack: Rc<Pack>,
    pub errors: Rc<Vec<FieldError>>,
    pub view: View,
    pub send: Callback<Msg>,
}

/// The GOV.UK error summary: announced at once, each problem a link that
/// takes the cursor to its field (on its own page when needed). Fragment
/// links cannot reach into a shadow root and would change the host's URL,
/// so the links are handled here.
#[function_component(ErrorSummary)]
pub fn error_summary(p: &ErrorSummaryProps) -> Html {
    html! {
        <div class="zjtx-error-summary" role="alert" aria-labelledby="zjtx-error-title">
            <h2 id="zjtx-error-title">{"有需要修改的地方"}</h2>
            <ul>
                { for p.errors.iter().map(|e| {
                    let field = e.field.clone();
                    // On a page the summary lists that page's fields; on the
                    // check page a link first goes to the field's own page.
                    let view = match p.view {
                        View::Page(_) => p.view,
                        _ => View::Page(page::page_of(&p.pack, &field).unwrap_or(0)),
                    };
                    let onclick = p.send.reform(move |ev: MouseEvent| {
                        ev.prevent_default();
                        Msg::Edit { view, field: field.clone() }
                    });
                    html! { <li key={e.field.clone()}><a href={format!("#{}", field_id(&e.field))} {onclick}>{ &e.message }</a></li> }
                }) }
            </ul>
        </div>
    }
}

/// The first page as a fresh visit renders it (no saved assessments, no
/// effects run), as HTML: Yew SSR of the same [`App`] the wasm mounts.
/// Used at build time only (`zjtx-prerender`); errors are the pack's.
#[cfg(not(target_arch = "wasm32"))]
pub fn prerender(pack_name: &str, pack_json: &str) -> Result<String, String> {
    let pack = pack_file::read(pack_name, pack_json)?;
    let props = AppProps {
        pack: Rc::new(pack),
        report_css: AttrValue::Static(""),
        storage: AttrValue::from(pack_name.to_owned()),
        handoff: false,
        report: ReportHost::none(),
    };
    Ok(futures::executor::block_on(
        yew::LocalServerRenderer::<App>::with_props(props)
            .hydratable(false)
            .render(),
    ))
}
