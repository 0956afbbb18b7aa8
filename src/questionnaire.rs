//! The questionnaire's state and the messages that change it. Pure data, so
//! it is tested natively and serialises straight to the answers file
//! ([`AnswersFile`]): the form holds exactly what the person typed.

use crate::answers::{AnswersFile, UNKNOWN};
use crate::date::Date;
use crate::rules::{Application, InputDef, Pack};
use std::collections::BTreeMap;

/// Where the person is: a questionnaire page (one topic each), the
/// check-your-answers page, or the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Page(usize),
    Check,
    Report,
}

/// The questionnaire's pages: the pack's input pages, in first-use order.
pub fn pages(pack: &Pack) -> Vec<&str> {
    let mut pages: Vec<&str> = Vec::new();
    for def in &pack.inputs {
        if !pages.contains(&def.page.as_str()) {
            pages.push(&def.page);
        }
    }
    pages
}

/// The answers a page asks, in order: every year of a per-year question,
/// except years asked only for 复核 (e.g. last year's platform score) when
/// the firm applies anew.
pub fn page_questions<'p>(
    pack: &'p Pack,
    page: &str,
    application: Application,
) -> Vec<(String, &'p InputDef)> {
    pack.inputs
        .iter()
        .filter(|d| d.page == page)
        .flat_map(|d| {
            let ids = d.answer_ids();
            let asked = match (application, d.new_years) {
                (Application::New, Some(n)) => usize::from(n),
                _ => ids.len(),
            };
            ids.into_iter().take(asked).map(move |id| (id, d))
        })
        .collect()
}

/// Whether a question is asked of this firm on `date`: some rule set that
/// reads it (`asked_by`) applies then, and its `show_if` holds on the
/// answers so far (an unknown answer asks it). Questions read by every
/// standard have neither and are always asked.
pub fn is_asked(
    pack: &Pack,
    def: &InputDef,
    answers: &AnswersFile,
    date: Date,
    application: Application,
) -> bool {
    Asked::new(pack, answers, date, application).asks(def)
}

/// [`is_asked`] for many questions of one firm: the answers are read into
/// facts once, on the first `show_if`, not once per question.
pub struct Asked<'a> {
    pack: &'a Pack,
    answers: &'a AnswersFile,
    date: Date,
    application: Application,
    facts: std::cell::OnceCell<crate::facts::Facts>,
}

impl<'a> Asked<'a> {
    pub fn new(
        pack: &'a Pack,
        answers: &'a AnswersFile,
        date: Date,
        application: Application,
    ) -> Self {
        Asked {
            pack,
            answers,
            date,
            application,
            facts: std::cell::OnceCell::new(),
        }
    }

    pub fn asks(&self, def: &InputDef) -> bool {
        use crate::engine::Truth;
        use crate::engine::assess::select;
        use crate::engine::context::Ctx;
        use crate::engine::evaluate::{Mode, ScoreGate};
        let pack = self.pack;
        let read_now = def.asked_by.is_empty()
            || pack.tiers.iter().any(|t| {
                select(pack, t.id, self.date, self.application)
                    .iter()
                    .any(|(rs, _)| def.asked_by.contains(&rs.meta.id))
            });
        if !read_now {
            return false;
        }
        let Some(cond) = &def.show_if else {
            return true;
        };
        let Ok((settings, _)) =
            crate::engine::settings::Settings::resolve(pack, &self.answers.settings)
        else {
            return true;
        };
        let facts = self
            .facts
            .get_or_init(|| crate::facts::Facts::read(pack, self.answers, self.date));
        let ctx = Ctx::new(pack, facts, self.date, self.application, settings);
        ctx.eval(cond, Mode::Clause, &ScoreGate::default()).0 != Truth::No
    }
}

/// Like [`page_questions`], only the questions [`is_asked`] of this firm.
pub fn asked_page_questions<'p>(
    pack: &'p Pack,
    page: &str,
    answers: &AnswersFile,
    date: Date,
    application: Application,
) -> Vec<(String, &'p InputDef)> {
    let asked = Asked::new(pack, answers, date, application);
    page_questions(pack, page, application)
        .into_iter()
        .filter(|(_, d)| asked.asks(d))
        .collect()
}

#[derive(Clone, Debug, PartialEq)]
pub struct Questionnaire {
    pub answers: AnswersFile,
    /// Text typed before the person ticked 不清楚, restored when they untick
    /// it: nothing typed is ever dropped.
    stash: BTreeMap<String, String>,
    pub view: View,
    /// The answer whose field should take focus after the next render
    /// (an error-summary link or a 修改 link).
    pub focus: Option<String>,
    /// 评估日期 as last typed when it does not read as a date (the last good
    /// date stays in force): the 核对填报 error summary names it.
    pub bad_date: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// The text of a field changed.
    Typed {
        id: String,
        text: String,
    },
    /// The 不清楚 box of a field was ticked or cleared.
    Unknown {
        id: String,
        unknown: bool,
    },
    EnterpriseName(String),
    Application(Application),
    /// 评估日期 as the date field gives it (YYYY-MM-DD, or empty for today).
    AssessmentDate(String),
    Setting {
        id: String,
        value: String,
    },
    Go(View),
    /// Go to a page and put the cursor in one field.
    Edit {
        view: View,
        field: String,
    },
    /// Another saved assessment (or an imported file) replaces this one.
    Replace(AnswersFile),
}

impl Default for Questionnaire {
    fn default() -> Self {
        Questionnaire {
            answers: AnswersFile::new(),
            stash: BTreeMap::new(),
            view: View::Page(0),
            focus: None,
            bad_date: None,
        }
    }
}

impl Questionnaire {
    pub fn update(&mut self, msg: Msg) {
        if !matches!(msg, Msg::Edit { .. }) {
            self.focus = None;
        }
        match msg {
            Msg::Typed { id, text } => self.answers.set(&id, text),
            Msg::Unknown { id, unknown: true } => {
                let typed = self.answers.typed(&id).to_owned();
                if typed != UNKNOWN {
                    self.stash.insert(id.clone(), typed);
                }
                self.answers.set(&id, UNKNOWN);
            }
            Msg::Unknown { id, unknown: false } => {
                let restored = self.stash.remove(&id).unwrap_or_default();
                self.answers.set(&id, restored);
            }
            Msg::EnterpriseName(name) => self.answers.enterprise_name = Some(name),
            Msg::Application(a) => self.answers.application = Some(a),
            // A date that does not read keeps the last good one: clearing
            // it would silently switch the standards to today's.
            Msg::AssessmentDate(text) => {
                self.bad_date = match Date::parse(text.trim()) {
                    Some(d) => {
                        self.answers.assessment_date = Some(d);
                        None
                    }
                    None => Some(text),
                };
            }
            Msg::Setting { id, value } => {
                self.answers.settings.insert(id, value);
            }
            Msg::Go(view) => {
                self.view = view;
                self.focus = None;
            }
            Msg::Edit { view, field } => {
                self.view = view;
                self.focus = Some(field);
            }
            Msg::Replace(answers) => {
                *self = Questionnaire {
                    answers,
                    ..Questionnaire::default()
                }
            }
        }
    }

    pub fn is_unknown(&self, id: &str) -> bool {
        self.answers.typed(id).trim() == UNKNOWN
    }

    /// What the text box shows: the typed text, or the stashed text while
    /// the field is marked 不清楚.
    pub fn shown_text(&self, id: &str) -> &str {
        if self.is_unknown(id) {
            self.stash.get(id).map(String::as_str).unwrap_or("")
        } else {
            self.answers.typed(id)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keeps_typed_text() {
        let mut q = Questionnaire::default();
        q.update(Msg::Typed {
            id: "employees".into(),
            text: "12a".into(),
        });
        q.update(Msg::Unknown {
            id: "employees".into(),
            unknown: true,
        });
        assert!(q.is_unknown("employees"));
        assert_eq!(q.shown_text("employees"), "12a");
        q.update(Msg::Unknown {
            id: "employees".into(),
            unknown: false,
        });
        assert_eq!(q.answers.typed("employees"), "12a");
    }

    #[test]
    fn questions_of_a_standard_are_asked_only_while_it_applies() {
        let pack = Pack::national();
        let mut a = AnswersFile::new();
        let def = |id: &str| pack.input(id).unwrap();
        let before = Date::new(2026, 3, 31);
        let from = Date::new(2026, 4, 1);
        // 115号 counts for the first tier from 2026-04-01 only.
        for id in [
            "employees_avg",
            "tech_staff",
            "cost_total",
            "tax_audit_collection",
            "research_misconduct_date",
        ] {
            assert!(
                !is_asked(&pack, def(id), &a, before, Application::New),
                "{id}"
            );
            assert!(is_asked(&pack, def(id), &a, from, Application::New), "{id}");
            assert!(
                is_asked(&pack, def(id), &a, from, Application::Renewal),
                "{id}"
            );
        }
        // Read by every standard: always asked.
        assert!(is_asked(
            &pack,
            def("employees"),
            &a,
            before,
            Application::New
        ));
        // Tobacco / entertainment: only where the industry leaves it open.
        let other = def("excluded_industry_other");
        assert!(
            is_asked(&pack, other, &a, from, Application::New),
            "industry unknown"
        );
        a.set("industry", "industrial");
        assert!(is_asked(&pack, other, &a, from, Application::New));
        a.set("industry", "软件和信息技术服务业");
        assert!(!is_asked(&pack, other, &a, from, Application::New));
        a.set("industry", "other");
        assert!(!is_asked(&pack, other, &a, before, Application::New));
        let people: Vec<String> = asked_page_questions(&pack, "人员", &a, before, Application::New)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert!(
            people.contains(&"employees".to_owned())
                && !people.contains(&"employees_avg".to_owned())
        );
    }

    #[test]
    fn state_serialises_to_answers_file() {
        let mut q = Questionnaire::default();
        q.update(Msg::Typed {
            id: "industry".into(),
            text: "industrial".into(),
        });
        q.update(Msg::Typed {
            id: "employees".into(),
            text: "999".into(),
        });
        let back = AnswersFile::from_json(&q.answers.to_json()).unwrap();
        assert_eq!(back, q.answers);
    }
}
