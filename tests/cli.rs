//! The `zjtx` command as a bureau would run it.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::{TempDir, zjtx};

/// A file holding `text` in a folder of its own, removed with the folder
/// when the test ends (kept with ZJTX_KEEP_TMP=1).
fn temp_file(name: &str, text: &str) -> TempFile {
    let dir = TempDir::new("cli", name);
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    TempFile {
        path: path.to_string_lossy().into_owned(),
        _dir: dir,
    }
}

struct TempFile {
    path: String,
    _dir: TempDir,
}

impl std::ops::Deref for TempFile {
    type Target = str;
    fn deref(&self) -> &str {
        &self.path
    }
}

impl AsRef<std::path::Path> for TempFile {
    fn as_ref(&self) -> &std::path::Path {
        self.path.as_ref()
    }
}

#[test]
fn assess_json_gives_verdict_and_clause() {
    let (code, out, err) = zjtx(&[
        "assess",
        "tests/fixtures/industrial-medium.json",
        "--date",
        "2026-11-22",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["size_class"]["verdict"], "medium");
    assert_eq!(v["size_class"]["headline"], "中型企业");
    assert_eq!(v["size_class"]["detail"]["clause"], "第四条（二）");
    assert_eq!(v["date"], "2026-11-22");
    // Why a path reads 可能不符合 or 无需评价 travels with it.
    for t in v["tiers"].as_array().unwrap() {
        for p in t["paths"].as_array().unwrap() {
            assert!(
                p["doubts"].is_array() && p.get("not_needed").is_some(),
                "{p}"
            );
        }
    }
    // Exact decimals travel as strings, never as binary floats.
    assert_eq!(
        v["size_class"]["detail"]["ceiling_checks"][1]["value"],
        "50000"
    );
}

#[test]
fn assess_html_is_a_complete_printable_document() {
    let (code, out, err) = zjtx(&[
        "assess",
        "tests/fixtures/industrial-medium.json",
        "--format",
        "html",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("<!DOCTYPE html>"));
    assert!(
        out.contains("@page") && out.contains("A4"),
        "print CSS inlined"
    );
    assert!(out.contains(">中型企业</strong>"));
    assert!(out.contains("贵州示例精密制造有限公司"));
    assert!(out.contains("第四条（二）"));
}

#[test]
fn bad_answer_exits_2_naming_the_field() {
    let file = temp_file(
        "neg.json",
        r#"{"schema":"zjtx-answers","version":1,"answers":{"industry":"工业","employees":"-5","operating_revenue.y1":"abc"}}"#,
    );
    let (code, out, err) = zjtx(&["assess", &file]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("「从业人员（上年末）」不能是负数"), "{err}");
    assert!(err.contains("「营业收入（上年度）」需要填数字"), "{err}");
}

#[test]
fn broken_json_and_missing_file_exit_2() {
    let file = temp_file(
        "broken.json",
        r#"{"schema":"zjtx-answers","version":1,"answers":{"#,
    );
    let (code, _, err) = zjtx(&["assess", &file]);
    assert_eq!(code, 2);
    assert!(err.contains("文件不完整"), "{err}");
    let (code, _, err) = zjtx(&["assess", "no/such/file.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("找不到答卷文件 no/such/file.json"), "{err}");
    // The import checks of the widget hold for the CLI: size, BOM, UTF-16, bad settings.
    let big = temp_file("big.json", &" ".repeat(2_000_000));
    let (code, _, err) = zjtx(&["assess", &big]);
    assert_eq!(code, 2);
    assert!(err.contains("有 2.0 MB，超过上限 1.0 MB"), "{err}");
    let text = std::fs::read_to_string("tests/fixtures/firm-rd-short.json").unwrap();
    let bom = temp_file("bom.json", &format!("\u{feff}{text}"));
    let (code, _, err) = zjtx(&["assess", &bom, "--format", "md"]);
    assert_eq!(code, 0, "{err}");
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let path = temp_file("utf16.json", "");
    std::fs::write(&path, utf16).unwrap();
    let (code, _, err) = zjtx(&["assess", &path]);
    assert_eq!(code, 2);
    assert!(err.contains("UTF-16"), "{err}");
    let bogus = temp_file(
        "bogus.json",
        &text.replacen(
            "\"answers\"",
            "\"settings\": {\"boundary\": \"bogus\"}, \"answers\"",
            1,
        ),
    );
    let (code, _, err) = zjtx(&["assess", &bogus]);
    assert_eq!(code, 2);
    assert!(err.contains("计算口径“") && err.contains("bogus"), "{err}");
    let typo = temp_file(
        "typo.json",
        &text.replacen("\"answers\": {", "\"answers\": {\"employes\": \"12\",", 1),
    );
    let (code, _, err) = zjtx(&["assess", &typo, "--format", "md"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("“employes”不是本规则包的题目") && err.contains("是不是“employees”"),
        "{err}"
    );
}

#[test]
fn future_schema_version_is_refused() {
    let file = temp_file(
        "future.json",
        r#"{"schema":"zjtx-answers","version":99,"answers":{}}"#,
    );
    let (code, _, err) = zjtx(&["assess", &file]);
    assert_eq!(code, 2);
    assert!(err.contains("版本 99"), "{err}");
}

#[test]
fn bad_options_exit_2() {
    assert_eq!(
        zjtx(&[
            "assess",
            "tests/fixtures/industrial-medium.json",
            "--format",
            "pdf"
        ])
        .0,
        2
    );
    assert_eq!(
        zjtx(&[
            "assess",
            "tests/fixtures/industrial-medium.json",
            "--date",
            "2026-02-30"
        ])
        .0,
        2
    );
    assert_eq!(zjtx(&["frobnicate"]).0, 2);
}

#[test]
fn json_numbers_in_answers_are_read_exactly() {
    let file = temp_file(
        "numbers.json",
        r#"{"schema":"zjtx-answers","version":1,"answers":{"industry":"industrial","employees":20,"operating_revenue.y1":299.9999}}"#,
    );
    let (code, out, err) = zjtx(&["assess", &file]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["size_class"]["verdict"], "micro");
}

#[test]
fn assess_markdown_lists_every_tier_with_its_verdict() {
    let (code, out, err) = zjtx(&[
        "assess",
        "tests/fixtures/firm-rd-short.json",
        "--format",
        "md",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("# 指标差距报告"));
    assert!(out.contains("| 专精特新中小企业 | **不符合** |"), "{out}");
    assert!(
        out.contains("2025 年（上年度）研发费用占营业收入比重为 ≈2.61%"),
        "{out}"
    );
    assert!(out.contains("## 附：填报数据"));
}

#[test]
fn application_and_settings_flags_change_the_rules_used() {
    let (code, out, err) = zjtx(&[
        "assess",
        "tests/fixtures/firm-rd-short.json",
        "--application",
        "renewal",
        "--setting",
        "band_endpoint=lower",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["application"], "renewal");
    let lg = v["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tier"] == "little_giant")
        .unwrap();
    assert_eq!(lg["paths"][0]["rule_set"], "little-giant-63");
    assert!(
        v["settings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == "band_endpoint" && s["is_default"] == false)
    );
    let (code, _, err) = zjtx(&[
        "assess",
        "tests/fixtures/firm-rd-short.json",
        "--setting",
        "band_endpoint=middle",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("评分区间端点"), "{err}");
}

#[test]
fn contradicting_answers_exit_2() {
    let file = temp_file(
        "contra.json",
        r#"{"schema":"zjtx-answers","version":1,"answers":{"industry":"工业","operating_revenue.y1":"100","main_revenue.y1":"120","employees":"10","rd_staff":"11"}}"#,
    );
    let (code, _, err) = zjtx(&["assess", &file, "--date", "2026-11-22"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("「主营业务收入（上年度）」（120）不能大于「营业收入（上年度）」（100）"),
        "{err}"
    );
    assert!(
        err.contains("「研发人员」（11）不能大于「从业人员（上年末）」（10）"),
        "{err}"
    );
}

#[test]
fn report_defaults_to_html() {
    let (code, out, err) = zjtx(&["report", "tests/fixtures/firm-rd-short.json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("<!DOCTYPE html>") && out.contains("申报计划"));
}

#[test]
fn summary_report_leaves_out_the_detail() {
    let (code, full, err) = zjtx(&["report", "tests/fixtures/firm-rd-short.json"]);
    assert_eq!(code, 0, "{err}");
    let (code, summary, err) = zjtx(&["report", "tests/fixtures/firm-rd-short.json", "--summary"]);
    assert_eq!(code, 0, "{err}");
    assert!(summary.contains(r#"class="zjtx-report zjtx-report--summary""#));
    assert!(
        full.contains(r#"class="zjtx-report""#)
            && !full.contains(r#"class="zjtx-report zjtx-report--summary""#)
    );
    // The detail is marked and hidden by the stylesheet, so screen and print agree.
    assert!(
        summary.contains("rpt-detail")
            && summary.contains(".zjtx-report--summary .rpt-detail { display: none; }")
    );
    assert!(summary.contains("申报计划") && summary.contains("结论与申报时间"));
}

/// `zjtx report … | head`: the reader goes away before the report is out.
/// The CLI stops writing quietly (exit 0, nothing on stderr) instead of
/// panicking on the broken pipe.
#[test]
fn a_reader_that_stops_early_is_not_a_crash() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_zjtx"))
        .args([
            "report",
            "tests/fixtures/firm-rd-short.json",
            "--date",
            "2026-11-22",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run zjtx");
    // Closing the read end at once: every write the CLI makes meets a
    // closed pipe, however small the report.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[test]
fn a_date_that_does_not_exist_is_named_as_such() {
    let f = "tests/fixtures/industrial-medium.json";
    let (code, _, err) = zjtx(&["report", f, "--date", "2026-02-30"]);
    assert_eq!(code, 2);
    assert!(err.contains("“2026-02-30”不存在"), "{err}");
    let (code, _, err) = zjtx(&["report", f, "--date", "2026/11/30"]);
    assert_eq!(code, 2);
    assert!(err.contains("格式不对，请写成 YYYY-MM-DD"), "{err}");
}
