//! Build-time pre-render of the widget's first page (Yew SSR, native).
//!
//! `zjtx-prerender PACK.json` prints the HTML the widget renders on a fresh
//! visit (no saved assessments) for that pack file: the same `App`
//! component the wasm mounts, rendered without its effects. The loader
//! (`www/zjtx-widget.js`) paints it at once, takes input in it, and hands
//! what was typed to the wasm widget when it has mounted. Built only with
//! `--features prerender` (scripts/build-web.sh).

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(name)) = (args.next(), args.next()) else {
        eprintln!("用法：zjtx-prerender 规则包.json 规则包名");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("读不到 {path}：{e}");
            std::process::exit(2);
        }
    };
    match zjtx::web::prerender(&name, &text) {
        Ok(html) => print!("{html}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
