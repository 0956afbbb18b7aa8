//! The answers file: what the enterprise typed, kept as typed.
//!
//! One model for the widget, the CLI and files: a versioned JSON object whose
//! `answers` map holds, per question id from the pack's `inputs.toml`, the
//! text the person entered (`"1,234.5"`), or `"不清楚"` for unknown. Keeping
//! the typed text (not a parsed number) means nothing typed is ever lost,
//! even while it is invalid. Format: docs/answers-format.md.

use crate::num::{Dec, parse_number};
use crate::rules::{InputKind, Pack};
use serde::{Deserialize, Deserializer, Serialize, de};
use std::collections::BTreeMap;

pub const SCHEMA: &str = "zjtx-answers";
pub const VERSION: u32 = 1;
/// The word for “I don't know”, in files and in the form.
pub const UNKNOWN: &str = "不清楚";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswersFile {
    pub schema: String,
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise_name: Option<String>,
    #[serde(default)]
    pub answers: BTreeMap<String, Typed>,
}

/// Text as typed. A JSON number is taken as its written digits, so files
/// made by scripts work too; strings are the canonical form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Typed(pub String);

impl<'de> Deserialize<'de> for Typed {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Typed;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("文字或数字")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Typed, E> {
                Ok(Typed(v.to_owned()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Typed, E> {
                Ok(Typed(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Typed, E> {
                Ok(Typed(v.to_string()))
            }
            // serde_json hands decimals over as binary floats; their shortest
            // round-trip text is the digits that were written (for up to 15
            // significant digits), which the exact parser then reads.
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Typed, E> {
                Ok(Typed(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Typed, E> {
                Ok(Typed(String::new()))
            }
        }
        d.deserialize_any(V)
    }
}

/// One answer as the engine sees it. Unknown is never 0 or “no”.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer<T> {
    /// Left empty.
    Unanswered,
    /// Answered 不清楚.
    Unknown,
    Value(T),
}

impl<T> Answer<T> {
    pub fn value(&self) -> Option<&T> {
        match self {
            Answer::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// A problem with one field, for the error summary and the CLI.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl AnswersFile {
    pub fn new() -> Self {
        AnswersFile { schema: SCHEMA.into(), version: VERSION, ..Default::default() }
    }

    /// Reads a file's text; a zh-CN message says what is wrong.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let file: AnswersFile = serde_json::from_str(text).map_err(|e| {
            format!("答卷文件无法读取（第 {} 行第 {} 列）：{e}", e.line(), e.column())
        })?;
        if file.schema != SCHEMA {
            return Err(format!("这不是 zjtx 答卷文件：schema 应为“{SCHEMA}”，现在是“{}”。", file.schema));
        }
        if file.version > VERSION {
            return Err(format!(
                "答卷文件版本 {} 比本程序支持的版本 {VERSION} 新，请升级 zjtx。",
                file.version
            ));
        }
        Ok(file)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("answers serialise")
    }

    pub fn typed(&self, id: &str) -> &str {
        self.answers.get(id).map(|t| t.0.as_str()).unwrap_or("")
    }

    pub fn set(&mut self, id: &str, text: impl Into<String>) {
        self.answers.insert(id.to_owned(), Typed(text.into()));
    }

    /// A numeric answer, parsed exactly. Err names the field.
    pub fn number(&self, pack: &Pack, id: &str) -> Result<Answer<Dec>, FieldError> {
        let typed = self.typed(id).trim();
        let def = pack.input(id);
        let label = def.map(|d| d.label.as_str()).unwrap_or(id);
        if typed.is_empty() {
            return Ok(Answer::Unanswered);
        }
        if typed == UNKNOWN {
            return Ok(Answer::Unknown);
        }
        let kind = def.and_then(|d| d.kind.number_kind()).unwrap_or(crate::num::NumberKind::Money);
        parse_number(typed, kind)
            .map(Answer::Value)
            .map_err(|e| FieldError { field: id.to_owned(), message: e.message(label, typed) })
    }

    /// Every problem in the answers, in question order.
    pub fn errors(&self, pack: &Pack) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for def in &pack.inputs {
            match def.kind {
                InputKind::Choice => {
                    let typed = self.typed(&def.id);
                    if def.id == "industry"
                        && !typed.is_empty()
                        && typed != UNKNOWN
                        && pack.size_class.industry(typed).is_none()
                    {
                        errors.push(FieldError {
                            field: def.id.clone(),
                            message: format!(
                                "「{}」没有“{typed}”这一项，请从 16 个行业中选择（填行业代码如 industrial，或行业名称如“工业”）。",
                                def.label
                            ),
                        });
                    }
                }
                InputKind::Count | InputKind::Money => {
                    if let Err(e) = self.number(pack, &def.id) {
                        errors.push(e);
                    }
                }
            }
        }
        errors
    }
}
