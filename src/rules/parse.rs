//! Reading one pack file, with errors in zh-CN: the file, the line, the item
//! (the nearest `id = "…"` above the fault) and what to write instead. The
//! parsers' English messages (serde, TOML) are put into words a policy
//! analyst can act on.

use super::PackError;
#[cfg(target_arch = "wasm32")]
use serde::Deserialize;

/// Reads one pack file. Native builds read TOML (with line numbers in
/// errors); the widget reads the JSON that build.rs made from the same TOML,
/// so it carries no TOML parser.
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn parse<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
) -> Result<T, PackError> {
    // A resolved overlay or a bundle arrives as JSON (a TOML file never starts with “{”).
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| {
            // Where in a resolved overlay (one line of JSON): the same error
            // again on the pretty-printed text, one key a line, names the
            // nearest `"id": "…"` above the fault.
            let pretty = serde_json::from_str::<serde_json::Value>(text)
                .and_then(|v| serde_json::to_string_pretty(&v))
                .unwrap_or_default();
            let (e, text) = match serde_json::from_str::<T>(&pretty) {
                Err(p) => (p, pretty.as_str()),
                Ok(_) => (e, text),
            };
            let offset: usize = text
                .split_inclusive('\n')
                .take(e.line().saturating_sub(1))
                .map(str::len)
                .sum::<usize>()
                + e.column();
            let item = item_above(text.get(..offset.min(text.len())).unwrap_or(text));
            PackError(format!(
                "规则包文件 {file}{item} 有误：{}",
                in_words(&json_message(&e))
            ))
        });
    }
    toml::from_str(text).map_err(|e| {
        let at = e
            .span()
            .map(|s| where_in(text, s.start))
            .unwrap_or_default();
        PackError(format!(
            "规则包文件 {file}{at} 有误：{}",
            in_words(e.message().trim())
        ))
    })
}

#[cfg(target_arch = "wasm32")]
pub(super) fn parse<'de, T: Deserialize<'de>>(file: &str, text: &'de str) -> Result<T, PackError> {
    serde_json::from_str(text).map_err(|e| {
        PackError(format!(
            "规则包文件 {file} 有误：{}",
            in_words(&json_message(&e))
        ))
    })
}

/// serde_json's message without its “ at line 1 column 80” tail (a bundle
/// is one line; the file and item say where).
fn json_message(e: &serde_json::Error) -> String {
    let m = e.to_string();
    match m.rfind(" at line ") {
        Some(i) => m[..i].to_owned(),
        None => m,
    }
}

/// “ 第 12 行（“rd”附近）” for a byte offset.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
fn where_in(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    format!(" 第 {line} 行{}", item_above(before))
}

/// “（“rd”一项）” for the nearest `id = "rd"` (TOML) or `"id": "rd"` (JSON)
/// line in `before`; empty when there is none.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
fn item_above(before: &str) -> String {
    before
        .lines()
        .rev()
        .find_map(|l| {
            let l = l.trim_start();
            let rest = l
                .strip_prefix("id")
                .and_then(|r| r.trim_start().strip_prefix('='))
                .or_else(|| l.strip_prefix("\"id\"")?.trim_start().strip_prefix(':'))?;
            Some(
                rest.trim()
                    .trim_end_matches(',')
                    .trim_matches('"')
                    .to_owned(),
            )
        })
        .map(|id| format!("（“{id}”一项）"))
        .unwrap_or_default()
}

/// The parser's message in zh-CN, with the fix. Our own messages (already
/// zh-CN) pass through unchanged.
pub(super) fn in_words(msg: &str) -> String {
    let tick = |s: &str| -> Vec<String> {
        s.split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, p)| p.to_owned())
            .collect()
    };
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let names = tick(rest);
        let (bad, allowed) = names
            .split_first()
            .map(|(b, a)| (b.clone(), a))
            .unwrap_or_default();
        return format!(
            "不认识的键“{bad}”：请检查拼写或删去这一键。这里可用的键：{}",
            allowed.join("、")
        );
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let names = tick(rest);
        let (bad, allowed) = names
            .split_first()
            .map(|(b, a)| (b.clone(), a))
            .unwrap_or_default();
        return format!("不认识的取值“{bad}”：只能取 {}", allowed.join("、"));
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        let names = tick(rest);
        return format!(
            "缺少必填的键“{}”：请补上",
            names.first().cloned().unwrap_or_default()
        );
    }
    if let Some(rest) = msg.strip_prefix("duplicate field ") {
        let names = tick(rest);
        return format!(
            "键“{}”写了两次：请只保留一个",
            names.first().cloned().unwrap_or_default()
        );
    }
    if msg.starts_with("duplicate key") {
        return "同一个键写了两次：请只保留一个".to_owned();
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "类型不对：这里写的是{}，应为{}",
            kind_in_words(got),
            kind_in_words(want)
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "取值不对：这里写的是{}，应为{}",
            kind_in_words(got),
            kind_in_words(want)
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid length ") {
        return format!("个数不对（{rest}）");
    }
    if msg.is_ascii() && !msg.is_empty() {
        // A TOML syntax error: the line above shows where; say what to check.
        return format!(
            "TOML 写法有误（{msg}）：请检查引号、括号、逗号是否成对，字符串是否用英文双引号"
        );
    }
    msg.to_owned()
}

fn kind_in_words(s: &str) -> String {
    let s = s.trim();
    let word = match s {
        "" => return "别的类型".to_owned(),
        "a string" | "string" => "字符串（用双引号）",
        "a boolean" | "boolean" | "bool" => "true 或 false",
        "a sequence" | "sequence" => "列表 [...]",
        "a map" | "map" => "表 {...}",
        "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" => "整数",
        "floating point" => "浮点数",
        _ if s.starts_with("integer") => "整数",
        _ if s.starts_with("floating point") => "浮点数",
        _ if s.starts_with("string") => "字符串",
        _ if s.starts_with("boolean") => "true 或 false",
        _ if s.starts_with("struct") || s.starts_with("a map") => "表 {...}",
        _ if s.starts_with("a sequence") => "列表 [...]",
        _ if s.starts_with("a valid date") || s.contains("date") => "日期（YYYY-MM-DD）",
        _ if s.is_ascii() => return format!("“{s}”"),
        _ => return s.to_owned(),
    };
    word.to_owned()
}

#[cfg(test)]
mod tests {
    use super::in_words;

    #[test]
    fn serde_messages_become_zh_cn_with_a_fix() {
        assert_eq!(
            in_words("unknown field `mni`, expected one of `min`, `max`"),
            "不认识的键“mni”：请检查拼写或删去这一键。这里可用的键：min、max"
        );
        assert!(in_words("missing field `text`").contains("缺少必填的键“text”"));
        assert!(in_words("invalid type: string \"x\", expected u8").contains("整数"));
        assert_eq!(in_words("门槛有误"), "门槛有误");
    }
}
