//! Rule packs by name: the loader (`www/zjtx-widget.js`) fetches
//! `packs/<name>.json` beside the bundle (same origin, the only request
//! besides the bundle itself) and hands its text here.
//!
//! The file, made at build time from the resolved pack (scripts/pack-json.mjs):
//! `{"schema": "zjtx-pack", "version": 1, "name": "national",
//!   "content_hash": "<FNV of the TOML files>", "files": {"pack.toml": {…}, …}}`
//! where `files` is the pack bundle (each file of the resolved pack as JSON,
//! [`Pack::from_bundle`]). A bare bundle (`zjtx pack bundle`) works too; its
//! hash is then computed here. Every failure is a zh-CN message that names
//! the pack and says what the portal should check.

use crate::rules::{Pack, PackError};
use serde_json::{Map, Value};

/// Reads a fetched pack file. `name` is the `pack` attribute, for messages.
///
/// The text is parsed once: each file of the bundle is taken from that one
/// parse (not written back into one JSON text and parsed again, as
/// [`Pack::from_bundle`] would; in the browser that saved a third of the
/// time `mount` spends reading the pack).
pub fn read(name: &str, text: &str) -> Result<Pack, String> {
    let check = format!(
        "请门户检查：packs/{name}.json 是否完整上传、未被改动（可重新部署 zjtx 发布包里的这个文件），以及 pack 属性是否写对。"
    );
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        format!(
            "规则包“{name}”无法读取：文件不是完整的 JSON（第 {} 行第 {} 列）。{check}",
            e.line(),
            e.column()
        )
    })?;
    let not_a_pack =
        || format!("packs/{name}.json 不是 zjtx 规则包文件（schema 应为“zjtx-pack”）。{check}");
    let Value::Object(mut top) = value else {
        return Err(not_a_pack());
    };
    // A bare bundle: file name → content.
    if top.contains_key("pack.toml") {
        return from_files(&top).map_err(|e| format!("规则包“{name}”无法使用：{e}。{check}"));
    }
    if top.get("schema").and_then(Value::as_str) != Some("zjtx-pack") {
        return Err(not_a_pack());
    }
    let Some(version) = top.get("version").and_then(Value::as_u64) else {
        return Err(not_a_pack());
    };
    if version != 1 {
        return Err(format!(
            "规则包“{name}”的文件格式版本 {version} 与本组件（版本 1）不符，请门户部署同一发布包里的组件和规则包。"
        ));
    }
    let content_hash = match top.get("content_hash") {
        None | Some(Value::Null) => None,
        Some(Value::String(h)) => Some(h.clone()),
        Some(_) => return Err(not_a_pack()),
    };
    let Some(Value::Object(files)) = top.remove("files") else {
        return Err(not_a_pack());
    };
    let mut pack =
        from_files(&files).map_err(|e| format!("规则包“{name}”无法使用：{e}。{check}"))?;
    // The hash of the TOML it was made from, so the browser's report and
    // the CLI's name the same pack version.
    if let Some(content_hash) = content_hash {
        pack.content_hash = content_hash;
    }
    Ok(pack)
}

/// The pack from its files (file name → that file's content as JSON), as
/// [`Pack::from_bundle`] reads them.
fn from_files(files: &Map<String, Value>) -> Result<Pack, PackError> {
    Pack::from_files(|file| {
        files
            .get(file)
            .map(Value::to_string)
            .ok_or_else(|| PackError(format!("规则包缺少文件 {file}")))
    })
}
