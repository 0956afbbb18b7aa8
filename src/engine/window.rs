//! Exclusion windows: “近三年未发生…” (63号, 2号文) and “填报上一年及当年内
//! 未发生…” (115号) read the same answer — when the event last happened —
//! through each law's own window. The answer may be a year, a month or a
//! day; a year that straddles the window's start leaves the reading open
//! (and says what to add) rather than guessing.

use super::Truth;
use super::context::Ctx;
use super::evaluate::Leaf;
use crate::answers::UNKNOWN;
use crate::date::Date;
use crate::rules::Window;

/// How precisely the event's date was typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Precision {
    Year,
    Month,
    Day,
}

/// The digit groups typed (fullwidth digits count): 2024 → 1, 2024-05 → 2.
fn precision(typed: &str) -> Precision {
    let mut groups = 0;
    let mut in_digits = false;
    for c in typed.chars() {
        let digit = c.is_ascii_digit() || ('０'..='９').contains(&c);
        if digit && !in_digits {
            groups += 1;
        }
        in_digits = digit;
    }
    match groups {
        1 => Precision::Year,
        2 => Precision::Month,
        _ => Precision::Day,
    }
}

/// The first day after the period the typed date stands for.
fn period_end(start: Date, p: Precision) -> Date {
    match p {
        Precision::Year => Date::new(start.year + 1, 1, 1),
        Precision::Month if start.month == 12 => Date::new(start.year + 1, 1, 1),
        Precision::Month => Date::new(start.year, start.month + 1, 1),
        Precision::Day => {
            // The next day: month ends are found by trying day + 1.
            Date::parse(&format!(
                "{:04}-{:02}-{:02}",
                start.year,
                start.month,
                start.day + 1
            ))
            .unwrap_or_else(|| period_end(start, Precision::Month))
        }
    }
}

impl Window {
    /// The window's first day for an assessment on `date` (inclusive).
    pub fn start(self, date: Date) -> Date {
        match self {
            Window::Rolling(n) => date.plus_years(-i32::from(n)),
            Window::Calendar(n) => Date::new(date.year - i32::from(n) + 1, 1, 1),
        }
    }

    /// The law's words for the window.
    pub fn words(self) -> String {
        match self {
            Window::Rolling(n) => format!("近{}年", cn_number(n)),
            Window::Calendar(1) => "当年".to_owned(),
            Window::Calendar(2) => "上一年及当年".to_owned(),
            Window::Calendar(n) => format!("当年及前{}年", cn_number(n - 1)),
        }
    }
}

fn cn_number(n: u8) -> String {
    const DIGITS: [&str; 11] = [
        "零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十",
    ];
    DIGITS
        .get(usize::from(n))
        .map(|d| (*d).to_owned())
        .unwrap_or_else(|| n.to_string())
}

impl Ctx<'_> {
    /// `no_event`: holds when the event's last date (answer `id`) lies
    /// before the window, fails when it lies inside, and stays open when the
    /// typed date is too coarse to tell or missing.
    pub fn no_event(&self, id: &str, window: Window) -> (Truth, Vec<Leaf>) {
        let label = self.label(id);
        let start = window.start(self.date);
        let span = format!("{}（{} 至 {}）", window.words(), start, self.date);
        let typed = self.answers.typed(id).trim();
        let (truth, detail) = match typed {
            "" | UNKNOWN => (Truth::Unknown, "未知".to_owned()),
            super::context::NONE_WORD => (Truth::Yes, format!("从未发生，{span}内无")),
            t => match Date::parse(t) {
                None => (Truth::Unknown, format!("“{t}”读不出日期")),
                Some(first) => {
                    let p = precision(t);
                    let end = period_end(first, p);
                    let shown = match p {
                        Precision::Year => format!("{} 年", first.year),
                        Precision::Month => format!("{} 年 {} 月", first.year, first.month),
                        Precision::Day => first.to_string(),
                    };
                    if first > self.date {
                        (
                            Truth::Unknown,
                            format!("{shown}，晚于评估日期，请核对"),
                        )
                    } else if end <= start {
                        (Truth::Yes, format!("最近一次在 {shown}，不在{span}内"))
                    } else if first >= start {
                        (Truth::No, format!("最近一次在 {shown}，在{span}内"))
                    } else {
                        (
                            Truth::Unknown,
                            format!(
                                "最近一次在 {shown}，是否在{span}内取决于具体{}，请填写到{}",
                                if p == Precision::Year { "月份" } else { "日期" },
                                if p == Precision::Year { "月份（YYYY-MM）" } else { "日（YYYY-MM-DD）" }
                            ),
                        )
                    }
                }
            },
        };
        let unknown_inputs = if truth == Truth::Unknown {
            vec![id.to_owned()]
        } else {
            vec![]
        };
        (
            truth,
            vec![Leaf::fact(format!("{label}：{detail}"), truth, unknown_inputs)],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_and_precision() {
        let d = Date::new(2026, 11, 22);
        assert_eq!(Window::Rolling(3).start(d), Date::new(2023, 11, 22));
        assert_eq!(Window::Calendar(2).start(d), Date::new(2025, 1, 1));
        assert_eq!(Window::Rolling(3).words(), "近三年");
        assert_eq!(Window::Calendar(2).words(), "上一年及当年");
        assert_eq!(precision("2024"), Precision::Year);
        assert_eq!(precision("２０２４年５月"), Precision::Month);
        assert_eq!(precision("2024-05-31"), Precision::Day);
        assert_eq!(
            period_end(Date::new(2024, 2, 29), Precision::Day),
            Date::new(2024, 3, 1)
        );
        assert_eq!(
            period_end(Date::new(2024, 12, 31), Precision::Day),
            Date::new(2025, 1, 1)
        );
    }
}
