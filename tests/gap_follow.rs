//! Property: following a gap's advice closes it. For money, count and
//! points gaps, under both readings of “以上/以下” (the `boundary` setting:
//! 含本数 or 不含本数), adding (or, for an upper bound, removing) exactly the
//! amount the advice names makes the comparison hold — the rounding of the
//! advice (up to 0.01 万元, up to a whole person or item, one smallest unit
//! beyond a strict bound) never leaves the firm one step short.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use std::collections::BTreeMap;
use zjtx::answers::AnswersFile;
use zjtx::date::Date;
use zjtx::engine::Truth;
use zjtx::engine::context::Ctx;
use zjtx::engine::evaluate::{Leaf, Mode, ScoreGate};
use zjtx::engine::gap::GapKind;
use zjtx::engine::settings::Settings;
use zjtx::facts::Facts;
use zjtx::num::Dec;
use zjtx::rules::{Application, Cond, Pack};

const BOUNDARIES: [&str; 2] = ["inclusive", "exclusive"];

fn pack() -> &'static Pack {
    static PACK: std::sync::OnceLock<Pack> = std::sync::OnceLock::new();
    PACK.get_or_init(Pack::national)
}

fn cond(text: &str) -> Cond {
    #[derive(serde::Deserialize)]
    struct W {
        test: Cond,
    }
    toml::from_str::<W>(&format!("test = {text}")).unwrap().test
}

/// The comparison's truth and its leaf under one boundary setting.
fn judge(answers: &AnswersFile, c: &Cond, boundary: &str) -> (Truth, Leaf) {
    let pack = pack();
    let date = Date::new(2026, 11, 22);
    let facts = Facts::read(pack, answers, date);
    let overrides = BTreeMap::from([("boundary".to_owned(), boundary.to_owned())]);
    let (settings, _) = Settings::resolve(pack, &overrides).unwrap();
    let ctx = Ctx::new(pack, &facts, date, Application::New, settings);
    let (truth, mut leaves) = ctx.eval(c, Mode::Clause, &ScoreGate::default());
    (truth, leaves.remove(0))
}

fn firm(pairs: &[(&str, String)]) -> AnswersFile {
    let mut a = AnswersFile::new();
    for (id, v) in pairs {
        a.set(id, v.clone());
    }
    a
}

fn read(a: &AnswersFile, id: &str) -> Dec {
    a.typed(id).trim().parse().unwrap()
}

/// Follows the advice: the lever moves by the amount, up for a lower bound
/// and down for an upper one; staff hired also count as employees.
fn follow(a: &AnswersFile, leaf: &Leaf) -> AnswersFile {
    let g = leaf.gap.as_ref().expect("an unmet comparison has a gap");
    let lever = g.lever.as_deref().expect("a lever");
    let amount = g.amount.expect("an amount");
    let mut b = a.clone();
    let signed = if leaf.lower_bound { amount } else { -amount };
    b.set(lever, (read(a, lever) + signed).to_string());
    if matches!(lever, "tech_staff" | "rd_staff") {
        b.set("employees", (read(a, "employees") + amount).to_string());
    }
    b
}

/// Checks one case under both boundary settings; returns the gap kinds seen.
fn check(a: &AnswersFile, c: &Cond) -> Result<Vec<GapKind>, TestCaseError> {
    let mut kinds = Vec::new();
    for boundary in BOUNDARIES {
        let (truth, leaf) = judge(a, c, boundary);
        if truth != Truth::No {
            continue;
        }
        let kind = leaf.gap.as_ref().map(|g| g.kind);
        prop_assert!(kind.is_some(), "unmet without a gap: {}", leaf.text());
        kinds.extend(kind);
        let after = follow(a, &leaf);
        let (truth, again) = judge(&after, c, boundary);
        prop_assert_eq!(
            truth,
            Truth::Yes,
            "boundary {}: followed “{}”, still {}",
            boundary,
            leaf.gap.as_ref().unwrap().advice,
            again.text()
        );
    }
    Ok(kinds)
}

/// An amount in 万元 with up to two decimals.
fn money() -> impl Strategy<Value = Dec> {
    (0i64..2_000_000).prop_map(|c| Dec::new(c, 2))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("ZJTX_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    /// Money: a share of revenue (R&D intensity), a plain figure, a
    /// two-year total and mean, and a year-end ratio bounded from above.
    #[test]
    fn money_gaps_close_when_followed(
        rd in money(),
        rd2 in money(),
        revenue in (1i64..5_000_000).prop_map(|c| Dec::new(c, 2)),
        assets in (1i64..5_000_000).prop_map(|c| Dec::new(c, 2)),
        liabilities in money(),
        pct in 1u32..=99,
        floor in 1u32..=20_000,
    ) {
        let a = firm(&[
            ("rd_expense.y1", rd.to_string()),
            ("rd_expense.y2", rd2.to_string()),
            ("operating_revenue.y1", revenue.to_string()),
            ("total_assets", assets.to_string()),
            ("total_liabilities", liabilities.to_string()),
        ]);
        for c in [
            format!(r#"{{ metric = "rd_ratio.y1", min = "{pct}%", word = "以上" }}"#),
            format!(r#"{{ metric = "operating_revenue.y1", min = {floor}, word = "以上" }}"#),
            format!(r#"{{ metric = "rd_sum_2y", min = {floor}, word = "以上" }}"#),
            format!(r#"{{ metric = "rd_avg_2y", min = {floor}, word = "以上" }}"#),
            format!(r#"{{ metric = "debt_ratio", max = "{pct}%", word = "以下" }}"#),
        ] {
            for kind in check(&a, &cond(&c))? {
                prop_assert_eq!(kind, GapKind::Money, "{}", c);
            }
        }
    }

    /// Counts: items held, and staff shares (hiring adds to both sides).
    #[test]
    fn count_gaps_close_when_followed(
        items in 0u32..200,
        need in 1u32..300,
        staff in 0u32..500,
        extra in 1u32..2000,
        pct in 1u32..=95,
    ) {
        let a = firm(&[
            ("ip1_count", items.to_string()),
            ("tech_staff", staff.to_string()),
            ("employees", (staff + extra).to_string()),
        ]);
        for c in [
            format!(r#"{{ metric = "ip1_count", min = {need}, word = "以上" }}"#),
            format!(r#"{{ metric = "tech_staff_share", min = "{pct}%", word = "以上" }}"#),
        ] {
            for kind in check(&a, &cond(&c))? {
                prop_assert_eq!(kind, GapKind::Count, "{}", c);
            }
        }
    }

    /// Percentage points of a share the firm reports directly.
    #[test]
    fn points_gaps_close_when_followed(
        share in (0i64..10_000).prop_map(|c| Dec::new(c, 2)),
        pct in 1u32..=99,
    ) {
        let a = firm(&[("market_share", share.to_string())]);
        let c = format!(r#"{{ metric = "market_share", min = "{pct}%", word = "以上" }}"#);
        for kind in check(&a, &cond(&c))? {
            prop_assert_eq!(kind, GapKind::Points, "{}", c);
        }
    }
}

/// The boundary setting really changes the verdict at the threshold (so
/// the properties above test both readings, not one twice), and the
/// advice at the threshold under 不含本数 asks for one smallest unit more.
#[test]
fn at_the_threshold_the_two_readings_differ() {
    let a = firm(&[("operating_revenue.y1", "1500".to_owned())]);
    let c = cond(r#"{ metric = "operating_revenue.y1", min = 1500, word = "以上" }"#);
    assert_eq!(judge(&a, &c, "inclusive").0, Truth::Yes);
    let (truth, leaf) = judge(&a, &c, "exclusive");
    assert_eq!(truth, Truth::No);
    assert_eq!(
        leaf.gap.as_ref().and_then(|g| g.amount),
        Some(Dec::new(1, 2))
    );
    assert_eq!(judge(&follow(&a, &leaf), &c, "exclusive").0, Truth::Yes);
}
