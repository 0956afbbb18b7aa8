//! Question definitions (`inputs.toml`): label, unit, help text citing the
//! clause, and the kind of answer. Views and the CLI build from these, so a
//! provincial pack adds questions without code.

use super::PackError;
use crate::num::NumberKind;
use serde::Deserialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    Count,
    Money,
    Choice,
}

impl InputKind {
    pub fn number_kind(self) -> Option<NumberKind> {
        match self {
            InputKind::Count => Some(NumberKind::Count),
            InputKind::Money => Some(NumberKind::Money),
            InputKind::Choice => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputDef {
    pub id: String,
    pub label: String,
    pub kind: InputKind,
    #[serde(default)]
    pub unit: Option<String>,
    pub help: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InputsFile {
    inputs: Vec<InputDef>,
}

pub(super) fn parse(text: &str) -> Result<Vec<InputDef>, PackError> {
    let file: InputsFile = super::parse("inputs.toml", text)?;
    for (i, def) in file.inputs.iter().enumerate() {
        if file.inputs[..i].iter().any(|d| d.id == def.id) {
            return Err(PackError(format!("inputs.toml 输入“{}”重复定义。", def.id)));
        }
        let numeric = def.kind.number_kind().is_some();
        if numeric && def.unit.is_none() {
            return Err(PackError(format!("inputs.toml 输入“{}”（{}）是数值，缺少 unit。", def.id, def.label)));
        }
    }
    Ok(file.inputs)
}
