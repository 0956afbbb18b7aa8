//! 核对填报 (GOV.UK check-your-answers): every answer by page, with a 修改
//! link back to its field, and every problem listed before the report.

use super::ErrorSummary;
use super::page::page_of;
use crate::answers::FieldError;
use crate::questionnaire::{Msg, Questionnaire, View, pages};
use crate::report::AnswerRow;
use crate::rules::Pack;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CheckProps {
    pub pack: Rc<Pack>,
    pub q: Rc<Questionnaire>,
    /// The answers as shown (`report::answer_rows`): not the whole report
    /// model, whose plans live in the report module (loaded on demand).
    pub rows: Rc<Vec<AnswerRow>>,
    /// Questions asked and still empty.
    pub unanswered: usize,
    pub errors: Rc<Vec<FieldError>>,
    pub send: Callback<Msg>,
}

#[function_component(Check)]
pub fn check(p: &CheckProps) -> Html {
    let mut errors = p.errors.clone();
    if let Some(text) = &p.q.bad_date {
        let now = match text.trim() {
            "" => "现在空着".to_owned(),
            t => format!("现在是“{t}”"),
        };
        let mut all = vec![FieldError {
            field: "assessment_date".to_owned(),
            message: format!(
                "「评估日期」应写成 2026-11-30 这样的日期，{now}；仍按 {} 评估。",
                p.q.answers
                    .assessment_date
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "今天".to_owned())
            ),
        }];
        all.extend(errors.iter().cloned());
        errors = Rc::new(all);
    }
    let rows = &p.rows;
    html! {
        <>
            if !errors.is_empty() {
                <ErrorSummary pack={p.pack.clone()} {errors} send={p.send.clone()} view={View::Check} />
            }
            <h2 class="zjtx-page-title" data-step-heading="" tabindex="-1">{"核对填报"}</h2>
            <p class="zjtx-lead">{ format!("已填写 {} 项，另有 {} 项未填写（按未知处理，结论会显示为可能的范围）。", rows.len(), p.unanswered) }</p>
            { for pages(&p.pack).into_iter().enumerate().map(|(i, page)| {
                let mine: Vec<_> = rows.iter().filter(|r| r.page == page).collect();
                html! {
                    <section class="zjtx-summary" key={page.to_owned()}>
                        <h3>{ page }</h3>
                        if mine.is_empty() {
                            <p class="zjtx-help">{"本页尚未填写。"}
                                <button type="button" class="zjtx-link" onclick={p.send.reform(move |_: MouseEvent| Msg::Go(View::Page(i)))}>{ format!("去填写“{page}”") }</button>
                            </p>
                        } else {
                            <dl class="zjtx-summary-list">
                                { for mine.into_iter().map(|row| {
                                    let view = View::Page(page_of(&p.pack, &row.id).unwrap_or(i));
                                    let field = row.id.clone();
                                    let edit = p.send.reform(move |_: MouseEvent| Msg::Edit { view, field: field.clone() });
                                    html! {
                                        <div class="zjtx-summary-row" key={row.id.clone()}>
                                            <dt>{ &row.label }</dt>
                                            <dd class={classes!(row.is_unknown.then_some("zjtx-unknown-value"))}>{ &row.shown }</dd>
                                            <dd class="zjtx-summary-action">
                                                <button type="button" class="zjtx-link" onclick={edit}>
                                                    {"修改"}<span class="zjtx-visually-hidden">{ format!("：{}", row.label) }</span>
                                                </button>
                                            </dd>
                                        </div>
                                    }
                                }) }
                            </dl>
                        }
                    </section>
                }
            }) }
        </>
    }
}
