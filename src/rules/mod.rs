//! Rule packs: the law turned into data.
//!
//! A pack is a folder of TOML files (see `rules/national/`): `pack.toml`
//! names it, `inputs.toml` defines the questions, one file per rule set holds
//! its thresholds with clause text, source and confidence grade. Packs are
//! validated when loaded; every error names the file and the item.

mod inputs;
mod size_class;
mod threshold;

pub use inputs::{InputDef, InputKind};
pub use size_class::{Bounds, Industry, Metric, SizeClassRules};
pub use threshold::Threshold;

use serde::Deserialize;

/// 可信度 of a rule, as graded in criteria.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum Grade {
    /// 逐字文本已核对
    V,
    /// ≥2 个独立二手来源一致
    C,
    /// 仅 1 个二手来源
    S,
    /// 无可靠来源或来源矛盾
    #[serde(rename = "UNCONFIRMED")]
    Unconfirmed,
}

impl Grade {
    pub fn label(self) -> &'static str {
        match self {
            Grade::V => "[V] 已核对原文",
            Grade::C => "[C] 多个来源一致",
            Grade::S => "[S] 单一来源",
            Grade::Unconfirmed => "UNCONFIRMED 待核实",
        }
    }

    /// Only [V] and [C] are hard rules; the rest are shown as hints.
    pub fn is_hard(self) -> bool {
        matches!(self, Grade::V | Grade::C)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    pub id: String,
    pub name: String,
    pub version: String,
    pub description: String,
}

/// A loaded, validated rule pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pack {
    pub meta: PackMeta,
    pub inputs: Vec<InputDef>,
    pub size_class: SizeClassRules,
}

/// The files of a pack, by name, as text. Kept apart from the file system so
/// the widget can load the bundled pack from memory.
pub struct PackSources<'a> {
    pub pack: &'a str,
    pub inputs: &'a str,
    pub size_class: &'a str,
}

/// Why a pack could not be loaded: the file and what is wrong, in zh-CN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackError(pub String);

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PackError {}

fn parse<'de, T: Deserialize<'de>>(file: &str, text: &'de str) -> Result<T, PackError> {
    toml::from_str(text).map_err(|e| PackError(format!("规则包文件 {file} 格式有误：{e}")))
}

impl Pack {
    pub fn from_sources(src: &PackSources<'_>) -> Result<Pack, PackError> {
        let meta: PackMeta = parse("pack.toml", src.pack)?;
        let inputs = inputs::parse(src.inputs)?;
        let size_class: SizeClassRules = parse("size_class.toml", src.size_class)?;
        size_class.validate()?;
        let pack = Pack { meta, inputs, size_class };
        pack.check_inputs_defined()?;
        Ok(pack)
    }

    /// The national pack compiled into the binary (and so into the widget).
    pub fn national() -> Pack {
        Pack::from_sources(&PackSources {
            pack: include_str!("../../rules/national/pack.toml"),
            inputs: include_str!("../../rules/national/inputs.toml"),
            size_class: include_str!("../../rules/national/size_class.toml"),
        })
        // The bundled pack is validated by `cargo test` (tests/rule_pack.rs);
        // a broken one never ships.
        .expect("bundled national pack is valid")
    }

    /// Loads a pack folder from disk (CLI `--pack DIR`).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn load_dir(dir: &std::path::Path) -> Result<Pack, PackError> {
        let read = |name: &str| {
            std::fs::read_to_string(dir.join(name))
                .map_err(|e| PackError(format!("读不到规则包文件 {}：{e}", dir.join(name).display())))
        };
        let (pack, inputs, size_class) = (read("pack.toml")?, read("inputs.toml")?, read("size_class.toml")?);
        Pack::from_sources(&PackSources { pack: &pack, inputs: &inputs, size_class: &size_class })
    }

    pub fn input(&self, id: &str) -> Option<&InputDef> {
        self.inputs.iter().find(|i| i.id == id)
    }

    /// Every metric a rule uses must be a defined question.
    fn check_inputs_defined(&self) -> Result<(), PackError> {
        for metric in Metric::ALL {
            if self.input(metric.input_id()).is_none() {
                return Err(PackError(format!(
                    "inputs.toml 缺少输入“{}”：size_class.toml 用到了它。",
                    metric.input_id()
                )));
            }
        }
        if self.input(size_class::INDUSTRY_INPUT).is_none() {
            return Err(PackError("inputs.toml 缺少输入“industry”（所属行业）。".into()));
        }
        Ok(())
    }
}
