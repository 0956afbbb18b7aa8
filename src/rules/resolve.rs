//! Resolving a pack folder to its files: a plain pack is its own files; an
//! overlay (`extends = "…"` in its `pack.toml`) is the base pack's files with
//! the overlay's merged on top (`overlay::merge`). The base is the sibling
//! folder of that name, or (for the library) a pack compiled in. Shared
//! with the build script (`#[path]`): only `toml` and std.

use super::files::PACK_FILES;
use super::overlay::merge;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Value;

/// File name → content.
pub type Files = BTreeMap<String, Value>;

/// How deep `extends` may chain (a cycle stops here with a message).
const MAX_DEPTH: u8 = 4;

/// Reads `dir` as a pack, overlays resolved. `parse(file, text)` reads one
/// file (errors in zh-CN); `builtin(id)` gives a compiled-in base pack when
/// no sibling folder has that name.
pub fn resolve_dir(
    dir: &Path,
    parse: &dyn Fn(&str, &str) -> Result<Value, String>,
    builtin: &dyn Fn(&str) -> Option<Files>,
    depth: u8,
) -> Result<Files, String> {
    let read = |name: &str| -> Result<Value, String> {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("读不到规则包文件 {}：{e}", path.display()))?;
        parse(name, &text)
    };
    let pack = read("pack.toml")?;
    let rule_sets = |pack: &Value| -> Vec<String> {
        pack.get("rule_sets")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let Some(base_id) = pack
        .get("extends")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        let mut files = Files::new();
        for name in PACK_FILES.iter().skip(1) {
            files.insert((*name).to_owned(), read(name)?);
        }
        for name in rule_sets(&pack) {
            let value = read(&name)?;
            files.insert(name, value);
        }
        files.insert("pack.toml".into(), pack);
        return Ok(files);
    };
    if depth >= MAX_DEPTH {
        return Err(format!(
            "pack.toml 的 extends 链过长或成环（到“{base_id}”时已 {MAX_DEPTH} 层）：请直接扩展全国包"
        ));
    }
    let sibling = dir.parent().map(|p| p.join(&base_id));
    let mut files = match sibling.filter(|p| p.join("pack.toml").is_file()) {
        Some(p) => resolve_dir(&p, parse, builtin, depth + 1)?,
        None => builtin(&base_id).ok_or_else(|| {
            format!("pack.toml 写了 extends = \"{base_id}\"，但找不到这个规则包：请写 national 或同级目录名")
        })?,
    };
    let merged_pack = files
        .entry("pack.toml".into())
        .or_insert(Value::Table(Default::default()));
    // An overlay that does not name itself is not the base under its name:
    // reports say “全国通用规则包（demo）”.
    let mut pack = pack;
    if let (Some(table), Some(base_name)) = (
        pack.as_table_mut(),
        merged_pack
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_owned),
    ) {
        if !table.contains_key("name") {
            let id = table
                .get("id")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_default();
            table.insert("name".into(), Value::String(format!("{base_name}（{id}）")));
        }
    }
    merge(merged_pack, pack).map_err(|e| format!("规则包文件 pack.toml：{e}"))?;
    let wanted: Vec<String> = PACK_FILES
        .iter()
        .map(|s| (*s).to_owned())
        .chain(rule_sets(&files["pack.toml"]))
        .collect();
    for name in wanted.iter().skip(1) {
        if dir.join(name).is_file() {
            let over = read(name)?;
            let base = files
                .entry(name.clone())
                .or_insert(Value::Table(Default::default()));
            merge(base, over).map_err(|e| format!("规则包文件 {name}：{e}"))?;
        }
    }
    files.retain(|name, _| wanted.contains(name));
    Ok(files)
}
