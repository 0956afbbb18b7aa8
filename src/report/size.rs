//! 企业规模划型 section: verdict, reason, each check, the clause.

use super::years::name_years;
use crate::engine::Truth;
use crate::engine::size_class::{Check, SizeVerdict};
use yew::prelude::*;

/// The section's content (a view function: see `tier::tier_section`);
/// `year` is the assessment year, for naming 上年度 / 上年末 in the checks.
pub fn size_section(v: &SizeVerdict, year: i32) -> Html {
    let state = if v.determined().is_some() {
        "rpt-verdict--decided"
    } else {
        "rpt-verdict--open"
    };
    let rows = v
        .ceiling_checks
        .iter()
        .map(|c| ("中小微型上限（或）", c))
        .chain(v.medium_checks.iter().map(|c| ("中型下限（且）", c)))
        .chain(v.small_checks.iter().map(|c| ("小型下限（且）", c)));
    html! {
        <>
            <p class={classes!("rpt-verdict", state)}>
                <span class="rpt-verdict-label">{"划型结果："}</span>
                <strong data-testid="size-verdict">{ v.headline() }</strong>
                <span class="rpt-verdict-industry">{ format!("（{}）", v.industry_name) }</span>
            </p>
            <p class="rpt-reason">{ name_years(&v.reason(), year) }</p>
            <table class="rpt-table rpt-checks">
                <caption>{ format!("{} {}：逐项比对", v.document, v.clause) }</caption>
                <thead>
                    <tr><th scope="col">{"条件"}</th><th scope="col">{"比对"}</th><th scope="col">{"结果"}</th></tr>
                </thead>
                <tbody>
                    { for rows.enumerate().map(|(i, (group, c))| check_row(i, group, c, year)) }
                </tbody>
            </table>
            <blockquote class="rpt-clause">
                <p>{ &v.clause_text }</p>
                <footer>
                    <cite>{ format!("《中小企业划型标准规定》（{}）{}", v.document, v.clause) }</cite>
                    <span class="rpt-grade">{ format!("可信度 {}", v.grade.label()) }</span>
                </footer>
            </blockquote>
        </>
    }
}

fn check_row(i: usize, group: &'static str, c: &Check, year: i32) -> Html {
    html! {
        <tr key={i}>
            <td>{ group }</td>
            <td>{ name_years(&c.describe(), year) }</td>
            <td class={truth_class(c.holds)}>{ truth_mark(c.holds) }</td>
        </tr>
    }
}

pub(crate) fn truth_class(t: Truth) -> &'static str {
    match t {
        Truth::Yes => "rpt-yes",
        Truth::No => "rpt-no",
        Truth::Unknown => "rpt-unknown",
    }
}

/// The mark is text as well as colour, so it survives black-and-white print.
pub(crate) fn truth_mark(t: Truth) -> &'static str {
    match t {
        Truth::Yes => "✓ 满足",
        Truth::No => "✗ 不满足",
        Truth::Unknown => "？ 未知",
    }
}
