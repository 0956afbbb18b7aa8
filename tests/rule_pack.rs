//! The rule pack loads, and a broken pack is refused with a message that
//! names the file and the item.
#![cfg(not(target_arch = "wasm32"))]

use zjtx::rules::{Pack, PackError};

/// Loads the national pack from disk with one file's text replaced.
fn load_with(file: &str, edit: impl Fn(String) -> String) -> Result<Pack, String> {
    Pack::from_files(|name| {
        let text = std::fs::read_to_string(format!("rules/national/{name}"))
            .map_err(|e| PackError(e.to_string()))?;
        Ok(if name == file { edit(text) } else { text })
    })
    .map_err(|e| e.0)
}

fn replaced(file: &str, from: &str, to: &str) -> String {
    load_with(file, |t| {
        assert!(t.contains(from), "test fixture: “{from}” not in {file}");
        t.replacen(from, to, 1)
    })
    .unwrap_err()
}

#[test]
fn national_pack_loads_with_every_tier() {
    let pack = Pack::national();
    assert_eq!(pack.size_class.industries.len(), 16);
    assert_eq!(
        pack.size_class.industry("工业").unwrap().clause,
        "第四条（二）"
    );
    assert_eq!(pack.rule_sets.len(), 7);
    for tier in pack.tiers.iter().map(|t| t.id) {
        assert!(
            pack.rule_sets.iter().any(|r| r.meta.tier == tier),
            "{tier:?}"
        );
    }
    assert_eq!(pack.content_hash.len(), 16);
    // build.rs hashes the same TOML the same way (the widget relies on it).
    assert_eq!(
        load_with("pack.toml", |t| t).unwrap().content_hash,
        env!("ZJTX_NATIONAL_HASH")
    );
    // The bundled files are the files on disk.
    assert_eq!(load_with("pack.toml", |t| t).unwrap(), pack);
}

#[test]
fn threshold_that_disagrees_with_clause_text_is_refused() {
    let err = replaced(
        "size_class.toml",
        "sme_ceiling = { employees = 1000, operating_revenue = 40000 }",
        "sme_ceiling = { employees = 1001, operating_revenue = 40000 }",
    );
    assert!(
        err.contains("industrial（工业）") && err.contains("1001人"),
        "{err}"
    );
}

#[test]
fn float_threshold_is_refused() {
    let err = replaced(
        "size_class.toml",
        "small_floor = { operating_revenue = 50 }",
        "small_floor = { operating_revenue = 50.5 }",
    );
    assert!(
        err.contains("size_class.toml") && err.contains("字符串"),
        "{err}"
    );
}

#[test]
fn small_floor_above_medium_floor_is_refused() {
    let err = replaced(
        "size_class.toml",
        "small_floor = { employees = 20, operating_revenue = 300 }",
        "small_floor = { employees = 400, operating_revenue = 300 }",
    );
    assert!(err.contains("小型下限") && err.contains("工业"), "{err}");
}

#[test]
fn unknown_key_is_refused() {
    let err = replaced(
        "size_class.toml",
        "clause = \"第四条（一）\"",
        "clause = \"第四条（一）\"\nceiling = 3",
    );
    assert!(
        err.contains("size_class.toml") && err.contains("ceiling"),
        "{err}"
    );
}

#[test]
fn unknown_metric_is_refused_naming_the_criterion() {
    let err = replaced(
        "specialised_2026.toml",
        "metric = \"debt_ratio\"",
        "metric = \"debt_ratoi\"",
    );
    assert!(
        err.contains("specialised_2026.toml")
            && err.contains("debt_ratio")
            && err.contains("debt_ratoi"),
        "{err}"
    );
}

#[test]
fn comparison_word_against_its_direction_is_refused() {
    let err = replaced(
        "specialised_2026.toml",
        "max = \"80%\", word = \"不超过\"",
        "max = \"80%\", word = \"不低于\"",
    );
    assert!(err.contains("不低于") && err.contains("方向"), "{err}");
}

#[test]
fn scores_that_do_not_add_up_are_refused() {
    let err = replaced(
        "tech_innovative_63.toml",
        "max_points = 10\ngrade = \"V\"\nkind = \"bands\"\nmetric = \"debt_ratio\"",
        "max_points = 12\ngrade = \"V\"\nkind = \"bands\"\nmetric = \"debt_ratio\"",
    );
    assert!(err.contains("成长性") && err.contains("满分"), "{err}");
}

#[test]
fn unknown_choice_option_is_refused() {
    let err = replaced(
        "specialised_63.toml",
        "one_of = [\"top50\", \"top500\"]",
        "one_of = [\"top50\", \"top5000\"]",
    );
    assert!(
        err.contains("maker_china") && err.contains("top5000"),
        "{err}"
    );
}

#[test]
fn every_threshold_cites_its_clause_and_grade() {
    let pack = Pack::national();
    for rs in &pack.rule_sets {
        assert!(!rs.meta.applies.is_empty(), "{}", rs.meta.id);
        for c in &rs.criteria {
            assert!(
                !c.clause.is_empty() && !c.text.is_empty(),
                "{} {}",
                rs.meta.id,
                c.id
            );
        }
    }
}

/// Conditions are typed: a condition that could never be evaluated, or a
/// stray key, is refused with a zh-CN message naming the file, the line, the
/// item and the fix.
#[test]
fn malformed_conditions_are_refused_in_zh_cn() {
    let file = "specialised_2026.toml";
    let cases = [
        (
            r#"test = { flag = "title_tech_innovative_valid" }"#,
            r#"test = { choice = "maker_china" }"#,
            "one_of",
        ),
        (
            r#"test = { flag = "title_tech_innovative_valid" }"#,
            r#"test = { choice = "maker_china", one_of = [] }"#,
            "one_of",
        ),
        (
            r#"test = { flag = "title_tech_innovative_valid" }"#,
            r#"test = { score = "anything" }"#,
            "只能写 \"pass\"",
        ),
        (
            r#"test = { metric = "niche_years", min = 3, word = "以上" }"#,
            r#"test = { metric = "niche_years", min = 3, word = "以上", mni = 2 }"#,
            "不认识的键“mni”",
        ),
        (
            r#"test = { metric = "niche_years", min = 3, word = "以上" }"#,
            r#"test = { metric = "niche_years", min = 3, word = "大约" }"#,
            "不认识的比较用语“大约”",
        ),
        (
            r#"test = { metric = "niche_years", min = 3, word = "以上" }"#,
            r#"test = { metric = "niche_years", min = 3, word = "不超过" }"#,
            "方向不符",
        ),
        (
            r#"test = { metric = "niche_years", min = 3, word = "以上" }"#,
            r#"test = { metric = "niche_years", min = 3, is = true }"#,
            "键“is”在这种条件里没有意义",
        ),
        (
            r#"test = { metric = "niche_years", min = 3, word = "以上" }"#,
            r#"test = { any = [] }"#,
            "any = [] 是空的",
        ),
        (
            r#"test = { metric = "niche_years", min = 3, word = "以上" }"#,
            r#"test = { metric = "niche_years", min = 3, max = 5 }"#,
            "min",
        ),
    ];
    for (from, to, want) in cases {
        let err = replaced(file, from, to);
        assert!(
            err.contains(file) && err.contains(want) && err.contains("行"),
            "{to}: {err}"
        );
        assert!(
            !err.contains("expected") && !err.contains("unknown") && !err.contains("invalid"),
            "English parser text leaked: {err}"
        );
    }
    // The item is named: the nearest id above the fault.
    let err = replaced(
        file,
        r#"test = { metric = "niche_years", min = 3, word = "以上" }"#,
        r#"test = { metric = "niche_years", min = 3, word = "大约" }"#,
    );
    assert!(err.contains("“niche_years”一项"), "{err}");
}

/// A pass mark worded as an upper bound is refused.
#[test]
fn pass_word_must_read_upwards() {
    let err = replaced(
        "specialised_63.toml",
        "pass_word = \"达到…以上\"",
        "pass_word = \"不超过\"",
    );
    assert!(
        err.contains("pass_word") && err.contains("上限用语"),
        "{err}"
    );
}

/// The title validity is the pack's (`validity_years`), not a number in Rust:
/// a pack saying 5 years keeps a 2022 title valid in late 2026.
#[test]
fn title_validity_comes_from_the_pack() {
    use zjtx::answers::AnswersFile;
    use zjtx::date::Date;
    use zjtx::engine::{Options, assess};
    use zjtx::facts::Facts;
    let run = |pack: &Pack| {
        let mut answers = AnswersFile::new();
        answers.set("title_tech_innovative_date", "2022-06-01");
        let options = Options {
            date: Date::new(2026, 11, 22),
            application: zjtx::rules::Application::New,
            settings: Default::default(),
        };
        let facts = Facts::read(pack, &answers, options.date);
        let a = assess(pack, &facts, &options).unwrap();
        let c = a
            .tiers
            .iter()
            .flat_map(|t| &t.paths)
            .flat_map(|p| &p.criteria)
            .find(|c| &*c.id == "title_prerequisite")
            .unwrap()
            .clone();
        (c.truth, c.leaves[0].text().into_owned())
    };
    let (truth, text) = run(&Pack::national());
    assert_eq!(truth, zjtx::engine::Truth::No, "{text}");
    assert!(text.contains("按 3 年计"), "{text}");
    let five = load_with("tech_innovative_63.toml", |t| {
        t.replacen("validity_years = 3", "validity_years = 5", 1)
    })
    .unwrap();
    let (truth, text) = run(&five);
    assert_eq!(truth, zjtx::engine::Truth::Yes, "{text}");
    assert!(text.contains("按 5 年计"), "{text}");
}

/// Every threshold appears in its clause text (or its `written` form), and
/// every band endpoint in its band's label.
#[test]
fn thresholds_are_checked_against_the_clause_text() {
    let err = replaced(
        "specialised_2026.toml",
        r#"{ metric = "debt_ratio", max = "80%", word = "不超过" }"#,
        r#"{ metric = "debt_ratio", max = "70%", word = "不超过" }"#,
    );
    assert!(
        err.contains("debt_ratio") && err.contains("门槛“70%”"),
        "{err}"
    );
    let err = replaced(
        "tech_sme_115.toml",
        r#"written = "2亿元" },"#,
        r#"written = "3亿元" },"#,
    );
    assert!(err.contains("3亿元"), "{err}");
    let err = replaced(
        "specialised_63.toml",
        r#"{ label = "B. 70%-80%", points = 3, from = "70%" }"#,
        r#"{ label = "B. 70%-80%", points = 3, from = "75%" }"#,
    );
    assert!(err.contains("档位“B. 70%-80%”的端点"), "{err}");
}
