//! The live ladder beside the form: the size class and each tier's verdict,
//! with the one or two criteria (or unknown answers) that stand in the way.
//! Updates on every keystroke.

use crate::engine::assess::TierResult;
use crate::engine::{Assessment, Verdict};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LivePanelProps {
    /// The assessment only: the report model (plans over several years)
    /// is built when the report is opened, not on every keystroke.
    pub assessment: Rc<Assessment>,
}

#[function_component(LivePanel)]
pub fn live_panel(p: &LivePanelProps) -> Html {
    let a = &*p.assessment;
    let errors = Rc::new(a.errors.clone());
    html! {
        <aside class="zjtx-live" aria-labelledby="zjtx-live-title" part="live">
            <h2 id="zjtx-live-title" class="zjtx-live-title">{"当前结果"}</h2>
            <div aria-live="polite">
                { match &a.size.verdict {
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
                <h3 class="zjtx-ladder-title">{"梯度路线"}</h3>
                <ol class="zjtx-ladder">
                    { for a.tiers.iter().map(|t| html!{ <Rung key={t.label.clone()} tier={Rc::new(t.clone())} errors={errors.clone()} /> }) }
                </ol>
            </div>
        </aside>
    }
}

/// On a phone the full panel sits below the whole form: this one-line
/// summary stays in view at the foot of the screen (CSS shows it only when
/// the widget is narrow). Screen readers get the full panel's live region.
#[function_component(LiveCompact)]
pub fn live_compact(p: &LivePanelProps) -> Html {
    let a = &*p.assessment;
    let size = a
        .size
        .verdict
        .as_ref()
        .map(|v| v.headline())
        .unwrap_or_else(|| "规模待定".into());
    let tiers: Vec<String> = a
        .tiers
        .iter()
        .map(|t| format!("{}：{}", t.label, t.verdict.label()))
        .collect();
    html! {
        <div class="zjtx-live-compact" aria-hidden="true" part="live-compact">
            <strong>{ size }</strong>
            { for tiers.iter().map(|t| html!{ <span class="zjtx-live-compact-tier">{ t }</span> }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RungProps {
    tier: Rc<TierResult>,
    /// The answers that could not be read (their fields show why).
    errors: Rc<Vec<crate::answers::FieldError>>,
}

#[function_component(Rung)]
fn rung(rp: &RungProps) -> Html {
    let p = rp;
    let t = &p.tier;
    let class = match t.verdict {
        Verdict::Qualifies => "zjtx-rung--yes",
        Verdict::QualifiesToVerify => "zjtx-rung--verify",
        Verdict::NotQualified => "zjtx-rung--no",
        Verdict::Doubtful => "zjtx-rung--verify",
        Verdict::Undetermined => "zjtx-rung--open",
        Verdict::NotNeeded | Verdict::Held => "zjtx-rung--yes",
    };
    // The path closest to passing speaks for the tier.
    let best = t.paths.iter().max_by_key(|p| p.verdict);
    let blockers: Vec<String> = match (t.verdict, best) {
        (Verdict::NotQualified, Some(p)) => p
            .failed()
            .take(2)
            .map(|c| format!("未满足：{}", c.title))
            .collect(),
        (Verdict::Undetermined, Some(p)) => {
            // An answer typed but refused (a negative number) is named with
            // its error, not as one still to fill in.
            let (wrong, blank): (Vec<_>, Vec<_>) = p
                .deciding
                .iter()
                .take(2)
                .partition(|d| p_errors(&rp.errors, &d.input).is_some());
            let mut out: Vec<String> = wrong
                .iter()
                .filter_map(|d| p_errors(&rp.errors, &d.input))
                .map(|m| format!("请改正：{m}"))
                .collect();
            if !blank.is_empty() {
                let names: Vec<&str> = blank.iter().map(|d| d.label.as_str()).collect();
                out.push(format!("还需填写：{}", names.join("、")));
            }
            out
        }
        _ => vec![],
    };
    html! {
        <li class={classes!("zjtx-rung", class)} data-testid={format!("rung-{:?}", t.tier)}>
            <span class="zjtx-rung-name">{ &t.label }</span>
            <span class="zjtx-rung-verdict">{ t.verdict.label() }</span>
            if !blockers.is_empty() {
                <ul class="zjtx-rung-blockers">{ for blockers.iter().map(|b| html!{ <li key={b.clone()}>{ b }</li> }) }</ul>
            }
        </li>
    }
}

/// The error of answer `input`, when it could not be read.
fn p_errors<'e>(errors: &'e [crate::answers::FieldError], input: &str) -> Option<&'e str> {
    errors
        .iter()
        .find(|e| e.field == input)
        .map(|e| e.message.as_str())
}
