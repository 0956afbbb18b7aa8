//! Cargo build script (Cargo.toml `build = "scripts/bundle-pack.rs"`).
//! Bundles the national rule pack for the browser: each TOML file is turned
//! into JSON here, at build time, so the wasm carries no TOML parser (the
//! widget already needs serde_json for answers files). Native builds read the
//! TOML directly, with line numbers in their error messages.

use std::path::Path;

#[path = "../src/rules/files.rs"]
mod files;
#[path = "../src/rules/fnv.rs"]
mod fnv;
#[path = "../src/rules/overlay.rs"]
mod overlay;
#[path = "../src/rules/resolve.rs"]
mod resolve;

fn main() {
    let src = Path::new("rules/national");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("national");
    std::fs::create_dir_all(&out).unwrap();
    println!("cargo:rerun-if-changed=rules/national");
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap();
        let value: toml::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let json = serde_json::to_string(&value).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy();
        std::fs::write(out.join(format!("{name}.json")), json).unwrap();
    }
    // The pack's content hash, over the TOML files in the order Pack::from_files reads them.
    let read = |name: &str| std::fs::read_to_string(src.join(name)).unwrap();
    let pack: toml::Value = toml::from_str(&read("pack.toml")).unwrap();
    let mut files: Vec<String> = files::PACK_FILES.iter().map(|s| (*s).to_owned()).collect();
    files.extend(
        pack["rule_sets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned()),
    );
    let mut hash = fnv::Fnv::new();
    for f in &files {
        hash.write(read(f).as_bytes());
    }
    println!("cargo:rustc-env=ZJTX_NATIONAL_HASH={}", hash.hex());
    bundles();
}

/// Every pack under rules/ (the national one and any overlay beside it),
/// resolved and written as one JSON object, file name → content:
/// `$OUT_DIR/packs/<folder>.json`. The widget loads these with
/// `Pack::from_bundle`; `zjtx pack bundle DIR -o FILE` writes the same.
fn bundles() {
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("packs");
    std::fs::create_dir_all(&out).unwrap();
    // Where the bundles are, for the build that serves them beside the
    // widget and for the tests that load them.
    println!("cargo:rustc-env=ZJTX_PACKS_DIR={}", out.display());
    println!("cargo:rerun-if-changed=rules");
    let parse = |file: &str, text: &str| -> Result<toml::Value, String> {
        toml::from_str(text).map_err(|e| format!("{file}: {e}"))
    };
    let none = |_: &str| None;
    for entry in std::fs::read_dir("rules").unwrap() {
        let dir = entry.unwrap().path();
        if !dir.join("pack.toml").is_file() {
            continue;
        }
        for f in std::fs::read_dir(&dir).unwrap() {
            println!("cargo:rerun-if-changed={}", f.unwrap().path().display());
        }
        let files = resolve::resolve_dir(&dir, &parse, &none, 0)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let name = dir.file_name().unwrap().to_string_lossy();
        std::fs::write(
            out.join(format!("{name}.json")),
            serde_json::to_string(&files).unwrap(),
        )
        .unwrap();
    }
}
