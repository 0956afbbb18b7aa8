//! `zjtx batch` as a bureau runs it: its spreadsheets in every form, bad
//! rows, headers as people write them, the summary files, the 画像 page,
//! an interrupted run resumed.
#![cfg(not(target_arch = "wasm32"))]

use calamine::{Data, Reader, Xlsx, open_workbook};
use rust_xlsxwriter::Workbook;
use std::path::Path;
use std::process::Command;

mod common;
use common::{TempDir, zjtx};

/// The test's own folder, removed when it ends (kept with ZJTX_KEEP_TMP=1).
fn dir(name: &str) -> TempDir {
    TempDir::new("batch", name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The template's header and its example firm (ids as column names).
fn template() -> (String, String) {
    let t = std::fs::read_to_string("docs/batch-template.csv").unwrap();
    let mut lines = t.lines();
    (
        lines
            .next()
            .unwrap()
            .trim_start_matches('\u{feff}')
            .to_owned(),
        lines.next().unwrap().to_owned(),
    )
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    r.records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

fn xlsx_rows(path: &Path) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn html_reports(out: &Path) -> usize {
    std::fs::read_dir(out)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "html")
        })
        .filter(|e| {
            !e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with('画')
        })
        .count()
}

#[test]
fn csv_with_true_row_numbers_and_bad_rows_reported() {
    let (header, row) = template();
    let bad = row
        .replacen("黔东精密机械有限公司", "坏数据有限公司", 1)
        .replacen(",186,", ",-3,", 1);
    // A quoted line break in a name: the next record starts a line later.
    let quoted = row.replacen("黔东精密机械有限公司", "\"换行\n有限公司\"", 1);
    let short = "短行有限公司,2026-11-22,new";
    let long = format!("{row},多出来的格子");
    let formula = row.replacen("黔东精密机械有限公司", "=HYPERLINK(\"http://x\")", 1);
    let csv = format!("\u{feff}{header}\n{row}\n{bad}\n{quoted}\n{short}\n{long}\n\n{formula}\n");
    let d = dir("csv");
    let input = d.join("firms.csv");
    std::fs::write(&input, csv).unwrap();
    let out = d.join("out");
    let (code, _, err) = zjtx(&["batch", s(&input), "--out", s(&out)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("第 3 行：「从业人员（上年末）」不能是负数"),
        "{err}"
    );
    let n = header.split(',').count();
    let short_err = format!(
        "第 5 行（文本第 6 行起）：这一行有 3 个格子，表头有 {n} 列，少了 {} 个",
        n - 3
    );
    let long_err = format!(
        "第 6 行（文本第 7 行起）：这一行有 {} 个格子，表头有 {n} 列，多了 1 个",
        n + 1
    );
    assert!(err.contains(&short_err), "{err}");
    assert!(err.contains(&long_err), "{err}");
    assert!(err.contains("本次评估 3 家（3 行有误）"), "{err}");
    let rows = csv_rows(&out.join("summary.csv"));
    assert_eq!(rows.len(), 7, "header + 6 firms");
    assert_eq!(
        rows[1][..8],
        [
            "2",
            "黔东精密机械有限公司",
            "完成",
            "小型企业",
            "已持有（有效期内）",
            "创新型中小企业评价 85，科技型中小企业评价 52",
            "",
            ""
        ]
    );
    assert_eq!(rows[2][2], "错误");
    assert_eq!(rows[3][1], "换行\n有限公司");
    // Formula injection: the cell is text, never a formula.
    assert_eq!(rows[6][1], "'=HYPERLINK(\"http://x\")");
    assert_eq!(rows[6][0], "8");
    assert_eq!(html_reports(&out), 3);
    // summary.xlsx holds the same cells as summary.csv.
    assert_eq!(xlsx_rows(&out.join("summary.xlsx")), rows);
    // Reports link the one shared stylesheet.
    let report = std::fs::read_to_string(out.join("000002-黔东精密机械有限公司.html")).unwrap();
    assert!(
        report.contains("<link rel=\"stylesheet\" href=\"report.css\">")
            && !report.contains("<style")
    );
    assert!(out.join("report.css").is_file());
    let page = std::fs::read_to_string(out.join("画像.html")).unwrap();
    assert!(
        page.contains("data-testid=\"total-rows\">6<")
            && page.contains("data-testid=\"total-errors\">3<"),
        "{page}"
    );
    // With reports, the work list's names open them, and the page says so.
    if page.contains("<h3>下一步") {
        assert!(page.contains("点击企业名称打开它的指标差距报告") && page.contains("<a href=\""));
    }
    // No temporary files left behind.
    assert!(
        std::fs::read_dir(&out).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".tmp"))
    );
}

/// A bureau's workbook: Chinese headers with the year as a number, a column
/// the tool does not know mapped away, numbers and dates as Excel keeps them.
fn bureau_workbook(path: &Path, firms: usize) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("2026年培育库").unwrap();
    let (header, row) = template();
    let ids: Vec<&str> = header.split(',').collect();
    let pack = zjtx::rules::Pack::national();
    let mut values: Vec<String> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(row.as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(String::from)
        .collect();
    values[0] = "甲".into();
    sheet.write_string(0, 0, "统一社会信用代码").unwrap();
    for (c, id) in ids.iter().enumerate() {
        let title = match *id {
            "enterprise_name" => "企业名称".to_owned(),
            "assessment_date" => "评估日期".to_owned(),
            "application" => "申请类型".to_owned(),
            id => match id.rsplit_once(".y") {
                Some((base, y)) => {
                    let label = &pack.inputs.iter().find(|d| d.id == base).unwrap().label;
                    let year = 2026 - y.parse::<i32>().unwrap();
                    if c % 2 == 0 {
                        format!("{label}（{year}年）")
                    } else {
                        format!("{year}年{label}")
                    }
                }
                None => pack
                    .inputs
                    .iter()
                    .find(|d| d.id == id)
                    .unwrap()
                    .label
                    .clone(),
            },
        };
        sheet.write_string(0, c as u16 + 1, &title).unwrap();
    }
    for f in 0..firms {
        let r = f as u32 + 1;
        sheet
            .write_string(r, 0, format!("91520000MA{f:08}"))
            .unwrap();
        for (c, v) in values.iter().enumerate() {
            let col = c as u16 + 1;
            let v = if c == 0 {
                format!("{v}{f}号有限公司")
            } else {
                v.replace(',', "")
            };
            match v.parse::<f64>() {
                Ok(n) if ids[c] != "niche_start" => sheet.write_number(r, col, n).unwrap(),
                _ => sheet.write_string(r, col, &v).unwrap(),
            };
        }
    }
    // After two empty rows, a firm with a word where a number belongs.
    sheet
        .write_string(firms as u32 + 3, 1, "有误有限公司")
        .unwrap();
    let employees = ids.iter().position(|i| *i == "employees").unwrap() as u16 + 1;
    sheet
        .write_string(firms as u32 + 3, employees, "很多")
        .unwrap();
    book.save(path).unwrap();
}

#[test]
fn xlsx_with_chinese_headers_and_a_mapping_file() {
    let d = dir("xlsx");
    let input = d.join("培育库.xlsx");
    bureau_workbook(&input, 30);
    let out = d.join("out");
    // Without a mapping the unknown column is named, with closest matches.
    let (code, _, err) = zjtx(&["batch", s(&input), "--out", s(&out), "--date", "2026-11-22"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("第 A 列“统一社会信用代码”不是问卷里的问题。最接近的是："),
        "{err}"
    );
    let map = d.join("映射.csv");
    std::fs::write(&map, "# 本单位列名,问卷\n统一社会信用代码,忽略\n").unwrap();
    let (code, _, err) = zjtx(&[
        "batch",
        s(&input),
        "--out",
        s(&out),
        "--map",
        s(&map),
        "--date",
        "2026-11-22",
        "--reports",
        "none",
        "-j",
        "2",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("本次评估 30 家（1 行有误）"), "{err}");
    assert!(
        err.contains("第 34 行：「从业人员（上年末）」需要填数字"),
        "{err}"
    );
    let rows = csv_rows(&out.join("summary.csv"));
    assert_eq!(rows.len(), 32);
    assert_eq!(rows[1][1], "甲0号有限公司");
    // Same verdicts as the CSV of the same firm.
    assert_eq!(rows[1][2..5], ["完成", "小型企业", "已持有（有效期内）"]);
    assert_eq!(rows[31][0], "34");
    assert_eq!(html_reports(&out), 0, "--reports none");
    assert_eq!(xlsx_rows(&out.join("summary.xlsx")), rows);
}

#[test]
fn ods_workbook_is_read() {
    let d = dir("ods");
    let out = d.join("out");
    let (code, _, err) = zjtx(&[
        "batch",
        "tests/fixtures/cultivation-pool.ods",
        "--out",
        s(&out),
        "--date",
        "2026-11-22",
    ]);
    assert_eq!(code, 0, "{err}");
    let rows = csv_rows(&out.join("summary.csv"));
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(
        rows[1][..5],
        [
            "2",
            "黔东精密机械有限公司",
            "完成",
            "小型企业",
            "已持有（有效期内）"
        ]
    );
    assert_eq!(rows[2][2], "错误");
    assert!(
        err.contains("第 3 行：「从业人员（上年末）」不能是负数"),
        "{err}"
    );
}

/// The old Excel format (BIFF8, made by tests/fixtures/make-cultivation-pool-xls.py
/// with xlwt): Chinese headers with years, numbers stored as numbers, dates
/// as Excel dates, a boolean 是. The same firms as the ODS fixture, so the
/// same summary, row for row.
#[test]
fn xls_workbook_is_read_like_the_ods() {
    let d = dir("xls");
    let run = |input: &str, out: &Path| {
        let (code, _, err) = zjtx(&["batch", input, "--out", s(out), "--date", "2026-11-22"]);
        assert_eq!(code, 0, "{err}");
        err
    };
    let err = run("tests/fixtures/cultivation-pool.xls", &d.join("xls"));
    run("tests/fixtures/cultivation-pool.ods", &d.join("ods"));
    // Row for row the ODS summary, which the test above pins (the
    // assessment date and the title's grant date were date cells here).
    let rows = csv_rows(&d.join("xls").join("summary.csv"));
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows, csv_rows(&d.join("ods").join("summary.csv")));
    assert!(
        err.contains("第 3 行：「从业人员（上年末）」不能是负数"),
        "{err}"
    );
    assert_eq!(html_reports(&d.join("xls")), 1);
}

#[test]
fn json_lines_and_nothing_assessed_exits_2() {
    let good = std::fs::read_to_string("tests/fixtures/firm-rd-short.json")
        .unwrap()
        .replace('\n', "");
    let d = dir("jsonl");
    let input = d.join("firms.jsonl");
    std::fs::write(&input, format!("{good}\n{{\"schema\":\"zjtx-answers\",\"version\":1,\"answers\":{{\"employees\":\"x\"}}}}\n")).unwrap();
    let (code, _, err) = zjtx(&["batch", s(&input), "--out", s(&d.join("out"))]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("第 2 行：「从业人员（上年末）」需要填数字"),
        "{err}"
    );
    let bad = d.join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"schema\":\"zjtx-answers\",\"version\":1,\"answers\":{\"employees\":\"x\"}}\nnot json\n",
    )
    .unwrap();
    let (code, _, err) = zjtx(&["batch", s(&bad), "--out", s(&d.join("bad"))]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("第 2 行：文件不是完整的 JSON"), "{err}");
}

#[test]
fn resume_skips_what_is_done_and_mends_a_cut_summary() {
    let (header, row) = template();
    let mut csv = format!("{header}\n");
    for i in 0..6 {
        csv.push_str(&row.replacen("黔东精密机械有限公司", &format!("第{i}家有限公司"), 1));
        csv.push('\n');
    }
    let d = dir("resume");
    let input = d.join("firms.csv");
    std::fs::write(&input, csv).unwrap();
    let out = d.join("out");
    let (code, _, err) = zjtx(&["batch", s(&input), "--out", s(&out)]);
    assert_eq!(code, 0, "{err}");
    let full = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    // As if killed while writing the 4th row: 3 whole rows and a cut one.
    let lines: Vec<&str> = full.lines().collect();
    let cut = format!(
        "{}\n{}\n{}\n{}\n{}",
        lines[0],
        lines[1],
        lines[2],
        lines[3],
        lines[4].chars().take(12).collect::<String>()
    );
    std::fs::write(out.join("summary.csv"), cut).unwrap();
    std::fs::remove_file(out.join("summary.xlsx")).unwrap();
    let (code, _, err) = zjtx(&["batch", s(&input), "--out", s(&out), "--resume"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("summary.csv 里已有 3 家，这些行跳过"), "{err}");
    assert!(
        err.contains("本次评估 3 家（0 行有误），跳过上次已完成的 3 家"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("summary.csv")).unwrap(),
        full
    );
    assert_eq!(
        xlsx_rows(&out.join("summary.xlsx")),
        csv_rows(&out.join("summary.csv"))
    );
    let page = std::fs::read_to_string(out.join("画像.html")).unwrap();
    assert!(page.contains("data-testid=\"total-rows\">6<"));
}

#[test]
fn template_round_trips() {
    let d = dir("template");
    let path = d.join("模板.xlsx");
    let (code, _, err) = zjtx(&[
        "batch",
        "--template",
        "xlsx",
        "--out",
        s(&path),
        "--date",
        "2026-11-22",
    ]);
    assert_eq!(code, 0, "{err}");
    let rows = xlsx_rows(&path);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][..3], ["企业名称", "评估日期", "申请类型"]);
    assert!(
        rows[0].contains(&"营业收入（2025年）".to_owned())
            && rows[0].contains(&"营业收入（2023年）".to_owned())
    );
    let (code, _, err) = zjtx(&[
        "batch",
        "--template",
        "csv",
        "--out",
        s(&d.join("t.csv")),
        "--date",
        "2026-11-22",
    ]);
    assert_eq!(code, 0, "{err}");
    // The template's own headers map: a header-only file reads, with nothing to assess.
    let (code, _, err) = zjtx(&[
        "batch",
        s(&d.join("t.csv")),
        "--out",
        s(&d.join("out")),
        "--date",
        "2026-11-22",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("没有一家企业能够评估"), "{err}");
}

#[test]
fn options_and_help_in_chinese() {
    let (code, out, _) = zjtx(&["batch", "--help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("--reports html|none")
            && out.contains("--resume")
            && !out.contains("--format")
    );
    let (code, _, err) = zjtx(&["batch", "x.csv", "--format", "json"]);
    assert_eq!(code, 2);
    assert!(err.contains("命令 batch 没有选项 --format"), "{err}");
    let (code, _, err) = zjtx(&["batch", "x.csv", "--out", "o", "--reports", "pdf"]);
    assert_eq!(code, 2);
    assert!(err.contains("--reports 只能是 html 或 none"), "{err}");
    let (code, _, err) = zjtx(&["batch", "x.numbers", "--out", "o"]);
    assert_eq!(code, 2);
    assert!(err.contains("不认识输入文件"), "{err}");
}

#[test]
fn killed_run_leaves_whole_files_and_resumes() {
    let (header, row) = template();
    let mut csv = format!("{header}\n");
    let n = 600;
    for i in 0..n {
        csv.push_str(&row.replacen("黔东精密机械有限公司", &format!("第{i}家有限公司"), 1));
        csv.push('\n');
    }
    let d = dir("killed");
    let input = d.join("firms.csv");
    std::fs::write(&input, csv).unwrap();
    let out = d.join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_zjtx"))
        .args(["batch", s(&input), "--out", s(&out), "-j", "2"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // SIGKILL once the first chunk's rows are in summary.csv.
    let started = std::time::Instant::now();
    loop {
        let lines = std::fs::read_to_string(out.join("summary.csv"))
            .map(|t| t.lines().count())
            .unwrap_or(0);
        if lines > 1 || started.elapsed().as_secs() > 120 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    // Whole rows only: the kill may cut the last one, even inside a
    // character, so read up to the last line end.
    let mut bytes = std::fs::read(out.join("summary.csv")).unwrap();
    bytes.truncate(bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1));
    let whole = d.join("summary-whole.csv");
    std::fs::write(&whole, bytes).unwrap();
    let done = csv_rows(&whole)
        .iter()
        .filter(|r| r.len() == 4 + 4 * 4 + 6)
        .count()
        - 1;
    assert!(done > 0, "summary rows were appended before the end");
    // Every report under its final name is whole; partial ones only under temporary names.
    for e in std::fs::read_dir(&out).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".html") && !name.starts_with('.') && !name.starts_with('画') {
            assert!(
                std::fs::read_to_string(&p)
                    .unwrap()
                    .trim_end()
                    .ends_with("</html>"),
                "{name} is cut"
            );
        }
    }
    let (code, _, err) = zjtx(&[
        "batch",
        s(&input),
        "--out",
        s(&out),
        "--resume",
        "--reports",
        "html",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("summary.csv 里已有 {done} 家")),
        "{err}"
    );
    let rows = csv_rows(&out.join("summary.csv"));
    assert_eq!(rows.len(), n + 1);
    let mut numbers: Vec<usize> = rows[1..].iter().map(|r| r[0].parse().unwrap()).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), n, "each firm once");
    assert_eq!(html_reports(&out), n);
    assert!(
        std::fs::read_dir(&out).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".tmp"))
    );
}

#[test]
fn previous_summary_shows_who_moved() {
    let (header, row) = template();
    let firm = |name: &str| row.replacen("黔东精密机械有限公司", name, 1);
    let d = dir("previous");
    let last = d.join("last.csv");
    std::fs::write(
        &last,
        format!(
            "{header}\n{}\n{}\n{}\n{}\n",
            firm("甲"),
            firm("乙"),
            firm("丙"),
            firm("戊")
        ),
    )
    .unwrap();
    let (code, _, err) = zjtx(&[
        "batch",
        s(&last),
        "--out",
        s(&d.join("last")),
        "--reports",
        "none",
    ]);
    assert_eq!(code, 0, "{err}");
    // Last period 丙 reached nothing.
    let path = d.join("last").join("summary.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen(
            "丙,完成,小型企业,已持有（有效期内）",
            "丙,完成,小型企业,不符合",
            1,
        ),
    )
    .unwrap();
    let now = d.join("now.csv");
    let down = firm("甲").replacen(",industrial,是,2025-06-30,", ",industrial,否,无,", 1);
    std::fs::write(
        &now,
        format!(
            "{header}\n{down}\n{}\n{}\n{}\n",
            firm("乙"),
            firm("丙"),
            firm("丁")
        ),
    )
    .unwrap();
    let out = d.join("now");
    let (code, _, err) = zjtx(&[
        "batch",
        s(&now),
        "--out",
        s(&out),
        "--reports",
        "none",
        "--previous",
        s(&path),
    ]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(out.join("画像.html")).unwrap();
    // Without reports no name is a link, and the page does not ask to click one.
    assert!(
        !page.contains("点击企业名称") && page.contains("没有逐家报告"),
        "{page}"
    );
    for (id, n) in [("up", 1), ("down", 1), ("same", 1), ("new", 1), ("gone", 1)] {
        assert!(
            page.contains(&format!("data-testid=\"moves-{id}\">{n}<")),
            "{id}: {page}"
        );
    }
    assert!(
        page.contains("<td>甲</td><td>科技和创新型中小企业</td><td>未达到</td>"),
        "{page}"
    );
    let (code, _, err) = zjtx(&["batch", s(&now), "--out", s(&out), "--previous", s(&now)]);
    assert_eq!(code, 2);
    assert!(err.contains("不是 zjtx 写出的 summary.csv"), "{err}");
}

#[test]
fn broken_workbook_gets_a_chinese_message() {
    let d = dir("broken");
    let fake = d.join("培育库.xlsx");
    std::fs::write(&fake, "企业名称,营业收入（2025年）\n甲,1\n").unwrap();
    let (code, _, err) = zjtx(&["batch", s(&fake), "--out", s(&d.join("out"))]);
    assert_eq!(code, 2);
    assert!(
        err.contains("打不开：文件可能已损坏，或者扩展名与实际格式不符"),
        "{err}"
    );
    assert!(!err.to_lowercase().contains("zip"), "{err}");
    let gbk = d.join("gbk.csv");
    // “企业名称” in GBK, as Excel's plain “CSV” saves it on a Chinese system.
    std::fs::write(
        &gbk,
        [
            0xC6u8, 0xF3, 0xD2, 0xB5, 0xC3, 0xFB, 0xB3, 0xC6, b'\n', b'x', b'\n',
        ],
    )
    .unwrap();
    let (code, _, err) = zjtx(&["batch", s(&gbk), "--out", s(&d.join("out2"))]);
    assert_eq!(code, 2);
    assert!(
        err.contains("不是 UTF-8 编码") && err.contains("CSV UTF-8"),
        "{err}"
    );
}

/// The example firm of the template: ids and values.
fn example_firm() -> (Vec<String>, Vec<String>) {
    let (header, row) = template();
    let values = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(row.as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(String::from)
        .collect();
    (header.split(',').map(String::from).collect(), values)
}

/// An .xlsx read cell by cell, written both ways Excel-compatible tools
/// write text (shared strings as Excel does, and inline strings): true row
/// numbers in the messages (a blank first row, a blank row between firms),
/// dates as Excel serials with a date format, numbers as numbers and the
/// same numbers stored as text give the same row; a bad cell and a cell
/// beyond the header are named with their rows.
#[test]
fn streamed_xlsx_keeps_row_numbers_dates_and_numbers_as_typed() {
    use rust_xlsxwriter::{ExcelDateTime, Format};
    let d = dir("stream");
    let (ids, values) = example_firm();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let employees = ids.iter().position(|i| i == "employees").unwrap();
    let mut summaries = Vec::new();
    for inline in [false, true] {
        let input = d.join(format!("培育库-{inline}.xlsx"));
        let mut book = Workbook::new();
        let sheet = if inline {
            book.add_worksheet_with_constant_memory()
        } else {
            book.add_worksheet()
        };
        // Row 1 blank; the header on row 2.
        for (c, id) in ids.iter().enumerate() {
            sheet.write_string(1, c as u16, id).unwrap();
        }
        // Row 3: numbers as numbers, dates as dates; row 4 blank; row 5: the
        // same firm all as text (thousands separators kept); row 6: a word
        // where a number belongs; row 7: a cell right of the last header.
        for (r, name) in [(2u32, "数字型"), (4, "文本型"), (5, "有误"), (6, "多一列")] {
            for (c, v) in values.iter().enumerate() {
                let col = c as u16;
                let v = if c == 0 { name.to_owned() } else { v.clone() };
                if r == 5 && c == employees {
                    sheet.write_string(r, col, "很多").unwrap();
                    continue;
                }
                let plain = v.replace(',', "");
                let is_date = v.len() == 10 && v.as_bytes()[4] == b'-' && v.as_bytes()[7] == b'-';
                match (r, plain.parse::<f64>()) {
                    (4, _) => sheet.write_string(r, col, &v),
                    _ if is_date => sheet.write_datetime_with_format(
                        r,
                        col,
                        ExcelDateTime::parse_from_str(&v).unwrap(),
                        &date,
                    ),
                    (_, Ok(n)) => sheet.write_number(r, col, n),
                    _ => sheet.write_string(r, col, &v),
                }
                .unwrap();
            }
            if r == 6 {
                sheet.write_string(r, ids.len() as u16 + 1, "备注").unwrap();
            }
        }
        book.save(&input).unwrap();
        let out = d.join(format!("out-{inline}"));
        let (code, _, err) = zjtx(&[
            "batch",
            s(&input),
            "--out",
            s(&out),
            "--date",
            "2026-11-22",
            "--reports",
            "none",
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("本次评估 2 家（2 行有误）"), "{err}");
        assert!(
            err.contains("第 6 行：「从业人员（上年末）」需要填数字"),
            "{err}"
        );
        assert!(
            err.contains(&format!(
                "第 7 行：第 {} 列有数据，但这一列没有表头",
                ids.len() + 2
            )),
            "{err}"
        );
        let rows = csv_rows(&out.join("summary.csv"));
        let numbers: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(numbers, ["3", "5", "6", "7"]);
        assert_eq!(rows[1][1], "数字型");
        assert_eq!(
            rows[1][2..],
            rows[2][2..],
            "numbers and dates read as typed"
        );
        assert_eq!(rows[1][4], "已持有（有效期内）", "the title date was read");
        summaries.push(rows);
    }
    assert_eq!(
        summaries[0], summaries[1],
        "shared and inline strings alike"
    );
}

/// A header cell merged across two columns leaves the second without a
/// name: that column is named, not read as something else.
#[test]
fn merged_header_cell_names_the_blank_column() {
    use rust_xlsxwriter::Format;
    let d = dir("merged");
    let (ids, values) = example_firm();
    let input = d.join("合并表头.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .merge_range(0, 0, 0, 1, "企业名称", &Format::new())
        .unwrap();
    for (c, id) in ids.iter().enumerate().skip(1) {
        sheet.write_string(0, c as u16 + 1, id).unwrap();
    }
    for (c, v) in values.iter().enumerate() {
        sheet.write_string(1, c as u16 + 1, v).unwrap();
    }
    book.save(&input).unwrap();
    let (code, _, err) = zjtx(&["batch", s(&input), "--out", s(&d.join("out"))]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("第 B 列没有列名；请补上，或删去这一列。"),
        "{err}"
    );
}
