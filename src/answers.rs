//! The answers file: what the enterprise typed, kept as typed.
//!
//! One model for the widget, the CLI and files: a versioned JSON object whose
//! `answers` map holds, per question id from the pack's `inputs.toml`, the
//! text the person entered (`"1,234.5"`), or `"不清楚"` for unknown. Keeping
//! the typed text (not a parsed number) means nothing typed is ever lost,
//! even while it is invalid. Format: docs/answers-format.md.

use crate::date::Date;
use crate::num::{Dec, NumberKind, parse_number};
use crate::rules::{Application, InputDef, InputKind, Pack};
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
    /// 评估日期 (YYYY-MM-DD); today when absent. A CLI `--date` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment_date: Option<Date>,
    /// 新申请 or 复核; 新申请 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<Application>,
    /// Setting id → option value (see the pack's settings.toml).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, String>,
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
                // Past 15 significant digits a binary float no longer holds
                // what was written (`12345678901234567.89` would silently
                // become another number): refuse rather than misread.
                let sci = format!("{v:e}");
                let mantissa = sci.split('e').next().unwrap_or("");
                let digits = mantissa.chars().filter(char::is_ascii_digit).count();
                if digits > 15 || !v.is_finite() {
                    return Err(E::custom(
                        "的数字超过 15 位有效数字，写成 JSON 数字会失真；请写成带引号的文字，如 \"1234.5\"",
                    ));
                }
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
        AnswersFile {
            schema: SCHEMA.into(),
            version: VERSION,
            ..Default::default()
        }
    }

    /// Reads a file's text; a zh-CN message says what is wrong. The same
    /// checks as an import ([`crate::import::read`]) without a pack.
    pub fn from_json(text: &str) -> Result<Self, String> {
        crate::import::read(text.as_bytes(), None).map(|i| i.file)
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
        number_of(pack.input(id), id, self.typed(id))
    }

    /// A 是/否 answer: 是、否、yes、no、true、false, 有/无.
    pub fn yesno(&self, id: &str) -> Result<Answer<bool>, String> {
        yesno_of(self.typed(id))
    }

    /// A choice answer's option value (the option's label is accepted too).
    pub fn choice(&self, pack: &Pack, id: &str) -> Result<Answer<String>, String> {
        choice_of(pack, pack.input(id), self.typed(id))
    }
}

/// [`AnswersFile::yesno`] of the text typed (trimmed here). Err: the text,
/// for the caller's message.
pub fn yesno_of(typed: &str) -> Result<Answer<bool>, String> {
    match typed.trim() {
        "" => Ok(Answer::Unanswered),
        UNKNOWN => Ok(Answer::Unknown),
        "是" | "有" | "yes" | "true" | "y" => Ok(Answer::Value(true)),
        "否" | "无" | "没有" | "no" | "false" | "n" => Ok(Answer::Value(false)),
        other => Err(other.to_owned()),
    }
}

/// [`AnswersFile::choice`] of the text typed (trimmed here) for question
/// `def` (none: a question the pack does not ask, whose every answer is an
/// Err). Err: the text, for the caller's message.
pub fn choice_of(
    pack: &Pack,
    def: Option<&InputDef>,
    typed: &str,
) -> Result<Answer<String>, String> {
    let typed = typed.trim();
    match typed {
        "" => return Ok(Answer::Unanswered),
        UNKNOWN => return Ok(Answer::Unknown),
        _ => {}
    }
    let Some(def) = def else {
        return Err(typed.to_owned());
    };
    if def.options_from.as_deref() == Some("size_class") {
        return pack
            .size_class
            .industry(typed)
            .map(|i| Answer::Value(i.id.clone()))
            .ok_or_else(|| typed.to_owned());
    }
    def.options
        .iter()
        .find(|o| o.value == typed || o.label == typed)
        .map(|o| Answer::Value(o.value.clone()))
        .ok_or_else(|| typed.to_owned())
}

/// A numeric answer of question `def` (万元, 人, 项, %, 分 as it states),
/// parsed exactly from the text as typed. Err names the field and the fix;
/// the label is formatted only then.
pub fn number_of(def: Option<&InputDef>, id: &str, typed: &str) -> Result<Answer<Dec>, FieldError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(Answer::Unanswered);
    }
    if typed == UNKNOWN {
        return Ok(Answer::Unknown);
    }
    let label = || def.map(|d| d.label_of(id)).unwrap_or_else(|| id.to_owned());
    let kind = def.map(|d| d.kind).unwrap_or(InputKind::Money);
    let field = |message: String| FieldError {
        field: id.to_owned(),
        message,
    };
    // 净利润 may be a loss: parse the magnitude, keep the sign.
    let negative_allowed = def.is_some_and(|d| d.allow_negative);
    let (sign, body) = match (negative_allowed, typed.strip_prefix(['-', '－', '−'])) {
        (true, Some(rest)) => (-Dec::ONE, rest),
        _ => (Dec::ONE, typed),
    };
    let value = parse_number(body, kind.number_kind().unwrap_or(NumberKind::Money))
        .map_err(|e| field(e.message(&label(), typed)))?;
    if matches!(kind, InputKind::Percent | InputKind::Score) && value > Dec::ONE_HUNDRED {
        return Err(field(format!(
            "「{}」不能超过 100，现在是“{typed}”。",
            label()
        )));
    }
    Ok(Answer::Value(sign * value))
}
