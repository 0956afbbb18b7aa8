//! Criterion titles are generated where they repeat a threshold: a threshold
//! is written once, in the test (and in the clause text, which is the law's
//! own words). A title writes `{metric}` where it names a threshold, e.g.
//! `title = "（三）近两年研发费用均不低于 {rd_expense.y1} 万元"`, and the
//! loader fills in the threshold as the clause text writes it (`100`, `3%`,
//! or the comparison's `written` form such as `4亿元`). An overlay that
//! changes a threshold so changes the title with it. A title that writes a
//! threshold of its own test as a plain number is refused at load (a
//! `written` form in words, such as “拥有”, may stay as words).

use super::{Comparison, Cond, Criterion, PackError, ScoreTable, Threshold};
use crate::num::Dec;

/// A number a title may name: a comparison's threshold, or the rule set's
/// pass mark (`{pass_mark}`) where the test is `score = "pass"`.
struct Named<'a> {
    name: &'a str,
    threshold: Threshold,
    written: Option<&'a String>,
}

/// Whether `text` writes `written` as a number of its own (not inside a
/// longer number: 50 is not found in 150 or 5.0).
pub(super) fn writes(text: &str, written: &str) -> bool {
    text.match_indices(written).any(|(i, _)| {
        let before = text[..i].chars().last();
        let after = text[i + written.len()..].chars().next();
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == '.');
        !digit(before) && (!digit(after) || written.ends_with(|c: char| !c.is_ascii_digit()))
    })
}

/// How a threshold may appear in clause text: as the number (1500, 0.5) or
/// as a percentage (0.03 → 3%, 3％).
pub(super) fn spellings(t: Dec) -> Vec<String> {
    let plain = t.normalize().to_string();
    // A threshold near the decimal's limit has no percentage form (a
    // mutated pack must get its load error, not an overflow panic).
    match t.checked_mul(Dec::ONE_HUNDRED) {
        Some(p) => {
            let pct = p.normalize().to_string();
            vec![plain, format!("{pct}%"), format!("{pct}％")]
        }
        None => vec![plain],
    }
}

/// The threshold as the clause text writes it: the `written` form, else the
/// first spelling found in `text`, else the number (a ratio below 1 as a
/// percentage); the load check reports a threshold missing from the text.
pub(super) fn as_written(x: &Comparison, text: &str) -> String {
    written(x.threshold, x.written.as_ref(), text)
}

fn written(threshold: Threshold, written: Option<&String>, text: &str) -> String {
    if let Some(w) = written {
        return w.clone();
    }
    let t = threshold.0;
    let all = spellings(t);
    all.iter()
        .find(|s| writes(text, s))
        .cloned()
        .unwrap_or_else(|| all[usize::from(t.abs() < Dec::ONE && !t.is_zero())].clone())
}

/// Fills the `{metric}` / `{metric#N}` placeholders of `c.title` from its
/// tests (`#N`: the N-th distinct threshold of that metric, in the order the
/// test and then `renewal_test` write them), and `{pass_mark}` from the rule
/// set's score table (`pass_mark`, 分) where the test is `score = "pass"`.
/// Err (zh-CN) names the file, the criterion and the fix: an unknown
/// placeholder, or a threshold written as a plain number in the title.
pub(super) fn fill(
    file: &str,
    c: &mut Criterion,
    pass_mark: Option<Threshold>,
) -> Result<(), PackError> {
    let tests = || std::iter::once(&c.test).chain(c.renewal_test.iter());
    let mut comparisons: Vec<Named> = tests()
        .flat_map(|t| t.comparisons())
        .map(|x| Named {
            name: &x.metric,
            threshold: x.threshold,
            written: x.written.as_ref(),
        })
        .collect();
    let mut scored = false;
    for t in tests() {
        t.walk(&mut |x| scored |= matches!(x, Cond::ScorePass));
    }
    if let (true, Some(p)) = (scored, pass_mark) {
        comparisons.push(Named {
            name: "pass_mark",
            threshold: p,
            written: None,
        });
    }
    let where_ = format!("{file} 条件“{}”的标题“{}”", c.id, c.title);
    c.title = render(&where_, &c.title, &c.text, &comparisons)?.into();
    Ok(())
}

/// Fills the score table's title (`{total}`, `{pass_mark}`: “满分 {total}
/// 分”) and each indicator's (`{max_points}`, `{points_each}`, `{step}`:
/// “每满足一项加{points_each}分，最高不超过{max_points}分”), the same way.
pub(super) fn fill_score(file: &str, table: &mut ScoreTable) -> Result<(), PackError> {
    let named = |name: &'static str, t: Option<Threshold>| {
        t.map(|threshold| Named {
            name,
            threshold,
            written: None,
        })
    };
    let own: Vec<Named> = [
        named("total", Some(table.total)),
        named("pass_mark", Some(table.pass_mark)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let where_ = format!("{file} 评分表的标题“{}”", table.title);
    table.title = render(&where_, &table.title, &table.text, &own)?;
    for i in &mut table.indicators {
        let own: Vec<Named> = [
            named("max_points", Some(i.max_points)),
            named("points_each", i.points_each),
            named("step", i.step),
        ]
        .into_iter()
        .flatten()
        .collect();
        let where_ = format!("{file} 评分指标“{}”的标题“{}”", i.id, i.title);
        i.title = render(&where_, &i.title, "", &own)?.into();
    }
    Ok(())
}

/// `title` with its placeholders filled from `comparisons`, each written as
/// `text` writes it; Err names `where_`.
fn render(
    where_: &str,
    title: &str,
    text: &str,
    comparisons: &[Named],
) -> Result<String, PackError> {
    let err = |what: String| Err(PackError(format!("{where_}：{what}")));
    let mut out = String::new();
    let mut plain = String::new();
    let mut rest = title;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        plain.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            return err("“{”没有配对的“}”：门槛写作 {指标 id}，如 {rd_ratio.y1}".into());
        };
        let name = &rest[open + 1..open + close];
        let (metric, nth) = match name.split_once('#') {
            Some((m, n)) => match n.parse::<usize>() {
                Ok(n) if n >= 1 => (m.trim(), n),
                _ => return err(format!("“{{{name}}}”里 # 后须是从 1 起的序号")),
            },
            None => (name.trim(), 1),
        };
        let mut distinct: Vec<&Named> = Vec::new();
        for x in comparisons.iter().filter(|x| x.name == metric) {
            if !distinct.iter().any(|d| d.threshold == x.threshold) {
                distinct.push(x);
            }
        }
        if distinct.is_empty() {
            let known: Vec<&str> = comparisons.iter().map(|x| x.name).collect();
            return err(format!(
                "“{{{name}}}”不是这里可引用的门槛：可用 {}",
                if known.is_empty() {
                    "（这里没有数值门槛，标题里不能写 {…}）".to_owned()
                } else {
                    known.join("、")
                }
            ));
        }
        if nth == 1 && !name.contains('#') && distinct.len() > 1 {
            return err(format!(
                "“{metric}”在这里有 {} 个不同的门槛：请写 {{{metric}#1}}…{{{metric}#{}}}（按 test、renewal_test 里出现的顺序）",
                distinct.len(),
                distinct.len()
            ));
        }
        let Some(x) = distinct.get(nth - 1) else {
            return err(format!(
                "“{metric}”在这里只有 {} 个不同的门槛，没有第 {nth} 个",
                distinct.len()
            ));
        };
        // Titles write the half-width % whatever width the clause uses.
        out.push_str(&written(x.threshold, x.written, text).replace('％', "%"));
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    plain.push_str(rest);
    if plain.contains('}') {
        return err("“}”没有配对的“{”".into());
    }
    // The title's own words may not repeat a threshold: it would go stale
    // when an overlay changes the test.
    let squeezed: String = plain.chars().filter(|ch| !ch.is_whitespace()).collect();
    for x in comparisons {
        let mut forms = spellings(x.threshold.0);
        // A written form in words (“拥有”, “持续增长”) may stay in a title;
        // one with a number (“2亿元”) is a threshold.
        forms.extend(
            x.written
                .filter(|w| w.contains(|ch: char| ch.is_ascii_digit()))
                .cloned(),
        );
        if let Some(f) = forms
            .iter()
            .find(|f| writes(&plain, f) || writes(&squeezed, f))
        {
            return err(format!(
                "门槛“{f}”直接写在标题里：请写成 {{{}}}，由门槛生成（门槛只写一次）",
                x.name
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A criterion as a bundle (JSON) holds it; `test` in JSON.
    fn criterion(title: &str, text: &str, test: &str) -> Criterion {
        let test: serde_json::Value = serde_json::from_str(test).unwrap();
        serde_json::from_value(serde_json::json!({
            "id": "x", "title": title, "clause": "c", "text": text, "grade": "V", "test": test,
        }))
        .unwrap()
    }

    #[test]
    fn placeholders_take_the_threshold_as_the_clause_writes_it() {
        let mut c = criterion(
            "研发费用不低于 {rd_expense.y1} 万元且占比不低于 {rd_ratio.y1}",
            "研发费用不低于100万元，占比不低于3%。",
            "{ \"all\": [{ \"metric\": \"rd_expense.y1\", \"min\": 100, \"word\": \"不低于\" }, { \"metric\": \"rd_ratio.y1\", \"min\": \"3%\", \"word\": \"不低于\" }] }",
        );
        fill("f.toml", &mut c, None).unwrap();
        assert_eq!(&*c.title, "研发费用不低于 100 万元且占比不低于 3%");
    }

    #[test]
    fn the_written_form_and_the_nth_threshold() {
        let mut c = criterion(
            "收入 {operating_revenue.y1#1}以上（特定企业 {operating_revenue.y1#2} 万元）",
            "收入2亿元以上，特定企业1000万元以上。",
            "{ \"any\": [{ \"metric\": \"operating_revenue.y1\", \"min\": 20000, \"word\": \"以上\", \"written\": \"2亿元\" }, { \"metric\": \"operating_revenue.y1\", \"min\": 1000, \"word\": \"以上\" }] }",
        );
        fill("f.toml", &mut c, None).unwrap();
        assert_eq!(&*c.title, "收入 2亿元以上（特定企业 1000 万元）");
    }

    #[test]
    fn a_threshold_typed_in_the_title_is_refused() {
        let test = "{ \"metric\": \"platform_score.y1\", \"min\": 50, \"word\": \"以上\" }";
        let mut c = criterion("得分 50 分以上", "得分达50分以上。", test);
        let e = fill("f.toml", &mut c, None).unwrap_err().0;
        assert!(
            e.contains("f.toml 条件“x”") && e.contains("{platform_score.y1}"),
            "{e}"
        );
        // Numbers that are not this test's thresholds stay: 150, 2号文, 5.0.
        let mut c = criterion(
            "（六）2号文 150 分 5.0 {platform_score.y1} 分",
            "得分达50分以上。",
            test,
        );
        fill("f.toml", &mut c, None).unwrap();
        assert_eq!(&*c.title, "（六）2号文 150 分 5.0 50 分");
    }

    #[test]
    fn the_pass_mark_of_a_scored_test() {
        let mut c = criterion(
            "评价得分达到 {pass_mark} 分以上",
            "评价得分达到60分以上。",
            "{ \"score\": \"pass\" }",
        );
        let sixty = Some(Threshold(Dec::from(60)));
        fill("f.toml", &mut c, sixty).unwrap();
        assert_eq!(&*c.title, "评价得分达到 60 分以上");
        let mut c = criterion(
            "评价得分达到 60 分以上",
            "评价得分达到60分以上。",
            "{ \"score\": \"pass\" }",
        );
        assert!(
            fill("f.toml", &mut c, sixty)
                .unwrap_err()
                .0
                .contains("{pass_mark}")
        );
    }

    #[test]
    fn score_titles_take_the_total_and_the_points() {
        let mut table: ScoreTable = serde_json::from_value(serde_json::json!({
            "title": "评价指标（满分 {total} 分）", "clause": "c", "text": "t", "grade": "V",
            "total": 100, "pass_mark": 60,
            "dimensions": [{ "id": "d", "name": "类", "max": 100 }],
            "indicators": [{
                "id": "q", "dimension": "d", "grade": "V", "kind": "per_item", "max_points": 100,
                "points_each": 3, "title": "每满足一项加{points_each}分，最高不超过{max_points}分",
                "items": [{ "label": "一项", "when": { "answer": "a" } }],
            }],
        }))
        .unwrap();
        fill_score("f.toml", &mut table).unwrap();
        assert_eq!(table.title, "评价指标（满分 100 分）");
        assert_eq!(
            &*table.indicators[0].title,
            "每满足一项加3分，最高不超过100分"
        );
        table.title = "评价指标（满分 100 分）".into();
        let e = fill_score("f.toml", &mut table).unwrap_err().0;
        assert!(e.contains("评分表的标题") && e.contains("{total}"), "{e}");
    }

    #[test]
    fn unknown_and_ambiguous_placeholders_are_refused() {
        let test = "{ \"any\": [{ \"metric\": \"m\", \"min\": 1, \"word\": \"以上\" }, { \"metric\": \"m\", \"min\": 2, \"word\": \"以上\" }] }";
        for (title, says) in [
            ("{n}", "不是这里可引用的门槛"),
            ("{m}", "{m#1}…{m#2}"),
            ("{m#3}", "没有第 3 个"),
            ("{m#0}", "从 1 起的序号"),
            ("{m", "没有配对"),
        ] {
            let mut c = criterion(title, "1以上 2以上", test);
            let e = fill("f.toml", &mut c, None).unwrap_err().0;
            assert!(e.contains(says), "{title}: {e}");
        }
    }

    #[test]
    fn a_threshold_at_the_decimals_limit_has_only_its_plain_spelling() {
        assert_eq!(spellings(Dec::MAX), vec![Dec::MAX.to_string()]);
        assert_eq!(spellings(Dec::new(3, 2)), vec!["0.03", "3%", "3％"]);
    }
}
