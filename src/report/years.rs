//! Fiscal years as numbers: the engine names a year the way the rules do
//! (“营业收入（上年度）”), relative to the assessment date; the report says
//! “2025 年（上年度）营业收入”, so a reader never has to count back. Only the
//! firm's figures, formulas, gaps and answer labels are rewritten — clause
//! text is quoted as published and stays as it is.

use super::ReportModel;
use crate::engine::evaluate::Leaf;

/// The relative year words the engine and the pack use, as the tag the
/// texts carry them in, with how many years before the assessment year each
/// one is.
const WORDS: [(&str, &str, i32); 5] = [
    ("上年度", "（上年度）", 1),
    ("上一年度", "（上一年度）", 1),
    ("前年", "（前年）", 2),
    ("大前年", "（大前年）", 3),
    ("本年度", "（本年度）", 0),
];

/// Characters that end a noun when scanning back from “（上年度）”: the
/// year moves in front of the noun, not in front of a whole phrase.
fn ends_noun(c: char) -> bool {
    c.is_whitespace() || "()（：:，,；;、+−-÷×=“”\"《》/≥≤<>≈按即为且或".contains(c)
}

/// Rewrites the year words of one text, `year` being the assessment year.
///
/// “研发费用（上年度） 223 万元” → “2025 年（上年度）研发费用 223 万元”;
/// “资产负债率（上年末）” → “资产负债率（2025 年末）”;
/// “上年末负债总额” → “2025 年末负债总额”.
pub fn name_years(text: &str, year: i32) -> String {
    use std::fmt::Write;
    if !has_year_words(text) {
        return text.to_owned();
    }
    let mut s = if text.contains("上年末") {
        text.replace("截至上年末", &format!("截至 {} 年末", year - 1))
            .replace("（上年末）", &format!("（{} 年末）", year - 1))
            .replace("上年末", &format!("{} 年末", year - 1))
    } else {
        text.to_owned()
    };
    for (word, tag, back) in WORDS {
        if !s.contains(tag) {
            continue;
        }
        let mut out = String::with_capacity(s.len() + 16);
        let mut rest = s.as_str();
        while let Some(at) = rest.find(tag) {
            let (before, after) = rest.split_at(at);
            // Already named (“2025 年（上年度）”): leave it.
            let named = before
                .strip_suffix('年')
                .is_some_and(|b| b.trim_end().ends_with(|c: char| c.is_ascii_digit()));
            if named {
                out.push_str(before);
                out.push_str(tag);
                rest = &after[tag.len()..];
                continue;
            }
            let start = noun_start(before);
            out.push_str(&before[..start]);
            // Digits after a Chinese word get a space (“按 2025 年”).
            if before[..start].ends_with(|c: char| "按即为且或".contains(c)) {
                out.push(' ');
            }
            let _ = write!(out, "{} 年（{word}）{}", year - back, &before[start..]);
            rest = &after[tag.len()..];
        }
        out.push_str(rest);
        s = out;
    }
    s
}

/// Whether `text` holds a word `name_years` rewrites: every one of them
/// (截至上年末, 上年末, 上年度, 上一年度, 前年, 大前年, 本年度) contains 上年,
/// 上一年, 前年 or 本年度. One pass over the bytes for “年”, looking at the
/// character before (and after, for 本年度); most texts have none, and the
/// report model rewrites hundreds of texts per firm.
fn has_year_words(text: &str) -> bool {
    const NIAN: usize = '年'.len_utf8();
    let mut from = 0;
    while let Some(at) = text[from..].find('年').map(|i| from + i) {
        let before = &text[..at];
        if before.ends_with('上')
            || before.ends_with("上一")
            || before.ends_with('前')
            || (before.ends_with('本') && text[at + NIAN..].starts_with('度'))
        {
            return true;
        }
        from = at + NIAN;
    }
    false
}

/// Rewrites the year words of `text` in place; no allocation when it has none.
pub fn name_years_in(text: &mut String, year: i32) {
    if has_year_words(text) {
        *text = name_years(text, year);
    }
}

/// Where the noun ending at the end of `before` starts: back to a
/// delimiter, skipping over bracketed qualifiers (“新增股权融资（合格机构
/// 投资者实缴额）”).
fn noun_start(before: &str) -> usize {
    let mut depth = 0;
    for (at, c) in before.char_indices().rev() {
        if c == '）' || c == ')' {
            depth += 1;
        } else if (c == '（' || c == '(') && depth > 0 {
            depth -= 1;
        } else if depth == 0 && ends_noun(c) {
            return at + c.len_utf8();
        }
    }
    0
}

fn leaf(l: &mut Leaf, year: i32) {
    // The words a comparison leaf writes on demand are written once here
    // and kept (the views then borrow them), years named.
    let named = {
        let text = l.text();
        if has_year_words(&text) {
            name_years(&text, year)
        } else {
            text.into_owned()
        }
    };
    l.set_text(named);
    if let Some(m) = &mut l.metric {
        // Shared with other leaves (Arc): copied only when it changes.
        let formula = {
            let f = m.formula.text();
            has_year_words(&f).then(|| name_years(&f, year))
        };
        if formula.is_some() || has_year_words(&m.label) {
            let m = std::sync::Arc::make_mut(m);
            if let Some(f) = formula {
                m.formula = f.into();
            }
            if has_year_words(&m.label) {
                m.label = name_years(&m.label, year).into();
            }
        }
    }
    if let Some(g) = l.gap.as_mut().map(std::sync::Arc::make_mut) {
        // Written once here (the views then borrow the words), years named.
        g.advice = name_years(&g.advice.text(), year).into();
        g.formula = name_years(&g.formula.text(), year).into();
    }
}

/// Names the years in everything of the model the firm's figures reach:
/// leaves (values, formulas, gaps), deciding unknowns and plans' changes.
/// The size section names its own (`size::size_section`).
/// Answer labels are named where the appendix prints them (the
/// questionnaire's 核对填报 keeps the field's own label).
pub fn name_model_years(m: &mut ReportModel) {
    let year = m.assessment.date.year;
    // Errors and warnings keep the field's own label: the questionnaire's
    // error summary shows them beside the field.
    let a = &mut m.assessment;
    for p in a.tiers.iter_mut().flat_map(|t| t.paths.iter_mut()) {
        for c in &mut p.criteria {
            // The view's own copy: a result shared with other paths is
            // copied once here, never changed under them.
            let c = std::sync::Arc::make_mut(c);
            c.leaves
                .iter_mut()
                .chain(c.plan.iter_mut())
                .for_each(|l| leaf(l, year));
        }
        if let Some(s) = &mut p.score {
            for i in &mut s.indicators {
                i.leaves.iter_mut().for_each(|l| leaf(l, year));
            }
        }
        for d in &mut p.deciding {
            name_years_in(&mut d.label, year);
        }
    }
    for (_, label) in &mut m.gaps.deciding {
        name_years_in(label, year);
    }
    for step in m.gaps.plans.iter_mut().flat_map(|p| p.steps.iter_mut()) {
        step.changes.iter_mut().for_each(|l| leaf(l, year));
    }
}

#[cfg(test)]
mod tests {
    use super::name_years;

    #[test]
    fn year_moves_in_front_of_the_noun() {
        assert_eq!(
            name_years("研发费用（上年度） 223 万元", 2026),
            "2025 年（上年度）研发费用 223 万元"
        );
        assert_eq!(
            name_years(
                "(主营业务收入（上年度） − 主营业务收入（前年）) ÷ 主营业务收入（前年）",
                2026
            ),
            "(2025 年（上年度）主营业务收入 − 2024 年（前年）主营业务收入) ÷ 2024 年（前年）主营业务收入"
        );
        assert_eq!(
            name_years(
                "研发费用（上年度）至少增加 33.53 万元（按营业收入（上年度） 8,551 万元计）",
                2026
            ),
            "2025 年（上年度）研发费用至少增加 33.53 万元（按 2025 年（上年度）营业收入 8,551 万元计）"
        );
        assert_eq!(
            name_years("新增股权融资（合格机构投资者实缴额）（大前年） + 0", 2026),
            "2023 年（大前年）新增股权融资（合格机构投资者实缴额） + 0"
        );
        // The size class's reason joins checks with 且 / 或.
        assert_eq!(
            name_years(
                "从业人员 999 人 ≥ 300 人且营业收入（上年度） 50,000 万元",
                2026
            ),
            "从业人员 999 人 ≥ 300 人且 2025 年（上年度）营业收入 50,000 万元"
        );
    }

    #[test]
    fn the_quick_check_misses_no_year_word() {
        // name_years_in skips texts the check finds no year word in: it
        // must agree with name_years on every kind of text.
        for text in [
            "研发费用（上年度） 223 万元",
            "资产负债率（上年末）为 50%",
            "上年末负债总额",
            "从事特定细分市场年限（截至上年末）",
            "营业收入（上一年度）",
            "主营业务收入（前年）",
            "新增股权融资（大前年） + 0",
            "中小企业专精特新发展评价得分（本年度）",
            "本年预计营业收入",
            "近三年未获得",
            "近3年平均主营业务收入",
            "2025 年（上年度）研发费用",
            "年",
            "",
            "上",
        ] {
            let mut s = text.to_owned();
            super::name_years_in(&mut s, 2026);
            assert_eq!(s, name_years(text, 2026), "{text}");
            assert_eq!(
                super::has_year_words(text),
                name_years(text, 2026) != text || text.contains("年（上年度）"),
                "{text}"
            );
        }
    }

    #[test]
    fn year_ends_and_platform_years() {
        assert_eq!(
            name_years("资产负债率（上年末）为 50%", 2026),
            "资产负债率（2025 年末）为 50%"
        );
        assert_eq!(
            name_years("上年末负债总额 ÷ 上年末资产总额", 2026),
            "2025 年末负债总额 ÷ 2025 年末资产总额"
        );
        assert_eq!(
            name_years("从事特定细分市场年限（截至上年末）", 2026),
            "从事特定细分市场年限（截至 2025 年末）"
        );
        assert_eq!(
            name_years("中小企业专精特新发展评价得分（本年度）", 2026),
            "2026 年（本年度）中小企业专精特新发展评价得分"
        );
        // Text without year words is unchanged; the rewrite is idempotent.
        let once = name_years("营业收入（上年度） 8,551 万元", 2026);
        assert_eq!(name_years(&once, 2026), once);
        assert_eq!(name_years("近三年未获得", 2026), "近三年未获得");
    }
}
