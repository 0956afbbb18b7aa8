//! 附：填报数据 — the answers given, 不清楚 shown as such.

use super::ReportModel;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AppendixProps {
    pub model: Rc<ReportModel>,
}

#[function_component(Appendix)]
pub fn appendix(props: &AppendixProps) -> Html {
    let m = &props.model;
    html! {
        <section class="rpt-section rpt-appendix rpt-detail">
            <h2>{"附：填报数据"}</h2>
            // Two columns of label and value: the answers are short, a
            // one-column table printed them over three pages.
            <dl class="rpt-answers">
                { for m.answers.iter().map(|row| html!{
                    <div key={row.id.clone()} class="rpt-answer">
                        <dt>{ super::years::name_years(&row.label, m.assessment.date.year) }</dt>
                        <dd class={classes!(row.is_unknown.then_some("rpt-unknown"))}>{ &row.shown }</dd>
                    </div>
                }) }
            </dl>
            if m.unanswered > 0 {
                <p class="rpt-note">{ format!("另有 {} 项未填写，按未知处理。", m.unanswered) }</p>
            }
        </section>
    }
}
