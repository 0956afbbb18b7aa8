//! Facts: every answer parsed once, by its question's kind, into a typed
//! value or 不清楚 / unanswered. The engine and the gap report read facts
//! only, never the text as typed (a batch of 10 000 firms parses each answer
//! once, not on every lookup).
//!
//! Data flow: answers file (text as typed, [`crate::answers`]) → **facts**
//! → assessment ([`crate::engine`]) → gap report → views.

pub use crate::answers::{Answer, FieldError};
use crate::answers::{AnswersFile, UNKNOWN};
use crate::date::Date;
use crate::num::Dec;
use crate::rules::{InputKind, Pack};
use std::collections::HashMap;

/// Typed in a date field to say “not held / never” (尚未取得).
pub const NONE_WORD: &str = "无";

/// One answer's value, typed by its question's kind.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    /// 万元, 人, 项, %, 分 as the question states (a percentage as typed: 12 = 12 %).
    Number(Dec),
    YesNo(bool),
    /// The chosen option's value (an industry by its id).
    Choice(String),
    /// A date, or none (“无”: not held, never).
    Date(Option<Date>),
}

/// The answers of one firm as typed values, with the input problems found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    values: HashMap<String, Answer<Value>>,
    /// For a date answer: the first day after the period typed (a year
    /// typed alone covers the whole year), for windows that count back.
    date_ends: HashMap<String, Date>,
    /// Field problems that block (zh-CN, naming the field and the fix).
    pub errors: Vec<FieldError>,
    /// Implausible but possible values (a warning, never a block).
    pub warnings: Vec<FieldError>,
}

impl Facts {
    /// Reads every answer of the pack's questions once. An answer that does
    /// not parse reads as unknown and is listed in `errors` with its field;
    /// `date` is the assessment date (dates after it are errors).
    pub fn read(pack: &Pack, answers: &AnswersFile, date: Date) -> Facts {
        let mut values = HashMap::new();
        let mut date_ends = HashMap::new();
        for def in &pack.inputs {
            for id in def.answer_ids() {
                let typed = answers.typed(&id).trim();
                if def.kind == InputKind::Date {
                    if let Some((_, end)) = Date::parse_period(typed) {
                        date_ends.insert(id.clone(), end);
                    }
                }
                let value = match typed {
                    "" => Answer::Unanswered,
                    UNKNOWN => Answer::Unknown,
                    _ => match def.kind {
                        InputKind::Yesno => lift(answers.yesno(&id).ok(), Value::YesNo),
                        InputKind::Choice => lift(answers.choice(pack, &id).ok(), Value::Choice),
                        InputKind::Date => match typed {
                            NONE_WORD => Answer::Value(Value::Date(None)),
                            t => Date::parse(t)
                                .map(|d| Answer::Value(Value::Date(Some(d))))
                                .unwrap_or(Answer::Unknown),
                        },
                        _ => lift(answers.number(pack, &id).ok(), Value::Number),
                    },
                };
                values.insert(id, value);
            }
        }
        let (errors, warnings) = answers.check(pack, date);
        Facts {
            values,
            date_ends,
            errors,
            warnings,
        }
    }

    fn get(&self, id: &str) -> Option<&Answer<Value>> {
        self.values.get(id)
    }

    fn pick<T>(&self, id: &str, f: impl Fn(&Value) -> Option<T>) -> Answer<T> {
        match self.get(id) {
            Some(Answer::Value(v)) => f(v).map(Answer::Value).unwrap_or(Answer::Unknown),
            Some(Answer::Unanswered) | None => Answer::Unanswered,
            Some(Answer::Unknown) => Answer::Unknown,
        }
    }

    /// A numeric answer (万元, 人, 项, %, 分 as its question states).
    pub fn num(&self, id: &str) -> Answer<Dec> {
        self.pick(id, |v| match v {
            Value::Number(d) => Some(*d),
            _ => None,
        })
    }

    pub fn yesno(&self, id: &str) -> Answer<bool> {
        self.pick(id, |v| match v {
            Value::YesNo(b) => Some(*b),
            _ => None,
        })
    }

    /// The chosen option's value.
    pub fn choice(&self, id: &str) -> Answer<String> {
        self.pick(id, |v| match v {
            Value::Choice(c) => Some(c.clone()),
            _ => None,
        })
    }

    /// A date answer: `Value(None)` when the person typed 无.
    pub fn date(&self, id: &str) -> Answer<Option<Date>> {
        self.pick(id, |v| match v {
            Value::Date(d) => Some(*d),
            _ => None,
        })
    }

    /// A date answer with the period it stands for (first day, first day
    /// after): `2024` typed alone is the whole of 2024. `Value(None)` for 无.
    pub fn date_period(&self, id: &str) -> Answer<Option<(Date, Date)>> {
        match self.date(id) {
            Answer::Value(Some(d)) => {
                Answer::Value(Some((d, self.date_ends.get(id).copied().unwrap_or(d))))
            }
            Answer::Value(None) => Answer::Value(None),
            Answer::Unknown => Answer::Unknown,
            Answer::Unanswered => Answer::Unanswered,
        }
    }

    /// Another firm's view of the same answers, for projecting them onto a
    /// later application year (engine/projection.rs): `to` takes the value
    /// `from` has under `from_id`.
    pub fn copy_from(&mut self, to: &str, from: &Facts, from_id: &str) {
        let v = from.get(from_id).cloned().unwrap_or(Answer::Unanswered);
        self.values.insert(to.to_owned(), v);
    }

    /// Makes an answer unknown (a fiscal year not yet ended).
    pub fn forget(&mut self, id: &str) {
        self.values.insert(id.to_owned(), Answer::Unknown);
    }

    /// Sets a 是/否 answer (a window that time has cleared).
    pub fn set_yesno(&mut self, id: &str, v: bool) {
        self.values
            .insert(id.to_owned(), Answer::Value(Value::YesNo(v)));
    }

    /// Sets a date answer (a title obtained by plan, or renewed).
    pub fn set_date(&mut self, id: &str, d: Option<Date>) {
        self.values
            .insert(id.to_owned(), Answer::Value(Value::Date(d)));
    }

    /// Whether the question was left empty (not 不清楚).
    pub fn unanswered(&self, id: &str) -> bool {
        matches!(self.get(id), Some(Answer::Unanswered) | None)
    }
}

/// A parsed answer, or unknown when the text did not parse (the error is in
/// `Facts::errors`).
fn lift<T>(parsed: Option<Answer<T>>, wrap: impl Fn(T) -> Value) -> Answer<Value> {
    match parsed {
        Some(Answer::Value(v)) => Answer::Value(wrap(v)),
        Some(Answer::Unanswered) => Answer::Unanswered,
        _ => Answer::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_answer_is_typed_once_and_bad_text_is_unknown_with_an_error() {
        let pack = Pack::national();
        let mut a = AnswersFile::new();
        a.set("operating_revenue.y1", "1,500.5");
        a.set("total_assets", "不清楚");
        a.set("employees", "十个");
        a.set("niche_start", "无");
        a.set("own_brand", "是");
        let f = Facts::read(&pack, &a, Date::new(2026, 11, 22));
        assert_eq!(
            f.num("operating_revenue.y1"),
            Answer::Value("1500.5".parse().unwrap())
        );
        assert_eq!(f.num("total_assets"), Answer::Unknown);
        assert_eq!(f.num("employees"), Answer::Unknown);
        assert!(f.errors.iter().any(|e| e.field == "employees"));
        assert_eq!(f.num("rd_staff"), Answer::Unanswered);
        assert_eq!(f.date("niche_start"), Answer::Value(None));
        assert_eq!(f.yesno("own_brand"), Answer::Value(true));
        // A yes/no question read as a number is unknown, never 0.
        assert_eq!(f.num("own_brand"), Answer::Unknown);
    }
}
