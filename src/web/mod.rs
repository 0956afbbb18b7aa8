//! The browser shell (wasm only): mounts the questionnaire and the report
//! into the element the host page gives it, usually inside a shadow root
//! (see `www/zjtx-widget.js`). Touches nothing else of the host document.

mod app;
mod fields;
mod live;
mod print;

use crate::rules::Pack;
use std::rc::Rc;

pub use app::{App, AppProps};

/// Renders the widget into `root`. `report_css` is the absolute URL of the
/// report stylesheet, linked by the print document.
pub fn mount(root: web_sys::Element, report_css: String) {
    let props = AppProps { pack: Rc::new(Pack::national()), report_css: report_css.into() };
    yew::Renderer::<App>::with_root_and_props(root, props).render();
}

/// Today's date in the browser's time zone.
pub fn today() -> crate::date::Date {
    let d = js_sys::Date::new_0();
    crate::date::Date::new(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
}

/// The DOM id of an answer's field (`operating_revenue.y1` →
/// `field-operating_revenue-y1`): no dots, so it is a plain CSS selector.
pub fn field_id(answer_id: &str) -> String {
    format!("field-{}", answer_id.replace('.', "-"))
}
