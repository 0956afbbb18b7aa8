//! The browser widget's entry point (wasm32). The page's loader
//! (`www/zjtx-widget.js`) calls the exported `mount` with the element to
//! render into; see `zjtx::web`.

#[cfg(target_arch = "wasm32")]
mod wasm {
    use wasm_bindgen::prelude::*;

    /// Called by the loader after `init()`: renders the widget into `root`.
    #[wasm_bindgen]
    pub fn mount(root: web_sys::Element, report_css: String) {
        zjtx::web::mount(root, report_css);
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("zjtx-widget 是浏览器组件，请用 scripts/run.sh 构建并打开。");
}
