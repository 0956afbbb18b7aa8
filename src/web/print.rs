//! Printing only the report, even inside a portal page: a stylesheet in
//! our shadow root cannot hide the host page, so the report's HTML goes into
//! a hidden same-origin `<iframe srcdoc>` (inside our own root, not the
//! host's body) that prints itself once loaded. Its styles are the report
//! stylesheet already loaded in our shadow root, handed over as a
//! constructed stylesheet (CSSOM, which the host's CSP allows; an inline
//! `<style>` would be blocked), so printing makes no request. Browsers
//! without constructed stylesheets (before Chromium 73 / Safari 16.4) get a
//! `<link>` to the stylesheet by absolute URL instead.

use wasm_bindgen::JsCast;
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
    let rules = loaded_rules(&container, stylesheet)
        .filter(|_| js_sys::Reflect::has(&document, &"adoptedStyleSheets".into()).unwrap_or(false));
    let link = match rules {
        Some(_) => String::new(),
        None => format!(
            "<link rel=\"stylesheet\" href=\"{}\">",
            stylesheet.replace('"', "%22")
        ),
    };
    frame.set_srcdoc(&format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>指标差距报告</title>\
         {link}</head><body class=\"zjtx-report-page\">{}</body></html>",
        container.inner_html()
    ));
    let loaded = frame.clone();
    // Lives as long as the frame (a new print replaces the frame).
    gloo::events::EventListener::once(&frame, "load", move |_| {
        let frame = Some(loaded);
        let doc = frame.as_ref().and_then(|f| f.content_document());
        // The frame's objects come from another realm: an instanceof check
        // against this window's CSSStyleSheet would fail.
        let sheet = match (
            &rules,
            &doc,
            frame.as_ref().and_then(|f| f.content_window()),
        ) {
            (Some(rules), Some(doc), Some(win)) => adopt(&win, doc, rules),
            _ => doc
                .and_then(|d| d.style_sheets().get(0))
                .map(|s| s.unchecked_into::<web_sys::CssStyleSheet>()),
        };
        // The running header (firm, date) goes in by CSSOM, which the CSP allows.
        if let Some(sheet) = sheet {
            let end = sheet.css_rules().map(|r| r.length()).unwrap_or(0);
            let _ = sheet.insert_rule_with_index(&header_rule, end);
        }
        if let Some(win) = frame.and_then(|f| f.content_window()) {
            let _ = win.print();
        }
    })
    .forget();
    if let Some(parent) = container.parent_element() {
        let _ = parent.append_child(&frame);
    }
}

/// The text of the report stylesheet as already loaded in our shadow root.
fn loaded_rules(container: &web_sys::Element, href: &str) -> Option<String> {
    let root = container
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()?;
    let sheets = root.style_sheets();
    let sheet = (0..sheets.length())
        .filter_map(|i| sheets.get(i))
        .find(|s| s.href().ok().flatten().as_deref() == Some(href))?
        .unchecked_into::<web_sys::CssStyleSheet>();
    let list = sheet.css_rules().ok()?;
    let text: Vec<String> = (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|r| r.css_text())
        .collect();
    (!text.is_empty()).then(|| text.join("\n"))
}

/// Gives the frame's document a constructed stylesheet with `rules`.
fn adopt(
    win: &web_sys::Window,
    doc: &web_sys::Document,
    rules: &str,
) -> Option<web_sys::CssStyleSheet> {
    use js_sys::Reflect;
    let ctor: js_sys::Function = Reflect::get(win, &"CSSStyleSheet".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let sheet = Reflect::construct(&ctor, &js_sys::Array::new()).ok()?;
    let replace: js_sys::Function = Reflect::get(&sheet, &"replaceSync".into())
        .ok()?
        .dyn_into()
        .ok()?;
    replace.call1(&sheet, &rules.into()).ok()?;
    Reflect::set(
        doc,
        &"adoptedStyleSheets".into(),
        &js_sys::Array::of1(&sheet),
    )
    .ok()?;
    Some(sheet.unchecked_into())
}
