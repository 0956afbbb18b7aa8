//! Exact quantities for comparisons: a ratio kept as numerator and
//! denominator (so 4500.90 / 5001.00 ≥ 90 % is decided by cross-multiplying,
//! never by a rounded quotient), and a two-year compound growth rate kept as
//! its end and start values (so CAGR ≥ g is decided as R_t ≥ R_{t−2}·(1+g)²,
//! without roots).

use crate::num::Dec;
use rust_decimal::prelude::*;
use serde::Serialize;
use std::cmp::Ordering;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    WanYuan,
    Person,
    Item,
    Rank,
    Percent,
    Years,
    Points,
}

impl Unit {
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::WanYuan => " 万元",
            Unit::Person => " 人",
            Unit::Item => " 项",
            Unit::Rank => " 名",
            Unit::Percent => "%",
            Unit::Years => " 年",
            Unit::Points => " 分",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Quantity {
    /// num / den, den > 0. Plain amounts have den = 1.
    Ratio { num: Dec, den: Dec },
    /// √(end / start) − 1, start > 0, end ≥ 0.
    Cagr { end: Dec, start: Dec },
}

impl Quantity {
    pub fn amount(v: Dec) -> Quantity {
        Quantity::Ratio {
            num: v,
            den: Dec::ONE,
        }
    }

    /// Compares the quantity with `t` exactly.
    ///
    /// Overflow-safe: a product too large for the decimal is larger in
    /// magnitude than any value, so its sign decides (the pack's bounds keep
    /// real thresholds far from this; a hostile pack must not panic).
    pub fn cmp_to(&self, t: Dec) -> Ordering {
        match *self {
            Quantity::Ratio { num, den } => match t.checked_mul(den) {
                Some(p) => num.cmp(&p),
                // den > 0: the product has the sign of t.
                None if t > Dec::ZERO => Ordering::Less,
                None => Ordering::Greater,
            },
            Quantity::Cagr { end, start } => {
                let base = Dec::ONE + t;
                if base <= Dec::ZERO {
                    // A growth threshold of −100 % or below is met by any end ≥ 0.
                    return Ordering::Greater;
                }
                match start.checked_mul(base).and_then(|x| x.checked_mul(base)) {
                    Some(p) => end.cmp(&p),
                    // start > 0, base > 0: a positive product beyond any value.
                    None => Ordering::Less,
                }
            }
        }
    }

    /// How many whole `step`s fit (for “每满2年得1分”).
    pub fn whole_steps(&self, step: Dec) -> Dec {
        match *self {
            // A step beyond the decimal's range (or zero, refused at load) fits no time.
            Quantity::Ratio { num, den } => den
                .checked_mul(step)
                .and_then(|d| num.checked_div(d))
                .map(|x| x.floor())
                .unwrap_or(Dec::ZERO),
            Quantity::Cagr { .. } => Dec::ZERO,
        }
    }

    /// A display value (rounded; only for reading, never for deciding).
    pub fn approx(&self) -> Dec {
        match *self {
            Quantity::Ratio { num, den } => num.checked_div(den).unwrap_or(Dec::ZERO),
            Quantity::Cagr { end, start } => {
                sqrt(end.checked_div(start).unwrap_or(Dec::ZERO)) - Dec::ONE
            }
        }
    }

    /// Whether the display value is exact at the shown precision.
    fn is_exact_at(&self, shown: Dec) -> bool {
        match *self {
            Quantity::Ratio { .. } => self.cmp_to(shown) == Ordering::Equal,
            Quantity::Cagr { .. } => self.cmp_to(shown) == Ordering::Equal,
        }
    }

    /// e.g. “2.61%”, “≈5.07%”, “8,551 万元”.
    pub fn display(&self, unit: Unit) -> String {
        let (scale, factor) = match unit {
            Unit::Percent => (2, Dec::ONE_HUNDRED),
            Unit::Years => (1, Dec::ONE),
            // 万元 to the hundred yuan, as amounts are written elsewhere
            // (“≈2,533.33 万元”, not “≈2,533.3333 万元”); averages of 人, 项 alike.
            _ => (2, Dec::ONE),
        };
        let shown = (self.approx() * factor)
            .round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
        let exact = self.is_exact_at(shown / factor);
        let text = match unit {
            Unit::Percent => format!("{:.2}", shown),
            _ => crate::num::Grouped(shown.normalize()).to_string(),
        };
        format!("{}{}{}", if exact { "" } else { "≈" }, text, unit.suffix())
    }
}

/// Threshold for display: “3%”, “1,500 万元”.
pub fn display_threshold(t: Dec, unit: Unit) -> String {
    match unit {
        Unit::Percent => format!("{}%", (t * Dec::ONE_HUNDRED).normalize()),
        _ => format!("{}{}", crate::num::Grouped(t.normalize()), unit.suffix()),
    }
}

/// Square root by Newton's method, for displaying a CAGR only.
fn sqrt(x: Dec) -> Dec {
    if x <= Dec::ZERO {
        return Dec::ZERO;
    }
    let mut g = if x > Dec::ONE { x / Dec::TWO } else { Dec::ONE };
    for _ in 0..40 {
        let next = (g + x / g) / Dec::TWO;
        if (next - g).abs() < Dec::new(1, 20) {
            return next;
        }
        g = next;
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Dec {
        Dec::from_str(s).unwrap()
    }

    #[test]
    fn ratio_on_the_boundary_is_exact() {
        let q = Quantity::Ratio {
            num: d("4500.90"),
            den: d("5001.00"),
        };
        assert_eq!(q.cmp_to(d("0.9")), Ordering::Equal);
        assert_eq!(q.display(Unit::Percent), "90.00%");
        let q = Quantity::Ratio {
            num: d("1"),
            den: d("3"),
        };
        assert_eq!(q.display(Unit::Percent), "≈33.33%");
        // An average in 万元 is shown to the hundred yuan.
        let q = Quantity::Ratio {
            num: d("7600"),
            den: d("3"),
        };
        assert_eq!(q.display(Unit::WanYuan), "≈2,533.33 万元");
        let q = Quantity::Ratio {
            num: d("7600.5"),
            den: d("1"),
        };
        assert_eq!(q.display(Unit::WanYuan), "7,600.5 万元");
    }

    #[test]
    fn cagr_without_roots() {
        // 10000 → 11025 over two years is exactly 5 % a year.
        let q = Quantity::Cagr {
            end: d("11025"),
            start: d("10000"),
        };
        assert_eq!(q.cmp_to(d("0.05")), Ordering::Equal);
        assert_eq!(q.display(Unit::Percent), "5.00%");
        let q = Quantity::Cagr {
            end: d("11024.99"),
            start: d("10000"),
        };
        assert_eq!(q.cmp_to(d("0.05")), Ordering::Less);
        assert_eq!(q.display(Unit::Percent), "≈5.00%");
    }

    #[test]
    fn steps() {
        let years = Quantity::Ratio {
            num: d("59"),
            den: d("12"),
        };
        assert_eq!(years.whole_steps(d("2")), d("2"));
    }
}
