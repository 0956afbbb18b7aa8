//! The browser shell (wasm only): mounts the questionnaire and the report
//! into the element the host page gives it, usually inside a shadow root
//! (see `www/zjtx-widget.js`). Touches nothing else of the host document.

mod app;
mod check;
mod crypto;
mod fields;
mod library;
mod live;
mod page;
mod print;
mod storage;

use crate::answers::FieldError;
use crate::questionnaire::{Msg, View};
use crate::rules::Pack;
use std::rc::Rc;
use yew::prelude::*;

pub use app::{App, AppProps};

/// Renders the widget into `root`. `report_css` is the absolute URL of the
/// report stylesheet, linked by the print document.
pub fn mount(root: web_sys::Element, report_css: String) {
    let props = AppProps {
        pack: Rc::new(Pack::national()),
        report_css: report_css.into(),
    };
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
