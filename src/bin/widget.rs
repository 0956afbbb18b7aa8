//! The browser widget's entry point (wasm32), the first module: the
//! questionnaire, the live panel and the saved assessments. The page's
//! loader (`www/zjtx-widget.js`) fetches the pack named by the `pack`
//! attribute and calls the exported `mount`; the report is the second
//! module (`zjtx-report`), which the loader fetches when it is first
//! opened. See `zjtx::web`.

#[cfg(target_arch = "wasm32")]
mod wasm {
    use wasm_bindgen::prelude::*;

    /// Called by the loader after `init()`: renders the widget into `root`.
    /// `show_report(container, answers_json, today, back)` → Promise and
    /// `hide_report(container)` are the loader's way to the report module.
    /// Throws the zh-CN message (already shown in `root`) when the pack
    /// cannot be used.
    #[wasm_bindgen]
    #[allow(clippy::too_many_arguments)]
    pub fn mount(
        root: web_sys::Element,
        report_css: String,
        pack_name: String,
        pack_json: String,
        storage: String,
        handoff: bool,
        show_report: js_sys::Function,
        hide_report: js_sys::Function,
    ) -> Result<(), JsValue> {
        zjtx::web::mount(
            root,
            zjtx::web::MountOptions {
                pack_name,
                pack_json,
                report_css,
                storage,
                handoff,
                report: zjtx::web::ReportHost::from_loader(show_report, hide_report),
            },
        )
        .map_err(|e| JsValue::from_str(&e))
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("zjtx-widget 是浏览器组件，请用 scripts/run.sh 构建并打开。");
}
