//! The one escaping path per output context. Text a person typed (the
//! enterprise name, answers, file names) reaches an output only through the
//! function for that output's context:
//!
//! | context | function | what it guarantees |
//! |---|---|---|
//! | HTML text and attribute values | [`html`] | no `<`, `>`, `&`, `"`, `'` survive |
//! | a CSS string (`content: "…"`) | [`css_string`] | only letters, digits, CJK and `\hex ` escapes: no quote, newline or `<` can end the string, the rule or a `<style>` element |
//! | Markdown text and table cells | [`markdown`] | no markup, no raw HTML, no line or cell break |
//! | a spreadsheet cell (CSV, XLSX) | [`spreadsheet_cell`] | never read as a formula |
//!
//! Yew escapes text and attributes itself when it renders; [`html`] is for
//! the few places that write HTML by hand (the standalone document's title).

use std::borrow::Cow;
use std::fmt::Write;

/// Text for an HTML text node or a quoted attribute value.
pub fn html(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A complete, double-quoted CSS string literal holding `s`.
///
/// Every character that is not an ASCII letter or digit, a space, or a
/// non-ASCII printable character becomes a `\hex ` escape (CSS Syntax §4.3.7),
/// so the result can sit inside a `<style>` element or be handed to CSSOM
/// `insertRule` without any way to close the string, the declaration, the
/// rule or the element. Control characters (CR, LF, form feed, …) become a
/// space: a running header is one line.
pub fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
            out.push(' ');
        } else if c.is_ascii_alphanumeric() || c == ' ' || (!c.is_ascii() && !is_invisible(c)) {
            out.push(c);
        } else {
            // The trailing space ends the escape; CSS consumes it.
            let _ = write!(out, "\\{:x} ", c as u32);
        }
    }
    out.push('"');
    out
}

/// Format and bidi controls that would reorder or hide the header's text.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Text for Markdown, inside a paragraph, list item or table cell.
///
/// ASCII punctuation that Markdown (CommonMark and GFM tables) gives a
/// meaning to is backslash-escaped, so user text can make no emphasis, link,
/// image, heading, raw HTML, entity or cell break; line breaks of any kind
/// become a space, so it cannot start a block of its own.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '~' | '&' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A cell for CSV or XLSX that a spreadsheet never evaluates.
///
/// Excel, WPS and LibreOffice run a cell that starts with `=`, `+`, `-` or
/// `@` as a formula (and tab or CR before them are stripped on import), so
/// such text gets a leading apostrophe, the convention those programs show
/// as plain text (OWASP “CSV injection”). Quoting for CSV itself is the csv
/// writer's job.
pub fn spreadsheet_cell(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &[&str] = &[
        "</style><script>alert(2)</script>",
        "a\"; } body { display:none } x { content: \"",
        "line\rbreak\u{c}feed\nnew",
        "\\\"\\'",
        "<img src=x onerror=alert(1)>",
        "[点我](javascript:alert(1)) **粗** `code` | 列 |",
        "=HYPERLINK(\"http://x\")",
        "\u{202e}反转",
    ];

    #[test]
    fn html_leaves_no_markup() {
        for s in HOSTILE {
            let e = html(s);
            assert!(!e.contains(['<', '>', '"', '\'']), "{e}");
        }
        assert_eq!(html("黔东精密"), "黔东精密");
        assert_eq!(html("A&B"), "A&amp;B");
    }

    #[test]
    fn css_string_cannot_be_left() {
        for s in HOSTILE {
            let e = css_string(s);
            let inner = &e[1..e.len() - 1];
            assert!(
                !inner.contains(['"', '\'', '<', '>', '\n', '\r', '\u{c}', ';', '{', '}']),
                "{e}"
            );
            // Every backslash starts a hex escape ended by a space.
            for part in inner.split('\\').skip(1) {
                let hex: String = part.chars().take_while(|c| c.is_ascii_hexdigit()).collect();
                assert!(!hex.is_empty() && part[hex.len()..].starts_with(' '), "{e}");
            }
        }
        assert_eq!(css_string("黔东 A1"), "\"黔东 A1\"");
        assert_eq!(css_string("a\"b"), "\"a\\22 b\"");
    }

    #[test]
    fn markdown_makes_no_markup() {
        let e = markdown("[点我](javascript:alert(1)) <b>x</b> | a\nb");
        assert_eq!(
            e,
            "\\[点我\\](javascript:alert(1)) \\<b\\>x\\</b\\> \\| a b"
        );
        for s in HOSTILE {
            let e = markdown(s);
            assert!(!e.contains(['\n', '\r']), "{e}");
            let unescaped = e
                .char_indices()
                .any(|(i, c)| "<>[]|`*_".contains(c) && !e[..i].ends_with('\\'));
            assert!(!unescaped, "{e}");
        }
    }

    #[test]
    fn spreadsheet_cells_never_formulas() {
        for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"] {
            assert!(spreadsheet_cell(s).starts_with('\''), "{s}");
        }
        assert_eq!(spreadsheet_cell("黔东精密"), "黔东精密");
        assert_eq!(spreadsheet_cell("1.5"), "1.5");
    }
}
