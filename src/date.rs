//! Calendar dates without a date crate: enough for the rules (years in a
//! niche market to the end of the prior year, title validity, rule-set
//! effective periods) and for reading what people type.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date. Ordered, so effective periods compare directly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub const fn new(year: i32, month: u32, day: u32) -> Date {
        Date { year, month, day }
    }

    /// Reads `YYYY-MM-DD`, `YYYY-MM` (day 1) or `YYYY` (1 January); also
    /// `2019年3月`, `2019/3/1`, `2019.03` as people write them.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        // No digit at all (“无”, “不清楚”): no date, without cleaning.
        if !text
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        {
            return None;
        }
        // `2019-03-01` as most files write it needs no cleaning (no copy).
        let cleaned: std::borrow::Cow<str> =
            if text.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
                text.into()
            } else {
                text.chars()
                    .map(|c| match c {
                        '０'..='９' => {
                            char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
                        }
                        '年' | '月' | '/' | '.' | '－' => '-',
                        '日' => ' ',
                        c => c,
                    })
                    .collect::<String>()
                    .into()
            };
        let mut parts = cleaned
            .trim()
            .trim_end_matches('-')
            .split('-')
            .map(str::trim);
        let num = |s: &str| s.parse::<u32>().ok();
        let (y, m, d) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(y), None, None, None) if y.len() == 4 => (num(y)?, 1, 1),
            (Some(y), Some(m), None, None) if y.len() == 4 => (num(y)?, num(m)?, 1),
            (Some(y), Some(m), Some(d), None) if y.len() == 4 => (num(y)?, num(m)?, num(d)?),
            _ => return None,
        };
        let date = Date::new(y as i32, m, d);
        date.is_valid().then_some(date)
    }

    /// Reads a date as [`Date::parse`] does, with the period it stands for:
    /// `2024` is the whole year, `2024-05` the month, `2024-05-31` the day.
    /// Returns the first day and the first day after the period.
    pub fn parse_period(text: &str) -> Option<(Date, Date)> {
        let first = Date::parse(text)?;
        let mut groups = 0;
        let mut in_digits = false;
        for c in text.chars() {
            let digit = c.is_ascii_digit() || ('０'..='９').contains(&c);
            if digit && !in_digits {
                groups += 1;
            }
            in_digits = digit;
        }
        let next_month = if first.month == 12 {
            Date::new(first.year + 1, 1, 1)
        } else {
            Date::new(first.year, first.month + 1, 1)
        };
        let end = match groups {
            1 => Date::new(first.year + 1, 1, 1),
            2 => next_month,
            _ if first.day < days_in_month(first.year, first.month) => {
                Date::new(first.year, first.month, first.day + 1)
            }
            _ => next_month,
        };
        Some((first, end))
    }

    fn is_valid(&self) -> bool {
        (1900..=2200).contains(&self.year)
            && (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
    }

    /// Last day of the year before this date's year (“截至上年末”).
    pub fn end_of_prior_year(&self) -> Date {
        Date::new(self.year - 1, 12, 31)
    }

    /// 1 January of this date's year: the first day after “上年末”, so a
    /// period counted “截至上年末” includes 31 December.
    pub fn start_of_year(&self) -> Date {
        Date::new(self.year, 1, 1)
    }

    /// The same day `years` later (29 February → 28 February).
    pub fn plus_years(&self, years: i32) -> Date {
        let year = self.year + years;
        Date::new(
            year,
            self.month,
            self.day.min(days_in_month(year, self.month)),
        )
    }

    /// Whole months from `self` to `later` (0 if `later` is earlier); a month
    /// counts once its day-of-month is reached.
    pub fn whole_months_until(&self, later: &Date) -> i64 {
        let mut months =
            i64::from(later.year - self.year) * 12 + i64::from(later.month) - i64::from(self.month);
        if later.day < self.day {
            months -= 1;
        }
        months.max(0)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("日期“{text}”应写成 YYYY-MM-DD")))
    }
}

pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 → date (Howard Hinnant's algorithm).
pub fn from_days_since_epoch(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    Date::new(y as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_people_write() {
        assert_eq!(Date::parse("2019-03"), Some(Date::new(2019, 3, 1)));
        assert_eq!(Date::parse("2019年3月"), Some(Date::new(2019, 3, 1)));
        assert_eq!(Date::parse("2019/3/15"), Some(Date::new(2019, 3, 15)));
        assert_eq!(
            Date::parse("２０２４－０２－２９"),
            Some(Date::new(2024, 2, 29))
        );
        assert_eq!(Date::parse("2026-02-29"), None);
        assert_eq!(Date::parse("26-1-1"), None);
        assert_eq!(Date::parse("abc"), None);
    }

    #[test]
    fn periods_as_typed() {
        let d = Date::new;
        assert_eq!(
            Date::parse_period("2024"),
            Some((d(2024, 1, 1), d(2025, 1, 1)))
        );
        assert_eq!(
            Date::parse_period("２０２４年１２月"),
            Some((d(2024, 12, 1), d(2025, 1, 1)))
        );
        assert_eq!(
            Date::parse_period("2024-02-29"),
            Some((d(2024, 2, 29), d(2024, 3, 1)))
        );
        assert_eq!(
            Date::parse_period("2024-05-30"),
            Some((d(2024, 5, 30), d(2024, 5, 31)))
        );
        assert_eq!(Date::parse_period("abc"), None);
    }

    #[test]
    fn months_and_years() {
        let to = Date::new(2026, 1, 1);
        assert_eq!(Date::new(2022, 1, 1).whole_months_until(&to), 48);
        assert_eq!(Date::new(2023, 1, 1).whole_months_until(&to), 36);
        assert_eq!(Date::new(2023, 1, 2).whole_months_until(&to), 35);
        assert_eq!(Date::new(2022, 12, 31).whole_months_until(&to), 36);
        assert_eq!(Date::new(2024, 2, 29).plus_years(3), Date::new(2027, 2, 28));
        assert_eq!(from_days_since_epoch(0), Date::new(1970, 1, 1));
        assert_eq!(from_days_since_epoch(20_871), Date::new(2027, 2, 22));
    }
}
