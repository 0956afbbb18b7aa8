//! A threshold value as written in a pack: a TOML integer (`1000`), a
//! decimal string (`"4500.90"`) or a percentage string (`"3%"` = 0.03). TOML floats are refused: they would pass
//! through binary floating point before reaching the exact decimal.

use crate::num::Dec;
use serde::{Deserialize, Deserializer, de};
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Threshold(pub Dec);

impl<'de> Deserialize<'de> for Threshold {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Threshold;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                // A TOML float lands here as an error naming this expectation:
                // it would pass through binary floating point first.
                f.write_str("整数或十进制字符串（如 \"4500.90\"、\"3%\"）；小数请写成字符串，避免二进制浮点误差")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Threshold, E> {
                Ok(Threshold(Dec::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Threshold, E> {
                Ok(Threshold(Dec::from(v)))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Threshold, E> {
                Err(E::custom(format!(
                    "门槛 {v} 过大：请核对单位（金额以万元计）"
                )))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Threshold, E> {
                Err(E::custom(format!(
                    "门槛 {v} 过大：请核对单位（金额以万元计）"
                )))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Threshold, E> {
                // “3%” is written as the clause writes it and read as 0.03.
                let (text, percent) = match v.trim().strip_suffix('%') {
                    Some(t) => (t.trim(), true),
                    None => (v.trim(), false),
                };
                let value = Dec::from_str(text).map_err(|_| {
                    E::custom(format!(
                        "门槛“{v}”不是十进制数：请写整数或十进制字符串，如 100、\"4500.90\"、\"3%\""
                    ))
                })?;
                Ok(Threshold(if percent {
                    value / Dec::ONE_HUNDRED
                } else {
                    value
                }))
            }
        }
        d.deserialize_any(V)
    }
}
