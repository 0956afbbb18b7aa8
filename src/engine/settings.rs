//! Mechanics the official texts leave open, made explicit. Each has a
//! default, a zh-CN explanation (in the pack's `settings.toml`), and is
//! printed with every result.

use crate::rules::Pack;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// “以上/以下” include the value itself.
    pub boundary_inclusive: bool,
    /// An interval endpoint scores in the higher band (广东口径).
    pub band_endpoint_higher: bool,
    /// 近2年平均增长率 as CAGR instead of the arithmetic mean of two rates.
    pub average_growth_cagr: bool,
    /// Bit i: the pack's i-th setting is set to `apply` (the switches a
    /// metric's `setting` names; at most 64 settings).
    pub applied: u64,
}

impl Settings {
    /// Whether setting `id` is set to `apply`.
    pub fn applies(&self, pack: &Pack, id: &str) -> bool {
        pack.settings
            .iter()
            .position(|s| s.id == id)
            .is_some_and(|i| i < 64 && self.applied & (1 << i) != 0)
    }
}

/// One setting as printed: what it is, what was chosen, why it matters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SettingShown {
    pub id: String,
    pub label: String,
    pub chosen: String,
    pub is_default: bool,
    pub explanation: String,
}

impl Settings {
    /// Pack defaults, overridden by `overrides` (setting id → option value).
    /// Unknown ids or values are refused with a zh-CN message.
    pub fn resolve(
        pack: &Pack,
        overrides: &BTreeMap<String, String>,
    ) -> Result<(Settings, Vec<SettingShown>), String> {
        for (id, value) in overrides {
            let def = pack
                .settings
                .iter()
                .find(|s| &s.id == id)
                .ok_or_else(|| format!("没有名为“{id}”的设置项。"))?;
            if !def.options.iter().any(|o| &o.value == value) {
                let allowed: Vec<&str> = def.options.iter().map(|o| o.value.as_str()).collect();
                return Err(format!(
                    "设置“{}”只能取 {}，现在是“{value}”。",
                    def.label,
                    allowed.join(" / ")
                ));
            }
        }
        let pick = |id: &str| -> &str {
            overrides
                .get(id)
                .map(String::as_str)
                .or_else(|| {
                    pack.settings
                        .iter()
                        .find(|s| s.id == id)
                        .map(|s| s.default.as_str())
                })
                .unwrap_or("")
        };
        let settings = Settings {
            boundary_inclusive: pick("boundary") != "exclusive",
            band_endpoint_higher: pick("band_endpoint") != "lower",
            average_growth_cagr: pick("average_growth") == "cagr",
            applied: pack
                .settings
                .iter()
                .enumerate()
                .filter(|(i, s)| *i < 64 && pick(&s.id) == "apply")
                .fold(0, |bits, (i, _)| bits | (1 << i)),
        };
        let shown = pack
            .settings
            .iter()
            .map(|def| {
                let value = pick(&def.id);
                let chosen = def
                    .options
                    .iter()
                    .find(|o| o.value == value)
                    .map(|o| o.label.clone())
                    .unwrap_or_default();
                SettingShown {
                    id: def.id.clone(),
                    label: def.label.clone(),
                    chosen,
                    is_default: value == def.default,
                    explanation: def.explanation.clone(),
                }
            })
            .collect();
        Ok((settings, shown))
    }
}
