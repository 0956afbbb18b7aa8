//! Exclusion windows: “近三年未发生…” (63号, 2号文) and “填报上一年及当年内
//! 未发生…” (115号) read the same answer — when the event last happened —
//! through each law's own window. The answer may be a year, a month or a
//! day; a year that straddles the window's start leaves the reading open
//! (and says what to add) rather than guessing.

use super::Truth;
use super::context::Ctx;
use super::evaluate::Leaf;
use super::words::Words;
use crate::date::Date;
use crate::facts::Answer;
use crate::rules::Window;

/// How precisely the event's date was typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Precision {
    Year,
    Month,
    Day,
}

/// The precision of a period as [`Date::parse_period`] gives it.
fn precision(first: Date, end: Date) -> Precision {
    if first.month == 1 && first.day == 1 && end == Date::new(first.year + 1, 1, 1) {
        Precision::Year
    } else if first.day == 1 && end.day == 1 && end.month != first.month {
        Precision::Month
    } else {
        Precision::Day
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
    ///
    /// `slot`: `id`'s answer slot in the pack, when resolved (`Pack::cond_slot`).
    pub fn no_event(&self, id: &str, slot: Option<usize>, window: Window) -> (Truth, Leaf) {
        let label = self.label_arc_at(slot, id);
        let start = window.start(self.date);
        let date = self.date;
        // By the slot resolved at load: most firms answer 无 or leave it,
        // and only a date needs the period it stands for (read by id).
        let period = match slot.map(|s| self.facts.date_at(s)) {
            Some(Answer::Value(None)) => Answer::Value(None),
            Some(Answer::Unknown) => Answer::Unknown,
            Some(Answer::Unanswered) => Answer::Unanswered,
            Some(Answer::Value(Some(_))) | None => self.facts.date_period(id),
        };
        let (truth, seen) = match period {
            Answer::Unanswered | Answer::Unknown => (Truth::Unknown, Seen::Unknown),
            Answer::Value(None) => (Truth::Yes, Seen::Never),
            Answer::Value(Some((first, end))) => {
                let p = precision(first, end);
                if first > date {
                    (Truth::Unknown, Seen::After(first, p))
                } else if end <= start {
                    (Truth::Yes, Seen::Before(first, p))
                } else if first >= start {
                    (Truth::No, Seen::Inside(first, p))
                } else {
                    (Truth::Unknown, Seen::Straddles(first, p))
                }
            }
        };
        let unknown_inputs = if truth == Truth::Unknown {
            super::ids::Ids::one(self.id_arc_at(slot, id))
        } else {
            Default::default()
        };
        // The words are written when a view asks for them.
        let words = Words::later(move || {
            let span = format!("{}（{} 至 {}）", window.words(), start, date);
            let shown = |first: Date, p: Precision| match p {
                Precision::Year => format!("{} 年", first.year),
                Precision::Month => format!("{} 年 {} 月", first.year, first.month),
                Precision::Day => first.to_string(),
            };
            let detail = match seen {
                Seen::Unknown => "未知".to_owned(),
                Seen::Never => format!("从未发生，{span}内无"),
                Seen::After(f, p) => format!("{}，晚于评估日期，请核对", shown(f, p)),
                Seen::Before(f, p) => format!("最近一次在 {}，不在{span}内", shown(f, p)),
                Seen::Inside(f, p) => format!("最近一次在 {}，在{span}内", shown(f, p)),
                Seen::Straddles(f, p) => {
                    let (what, how) = if p == Precision::Year {
                        ("月份", "月份（YYYY-MM）")
                    } else {
                        ("日期", "日（YYYY-MM-DD）")
                    };
                    format!(
                        "最近一次在 {}，是否在{span}内取决于具体{what}，请填写到{how}",
                        shown(f, p)
                    )
                }
            };
            format!("{label}：{detail}")
        });
        (truth, Leaf::fact_later(words, truth, unknown_inputs))
    }
}

/// Where the event's last date lies against the window (for its words).
#[derive(Clone, Copy)]
enum Seen {
    Unknown,
    Never,
    After(Date, Precision),
    Before(Date, Precision),
    Inside(Date, Precision),
    Straddles(Date, Precision),
}

impl Ctx<'_> {
    /// For an event inside the window: the first assessment date on which it
    /// no longer counts (the latest day of the period typed, carried past the
    /// window). None when the date is not known.
    pub fn no_event_clears(&self, id: &str, window: Window) -> Option<Date> {
        let Answer::Value(Some((_, end))) = self.facts.date_period(id) else {
            return None;
        };
        Some(match window {
            // Inside while date − n years ≤ event: clear the day after event + n years.
            Window::Rolling(n) => end.plus_years(i32::from(n)),
            // Inside while the event's year ≥ date's year − n + 1.
            Window::Calendar(n) => {
                let last_year = if end.month == 1 && end.day == 1 {
                    end.year - 1
                } else {
                    end.year
                };
                Date::new(last_year + i32::from(n), 1, 1)
            }
        })
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
        let p = |t: &str| {
            let (a, b) = Date::parse_period(t).unwrap();
            precision(a, b)
        };
        assert_eq!(p("2024"), Precision::Year);
        assert_eq!(p("２０２４年５月"), Precision::Month);
        assert_eq!(p("2024-12"), Precision::Month);
        assert_eq!(p("2024-01-01"), Precision::Day);
        assert_eq!(p("2024-12-31"), Precision::Day);
    }
}
