//! Exact decimal numbers and the parser for what people type.
//!
//! Every amount, count and ratio on a threshold path is a [`Dec`]: a base-10
//! decimal, so 4500.90 / 5001.00 is exactly 90 % (a binary float says
//! 0.8999…). The type sits behind this one alias so the representation can
//! change without touching rules or engine.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

pub type Dec = rust_decimal::Decimal;

/// What kind of number a field takes; decides which inputs are acceptable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberKind {
    /// 人、项: a whole number, not negative.
    Count,
    /// 万元: up to 4 decimals (1 元 = 0.0001 万元), not negative.
    Money,
}

/// Why a typed value could not be read. Rendered in zh-CN with the field name
/// by [`ParseError::message`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    NotANumber,
    Negative,
    NotWhole,
    TooManyDecimals,
    TooLarge,
    /// A separator that does not group thousands (`1,5`, `1.234,5`).
    Ambiguous,
}

impl ParseError {
    /// A zh-CN message naming the field and saying how to fix it.
    pub fn message(&self, field: &str, typed: &str) -> String {
        match self {
            ParseError::NotANumber => {
                format!(
                    "「{field}」需要填数字，现在是“{typed}”。可以写 1234.5 或 1,234.5；不知道就选“不清楚”。"
                )
            }
            ParseError::Negative => format!("「{field}」不能是负数，现在是“{typed}”。"),
            ParseError::NotWhole => format!("「{field}」要填整数，现在是“{typed}”。"),
            ParseError::TooManyDecimals => {
                format!(
                    "「{field}」最多保留 4 位小数（单位万元，0.0001 万元即 1 元），现在是“{typed}”。"
                )
            }
            ParseError::TooLarge => format!("「{field}」数值过大，现在是“{typed}”。请核对单位。"),
            ParseError::Ambiguous => format!(
                "「{field}」填的是“{typed}”，看不出是多少：小数点请用“.”，千位分隔符“,”只能每三位一个（如 1,234.5）。例如 1.5 就写 1.5，一万五千就写 15000。"
            ),
        }
    }
}

/// Largest magnitude accepted: far above any SME figure, far below the
/// decimal type's range, so sums and products in rules cannot overflow.
const MAX_INTEGER_DIGITS: usize = 13;
const MAX_MONEY_DECIMALS: u32 = 4;

/// Turns what a person typed into a decimal. Accepts surrounding spaces,
/// full-width digits and punctuation (`１，２３４．５`), and thousands
/// separators (`,` `，` or a space) where they group thousands: `1,234.5`,
/// `12 345 678`. A separator anywhere else (`1,5`, `1.234,5`, `12,34`) is
/// refused as [`ParseError::Ambiguous`]: guessing would silently read
/// `1,5` as 15 when 1.5 may be meant.
pub fn parse_number(typed: &str, kind: NumberKind) -> Result<Dec, ParseError> {
    let normalised = normalise(typed);
    let (negative, body) = match normalised.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, normalised.strip_prefix('+').unwrap_or(&normalised)),
    };
    let body = ungroup(body)?;
    if !is_plain_decimal(&body) {
        return Err(ParseError::NotANumber);
    }
    let integer_digits = body
        .split('.')
        .next()
        .unwrap_or("")
        .trim_start_matches('0')
        .len();
    if integer_digits > MAX_INTEGER_DIGITS {
        return Err(ParseError::TooLarge);
    }
    let value = Dec::from_str(&body).map_err(|_| ParseError::NotANumber)?;
    if negative && !value.is_zero() {
        return Err(ParseError::Negative);
    }
    match kind {
        NumberKind::Count if value.fract() != Dec::ZERO => Err(ParseError::NotWhole),
        NumberKind::Money if value.normalize().scale() > MAX_MONEY_DECIMALS => {
            Err(ParseError::TooManyDecimals)
        }
        _ => Ok(value.normalize()),
    }
}

/// Group separator after [`normalise`]: one per run of `,` `，` `、` or
/// inner spaces.
const SEP: char = ',';

/// Full-width to ASCII, outer spaces trimmed, each run of separators
/// (commas, inner spaces) turned into one [`SEP`].
fn normalise(typed: &str) -> Cow<'_, str> {
    let trimmed = typed.trim();
    // Plain ASCII figures (most of a 培育库: `8551`, `8,551.5`) read as
    // typed, without a copy: nothing in them maps to anything else.
    if trimmed
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b','))
        && !trimmed.contains(",,")
    {
        return Cow::Borrowed(trimmed);
    }
    let mut out = String::with_capacity(typed.len());
    for c in typed.trim().chars() {
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            '－' | '−' | '—' => '-',
            '＋' => '+',
            ',' | '，' | '、' => SEP,
            c if c.is_whitespace() => SEP,
            c => c,
        };
        if c == SEP && out.ends_with(SEP) {
            continue;
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// Removes thousands separators, refusing any that do not group thousands:
/// the integer part must read d{1,3}(,ddd)* and the fraction has none.
fn ungroup(body: &str) -> Result<Cow<'_, str>, ParseError> {
    if !body.contains(SEP) {
        return Ok(Cow::Borrowed(body));
    }
    // Only digits, separators and points: otherwise it is no number at all.
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || c == SEP || c == '.')
    {
        return Err(ParseError::NotANumber);
    }
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let mut groups = int.split(SEP);
    let first = groups.next().unwrap_or("");
    let grouped = (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3);
    if !grouped || frac.is_some_and(|f| f.contains(SEP)) {
        return Err(ParseError::Ambiguous);
    }
    Ok(Cow::Owned(body.replace(SEP, "")))
}

/// Digits with at most one point and at least one digit (`12`, `12.5`, `.5`).
fn is_plain_decimal(s: &str) -> bool {
    let mut digits = 0;
    let mut points = 0;
    for c in s.chars() {
        match c {
            '0'..='9' => digits += 1,
            '.' => points += 1,
            _ => return false,
        }
    }
    digits > 0 && points <= 1
}

/// Formats a decimal for people: thousands grouped, trailing zeros dropped.
pub struct Grouped(pub Dec);

impl fmt::Display for Grouped {
    /// Written without a heap allocation (reports and gaps show thousands
    /// of figures): the decimal's digits go to a stack buffer first.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = StackText::default();
        fmt::write(&mut buf, format_args!("{}", self.0.normalize()))?;
        let text = buf.as_str();
        let (sign, text) = match text.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", text),
        };
        let (int, frac) = match text.split_once('.') {
            Some((i, d)) => (i, Some(d)),
            None => (text, None),
        };
        f.write_str(sign)?;
        // Digits are ASCII: group by byte offsets, three from the right.
        let first = match int.len() % 3 {
            0 => 3.min(int.len()),
            n => n,
        };
        f.write_str(&int[..first])?;
        let mut i = first;
        while i < int.len() {
            f.write_str(",")?;
            f.write_str(&int[i..i + 3])?;
            i += 3;
        }
        if let Some(d) = frac {
            f.write_str(".")?;
            f.write_str(d)?;
        }
        Ok(())
    }
}

/// A decimal's digits (at most 29, a sign and a point) on the stack.
struct StackText {
    bytes: [u8; 64],
    len: usize,
}

impl Default for StackText {
    fn default() -> Self {
        StackText {
            bytes: [0; 64],
            len: 0,
        }
    }
}

impl StackText {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let dest = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        dest.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Dec {
        Dec::from_str(s).unwrap()
    }

    #[test]
    fn accepts_what_people_type() {
        assert_eq!(
            parse_number(" 1,234.5 ", NumberKind::Money),
            Ok(d("1234.5"))
        );
        assert_eq!(
            parse_number("１，２３４．５", NumberKind::Money),
            Ok(d("1234.5"))
        );
        assert_eq!(
            parse_number("12 345 678", NumberKind::Money),
            Ok(d("12345678"))
        );
        assert_eq!(
            parse_number("\u{3000}999\u{3000}", NumberKind::Count),
            Ok(d("999"))
        );
        assert_eq!(parse_number("4500.90", NumberKind::Money), Ok(d("4500.9")));
        assert_eq!(parse_number("-0", NumberKind::Count), Ok(d("0")));
    }

    #[test]
    fn rejects_with_reason() {
        assert_eq!(
            parse_number("abc", NumberKind::Money),
            Err(ParseError::NotANumber)
        );
        assert_eq!(
            parse_number("", NumberKind::Money),
            Err(ParseError::NotANumber)
        );
        assert_eq!(
            parse_number("1.2.3", NumberKind::Money),
            Err(ParseError::NotANumber)
        );
        assert_eq!(
            parse_number("-5", NumberKind::Money),
            Err(ParseError::Negative)
        );
        assert_eq!(
            parse_number("12.5", NumberKind::Count),
            Err(ParseError::NotWhole)
        );
        assert_eq!(
            parse_number("1.23456", NumberKind::Money),
            Err(ParseError::TooManyDecimals)
        );
        assert_eq!(
            parse_number("99999999999999", NumberKind::Money),
            Err(ParseError::TooLarge)
        );
    }

    #[test]
    fn separators_only_where_they_group_thousands() {
        for ok in [
            "1,234",
            "1,234.5",
            "12,345,678.25",
            "1 234 567",
            "1，234",
            "1, 234",
            "999,999",
        ] {
            assert!(parse_number(ok, NumberKind::Money).is_ok(), "{ok}");
        }
        assert_eq!(parse_number("1,234.5", NumberKind::Money), Ok(d("1234.5")));
        for bad in [
            "1,5", "1.234,5", "12,34", "1,2345", ",123", "1,234,5", "1.5,000", "1 5",
        ] {
            assert_eq!(
                parse_number(bad, NumberKind::Money),
                Err(ParseError::Ambiguous),
                "{bad}"
            );
        }
        // Still not a number when it has letters.
        assert_eq!(
            parse_number("1,234元", NumberKind::Money),
            Err(ParseError::NotANumber)
        );
        let m = ParseError::Ambiguous.message("营业收入（上年度）", "1,5");
        assert!(
            m.contains("「营业收入（上年度）」") && m.contains("1,234.5"),
            "{m}"
        );
    }

    #[test]
    fn message_names_field() {
        let m = ParseError::Negative.message("从业人员", "-3");
        assert!(m.contains("「从业人员」") && m.contains("负数"), "{m}");
    }

    #[test]
    fn exact_ratio_has_no_float_error() {
        // 4500.90 / 5001.00 is exactly 0.9: cross-multiplication keeps it exact.
        assert_eq!(d("4500.90") * d("100"), d("90") * d("5001.00"));
    }

    #[test]
    fn grouping() {
        assert_eq!(Grouped(d("50000")).to_string(), "50,000");
        assert_eq!(Grouped(d("1234567.50")).to_string(), "1,234,567.5");
        assert_eq!(Grouped(d("999")).to_string(), "999");
        assert_eq!(Grouped(d("-1234.5")).to_string(), "-1,234.5");
        assert_eq!(Grouped(d("123456")).to_string(), "123,456");
        assert_eq!(Grouped(d("0.250")).to_string(), "0.25");
    }
}
