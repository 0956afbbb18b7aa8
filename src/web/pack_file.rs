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

use crate::rules::Pack;
use serde::Deserialize;

#[derive(Deserialize)]
struct PackFile {
    schema: String,
    version: u32,
    #[serde(default)]
    content_hash: Option<String>,
    files: serde_json::Value,
}

/// Reads a fetched pack file. `name` is the `pack` attribute, for messages.
pub fn read(name: &str, text: &str) -> Result<Pack, String> {
    let check = format!(
        "请门户检查：packs/{name}.json 是否完整上传、未被改动（可重新部署 zjtx 发布包里的这个文件），以及 pack 属性是否写对。"
    );
    let value: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| {
            format!(
                "规则包“{name}”无法读取：文件不是完整的 JSON（第 {} 行第 {} 列）。{check}",
                e.line(),
                e.column()
            )
        })?;
    // A bare bundle: file name → content.
    if value.get("pack.toml").is_some() {
        return Pack::from_bundle(&value.to_string())
            .map_err(|e| format!("规则包“{name}”无法使用：{e}。{check}"));
    }
    let file: PackFile = serde_json::from_value(value).map_err(|_| {
        format!("packs/{name}.json 不是 zjtx 规则包文件（schema 应为“zjtx-pack”）。{check}")
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
    let pack = Pack::from_bundle(&file.files.to_string())
        .map_err(|e| format!("规则包“{name}”无法使用：{e}。{check}"))?;
    let mut pack = pack;
    // The hash of the TOML it was made from, so the browser's report and
    // the CLI's name the same pack version.
    if let Some(content_hash) = file.content_hash {
        pack.content_hash = content_hash;
    }
    Ok(pack)
}
