//! The live verdict beside the form: updates on every keystroke.

use crate::report::ReportModel;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LivePanelProps {
    pub model: Rc<ReportModel>,
}

#[function_component(LivePanel)]
pub fn live_panel(p: &LivePanelProps) -> Html {
    html! {
        <aside class="zjtx-live" aria-labelledby="zjtx-live-title">
            <h2 id="zjtx-live-title" class="zjtx-live-title">{"当前结果"}</h2>
            <div aria-live="polite">
                { match &p.model.assessment.size.verdict {
                    None => html!{ <p class="zjtx-live-empty">{"选择所属行业后显示划型结果。"}</p> },
                    Some(v) => html!{
                        <>
                            <p class={classes!("zjtx-live-verdict", v.determined().is_none().then_some("zjtx-live-verdict--open"))}
                               data-testid="live-verdict">{ v.headline() }</p>
                            <p class="zjtx-live-reason">{ v.reason() }</p>
                            <p class="zjtx-live-clause">
                                <span class="zjtx-live-cite">{ format!("依据：{} {}", v.document, v.clause) }</span>
                                { &v.clause_text }
                            </p>
                            <p class="zjtx-live-grade">{ format!("可信度 {}", v.grade.label()) }</p>
                        </>
                    },
                } }
            </div>
        </aside>
    }
}
