//! Printing only the report, even inside a portal page: a stylesheet in
//! our shadow root cannot hide the host page, so the report's HTML goes into
//! a hidden same-origin `<iframe srcdoc>` (inside our own root, not the
//! host's body) that links the report stylesheet by absolute URL (the
//! host's CSP blocks inline `<style>` there) and prints itself once loaded.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::HtmlIFrameElement;
use yew::NodeRef;

pub fn print_report(report: &NodeRef, stylesheet: &str, header_rule: String) {
    let Some(container) = report.cast::<web_sys::Element>() else {
        return;
    };
    let Some(document) = container.owner_document() else {
        return;
    };
    let Ok(frame) = document.create_element("iframe") else {
        return;
    };
    let Ok(frame) = frame.dyn_into::<HtmlIFrameElement>() else {
        return;
    };
    // A previous print frame is replaced, not stacked.
    if let Some(old) = container
        .parent_element()
        .and_then(|p| p.query_selector("iframe.zjtx-print-frame").ok().flatten())
    {
        old.remove();
    }
    frame.set_class_name("zjtx-print-frame");
    let _ = frame.set_attribute("title", "打印用报告");
    let _ = frame.set_attribute("aria-hidden", "true");
    // CSSOM writes are allowed under a strict CSP; style="" attributes are not.
    let style = frame.style();
    let _ = style.set_css_text("position:absolute;width:0;height:0;border:0;visibility:hidden");
    frame.set_srcdoc(&format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>指标差距报告</title>\
         <link rel=\"stylesheet\" href=\"{}\"></head><body class=\"zjtx-report-page\">{}</body></html>",
        stylesheet.replace('"', "%22"),
        container.inner_html()
    ));
    let onload = Closure::once_into_js(move |e: web_sys::Event| {
        let frame: Option<HtmlIFrameElement> = e.target().and_then(|t| t.dyn_into().ok());
        // The running header (firm, date) goes in by CSSOM, which the CSP allows.
        let sheet = frame
            .as_ref()
            .and_then(|f| f.content_document())
            .and_then(|d| d.style_sheets().get(0))
            // The frame's objects come from another realm: an instanceof check
            // against this window's CSSStyleSheet would fail.
            .map(|s| s.unchecked_into::<web_sys::CssStyleSheet>());
        if let Some(sheet) = sheet {
            let end = sheet.css_rules().map(|r| r.length()).unwrap_or(0);
            let _ = sheet.insert_rule_with_index(&header_rule, end);
        }
        if let Some(win) = frame.and_then(|f| f.content_window()) {
            let _ = win.print();
        }
    });
    frame.set_onload(Some(onload.unchecked_ref()));
    if let Some(parent) = container.parent_element() {
        let _ = parent.append_child(&frame);
    }
}
