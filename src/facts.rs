//! Facts: every answer parsed once, by its question's kind, into a typed
//! value or 不清楚 / unanswered. The engine and the gap report read facts
//! only, never the text as typed (a batch of 10 000 firms parses each answer
//! once, not on every lookup).
//!
//! Data flow: answers file (text as typed, [`crate::answers`]) → **facts**
//! → assessment ([`crate::engine`]) → gap report → views.

pub use crate::answers::{Answer, FieldError};
use crate::answers::{AnswersFile, UNKNOWN, choice_of, number_of, yesno_of};
use crate::date::Date;
use crate::num::{Dec, Grouped};
use crate::rules::{AnswerSlots, InputDef, InputKind, Pack};
use std::sync::Arc;

/// Typed in a date field to say “not held / never” (尚未取得).
pub const NONE_WORD: &str = "无";

/// One answer's value, typed by its question's kind.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    /// 万元, 人, 项, %, 分 as the question states (a percentage as typed: 12 = 12 %).
    Number(Dec),
    YesNo(bool),
    /// The chosen option's value (an industry by its id); shared, so a
    /// projection's copy of the answers copies no text.
    Choice(Arc<str>),
    /// A date, or none (“无”: not held, never).
    Date(Option<Date>),
}

/// One stored answer, opaque: what [`Facts::stored_at`] keeps.
#[derive(Clone, Debug)]
pub struct Stored(Answer<Value>);

/// The answers of one firm as typed values, with the input problems found.
/// Stored by the pack's answer slots (`Pack::slots`): a lookup is one
/// hash of the id, or an index for callers that resolved the slot.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    slots: Arc<AnswerSlots>,
    /// By slot; empty (all unanswered) for `Facts::default()`.
    values: Vec<Answer<Value>>,
    /// For a date answer: the first day after the period typed (a year
    /// typed alone covers the whole year), for windows that count back.
    date_ends: Vec<Option<Date>>,
    /// Field problems that block (zh-CN, naming the field and the fix).
    pub errors: Vec<FieldError>,
    /// Implausible but possible values (a warning, never a block).
    pub warnings: Vec<FieldError>,
}

impl Facts {
    /// Reads every answer of the pack's questions once, into typed values,
    /// and finds the input problems on that one reading: a field that does
    /// not parse (it reads as unknown), answers that contradict each other
    /// or the assessment date `date` (errors), implausible values (warnings).
    /// Every message is zh-CN and names the field and the fix.
    pub fn read(pack: &Pack, answers: &AnswersFile, date: Date) -> Facts {
        // The text typed for each slot, by one pass over what was answered
        // (a firm answers a fraction of the slots; ids the pack does not ask
        // are not read).
        let slots = pack.slots();
        let mut typed_at = vec![""; slots.len()];
        for (id, typed) in &answers.answers {
            if let Some(slot) = slots.slot(id) {
                typed_at[slot] = typed.0.trim();
            }
        }
        Facts::read_typed(pack, &typed_at, date)
    }

    /// [`Facts::read`] of the text typed for each of the pack's answer
    /// slots (`Pack::slots`; "" unanswered, text trimmed by the caller):
    /// for a caller that has the answers by slot already (a batch's
    /// spreadsheet columns, resolved once per sheet), without an answers
    /// file. Panics if `typed_at` has not one entry per slot.
    pub fn read_typed(pack: &Pack, typed_at: &[&str], date: Date) -> Facts {
        let slots = pack.slots().clone();
        let n = slots.len();
        assert_eq!(typed_at.len(), n, "one typed text per answer slot");
        let mut values = Vec::with_capacity(n);
        let mut date_ends = vec![None; n];
        let mut errors = Vec::new();
        for (i, def) in pack.inputs.iter().enumerate() {
            for slot in slots.of_input(i) {
                let id = slots.id(slot);
                let typed = typed_at[slot];
                let value = match typed {
                    "" => Answer::Unanswered,
                    UNKNOWN => Answer::Unknown,
                    _ => match read_one(pack, def, id, typed, &mut date_ends[slot]) {
                        Ok(v) => v,
                        Err(message) => {
                            errors.push(FieldError {
                                field: id.to_owned(),
                                message,
                            });
                            Answer::Unknown
                        }
                    },
                };
                values.push(value);
            }
        }
        let mut facts = Facts {
            slots,
            values,
            date_ends,
            errors,
            warnings: Vec::new(),
        };
        facts.cross_check(pack, date);
        // A title's date without its day: counted from the period's last
        // day (the latest it can be); say so and ask for the day.
        for (i, def) in pack.inputs.iter().enumerate() {
            if def.kind != InputKind::Date || !is_title_date(pack, &def.id) {
                continue;
            }
            for slot in facts.slots.of_input(i) {
                let typed = typed_at[slot];
                let Some(last) = partial_last_day(Date::parse_period(typed)) else {
                    continue;
                };
                let id = facts.slots.id(slot);
                facts.warnings.push(FieldError {
                    field: id.to_owned(),
                    message: format!(
                        "「{}」只填到{}（“{typed}”），有效期按这段时间的最后一天 {last} 起算；请补上取得称号的具体日期。",
                        def.label_of(id),
                        if typed.chars().filter(|c| c.is_ascii_digit()).count() <= 4 { "年" } else { "月" }
                    ),
                });
            }
        }
        facts
    }

    /// The answers that contradict each other or the assessment date
    /// (errors) and the implausible ones (warnings): the pack's
    /// `not_above` / `warn_above` / `warn_from`, and dates after `date`.
    fn cross_check(&mut self, pack: &Pack, date: Date) {
        let mut errors = std::mem::take(&mut self.errors);
        let mut warnings = Vec::new();
        let label = |id: &str| {
            pack.input(id)
                .map(|d| d.label_of(id))
                .unwrap_or_else(|| id.to_owned())
        };
        let exceeds = |part: usize, whole: usize, errs: &mut Vec<FieldError>| {
            if let (Some(p), Some(w)) = (self.number_at(part), self.number_at(whole)) {
                if p > w {
                    let (part, whole) = (self.slots.id(part), self.slots.id(whole));
                    errs.push(FieldError {
                        field: part.to_owned(),
                        message: format!(
                            "「{}」（{}）不能大于「{}」（{}），请核对。",
                            label(part),
                            Grouped(p),
                            label(whole),
                            Grouped(w)
                        ),
                    });
                }
            }
        };
        // Cross-field checks are the pack's (inputs.toml not_above /
        // warn_above / warn_from): the rules say which figure is part of which.
        for (i, def) in pack.inputs.iter().enumerate() {
            for other in def.not_above.iter() {
                for (part, whole) in self.pairs(pack, i, other) {
                    exceeds(part, whole, &mut errors);
                }
            }
            if def.kind == InputKind::Date {
                for slot in self.slots.of_input(i) {
                    if let Answer::Value(Value::Date(Some(d))) = &self.values[slot] {
                        if *d > date {
                            let id = self.slots.id(slot);
                            errors.push(FieldError {
                                field: id.to_owned(),
                                message: format!(
                                    "「{}」{d} 晚于评估日期 {date}，请核对。",
                                    label(id)
                                ),
                            });
                        }
                    }
                }
            }
        }
        // Implausible but possible: warn, never block.
        for (i, def) in pack.inputs.iter().enumerate() {
            if let Some(other) = def.warn_above.as_deref() {
                for (part, whole) in self.pairs(pack, i, other) {
                    match &def.warn_above_text {
                        Some(text) => {
                            if let (Some(p), Some(w)) =
                                (self.number_at(part), self.number_at(whole))
                            {
                                if p > w {
                                    warnings.push(FieldError {
                                        field: self.slots.id(part).to_owned(),
                                        message: text.clone(),
                                    });
                                }
                            }
                        }
                        None => exceeds(part, whole, &mut warnings),
                    }
                }
            }
            if let (Some(limit), Some(text)) = (def.warn_from, &def.warn_from_text) {
                for slot in self.slots.of_input(i) {
                    if let Answer::Value(Value::Number(v)) = &self.values[slot] {
                        if *v >= limit.0 {
                            let id = self.slots.id(slot);
                            warnings.push(FieldError {
                                field: id.to_owned(),
                                message: text
                                    .replace("{label}", &label(id))
                                    .replace("{value}", &Grouped(*v).to_string()),
                            });
                        }
                    }
                }
            }
        }
        self.errors = errors;
        self.warnings = warnings;
    }

    /// The slot pairs (this, other) that `not_above` / `warn_above` of
    /// question `input` compare with question `other`: year by year when
    /// both are asked per year, else each answer of one against each of the
    /// other (as `InputDef::pairs_with` names them).
    fn pairs(&self, pack: &Pack, input: usize, other: &str) -> Vec<(usize, usize)> {
        let Some(j) = self.slots.input_index(other) else {
            return vec![];
        };
        let (mine, theirs) = (self.slots.of_input(input), self.slots.of_input(j));
        match (pack.inputs[input].years, pack.inputs[j].years) {
            (Some(_), Some(_)) => mine.zip(theirs).collect(),
            _ => mine
                .flat_map(|m| theirs.clone().map(move |t| (m, t)))
                .collect(),
        }
    }

    /// The number in a slot, when answered with one.
    fn number_at(&self, slot: usize) -> Option<Dec> {
        match self.values.get(slot) {
            Some(Answer::Value(Value::Number(d))) => Some(*d),
            _ => None,
        }
    }

    /// The slot of an answer id (`Pack::slots`); none for an id the pack
    /// does not ask.
    #[inline]
    pub fn slot(&self, id: &str) -> Option<usize> {
        self.slots.slot(id)
    }

    fn get(&self, id: &str) -> Option<&Answer<Value>> {
        self.slot(id).and_then(|s| self.values.get(s))
    }

    fn pick<T>(&self, id: &str, f: impl Fn(&Value) -> Option<T>) -> Answer<T> {
        typed(self.get(id), f)
    }

    /// [`Facts::num`] by slot (`Pack::slots`), for callers that resolved it.
    pub fn num_at(&self, slot: usize) -> Answer<Dec> {
        typed(self.values.get(slot), |v| match v {
            Value::Number(d) => Some(*d),
            _ => None,
        })
    }

    /// A numeric answer (万元, 人, 项, %, 分 as its question states).
    pub fn num(&self, id: &str) -> Answer<Dec> {
        self.pick(id, |v| match v {
            Value::Number(d) => Some(*d),
            _ => None,
        })
    }

    /// [`Facts::yesno`] by slot (`Pack::slots`), for callers that resolved it.
    pub fn yesno_at(&self, slot: usize) -> Answer<bool> {
        typed(self.values.get(slot), |v| match v {
            Value::YesNo(b) => Some(*b),
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
    pub fn choice(&self, id: &str) -> Answer<&str> {
        match self.get(id) {
            Some(Answer::Value(Value::Choice(c))) => Answer::Value(c),
            Some(Answer::Value(_) | Answer::Unknown) => Answer::Unknown,
            Some(Answer::Unanswered) | None => Answer::Unanswered,
        }
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
                let end = self
                    .slot(id)
                    .and_then(|s| self.date_ends.get(s).copied().flatten());
                Answer::Value(Some((d, end.unwrap_or(d))))
            }
            Answer::Value(None) => Answer::Value(None),
            Answer::Unknown => Answer::Unknown,
            Answer::Unanswered => Answer::Unanswered,
        }
    }

    /// [`Facts::date`] by slot (`Pack::slots`), for callers that resolved it.
    pub fn date_at(&self, slot: usize) -> Answer<Option<Date>> {
        typed(self.values.get(slot), |v| match v {
            Value::Date(d) => Some(*d),
            _ => None,
        })
    }

    /// Whether these facts are stored by `slots` (the table of the pack
    /// they were read with): then a slot of that pack is a slot here.
    pub fn stored_by(&self, slots: &Arc<AnswerSlots>) -> bool {
        Arc::ptr_eq(&self.slots, slots) || *self.slots == **slots
    }

    /// Stores `v` in a slot; a slot past this table is not stored (it reads
    /// as unanswered, as an id the pack does not ask does).
    fn put_at(&mut self, slot: usize, v: Answer<Value>) {
        if slot >= self.slots.len() {
            return;
        }
        if self.values.len() <= slot {
            self.values.resize(self.slots.len(), Answer::Unanswered);
        }
        self.values[slot] = v;
    }

    /// Another firm's view of the same answers, for projecting them onto a
    /// later application year (engine/projection.rs, which resolves its
    /// slots once per pack): slot `to` takes the value `from` has in
    /// `from_slot` (unanswered past its table).
    pub fn copy_at(&mut self, to: usize, from: &Facts, from_slot: usize) {
        let v = from
            .values
            .get(from_slot)
            .cloned()
            .unwrap_or(Answer::Unanswered);
        self.put_at(to, v);
    }

    /// The answer stored in a slot, kept to be put back with
    /// [`Facts::restore_at`] (a title date placed for one tier's plan).
    pub fn stored_at(&self, slot: usize) -> Stored {
        Stored(self.values.get(slot).cloned().unwrap_or(Answer::Unanswered))
    }

    /// Puts back what [`Facts::stored_at`] kept of a slot.
    pub fn restore_at(&mut self, slot: usize, stored: Stored) {
        self.put_at(slot, stored.0);
    }

    /// Makes an answer unknown (a fiscal year not yet ended).
    pub fn forget_at(&mut self, slot: usize) {
        self.put_at(slot, Answer::Unknown);
    }

    /// Sets a 是/否 answer (a window that time has cleared).
    pub fn set_yesno_at(&mut self, slot: usize, v: bool) {
        self.put_at(slot, Answer::Value(Value::YesNo(v)));
    }

    /// Sets a date answer (a title obtained by plan, or renewed).
    pub fn set_date_at(&mut self, slot: usize, d: Option<Date>) {
        self.put_at(slot, Answer::Value(Value::Date(d)));
    }

    /// Whether the question was left empty (not 不清楚).
    pub fn unanswered(&self, id: &str) -> bool {
        matches!(self.get(id), Some(Answer::Unanswered) | None)
    }
}

/// One non-empty, non-不清楚 answer of question `def`, typed by its kind;
/// Err is the zh-CN message naming the field and the fix.
fn read_one(
    pack: &Pack,
    def: &InputDef,
    id: &str,
    typed: &str,
    date_end: &mut Option<Date>,
) -> Result<Answer<Value>, String> {
    let label = || def.label_of(id);
    match def.kind {
        InputKind::Yesno => match yesno_of(typed) {
            Ok(a) => Ok(lift(a, Value::YesNo)),
            Err(t) => Err(format!(
                "「{}」请答“是”“否”或“不清楚”，现在是“{t}”。",
                label()
            )),
        },
        InputKind::Choice => match choice_of(pack, Some(def), typed) {
            Ok(a) => Ok(lift(a, |c| Value::Choice(c.into()))),
            Err(t) => {
                let hint = if def.options_from.is_some() {
                    format!(
                        "请从 {} 个行业中选择（填行业代码如 industrial，或行业名称如“工业”）",
                        pack.size_class.industries.len()
                    )
                } else {
                    let names: Vec<&str> = def.options.iter().map(|o| o.value.as_str()).collect();
                    format!("可选：{}", names.join("、"))
                };
                Err(format!("「{}」没有“{t}”这一项，{hint}。", label()))
            }
        },
        InputKind::Date => {
            let period = Date::parse_period(typed);
            if let Some((_, end)) = period {
                *date_end = Some(end);
            }
            match typed {
                NONE_WORD => Ok(Answer::Value(Value::Date(None))),
                t => match Date::parse(t) {
                    // A title's date typed to the month only (2024-05): its
                    // validity counts from the month's last day, the latest
                    // it can be (Facts::read warns and asks for the day).
                    Some(d) if is_title_date(pack, &def.id) => Ok(Answer::Value(Value::Date(
                        Some(partial_last_day(period).unwrap_or(d)),
                    ))),
                    Some(d) => Ok(Answer::Value(Value::Date(Some(d)))),
                    None => Err(format!(
                        "「{}」请写成 YYYY-MM 或 YYYY-MM-DD（如 2019-03），尚未发生填“无”，现在是“{typed}”。",
                        label()
                    )),
                },
            }
        }
        _ => number_of(Some(def), id, typed)
            .map(|a| lift(a, Value::Number))
            .map_err(|e| e.message),
    }
}

/// For a date typed without its day (2024-05, or 2024): the period's last
/// day; None for a full date.
fn partial_last_day(period: Option<(Date, Date)>) -> Option<Date> {
    let (first, end) = period?;
    let last = if end.day > 1 {
        Date::new(end.year, end.month, end.day - 1)
    } else if end.month > 1 {
        Date::new(
            end.year,
            end.month - 1,
            crate::date::days_in_month(end.year, end.month - 1),
        )
    } else {
        Date::new(end.year - 1, 12, 31)
    };
    (last != first).then_some(last)
}

/// The day a title's date typed without its day (2024-05) counts from:
/// the period's last day. None for a full date or another question.
pub fn title_date_counted(pack: &Pack, input: &str, typed: &str) -> Option<Date> {
    if !is_title_date(pack, input) {
        return None;
    }
    partial_last_day(Date::parse_period(typed))
}

/// Whether `input` is the date a tier's title was obtained (tiers.toml
/// `title_input`): its validity counts from it.
fn is_title_date(pack: &Pack, input: &str) -> bool {
    pack.tiers
        .iter()
        .any(|t| t.title_input.as_deref() == Some(input))
}

/// A parsed answer as a typed value.
fn lift<T>(parsed: Answer<T>, wrap: impl Fn(T) -> Value) -> Answer<Value> {
    match parsed {
        Answer::Value(v) => Answer::Value(wrap(v)),
        Answer::Unanswered => Answer::Unanswered,
        Answer::Unknown => Answer::Unknown,
    }
}

/// One stored answer as `T`: a value of another type reads as unknown
/// (the question's kind is fixed by the pack, so that is a caller's slip),
/// a missing one as unanswered. Shared by the by-id and by-slot readers.
fn typed<T>(a: Option<&Answer<Value>>, f: impl Fn(&Value) -> Option<T>) -> Answer<T> {
    match a {
        Some(Answer::Value(v)) => f(v).map(Answer::Value).unwrap_or(Answer::Unknown),
        Some(Answer::Unanswered) | None => Answer::Unanswered,
        Some(Answer::Unknown) => Answer::Unknown,
    }
}

#[cfg(test)]
pub(crate) mod tests {
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

    /// Facts of an answers file's JSON text, or of (id, text) pairs: for
    /// the tests of the layers above, which never read answers themselves.
    pub(crate) fn from_json(pack: &Pack, json: &str, date: Date) -> Facts {
        Facts::read(pack, &AnswersFile::from_json(json).unwrap(), date)
    }

    pub(crate) fn from_pairs(pack: &Pack, pairs: &[(&str, &str)], date: Date) -> Facts {
        let mut a = AnswersFile::new();
        for (id, text) in pairs {
            a.set(id, *text);
        }
        Facts::read(pack, &a, date)
    }

    /// The cross-field and date checks come out of the same reading, each
    /// naming its field, in the order the questions are asked.
    #[test]
    fn contradictions_and_implausible_values_come_from_the_one_reading() {
        let pack = Pack::national();
        let mut a = AnswersFile::new();
        a.set("operating_revenue.y1", "1000");
        a.set("main_revenue.y1", "1200");
        a.set("rd_expense.y1", "1100");
        a.set("title_specialised_date", "2030-01");
        let f = Facts::read(&pack, &a, Date::new(2026, 11, 22));
        let fields: Vec<&str> = f.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title_specialised_date", "main_revenue.y1"]);
        assert!(
            f.errors[0].message.contains("晚于评估日期"),
            "{}",
            f.errors[0].message
        );
        assert!(
            f.errors[1].message.contains("不能大于"),
            "{}",
            f.errors[1].message
        );
        assert!(f.warnings.iter().any(|w| w.field == "rd_expense.y1"));
        // The typed values stay readable: a contradiction is not an unknown.
        assert_eq!(f.num("main_revenue.y1"), Answer::Value(Dec::from(1200)));
    }
}
