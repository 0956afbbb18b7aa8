//! The browser widget's entry point (wasm32). The page's loader
//! (`www/zjtx-widget.js`) calls the exported `mount` with the element to
//! render into; see `zjtx::web`.

#[cfg(target_arch = "wasm32")]
fn main() {
    zjtx::web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("zjtx-widget 是浏览器组件，请用 scripts/run.sh 构建并打开。");
}
