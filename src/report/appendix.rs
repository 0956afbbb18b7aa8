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
            <table class="rpt-table">
                <thead><tr><th scope="col">{"项目"}</th><th scope="col">{"填报值"}</th></tr></thead>
                <tbody>
                    { for m.answers.iter().map(|row| html!{
                        <tr key={row.id.clone()}>
                            <th scope="row">{ &row.label }</th>
                            <td class={classes!(row.is_unknown.then_some("rpt-unknown"))}>{ &row.shown }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if m.unanswered > 0 {
                <p class="rpt-note">{ format!("另有 {} 项未填写，按未知处理。", m.unanswered) }</p>
            }
        </section>
    }
}
