//! The widget's second module (wasm32): the report — its model with the
//! gap report, advice and timeline, the report views, print and handoff.
//! Fetched by the loader (`www/zjtx-widget.js`) only when the person first
//! opens the report, so none of it weighs on the first load; the first
//! module (`zjtx-widget`) asks for it through the loader. See
//! `zjtx::web::report_module`.

#[cfg(target_arch = "wasm32")]
mod wasm {
    use wasm_bindgen::prelude::*;

    /// Renders (or updates) the report in `container`, an element of the
    /// widget inside its shadow root: the pack file's text, the answers as
    /// JSON, today as YYYY-MM-DD, `back()` for “返回修改”. Throws a zh-CN
    /// message when the pack or the answers cannot be read.
    #[wasm_bindgen]
    #[allow(clippy::too_many_arguments)]
    pub fn show_report(
        container: web_sys::Element,
        pack_name: String,
        pack_json: String,
        answers_json: String,
        today: String,
        report_css: String,
        handoff: bool,
        back: js_sys::Function,
    ) -> Result<(), JsValue> {
        zjtx::web::report_module::show_from_loader(
            container,
            &pack_name,
            pack_json,
            &answers_json,
            &today,
            report_css,
            handoff,
            back,
        )
        .map_err(|e| JsValue::from_str(&e))
    }

    /// Removes the report shown in `container` (the person left it).
    #[wasm_bindgen]
    pub fn hide_report(container: web_sys::Element) {
        zjtx::web::report_module::hide(&container);
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("zjtx-report 是浏览器组件的报告部分，请用 scripts/run.sh 构建并打开。");
}
