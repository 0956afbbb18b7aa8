//! Overlay packs: a province writes only what differs from the pack it
//! `extends`; the CLI's `--pack` loads it, and the widget loads the same
//! pack as one JSON bundle.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use zjtx::rules::Pack;

fn overlay(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

mod common;
use common::zjtx;

/// The two-line overlay: one threshold changed (创新型评价及格线 60 → 90),
/// loaded by the CLI, shown in the report.
#[test]
fn a_two_line_overlay_changes_one_threshold_in_the_report() {
    let dir = overlay(
        "overlay-pass-mark",
        &[
            ("pack.toml", "extends = \"national\"\nid = \"demo\"\n"),
            ("tech_innovative_63.toml", "[score]\npass_mark = 90\n"),
        ],
    );
    let fixture = "tests/fixtures/firm-rd-short.json";
    let (code, national, err) =
        zjtx(&["assess", fixture, "--format", "md", "--date", "2026-11-22"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        national.contains("**85 分**（及格线 60 分，达标：是）"),
        "{national}"
    );
    let (code, changed, err) = zjtx(&[
        "assess",
        fixture,
        "--format",
        "md",
        "--date",
        "2026-11-22",
        "--pack",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        changed.contains("**85 分**（及格线 90 分，达标：否）"),
        "{changed}"
    );
    // It does not pass for the national pack: unnamed, it reads as an overlay.
    assert!(
        changed.contains("规则包：全国通用规则包（demo）"),
        "{changed}"
    );
    let (code, html, err) = zjtx(&[
        "report",
        fixture,
        "--date",
        "2026-11-22",
        "--pack",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(html.contains("90"), "{html}");
    // Everything else is the national pack's.
    let pack = Pack::load_dir(&dir).unwrap();
    let national = Pack::national();
    assert_eq!(pack.meta.id, "demo");
    assert_eq!(pack.meta.extends.as_deref(), Some("national"));
    assert_eq!(pack.inputs, national.inputs);
    assert_eq!(pack.rule_sets.len(), national.rule_sets.len());
}

/// A threshold is written once: an overlay that changes it (with the
/// clause text, the law's own words) changes the generated title too, in
/// the report and in the review document.
#[test]
fn an_overlay_threshold_changes_the_generated_title() {
    let dir = overlay(
        "overlay-title",
        &[
            ("pack.toml", "extends = \"national\"\nid = \"demo\"\n"),
            (
                "specialised_2026.toml",
                r#"[[criteria]]
id = "platform_score"
text = "本年度中小企业专精特新发展评价得分达55分以上（复核企业近两年任意一年达55分以上即可）。"
test = { metric = "platform_score.y1", min = 55, word = "以上" }
renewal_test = { any = [
  { metric = "platform_score.y1", min = 55, word = "以上" },
  { metric = "platform_score.y2", min = 55, word = "以上" },
] }
"#,
            ),
        ],
    );
    let args = [
        "assess",
        "tests/fixtures/firm-rd-short.json",
        "--format",
        "md",
        "--date",
        "2026-11-22",
    ];
    let (code, national, err) = zjtx(&args);
    assert_eq!(code, 0, "{err}");
    assert!(
        national.contains("| （六）专精特新发展评价得分 50 分以上 |"),
        "{national}"
    );
    let mut with_pack = args.to_vec();
    with_pack.extend(["--pack", dir.to_str().unwrap()]);
    let (code, changed, err) = zjtx(&with_pack);
    assert_eq!(code, 0, "{err}");
    assert!(
        changed.contains("| （六）专精特新发展评价得分 55 分以上 |")
            && changed.contains("要求 55 分以上"),
        "{changed}"
    );
    assert!(!changed.contains("评价得分 50 分以上"), "{changed}");
    let (code, doc, err) = zjtx(&["pack", "doc", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        doc.contains("#### （六）专精特新发展评价得分 55 分以上"),
        "{doc}"
    );
    // The widget's bundle holds the title as written in the pack; the
    // widget fills it on load the same way.
    let bundle = Pack::bundle_dir(&dir).unwrap();
    let from_bundle = Pack::from_bundle(&bundle).unwrap();
    let title = |p: &Pack| {
        p.rule_sets
            .iter()
            .find(|r| r.meta.id == "specialised-2026")
            .and_then(|r| r.criteria.iter().find(|c| &*c.id == "platform_score"))
            .map(|c| c.title.to_string())
    };
    assert_eq!(
        title(&from_bundle).as_deref(),
        Some("（六）专精特新发展评价得分 55 分以上")
    );
}

/// Add, replace and remove by id: a question, a criterion, a measure.
#[test]
fn overlays_add_replace_and_remove_by_id() {
    let dir = overlay(
        "overlay-by-id",
        &[
            (
                "pack.toml",
                "extends = \"national\"\nid = \"zj\"\nprovince = \"浙江\"\n",
            ),
            (
                "inputs.toml",
                r#"[[inputs]]
id = "zj_digital_level"
label = "数字化改造等级（浙江）"
kind = "count"
unit = "级"
page = "创新与荣誉"
help = "浙江省数字化改造评估等级。"
"#,
            ),
            (
                "specialised_2026.toml",
                r#"[[criteria]]
id = "main_product"
remove = true

[[criteria]]
id = "platform_score"
text = "本年度中小企业专精特新发展评价得分达55分以上（复核企业近两年任意一年达55分以上即可）。"
test = { metric = "platform_score.y1", min = 55, word = "以上" }
renewal_test = { any = [
  { metric = "platform_score.y1", min = 55, word = "以上" },
  { metric = "platform_score.y2", min = 55, word = "以上" },
] }

[[criteria]]
id = "zj_digital"
title = "浙江：数字化改造 {zj_digital_level} 级以上"
clause = "浙江补充条款"
text = "数字化改造等级达到2级以上。"
grade = "S"
test = { metric = "zj_digital_level", min = 2, word = "达到…以上" }
"#,
            ),
        ],
    );
    let pack = Pack::load_dir(&dir).unwrap();
    assert!(pack.input("zj_digital_level").is_some());
    let rs = pack
        .rule_sets
        .iter()
        .find(|r| r.meta.id == "specialised-2026")
        .unwrap();
    let ids: Vec<&str> = rs.criteria.iter().map(|c| &*c.id).collect();
    assert!(!ids.contains(&"main_product"), "{ids:?}");
    assert_eq!(ids.last(), Some(&"zj_digital"));
    let ps = rs
        .criteria
        .iter()
        .find(|c| &*c.id == "platform_score")
        .unwrap();
    // The title is generated from the threshold the overlay changed.
    assert_eq!(&*ps.title, "（六）专精特新发展评价得分 55 分以上");
    // Keys the overlay did not write are kept (clause, text, evidence).
    assert_eq!(&*ps.clause, "2号文附件1（六）");
    assert!(!ps.evidence.is_empty());
    // The widget's bundle is the same pack.
    let bundle = Pack::bundle_dir(&dir).unwrap();
    let from_bundle = Pack::from_bundle(&bundle).unwrap();
    assert_eq!(from_bundle.rule_sets, pack.rule_sets);
    assert_eq!(from_bundle.inputs, pack.inputs);
    // pack check says what was added.
    let (code, out, err) = zjtx(&["pack", "check", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("叠加于：national") && out.contains("数字化改造等级（浙江）"),
        "{out}"
    );
}

#[test]
fn a_broken_overlay_gets_a_zh_cn_error_naming_file_and_item() {
    let dir = overlay(
        "overlay-broken",
        &[
            ("pack.toml", "extends = \"national\"\n"),
            (
                "specialised_2026.toml",
                "[[criteria]]\nid = \"no_such\"\nremove = true\n",
            ),
        ],
    );
    let err = Pack::load_dir(&dir).unwrap_err().0;
    assert!(
        err.contains("specialised_2026.toml") && err.contains("no_such"),
        "{err}"
    );
    let dir = overlay(
        "overlay-bad-base",
        &[("pack.toml", "extends = \"atlantis\"\n")],
    );
    let err = Pack::load_dir(&dir).unwrap_err().0;
    assert!(
        err.contains("atlantis") && err.contains("national"),
        "{err}"
    );
    let dir = overlay(
        "overlay-stray",
        &[
            ("pack.toml", "extends = \"national\"\n"),
            (
                "specialised_2026.toml",
                "[[criteria]]\nid = \"rd\"\ntitel = \"x\"\n",
            ),
        ],
    );
    let err = Pack::load_dir(&dir).unwrap_err().0;
    assert!(
        err.contains("specialised_2026.toml") && err.contains("不认识的键“titel”"),
        "{err}"
    );
}

/// The help of 评估日期 says which standards a date selects: policy, so
/// it is the pack's and a province rewrites it (the widget shows
/// `pack.basics_help`); the questions themselves stay the national ones.
#[test]
fn the_assessment_date_help_comes_from_the_pack() {
    let national = Pack::national();
    assert!(
        national
            .basics_help
            .assessment_date
            .contains("2026-04-01 起新申请按工信部企业〔2026〕2号")
    );
    let dir = overlay(
        "overlay-basics-help",
        &[
            ("pack.toml", "extends = \"national\"\n"),
            (
                "inputs.toml",
                "[basics_help]\nassessment_date = \"本省：写成 YYYY-MM-DD。\"\n",
            ),
        ],
    );
    let pack = Pack::load_dir(&dir).unwrap();
    assert_eq!(pack.basics_help.assessment_date, "本省：写成 YYYY-MM-DD。");
    assert_eq!(
        pack.basics_help.application,
        national.basics_help.application
    );
    assert_eq!(pack.inputs, national.inputs);
    let dir = overlay(
        "overlay-basics-help-empty",
        &[
            ("pack.toml", "extends = \"national\"\n"),
            ("inputs.toml", "[basics_help]\napplication = \" \"\n"),
        ],
    );
    let err = Pack::load_dir(&dir).unwrap_err().0;
    assert!(
        err.contains("inputs.toml") && err.contains("application"),
        "{err}"
    );
}

/// Reminders are data: an overlay rewrites the held-title reminder.
#[test]
fn reminders_come_from_the_pack() {
    use zjtx::answers::AnswersFile;
    use zjtx::date::Date;
    use zjtx::engine::plan::gap_report;
    use zjtx::engine::{Options, assess};
    use zjtx::facts::Facts;
    let dir = overlay(
        "overlay-reminders",
        &[
            ("pack.toml", "extends = \"national\"\n"),
            (
                "reminders.toml",
                "[held_title]\ntext = \"本省提醒：{title}称号 {expires} 到期{status}\"\n",
            ),
        ],
    );
    let pack = Pack::load_dir(&dir).unwrap();
    let mut answers = AnswersFile::new();
    answers.set("title_tech_innovative_date", "2025-06-01");
    let options = Options {
        date: Date::new(2026, 11, 22),
        application: zjtx::rules::Application::New,
        settings: Default::default(),
    };
    let facts = Facts::read(&pack, &answers, options.date);
    let a = assess(&pack, &facts, &options).unwrap();
    let g = gap_report(&pack, &facts, &a);
    assert!(
        g.reminders
            .iter()
            .any(|r| r == "本省提醒：科技和创新型中小企业称号 2028-06-01 到期，到期前须参加复核"),
        "{:?}",
        g.reminders
    );
}
