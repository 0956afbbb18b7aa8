//! One import path for answers files: the widget's 导入 and every file the
//! CLI reads go through [`read`], so both refuse the same things with the
//! same zh-CN words.
//!
//! Refused (an error naming the field and the fix): more than
//! [`MAX_BYTES`]; empty; UTF-16 or any other non-UTF-8 text; broken or
//! truncated JSON; wrong schema or a newer version; a value of the wrong
//! type; a JSON number with more significant digits than a binary float
//! keeps; a setting the pack does not have, or a value it does not offer.
//! Reported but read (a warning): an answer id the pack does not ask (with
//! the closest id it does ask), and a key written twice (the last one
//! counts, as in every JSON reader).

use crate::answers::AnswersFile;
use crate::rules::Pack;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeSet;
use std::fmt;

/// A file larger than this is not an answers file (one is about 5 KB).
pub const MAX_BYTES: usize = 1_000_000;

/// A file that was read, and what the person should know about it.
#[derive(Debug)]
pub struct Imported {
    pub file: AnswersFile,
    /// zh-CN sentences: ignored ids, keys written twice.
    pub warnings: Vec<String>,
}

/// Reads an answers file from its bytes. With `pack`, answer ids and
/// settings are checked against it and errors use its question labels.
pub fn read(bytes: &[u8], pack: Option<&Pack>) -> Result<Imported, String> {
    if bytes.len() > MAX_BYTES {
        return Err(format!(
            "文件有 {}，超过答卷文件的上限 {}，不是 zjtx 答卷文件。",
            size(bytes.len()),
            size(MAX_BYTES)
        ));
    }
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(
            "文件是 UTF-16 编码（常见于记事本的“Unicode”格式）。请用“另存为”选择 UTF-8 编码后再导入。"
                .into(),
        );
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "文件不是 UTF-8 文本（第 {} 个字节起无法读取），不是 zjtx 答卷文件。如果是从表格软件另存的，请选择 UTF-8 编码。",
            e.valid_up_to() + 1
        )
    })?;
    if text.trim().is_empty() {
        return Err("文件是空的。".into());
    }
    let file = parse(text, pack)?;
    let mut warnings = Vec::new();
    for key in duplicate_keys(text) {
        warnings.push(format!(
            "文件里“{key}”写了不止一次，只按最后一次的值读取。请检查是哪一个对。"
        ));
    }
    if let Some(pack) = pack {
        check_settings(&file, pack)?;
        warnings.extend(unknown_ids(&file, pack));
    }
    Ok(Imported { file, warnings })
}

/// Reads an answers file from disk, with the same checks, for the CLI.
#[cfg(not(target_arch = "wasm32"))]
pub fn read_path(path: &std::path::Path, pack: Option<&Pack>) -> Result<Imported, String> {
    use std::io::{ErrorKind, Read};
    let shown = path.display();
    let io = |e: std::io::Error| match e.kind() {
        ErrorKind::NotFound => format!("找不到答卷文件 {shown}，请检查路径。"),
        ErrorKind::PermissionDenied => format!("没有权限读取答卷文件 {shown}。"),
        ErrorKind::IsADirectory => format!("{shown} 是文件夹，不是答卷文件。"),
        _ => format!(
            "读不了答卷文件 {shown}（系统错误 {}）。",
            e.raw_os_error().unwrap_or(0)
        ),
    };
    let f = std::fs::File::open(path).map_err(io)?;
    if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
        return Err(format!("{shown} 是文件夹，不是答卷文件。"));
    }
    // Read one byte past the limit, never the whole of a huge file.
    let mut bytes = Vec::new();
    f.take(MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() > MAX_BYTES {
        let len = std::fs::metadata(path)
            .map(|m| m.len() as usize)
            .unwrap_or(bytes.len());
        return Err(format!(
            "答卷文件 {shown} 有 {}，超过上限 {}，不是 zjtx 答卷文件。",
            size(len),
            size(MAX_BYTES)
        ));
    }
    read(&bytes, pack)
}

/// A size as people read it: “976 KB”, “50.0 MB”.
fn size(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

fn parse(text: &str, pack: Option<&Pack>) -> Result<AnswersFile, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let file: AnswersFile = match serde_path_to_error::deserialize(&mut de) {
        Ok(f) => f,
        Err(e) => return Err(explain(e, pack)),
    };
    if let Err(e) = de.end() {
        return Err(format!(
            "文件在第 {} 行第 {} 列之后还有多余的内容：一个答卷文件只含一个 {{ … }}。",
            e.line(),
            e.column()
        ));
    }
    if file.schema != crate::answers::SCHEMA {
        return Err(format!(
            "这不是 zjtx 答卷文件：schema 应为“{}”，现在是“{}”。",
            crate::answers::SCHEMA,
            file.schema
        ));
    }
    if file.version > crate::answers::VERSION {
        return Err(format!(
            "答卷文件版本 {} 比本程序支持的版本 {} 新，请升级 zjtx。",
            file.version,
            crate::answers::VERSION
        ));
    }
    if file.version == 0 {
        return Err("答卷文件版本应为 1，现在是 0。".into());
    }
    Ok(file)
}

/// The field a serde path names, in the words of the form.
fn field_name(path: &str, pack: Option<&Pack>) -> String {
    match path {
        "schema" => "文件类型（schema）".into(),
        "version" => "文件版本（version）".into(),
        "enterprise_name" => "企业名称".into(),
        "assessment_date" => "评估日期".into(),
        "application" => "申报类型（新申请 / 复核）".into(),
        "settings" => "计算口径".into(),
        "answers" | "." | "" => "答卷内容".into(),
        p => {
            if let Some(id) = p.strip_prefix("answers.") {
                let label = pack
                    .and_then(|pk| pk.input(id).map(|d| d.label_of(id)))
                    .unwrap_or_else(|| id.to_owned());
                format!("{label}（{id}）")
            } else if let Some(id) = p.strip_prefix("settings.") {
                format!("计算口径“{id}”")
            } else {
                p.to_owned()
            }
        }
    }
}

/// serde_json's English error, as a zh-CN sentence naming the field.
fn explain(e: serde_path_to_error::Error<serde_json::Error>, pack: Option<&Pack>) -> String {
    let path = e.path().to_string();
    let inner = e.inner();
    let at = format!("第 {} 行第 {} 列", inner.line(), inner.column());
    use serde_json::error::Category;
    match inner.classify() {
        Category::Eof => {
            format!("文件不完整（在{at}意外结束），可能只下载或复制了一部分。请重新导出答卷文件。")
        }
        Category::Syntax | Category::Io => format!(
            "文件不是完整的 JSON（{at}格式有误），可能被编辑时弄坏了。请重新导出答卷文件，或在{at}附近检查引号、逗号和括号。"
        ),
        Category::Data => {
            let field = field_name(&path, pack);
            let msg = inner.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg);
            if let Some(rest) = msg.strip_prefix("unknown field `") {
                let name = rest.split('`').next().unwrap_or(rest);
                format!(
                    "文件里有不认识的项目“{name}”（{at}）。答卷文件只含 schema、version、enterprise_name、assessment_date、application、settings、answers。"
                )
            } else if let Some(rest) = msg.strip_prefix("missing field `") {
                let name = rest.split('`').next().unwrap_or(rest);
                format!(
                    "文件缺少“{}”，不是完整的 zjtx 答卷文件。",
                    field_name(name, pack)
                )
            } else if let Some(rest) = msg.strip_prefix("duplicate field `") {
                let name = rest.split('`').next().unwrap_or(rest);
                format!("文件里“{}”写了两次，请只保留一个。", field_name(name, pack))
            } else if msg.starts_with("unknown variant") {
                format!("「{field}」只能是 new（新申请）或 renewal（复核）（{at}）。")
            } else if msg.starts_with("invalid type") {
                let wanted = match path.as_str() {
                    "version" => "整数，如 1",
                    "settings" | "answers" => "{ … } 形式的一组项目",
                    p if p.starts_with("settings.") => "文字",
                    _ => "文字或数字",
                };
                format!("「{field}」的值类型不对（{at}）：应为{wanted}。")
            } else if msg.starts_with("invalid value") || msg.starts_with("number out of range") {
                format!("「{field}」的值超出范围（{at}）。")
            } else if msg.is_ascii() {
                format!("「{field}」的值无法读取（{at}），请对照答卷格式说明修改。")
            } else {
                // Our own messages (dates, numbers) are already zh-CN.
                format!("「{field}」{msg}（{at}）。")
            }
        }
    }
}

/// Settings must be ones the pack has, with a value it offers: a bad one
/// would otherwise stop every assessment of this file.
fn check_settings(file: &AnswersFile, pack: &Pack) -> Result<(), String> {
    for (id, value) in &file.settings {
        let Some(def) = pack.settings.iter().find(|s| &s.id == id) else {
            let known: Vec<&str> = pack.settings.iter().map(|s| s.id.as_str()).collect();
            return Err(format!(
                "计算口径里有本规则包没有的设置“{id}”。可用的设置：{}。请删掉这一项或改正名称。",
                known.join("、")
            ));
        };
        if !def.options.iter().any(|o| &o.value == value) {
            let allowed: Vec<String> = def
                .options
                .iter()
                .map(|o| format!("{}（{}）", o.value, o.label))
                .collect();
            return Err(format!(
                "计算口径“{}”的值“{value}”不在可选范围内，只能取：{}。",
                def.label,
                allowed.join("、")
            ));
        }
    }
    Ok(())
}

/// Answer ids the pack does not ask, each with the closest id it does ask.
fn unknown_ids(file: &AnswersFile, pack: &Pack) -> Vec<String> {
    let known: Vec<String> = pack.inputs.iter().flat_map(|d| d.answer_ids()).collect();
    file.answers
        .keys()
        .filter(|id| !known.contains(id))
        .map(|id| {
            let closest = known
                .iter()
                .map(|k| (edit_distance(id, k), k))
                .min()
                .filter(|(d, _)| *d <= 3.max(id.chars().count() / 3));
            match closest {
                Some((_, k)) => format!(
                    "答卷里的“{id}”不是本规则包的题目，已忽略。是不是“{k}”（{}）？",
                    pack.input(k).map(|d| d.label_of(k)).unwrap_or_default()
                ),
                None => format!("答卷里的“{id}”不是本规则包的题目，已忽略。"),
            }
        })
        .collect()
}

/// Levenshtein distance in characters (ids are short).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Every object key written twice, as a dotted path (`answers.employees`).
/// Runs on text that already parsed, so it meets no syntax error.
fn duplicate_keys(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    let _ = Walk {
        path: String::new(),
        found: &mut found,
    }
    .deserialize(&mut de);
    found
}

struct Walk<'a> {
    path: String,
    found: &'a mut Vec<String>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = format!("{}{key}", self.path);
            if !seen.insert(key) {
                self.found.push(path.clone());
            }
            map.next_value_seed(Walk {
                path: path + ".",
                found: self.found,
            })?;
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(Walk {
                path: self.path.clone(),
                found: self.found,
            })?
            .is_some()
        {}
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack() -> Pack {
        Pack::national()
    }

    fn file(answers: &str) -> String {
        format!(r#"{{"schema":"zjtx-answers","version":1,"answers":{answers}}}"#)
    }

    fn err(text: &[u8]) -> String {
        read(text, Some(&pack())).unwrap_err()
    }

    /// No English words from a parser reach the person.
    fn assert_zh(m: &str) {
        for w in [
            "expected", "invalid", "EOF", "line", "column", "unknown", "missing", "error",
        ] {
            assert!(!m.contains(w), "English in {m}");
        }
    }

    #[test]
    fn size_limit_says_the_right_size() {
        let m = err(&vec![b' '; MAX_BYTES + 1]);
        assert!(m.contains("1.0 MB") && m.contains("超过"), "{m}");
        let m = err(&vec![b' '; 50_000_000]);
        assert!(m.contains("50.0 MB"), "{m}");
    }

    #[test]
    fn encodings() {
        assert!(err(b"").contains("空"));
        assert!(err(b"\xff\xfe{\x00").contains("UTF-16"));
        assert!(err(b"\xfe\xff\x00{").contains("UTF-16"));
        assert!(err(b"{\"schema\": \"\xc0\"}").contains("UTF-8"));
        let bom = format!("\u{feff}{}", file(r#"{"employees":"12"}"#));
        let ok = read(bom.as_bytes(), Some(&pack())).unwrap();
        assert_eq!(ok.file.typed("employees"), "12");
        assert!(ok.warnings.is_empty(), "{:?}", ok.warnings);
    }

    #[test]
    fn broken_json_in_zh() {
        for (text, word) in [
            (
                file("{").as_str().trim_end_matches('}').to_owned(),
                "不完整",
            ),
            ("{\"schema\":\"zjtx-answers\",,}".to_owned(), "格式有误"),
            (file("{}") + "{}", "多余"),
            ("[1,2]".to_owned(), "类型不对"),
        ] {
            let m = err(text.as_bytes());
            assert!(m.contains(word), "{text} → {m}");
            assert_zh(&m);
        }
    }

    #[test]
    fn field_errors_name_the_field() {
        let m = err(file(r#"{"employees":[1]}"#).as_bytes());
        assert!(m.contains("从业人员") && m.contains("文字或数字"), "{m}");
        assert_zh(&m);
        let m = err(
            br#"{"schema":"zjtx-answers","version":1,"assessment_date":"2026-13-45","answers":{}}"#,
        );
        assert!(m.contains("评估日期") && m.contains("YYYY-MM-DD"), "{m}");
        assert_zh(&m);
        let m = err(br#"{"schema":"zjtx-answers","version":"1","answers":{}}"#);
        assert!(m.contains("文件版本") && m.contains("整数"), "{m}");
        assert_zh(&m);
        let m = err(br#"{"schema":"zjtx-answers","version":1,"application":"maybe","answers":{}}"#);
        assert!(m.contains("申报类型") && m.contains("renewal"), "{m}");
        let m = err(br#"{"schema":"zjtx-answers","version":1,"answer":{}}"#);
        assert!(m.contains("不认识的项目“answer”"), "{m}");
        assert_zh(&m);
        let m = err(br#"{"version":1,"answers":{}}"#);
        assert!(m.contains("缺少") && m.contains("schema"), "{m}");
        assert!(
            err(br#"{"schema":"other","version":1,"answers":{}}"#).contains("不是 zjtx 答卷文件")
        );
        assert!(err(br#"{"schema":"zjtx-answers","version":7,"answers":{}}"#).contains("版本 7"));
    }

    #[test]
    fn numbers_past_exact_range_refused() {
        let m = err(file(r#"{"operating_revenue.y1":12345678901234567.89}"#).as_bytes());
        assert!(m.contains("营业收入") && m.contains("15 位"), "{m}");
        // Within range, a JSON number keeps its written digits.
        let ok = read(
            file(r#"{"operating_revenue.y1":4500.90}"#).as_bytes(),
            Some(&pack()),
        )
        .unwrap();
        assert_eq!(ok.file.typed("operating_revenue.y1"), "4500.9");
    }

    #[test]
    fn bad_settings_refused_with_the_choices() {
        let m = err(br#"{"schema":"zjtx-answers","version":1,"settings":{"boundary":"bogus"},"answers":{}}"#);
        assert!(m.contains("bogus") && m.contains("inclusive"), "{m}");
        let m = err(
            br#"{"schema":"zjtx-answers","version":1,"settings":{"colour":"red"},"answers":{}}"#,
        );
        assert!(m.contains("colour") && m.contains("boundary"), "{m}");
    }

    #[test]
    fn unknown_ids_and_duplicates_are_warned() {
        let ok = read(
            file(r#"{"employes":"12","employees":"13","employees":"14"}"#).as_bytes(),
            Some(&pack()),
        )
        .unwrap();
        assert_eq!(ok.file.typed("employees"), "14");
        assert_eq!(ok.warnings.len(), 2, "{:?}", ok.warnings);
        assert!(
            ok.warnings
                .iter()
                .any(|w| w.contains("“answers.employees”写了不止一次"))
        );
        assert!(
            ok.warnings
                .iter()
                .any(|w| w.contains("“employes”") && w.contains("是不是“employees”"))
        );
    }
}
