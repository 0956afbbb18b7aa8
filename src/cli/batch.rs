//! `zjtx batch INPUT --out DIR`: the same report for every firm of a 培育库.
//! INPUT is CSV (one firm per row; columns documented in docs/batch.md, a
//! template in docs/batch-template.csv) or JSON Lines (one answers file per
//! line). Writes one HTML report per firm and summary.csv; a bad row is
//! reported with its row number and field, and the rest go on.

use crate::answers::{AnswersFile, Typed};
use crate::date::Date;
use crate::engine::Verdict;
use crate::report::{ReportModel, options_for, render_document};
use crate::rules::{Application, Pack};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// Column names that are not answers.
const NAME: &str = "enterprise_name";
const DATE: &str = "assessment_date";
const APPLICATION: &str = "application";

pub struct Outcome {
    pub assessed: usize,
    pub failed: usize,
}

/// One input record: its line/row number (1-based, as an editor shows it) and answers.
type Record = (usize, Result<AnswersFile, String>);

pub fn run(pack: &Pack, input: &Path, out: &Path, today: Date) -> Result<Outcome, String> {
    let text = std::fs::read_to_string(input)
        .map_err(|e| format!("读不到输入文件 {}：{e}", input.display()))?;
    let text = text.trim_start_matches('\u{feff}'); // Excel writes a BOM
    let records = if input
        .extension()
        .is_some_and(|e| e == "jsonl" || e == "ndjson")
    {
        json_lines(text)
    } else {
        csv_records(pack, text)?
    };
    std::fs::create_dir_all(out).map_err(|e| format!("建不了输出目录 {}：{e}", out.display()))?;
    let total = records.len();
    let progress = std::io::stderr().is_terminal();
    let mut summary = String::from(
        "\u{feff}序号,企业名称,状态,企业规模,科技和创新型中小企业,专精特新中小企业,专精特新“小巨人”企业,评分,差距1,差距2,差距3,报告文件\n",
    );
    let (mut assessed, mut failed) = (0, 0);
    for (i, (row, record)) in records.into_iter().enumerate() {
        let result = record.and_then(|answers| one(pack, &answers, today).map(|m| (answers, m)));
        match result {
            Ok((answers, model)) => {
                let name = answers
                    .enterprise_name
                    .clone()
                    .unwrap_or_else(|| format!("第{row}行"));
                let file = format!("{:05}-{}.html", i + 1, safe(&name));
                let line = summary_line(i + 1, &name, &model, &file);
                std::fs::write(out.join(&file), render_document(model, false))
                    .map_err(|e| format!("写不了 {file}：{e}"))?;
                summary.push_str(&line);
                assessed += 1;
            }
            Err(message) => {
                eprintln!(
                    "{}第 {row} 行：{message}",
                    if progress { "\r\x1b[K" } else { "" }
                );
                summary.push_str(&format!(
                    "{},,错误,{},,,,,,,,\n",
                    i + 1,
                    csv_cell(&format!("第 {row} 行：{message}"))
                ));
                failed += 1;
            }
        }
        if progress && (i % 50 == 0 || i + 1 == total) {
            let done = i + 1;
            let width = 30;
            let filled = done * width / total.max(1);
            eprint!(
                "\r[{}{}] {done}/{total}",
                "=".repeat(filled),
                " ".repeat(width - filled)
            );
            let _ = std::io::stderr().flush();
        }
    }
    if progress {
        eprintln!();
    }
    std::fs::write(out.join("summary.csv"), summary)
        .map_err(|e| format!("写不了 summary.csv：{e}"))?;
    Ok(Outcome { assessed, failed })
}

fn one(pack: &Pack, answers: &AnswersFile, today: Date) -> Result<ReportModel, String> {
    let options = options_for(answers, today);
    let (errors, _) = answers.check(pack, options.date);
    if let Some(e) = errors.first() {
        let more = if errors.len() > 1 {
            format!("（另有 {} 处）", errors.len() - 1)
        } else {
            String::new()
        };
        return Err(format!("{}{more}", e.message));
    }
    ReportModel::build(pack, answers, &options)
}

fn summary_line(n: usize, name: &str, m: &ReportModel, file: &str) -> String {
    let a = &m.assessment;
    let size = a
        .size
        .verdict
        .as_ref()
        .map(|v| v.headline())
        .unwrap_or_default();
    let tier = |i: usize| a.tiers.get(i).map(|t| t.verdict.label()).unwrap_or("");
    let scores: Vec<String> = a
        .tiers
        .iter()
        .flat_map(|t| &t.paths)
        .filter_map(|p| {
            p.score.as_ref().map(|s| {
                if s.min == s.max {
                    format!("{}:{}", p.rule_set, s.min)
                } else {
                    format!("{}:{}-{}", p.rule_set, s.min, s.max)
                }
            })
        })
        .collect();
    let mut gaps: Vec<String> = Vec::new();
    for advice in m
        .gaps
        .plans
        .iter()
        .flat_map(|p| &p.steps)
        .flat_map(|s| &s.changes)
        .filter_map(|l| l.gap.as_ref().map(|g| &g.advice))
    {
        if gaps.len() < 3 && !gaps.contains(advice) {
            gaps.push(advice.clone());
        }
    }
    let gap = |i: usize| gaps.get(i).map(|g| csv_cell(g)).unwrap_or_default();
    let status = if a.tiers.iter().any(|t| t.verdict == Verdict::Undetermined) {
        "有未知项"
    } else {
        "完成"
    };
    format!(
        "{n},{},{status},{},{},{},{},{},{},{},{},{}\n",
        csv_cell(name),
        csv_cell(&size),
        tier(0),
        tier(1),
        tier(2),
        csv_cell(&scores.join(" ")),
        gap(0),
        gap(1),
        gap(2),
        file
    )
}

fn safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect()
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn json_lines(text: &str) -> Vec<Record> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, AnswersFile::from_json(l)))
        .collect()
}

/// CSV rows as answers. The header names the columns: `enterprise_name`,
/// `assessment_date`, `application`, and answer ids (`operating_revenue.y1`).
fn csv_records(pack: &Pack, text: &str) -> Result<Vec<Record>, String> {
    let rows = parse_csv(text)?;
    let Some((header, body)) = rows.split_first() else {
        return Ok(vec![]);
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_owned()).collect();
    for h in &header {
        if h != NAME && h != DATE && h != APPLICATION && pack.input(h).is_none() {
            return Err(format!(
                "表头里的列“{h}”不是问题 id；列名见 docs/batch.md 与 docs/batch-template.csv。"
            ));
        }
    }
    Ok(body
        .iter()
        .enumerate()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, cells)| {
            let row = i + 2; // header is row 1
            let mut answers = AnswersFile::new();
            for (h, value) in header.iter().zip(cells) {
                let value = value.trim();
                match h.as_str() {
                    NAME => answers.enterprise_name = Some(value.to_owned()).filter(|v| !v.is_empty()),
                    DATE if !value.is_empty() => match Date::parse(value) {
                        Some(d) => answers.assessment_date = Some(d),
                        None => return (row, Err(format!("「评估日期」“{value}”应写成 YYYY-MM-DD"))),
                    },
                    APPLICATION if !value.is_empty() => {
                        answers.application = Some(match value {
                            "new" | "新申请" => Application::New,
                            "renewal" | "复核" => Application::Renewal,
                            _ => {
                                return (
                                    row,
                                    Err(format!("「申请类型」只能是 new/新申请 或 renewal/复核，现在是“{value}”")),
                                );
                            }
                        })
                    }
                    DATE | APPLICATION => {}
                    id if !value.is_empty() => {
                        answers.answers.insert(id.to_owned(), Typed(value.to_owned()));
                    }
                    _ => {}
                }
            }
            (row, Ok(answers))
        })
        .collect())
}

/// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines.
fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let (mut row, mut field) = (Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut line = 1;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c)
            }
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                line += 1;
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err(format!("CSV 第 {line} 行的引号没有闭合。"));
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::parse_csv;

    #[test]
    fn csv_quotes_commas_and_newlines() {
        let rows = parse_csv("a,b\n\"x, \"\"y\"\"\",\"1\n2\"\n").unwrap();
        assert_eq!(rows, vec![vec!["a", "b"], vec!["x, \"y\"", "1\n2"]]);
        assert!(parse_csv("a,\"b\n").is_err());
    }
}
