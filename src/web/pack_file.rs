//! Rule packs by name: the loader (`www/zjtx-widget.js`) fetches
//! `packs/<name>.json` beside the bundle (same origin, the only request
//! besides the bundle itself) and hands its text here.
//!
//! The file, made at build time from the pack's TOML (scripts/pack-json.mjs):
//! `{"schema": "zjtx-pack", "version": 1, "name": "national",
//!   "content_hash": "<FNV of the TOML files>", "files": {"pack.toml": {…}, …}}`
//! where each entry of `files` is one TOML file as JSON. Any `<name>.json`
//! in that form works. Every failure is a zh-CN message that names the pack
//! and says what the portal should check.

use crate::rules::{Pack, PackError};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct PackFile {
    schema: String,
    version: u32,
    content_hash: String,
    files: BTreeMap<String, serde_json::Value>,
}

/// Reads a fetched pack file. `name` is the `pack` attribute, for messages.
pub fn read(name: &str, text: &str) -> Result<Pack, String> {
    let check = format!(
        "请门户检查：packs/{name}.json 是否完整上传、未被改动（可重新部署 zjtx 发布包里的这个文件），以及 pack 属性是否写对。"
    );
    let file: PackFile = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        format!(
            "规则包“{name}”无法读取：文件不是完整的 JSON（第 {} 行第 {} 列）。{check}",
            e.line(),
            e.column()
        )
    })?;
    if file.schema != "zjtx-pack" {
        return Err(format!(
            "packs/{name}.json 不是 zjtx 规则包文件（schema 应为“zjtx-pack”）。{check}"
        ));
    }
    if file.version != 1 {
        return Err(format!(
            "规则包“{name}”的文件格式版本 {} 与本组件（版本 1）不符，请门户部署同一发布包里的组件和规则包。",
            file.version
        ));
    }
    let pack = Pack::from_files(|f| {
        file.files
            .get(f)
            .map(|v| v.to_string())
            .ok_or_else(|| PackError(format!("缺少文件 {f}")))
    })
    .map_err(|e| format!("规则包“{name}”无法使用：{e}。{check}"))?;
    Ok(Pack {
        // The hash of the TOML it was made from, so the browser's report
        // and the CLI's name the same pack version.
        content_hash: file.content_hash,
        ..pack
    })
}
