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

/// Today's date in the browser's time zone, as YYYY-MM-DD.
pub fn today() -> String {
    let d = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", d.get_full_year(), d.get_month() + 1, d.get_date())
}
