//! The progress indicator above the form and 上一步 / 下一步 below it.

use crate::questionnaire::{Msg, View};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StepsProps {
    pub pages: Rc<Vec<String>>,
    pub view: View,
    pub send: Callback<Msg>,
}

/// The progress indicator: every step, the current one marked, each a button.
#[function_component(Steps)]
pub fn steps(p: &StepsProps) -> Html {
    let n = p.pages.len();
    let current = match p.view {
        View::Page(i) => i,
        View::Check => n,
        View::Report => n + 1,
    };
    let names = p
        .pages
        .iter()
        .cloned()
        .chain(["核对填报".to_owned(), "查看报告".to_owned()]);
    html! {
        <nav class="zjtx-steps" aria-label="填报步骤">
            <p class="zjtx-steps-now">{ format!("第 {} 步，共 {} 步", current + 1, n + 2) }</p>
            <ol>
                { for names.enumerate().map(|(i, name)| {
                    let view = if i < n { View::Page(i) } else if i == n { View::Check } else { View::Report };
                    html! {
                        <li key={i} class={classes!("zjtx-step", (i == current).then_some("zjtx-step--current"))}>
                            <button type="button" class="zjtx-step-button" aria-current={(i == current).then_some("step")}
                                onclick={p.send.reform(move |_: MouseEvent| Msg::Go(view))}>
                                <span class="zjtx-step-number">{ i + 1 }</span>{ name }
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    }
}

#[derive(Properties, PartialEq)]
pub struct NavProps {
    pub pages: usize,
    pub view: View,
    pub send: Callback<Msg>,
}

/// 上一步 / 下一步 at the foot of every page.
#[function_component(Nav)]
pub fn nav(p: &NavProps) -> Html {
    let (back, next, next_label) = match p.view {
        View::Page(0) => (None, View::Page(1), "下一步"),
        View::Page(i) if i + 1 < p.pages => (Some(View::Page(i - 1)), View::Page(i + 1), "下一步"),
        View::Page(i) => (
            Some(View::Page(i.saturating_sub(1))),
            View::Check,
            "下一步：核对填报",
        ),
        View::Check => (Some(View::Page(p.pages - 1)), View::Report, "查看报告"),
        View::Report => (Some(View::Check), View::Report, ""),
    };
    html! {
        <div class="zjtx-actions">
            if let Some(back) = back {
                <button type="button" class="zjtx-button" onclick={p.send.reform(move |_: MouseEvent| Msg::Go(back))}>{"上一步"}</button>
            }
            <button type="button" class="zjtx-button zjtx-button--primary" onclick={p.send.reform(move |_: MouseEvent| Msg::Go(next))}>{ next_label }</button>
        </div>
    }
}
