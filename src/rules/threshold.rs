//! A threshold value as written in a pack: a TOML integer (`1000`) or a
//! decimal string (`"4500.90"`). TOML floats are refused: they would pass
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
                f.write_str("整数或十进制字符串（如 \"4500.90\"）")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Threshold, E> {
                Ok(Threshold(Dec::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Threshold, E> {
                Ok(Threshold(Dec::from(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Threshold, E> {
                Dec::from_str(v.trim())
                    .map(Threshold)
                    .map_err(|_| E::custom(format!("门槛“{v}”不是十进制数")))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Threshold, E> {
                Err(E::custom("门槛里的小数请写成字符串（如 \"0.03\"），避免二进制浮点误差"))
            }
        }
        d.deserialize_any(V)
    }
}
