//! Hostile text in every field reaches no output as markup: the standalone
//! HTML report (and its running header CSS), and the Markdown report.
//! (The batch summaries have their own test in the CLI tests.)
#![cfg(not(target_arch = "wasm32"))]

use zjtx::answers::AnswersFile;
use zjtx::date::Date;
use zjtx::report::{ReportModel, options_for, render_document, render_markdown};
use zjtx::rules::Pack;

pub const HOSTILE: &[&str] = &[
    "</style><script>alert(2)</script>",
    "</STYLE ><script>alert(3)</script>",
    "x\" } body { display: none } a { content: \"",
    "回车\r换页\u{c}换行\n结束",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(4)>",
    "[点我](javascript:alert(5)) **粗** `c` | 列 | <b>x</b> &amp;",
    "# 标题\n- 列表\n| a | b |",
    "=HYPERLINK(\"http://x\",\"y\")",
    "\\\"\\'\\\\",
    "\u{202e}反转\u{2028}行",
];

fn model(name: &str, typed: &str) -> ReportModel {
    let pack = Pack::national();
    let text = std::fs::read_to_string("tests/fixtures/firm-rd-short.json").unwrap();
    let mut answers = AnswersFile::from_json(&text).unwrap();
    answers.enterprise_name = Some(name.to_owned());
    // A number field holding hostile text: the appendix shows it as typed.
    answers.set("ip1_count", typed);
    let today = Date::parse("2026-11-22").unwrap();
    ReportModel::build(&pack, &answers, &options_for(&answers, today)).unwrap()
}

/// The text of the document's `<style>` element.
fn style_of(html: &str) -> &str {
    let start = html.find("<style>").expect("style element") + "<style>".len();
    let end = html[start..].find("</style>").expect("style end") + start;
    &html[start..end]
}

#[test]
fn html_report_holds_hostile_text_as_text() {
    for s in HOSTILE {
        let html = render_document(model(s, s), false);
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"), "script element for {s:?}");
        assert!(!lower.contains("<img"), "img element for {s:?}");
        assert!(!lower.contains("<svg"), "svg element for {s:?}");
        assert!(!lower.contains("<b>"), "b element for {s:?}");
        assert_eq!(
            lower.matches("</style").count(),
            1,
            "style closed early for {s:?}"
        );
        assert_eq!(lower.matches("<style").count(), 1, "{s:?}");
        let css = style_of(&html);
        // The running header's strings: no raw control character, and every
        // `content:` value is one string literal followed by `;`.
        assert!(
            !css.contains(['\r', '\u{c}']),
            "control character in CSS for {s:?}"
        );
        let header = &css[css.rfind("@page {").expect("running header rule")..];
        for value in header.split("content: ").skip(1) {
            let close = value[1..].find('"').expect("string closes") + 1;
            assert!(value.starts_with('"'), "{value}");
            assert!(
                value[close + 1..].starts_with(';'),
                "string closed early for {s:?}: {value}"
            );
        }
        // The name still reads right where people see it.
        if s.chars().all(|c| !c.is_control()) && !s.contains(['<', '>', '&', '"', '\'']) {
            assert!(html.contains(s), "name shown as typed: {s:?}");
        }
    }
}

#[test]
fn html_report_shows_markup_characters_as_text() {
    let html = render_document(model("<b>黔东</b> & Co", "1"), false);
    assert!(
        html.contains("&lt;b&gt;黔东&lt;/b&gt; &amp; Co"),
        "title/cover escape"
    );
}

/// Whether `text` holds one of `chars` without a backslash before it.
fn bare(text: &str, chars: &str) -> bool {
    text.char_indices()
        .any(|(i, c)| chars.contains(c) && !text[..i].ends_with('\\'))
}

#[test]
fn markdown_report_holds_hostile_text_as_text() {
    for s in HOSTILE {
        let md = render_markdown(&model(s, s));
        let name_line = md
            .lines()
            .find(|l| l.starts_with("- 企业名称："))
            .expect("name line");
        let name = &name_line["- 企业名称：".len()..];
        // Markup characters in the name are all backslash-escaped.
        assert!(
            !bare(name, "<>[]|`*_#!&"),
            "unescaped markup in name {name:?}"
        );
        // Nothing from the name or the answer starts a line of its own.
        for l in md.lines() {
            assert!(
                !l.starts_with("# 标题") && !l.starts_with("- 列表") && !l.starts_with("| a |"),
                "{l}"
            );
            for tag in ["<script", "<img", "<svg", "<b>", "</style"] {
                let raw = l.match_indices(tag).any(|(i, _)| !l[..i].ends_with('\\'));
                assert!(!raw, "raw HTML in {l}");
            }
        }
        // The appendix row with the hostile answer stays one table row of two cells.
        let row = md
            .lines()
            .find(|l| l.contains("（无法读取）"))
            .expect("appendix row");
        let cells = row
            .char_indices()
            .filter(|&(i, c)| c == '|' && !row[..i].ends_with('\\'))
            .count();
        assert_eq!(cells, 3, "{row}");
    }
}
