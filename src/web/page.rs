//! One questionnaire page: its questions from the pack, errors first.

use super::ErrorSummary;
use super::fields::{Basics, Field};
use crate::answers::FieldError;
use crate::questionnaire::{Msg, Questionnaire, asked_page_questions};
use crate::rules::{Application, InputDef, Metric, Pack};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PageProps {
    pub pack: Rc<Pack>,
    pub page: AttrValue,
    pub first: bool,
    pub q: Rc<Questionnaire>,
    pub errors: Rc<Vec<FieldError>>,
    pub warnings: Rc<Vec<FieldError>>,
    pub send: Callback<Msg>,
    /// 评估日期: which standards apply, so which questions are asked.
    pub date: crate::date::Date,
}

#[function_component(Page)]
pub fn page(p: &PageProps) -> Html {
    // One shared copy of each question per pack: a field's props then
    // compare equal from keystroke to keystroke, so only the field that
    // changed re-renders.
    let defs = use_memo(p.pack.clone(), |pack| {
        pack.inputs
            .iter()
            .map(|d| (d.id.clone(), Rc::new(d.clone())))
            .collect::<std::collections::HashMap<String, Rc<InputDef>>>()
    });
    let q = &p.q;
    let application = q.answers.application.unwrap_or(Application::New);
    // Only what a standard in force reads, and what its show_if still asks.
    let mut questions = asked_page_questions(&p.pack, &p.page, &q.answers, p.date, application);
    // The first page also asks the size measures the chosen industry reads,
    // so the size class shows at once (资产总额 only where 300号 uses it).
    let mut size_questions = Vec::new();
    if p.first {
        let metrics = match p.pack.size_class.industry(q.answers.typed("industry")) {
            Some(ind) => ind.metrics(),
            None => vec![Metric::Employees, Metric::OperatingRevenue],
        };
        for m in metrics {
            if let Some(def) = p.pack.input(m.input_id()) {
                size_questions.push((m.input_id().to_owned(), def));
            }
        }
        questions.retain(|(id, _)| !size_questions.iter().any(|(s, _)| s == id));
    }
    let on_page: Vec<&String> = questions
        .iter()
        .chain(size_questions.iter())
        .map(|(id, _)| id)
        .collect();
    let errors: Vec<FieldError> = p
        .errors
        .iter()
        .filter(|e| on_page.contains(&&e.field))
        .cloned()
        .collect();
    let field = |(id, def): &(String, &InputDef)| {
        let error = p
            .errors
            .iter()
            .find(|e| &e.field == id)
            .map(|e| AttrValue::from(e.message.clone()));
        let warning = p
            .warnings
            .iter()
            .find(|e| &e.field == id)
            .map(|e| AttrValue::from(e.message.clone()));
        html! {
            <Field key={id.clone()} answer_id={id.clone()}
                def={defs.get(&def.id).cloned().unwrap_or_else(|| Rc::new((*def).clone()))}
                text={q.shown_text(id).to_owned()} unknown={q.is_unknown(id)}
                {error} {warning} send={p.send.clone()} pack={p.pack.clone()} />
        }
    };
    html! {
        <>
            if !errors.is_empty() {
                <ErrorSummary pack={p.pack.clone()} errors={Rc::new(errors)} send={p.send.clone()} view={q.view} />
            }
            <fieldset class="zjtx-fieldset">
                <legend class="zjtx-visually-hidden">{ p.page.clone() }</legend>
                if p.first {
                    <Basics
                        help={Rc::new(p.pack.basics_help.clone())}
                        name={q.answers.enterprise_name.clone().unwrap_or_default()}
                        date={q.answers.assessment_date.unwrap_or(p.date).to_string()}
                        application={application}
                        send={p.send.clone()} />
                }
                { for questions.iter().map(field) }
            </fieldset>
            if !size_questions.is_empty() {
                <fieldset class="zjtx-fieldset">
                    <legend>{"企业规模（用于划型）"}</legend>
                    { for size_questions.iter().map(field) }
                </fieldset>
            }
        </>
    }
}

/// Where a field lives, for links from the summary and the check page.
pub fn page_of(pack: &Pack, answer_id: &str) -> Option<usize> {
    let def = pack.input(answer_id)?;
    crate::questionnaire::pages(pack)
        .iter()
        .position(|p| *p == def.page)
}
