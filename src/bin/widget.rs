//! The browser widget's entry point (wasm32). The page's loader
//! (`www/zjtx-widget.js`) fetches the pack named by the `pack` attribute and
//! calls the exported `mount`; see `zjtx::web`.

#[cfg(target_arch = "wasm32")]
mod wasm {
    use wasm_bindgen::prelude::*;

    /// Called by the loader after `init()`: renders the widget into `root`.
    /// Throws the zh-CN message (already shown in `root`) when the pack
    /// cannot be used.
    #[wasm_bindgen]
    pub fn mount(
        root: web_sys::Element,
        report_css: String,
        pack_name: String,
        pack_json: String,
        storage: String,
        handoff: bool,
    ) -> Result<(), JsValue> {
        zjtx::web::mount(
            root,
            zjtx::web::MountOptions {
                pack_name,
                pack_json,
                report_css,
                storage,
                handoff,
            },
        )
        .map_err(|e| JsValue::from_str(&e))
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("zjtx-widget 是浏览器组件，请用 scripts/run.sh 构建并打开。");
}
