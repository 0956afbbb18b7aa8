//! The report as a complete HTML document, rendered natively with Yew SSR:
//! the same component tree the widget shows. The stylesheet is inlined so
//! the file opens and prints anywhere without the widget's assets.

use super::{Report, ReportModel, ReportProps, STYLESHEET, page_header_css};
use std::rc::Rc;

/// `summary_only`: the 摘要版 (see [`ReportProps`]).
pub fn render_document(model: ReportModel, summary_only: bool) -> String {
    let header = page_header_css(&model);
    let head = format!("<style>\n{STYLESHEET}{header}\n</style>");
    document(model, summary_only, &head)
}

/// The report as a document that links a shared stylesheet (`href`,
/// relative to the document) instead of inlining it: the batch writes the
/// stylesheet once beside thousands of reports. No `<style>` element, so no
/// running header on printed pages.
pub fn render_document_linked(model: ReportModel, href: &str) -> String {
    let head = format!(
        "<link rel=\"stylesheet\" href=\"{}\">",
        crate::escape::html(href)
    );
    document(model, false, &head)
}

/// The page around the rendered report; `styles` is the `<head>`'s
/// stylesheet element, made by the two callers above.
fn document(model: ReportModel, summary_only: bool, styles: &str) -> String {
    let title = match &model.enterprise_name {
        Some(name) => format!("{name} 指标差距报告"),
        None => "指标差距报告".to_owned(),
    };
    let props = ReportProps {
        model: Rc::new(model),
        summary_only,
    };
    let body = futures::executor::block_on(
        yew::LocalServerRenderer::<Report>::with_props(props)
            .hydratable(false)
            .render(),
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n{styles}\n</head>\n<body class=\"zjtx-report-page\">\n{body}\n</body>\n</html>\n",
        crate::escape::html(&title)
    )
}
