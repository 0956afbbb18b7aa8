//! The time-aware plan (issue 12): golden cases over the sample firm and
//! variants of it, the route chosen by a cost model in 万元, the mean gap,
//! and the property that no plan item asks to change a fiscal year that
//! ended before the assessment date.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use zjtx::answers::AnswersFile;
use zjtx::date::Date;
use zjtx::engine::context::Ctx;
use zjtx::engine::evaluate::ScoreGate;
use zjtx::engine::settings::Settings;
use zjtx::engine::timeline::{
    Advice, ItemKind, PlanItem, Standing, TierAdvice, TimePlan, advise, earliest_years,
};
use zjtx::engine::{Options, Truth, assess};
use zjtx::facts::Facts;
use zjtx::report::{ReportModel, options_for, render_markdown};
use zjtx::rules::{Application, Cond, Pack, Tier};

fn firm(changes: &[(&str, &str)]) -> AnswersFile {
    let text = std::fs::read_to_string("tests/fixtures/firm-rd-short.json").unwrap();
    let mut a = AnswersFile::from_json(&text).unwrap();
    for (id, v) in changes {
        a.set(id, *v);
    }
    a
}

fn advice_for(a: &AnswersFile) -> Advice {
    let pack = Pack::national();
    let options: Options = options_for(a, Date::new(2026, 11, 22));
    let facts = Facts::read(&pack, a, options.date);
    let today = assess(&pack, &facts, &options).unwrap();
    advise(&pack, &facts, &options, &today)
}

fn tier(a: &Advice, t: Tier) -> &TierAdvice {
    a.tiers.iter().find(|x| x.tier == t).unwrap()
}

fn plan(a: &Advice, t: Tier) -> &TimePlan {
    match &tier(a, t).standing {
        Standing::Plan(p) => p,
        other => panic!("{t:?}: expected a plan, got {other:?}"),
    }
}

fn targets(p: &TimePlan, year: i32) -> Vec<&PlanItem> {
    p.items
        .iter()
        .filter(|i| i.kind == ItemKind::Target && !i.keep && i.year == Some(year))
        .collect()
}

#[test]
fn sample_firm_short_on_rd_ratio_in_2025_aims_at_2028_with_targets_for_2026_and_2027() {
    // 2025 R&D is 2.61 % of revenue; 2号文 (三) reads both of the last two
    // years, so a 2027 application (reading 2026 and 2025) is out of reach.
    let a = advice_for(&firm(&[]));
    assert_eq!(
        a.first_year, 2027,
        "assessed 2026-11-22: this year's window has passed"
    );
    let p = plan(&a, Tier::SpecialisedSme);
    assert_eq!(p.apply_year, Some(2028));
    assert!(
        p.earlier
            .iter()
            .any(|e| e.starts_with("2027 年申报不行") && e.contains("2025 年已结束")),
        "{:?}",
        p.earlier
    );
    let t2026 = targets(p, 2026);
    assert_eq!(t2026.len(), 1, "{t2026:?}");
    assert_eq!(t2026[0].text, "2026 年研发费用 ≥ 3% × 2026 年营业收入");
    assert_eq!(
        t2026[0].estimate.as_deref(),
        Some("按 2025 年营业收入 8,551 万元估算约 256.53 万元（2025 年为 223 万元）")
    );
    assert_eq!(targets(p, 2027).len(), 1);
    // 小巨人 waits for the 专精特新 title the plan obtains in 2028.
    let lg = plan(&a, Tier::LittleGiant);
    assert_eq!(lg.apply_year, Some(2029));
    assert!(lg.items.iter().any(|i| i.kind == ItemKind::Wait
        && i.clears == Some(Date::new(2029, 1, 1))
        && i.text.contains("专精特新中小企业称号")));
}

#[test]
fn this_years_expected_figures_sharpen_the_open_year_target() {
    // 本年预计 (optional inputs, page 财务): revenue 10,000 and R&D 280 for
    // 2026. The 2026 target is estimated from them, not from 2025, and says
    // how far the firm's own plan falls short; 2027 still reads 2025.
    let a = advice_for(&firm(&[
        ("operating_revenue_expected", "10000"),
        ("rd_expense_expected", "280"),
    ]));
    let p = plan(&a, Tier::SpecialisedSme);
    assert_eq!(p.apply_year, Some(2028));
    let t2026 = targets(p, 2026);
    assert_eq!(t2026.len(), 1, "{t2026:?}");
    assert_eq!(t2026[0].text, "2026 年研发费用 ≥ 3% × 2026 年营业收入");
    assert_eq!(
        t2026[0].estimate.as_deref(),
        Some(
            "按 2026 年预计营业收入 10,000 万元估算约 300 万元；2026 年预计研发费用 280 万元，还差 20 万元"
        )
    );
    assert_eq!(
        targets(p, 2027)[0].estimate.as_deref(),
        Some("按 2025 年营业收入 8,551 万元估算约 256.53 万元（2025 年为 223 万元）")
    );
    // An expected figure that meets the target: nothing left to do in 2026.
    let a = advice_for(&firm(&[
        ("operating_revenue_expected", "10000"),
        ("rd_expense_expected", "320"),
    ]));
    let p = plan(&a, Tier::SpecialisedSme);
    assert!(targets(p, 2026).is_empty(), "{:?}", p.items);
    assert!(
        p.items
            .iter()
            .any(|i| i.keep && i.year == Some(2026) && i.text.starts_with("2026 年研发费用 ≥ 3%"))
    );
}

#[test]
fn firm_short_on_rd_in_2025_reaches_little_giant_in_2027_with_a_target_for_2026() {
    // Holds 专精特新; 近两年研发费用合计 2025 + 2024 = 500 + 600 < 1,200.
    let a = advice_for(&firm(&[
        ("title_specialised_date", "2024-06-30"),
        ("rd_expense.y1", "500"),
        ("rd_expense.y2", "600"),
        ("market_share", "12"),
    ]));
    let p = plan(&a, Tier::LittleGiant);
    assert_eq!(p.apply_year, Some(2027), "{p:#?}");
    let t = targets(p, 2026);
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].text, "2025 年、2026 年研发费用合计 ≥ 1,200 万元");
    assert_eq!(
        t[0].estimate.as_deref(),
        Some("2025 年已定 500 万元，2026 年须 ≥ 700 万元")
    );
    assert!(p.reads.iter().any(|r| r.year == 2025 && r.closed));
    assert!(p.reads.iter().any(|r| r.year == 2026 && !r.closed));
}

#[test]
fn little_giant_holder_gets_no_plan_its_renewal_and_no_bare_not_qualified() {
    let answers = firm(&[
        ("title_specialised_date", "2023-06-30"),
        ("title_little_giant_date", "2024-07-01"),
    ]);
    let a = advice_for(&answers);
    // 制造业单项冠军 sits above 小巨人 and does not require it: a plan for it is due.
    for t in a.tiers.iter().filter(|t| t.tier != Tier::SingleChampion) {
        assert!(
            !matches!(t.standing, Standing::Plan(_)),
            "{:?} must not be planned for: {:?}",
            t.tier,
            t.standing
        );
    }
    match &tier(&a, Tier::LittleGiant).standing {
        Standing::Held {
            expires, renewal, ..
        } => {
            assert_eq!(*expires, Date::new(2027, 7, 1));
            let r = renewal.as_ref().expect("renewal shown");
            assert_eq!(r.year, 2027);
            assert!(r.reads.iter().any(|y| y.year == 2026 && !y.closed));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        tier(&a, Tier::SpecialisedSme).standing,
        Standing::Implied { .. } | Standing::Held { .. }
    ));
    // The report: no plan to reach a held tier, and never a bare 不符合 beside it.
    let pack = Pack::national();
    let options = options_for(&answers, Date::new(2026, 11, 22));
    let model = ReportModel::build(&pack, &answers, &options).unwrap();
    // Only the tier above the held ones (制造业单项冠军) is planned for.
    assert!(
        model
            .gaps
            .plans
            .iter()
            .all(|p| p.tier == Tier::SingleChampion),
        "{:?}",
        model.gaps.plans
    );
    let md = render_markdown(&model);
    assert!(!md.contains("### 专精特新“小巨人”企业："), "{md}");
    assert!(!md.contains("### 专精特新中小企业："), "{md}");
    assert!(md.contains("已持有称号的复核"));
    for line in md
        .lines()
        .filter(|l| l.starts_with("| 专精特新“小巨人”企业"))
    {
        assert!(
            !line.contains("不符合") || line.contains("已持有"),
            "{line}"
        );
    }
}

#[test]
fn an_accident_only_time_clears() {
    let a = advice_for(&firm(&[
        ("rd_expense.y1", "300"),
        ("safety_incident_date", "2026-11-22"),
    ]));
    let p = plan(&a, Tier::SpecialisedSme);
    // An accident on the assessment date counts for 近三年 up to the same day
    // three years on, and no longer the day after.
    assert_eq!(p.apply_year, Some(2030), "{p:#?}");
    let wait = p
        .items
        .iter()
        .find(|i| i.kind == ItemKind::Wait)
        .expect("a wait");
    assert_eq!(wait.clears, Some(Date::new(2029, 11, 23)));
    assert!(wait.text.contains("只有时间能消除"), "{}", wait.text);
    assert!(
        !p.items.iter().any(|i| i.kind == ItemKind::Now),
        "{:?}",
        p.items
    );
}

fn ctx_cheapest(answers: &[(&str, &str)], cond: &str) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct W {
        test: Cond,
    }
    let pack = Pack::national();
    let mut a = AnswersFile::new();
    for (id, v) in answers {
        a.set(id, *v);
    }
    let date = Date::new(2026, 11, 22);
    let facts = Facts::read(&pack, &a, date);
    let (settings, _) = Settings::resolve(&pack, &Default::default()).unwrap();
    let ctx = Ctx::new(&pack, &facts, date, Application::New, settings);
    let w: W = toml::from_str(&format!("test = {cond}")).unwrap();
    let (_, leaves) = ctx.cheapest(&w.test, &ScoreGate::default()).expect("unmet");
    leaves
        .iter()
        .filter_map(|l| l.gap.as_ref().map(|g| g.advice.to_string()))
        .collect()
}

#[test]
fn route_rd_plus_8_beats_revenue_plus_2000() {
    // 472 ÷ 8,000 = 5.9 % against 6 %: R&D +8 万元, or revenue to 10,000 (+2,000).
    let got = ctx_cheapest(
        &[("operating_revenue.y1", "8000"), ("rd_expense.y1", "472")],
        r#"{ any = [{ metric = "rd_ratio.y1", min = "6%", word = "不低于" }, { metric = "operating_revenue.y1", min = 10000, word = "不低于" }] }"#,
    );
    assert_eq!(
        got,
        vec!["研发费用（上年度）至少增加 8 万元（按营业收入（上年度） 8,000 万元计）".to_owned()]
    );
}

#[test]
fn equity_route_only_when_cheaper() {
    let cond = r#"{ any = [{ metric = "operating_revenue.y1", min = 1500, word = "以上" }, { metric = "equity_2y", min = 2000, word = "以上" }] }"#;
    let revenue = ctx_cheapest(
        &[
            ("operating_revenue.y1", "1000"),
            ("equity_financing.y1", "0"),
            ("equity_financing.y2", "0"),
        ],
        cond,
    );
    assert!(revenue[0].starts_with("营业收入"), "{revenue:?}");
    let equity = ctx_cheapest(
        &[
            ("operating_revenue.y1", "100"),
            ("equity_financing.y1", "1900"),
            ("equity_financing.y2", "0"),
        ],
        cond,
    );
    assert!(
        equity[0].starts_with("近两年新增股权融资合计"),
        "{equity:?}"
    );
}

#[test]
fn mean_gap_says_mean_and_total() {
    let got = ctx_cheapest(
        &[("rd_expense.y1", "300"), ("rd_expense.y2", "350")],
        r#"{ metric = "rd_avg_2y", min = 1000, word = "以上" }"#,
    );
    assert_eq!(
        got,
        vec!["近两年研发费用均值须提高 675 万元，即两年合计须增加 1,350 万元".to_owned()]
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("ZJTX_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
        ..ProptestConfig::default()
    })]

    /// No plan item asks to change a fiscal year that ended before the
    /// assessment date: targets are for open years only, and nothing else
    /// names a year.
    #[test]
    fn no_plan_item_asks_to_change_a_closed_year(
        month in 1u32..=12,
        day in 1u32..=28,
        year in 2026i32..=2027,
        rd in 0u32..=1500,
        revenue in 500u32..=30000,
        share in 0u32..=30,
        specialised in proptest::bool::ANY,
    ) {
        let date = Date::new(year, month, day);
        let mut answers = firm(&[
            ("rd_expense.y1", &rd.to_string()),
            ("operating_revenue.y1", &revenue.to_string()),
            ("main_revenue.y1", &(revenue * 9 / 10).to_string()),
            ("market_share", &share.to_string()),
            ("title_specialised_date", if specialised { "2025-01-15" } else { "无" }),
        ]);
        answers.assessment_date = Some(date);
        let pack = Pack::national();
        let options = options_for(&answers, date);
        let facts = Facts::read(&pack, &answers, date);
        let today = assess(&pack, &facts, &options).unwrap();
        let a = advise(&pack, &facts, &options, &today);
        for t in &a.tiers {
            let items: Vec<&PlanItem> = match &t.standing {
                Standing::Plan(p) => p.items.iter().collect(),
                Standing::Held { renewal: Some(r), .. } => r.items.iter().collect(),
                _ => vec![],
            };
            for i in items {
                if let Some(y) = i.year {
                    prop_assert!(y >= date.year, "{:?} on {date}: {:?}", t.tier, i);
                }
                if i.kind == ItemKind::Target {
                    prop_assert!(i.year.is_some(), "{:?}", i);
                }
                // A closed year may appear only as a base for an estimate, never as a target.
                for closed in date.year - 3..date.year {
                    prop_assert!(!i.text.contains(&format!("{closed} 年研发费用 ≥"))
                        && !i.text.contains(&format!("{closed} 年营业收入 ≥")), "{:?}", i);
                }
            }
        }
    }
}

#[test]
fn an_unknown_platform_score_named_as_deciding_says_where_it_comes_from() {
    let answers = firm(&[("platform_score.y1", "不清楚"), ("rd_expense.y1", "300")]);
    let pack = Pack::national();
    let options = options_for(&answers, Date::new(2026, 11, 22));
    let model = ReportModel::build(&pack, &answers, &options).unwrap();
    let named: Vec<&String> = model
        .gaps
        .deciding
        .iter()
        .filter(|(id, _)| id.starts_with("platform_score"))
        .map(|(_, l)| l)
        .chain(
            model
                .assessment
                .tiers
                .iter()
                .flat_map(|t| &t.paths)
                .flat_map(|p| &p.deciding)
                .filter(|d| d.input.starts_with("platform_score"))
                .map(|d| &d.label),
        )
        .collect();
    assert!(
        !named.is_empty(),
        "the platform score decides: {:?}",
        model.gaps.deciding
    );
    for l in named {
        assert!(
            l.contains("培育平台") && l.contains("请登录平台查看"),
            "{l}"
        );
    }
    // Every line of the report that names deciding unknowns says it too.
    let md = render_markdown(&model);
    let lines: Vec<&str> = md
        .lines()
        .filter(|l| l.contains("决定结论的未知项"))
        .collect();
    assert!(!lines.is_empty(), "{md}");
    for l in lines {
        assert!(
            !l.contains("发展评价得分") || l.contains("请登录平台查看"),
            "{l}"
        );
    }
    let html = zjtx::report::render_document(model, false);
    assert!(
        html.contains("发展评价得分（由优质中小企业梯度培育平台"),
        "html names the source"
    );
}

/// A 复核 in year Y reads Y−1 (上年度), Y−2 (前年) … and sets no target for
/// Y or later: the title lapses at expiry, so the 复核 cannot move to a
/// later year whose reads are still open (review renew2: 专精特新 due 2026
/// read “2027、2026” and set a 2028 score target).
#[test]
fn a_renewal_reads_the_years_before_its_own_year() {
    let mut answers = firm(&[
        ("title_specialised_date", "2023-12"),
        ("title_little_giant_date", "2024-07"),
    ]);
    answers.application = Some(Application::Renewal);
    let a = advice_for(&answers);
    let mut seen = Vec::new();
    for t in &a.tiers {
        let Standing::Held {
            renewal: Some(r), ..
        } = &t.standing
        else {
            continue;
        };
        seen.push((t.tier, r.year));
        assert!(!r.reads.is_empty(), "{:?}", t.tier);
        for (k, y) in r.reads.iter().enumerate() {
            assert_eq!(y.year, r.year - 1 - k as i32, "{:?}: {:?}", t.tier, r.reads);
            let label = ["上年度", "前年", "大前年"][k];
            assert_eq!(y.label, label, "{:?}: {:?}", t.tier, r.reads);
        }
        for i in &r.items {
            if let Some(y) = i.year {
                assert!(y < r.year, "{:?} 复核 {}: {:?}", t.tier, r.year, i);
            }
            assert!(
                !i.text.contains(&format!("{} 年", r.year + 1)),
                "{:?} 复核 {}: {:?}",
                t.tier,
                r.year,
                i
            );
        }
    }
    // 2025 (closed) R&D is 2.61 % < 3 %: the 2026 复核 says why it fails, in its own year.
    match &tier(&a, Tier::SpecialisedSme).standing {
        Standing::Held {
            renewal: Some(r), ..
        } => assert!(
            r.blocked.len() == 1
                && r.blocked[0].starts_with("2026 年复核不行")
                && r.blocked[0].contains("2025 年已结束"),
            "{:?}",
            r.blocked
        ),
        other => panic!("{other:?}"),
    }
    assert!(seen.contains(&(Tier::SpecialisedSme, 2026)), "{seen:?}");
    assert!(seen.contains(&(Tier::LittleGiant, 2027)), "{seen:?}");
}

/// A 合计 over several open years that include this one (“2026 年、2027 年
/// 研发费用合计 ≥ 1,200 万元”) asks something of this year: it belongs in
/// “今年要做的事”, not only under the year it closes in.
#[test]
fn a_sum_over_open_years_including_this_one_is_done_this_year() {
    let answers = firm(&[("rd_expense.y1", "300"), ("operating_revenue.y1", "8,000")]);
    let pack = Pack::national();
    let options = options_for(&answers, Date::new(2026, 11, 30));
    let model = ReportModel::build(&pack, &answers, &options).unwrap();
    let sum = model
        .advice
        .tiers
        .iter()
        .filter_map(|t| match &t.standing {
            Standing::Plan(p) => p
                .items
                .iter()
                .find(|i| i.text.contains("2026 年、2027 年研发费用合计")),
            _ => None,
        })
        .next()
        .expect("a plan with a 2026–2027 R&D sum");
    assert_eq!(sum.year, Some(2027));
    assert!(sum.targets_year(2026) && sum.targets_year(2027) && !sum.targets_year(2028));
    let view = zjtx::report::AdviceView::build(&model);
    assert_eq!(view.this_year, 2026);
    assert!(
        view.now.iter().any(|l| l.starts_with(&sum.text)),
        "{:?}",
        view.now
    );
}

fn markdown_at(a: &AnswersFile, date: Date) -> String {
    let pack = Pack::national();
    let mut options = options_for(a, date);
    options.date = date;
    let model = ReportModel::build(&pack, a, &options).unwrap();
    render_markdown(&model)
}

/// The row of 结论与申报时间 for one tier, as printed.
fn standing_row<'a>(md: &'a str, label: &str) -> &'a str {
    md.lines()
        .find(|l| l.starts_with(&format!("| {label} |")))
        .unwrap_or_else(|| panic!("no row for {label} in\n{md}"))
}

#[test]
fn single_champion_out_of_reach_of_4_yi_names_no_year() {
    // The sample firm's 主营业务收入 is about 0.7–0.8 亿 a year; the [S]
    // threshold of 4 亿 (近 3 年平均) needs 12.9 × in 2026 alone. The plan
    // names no year and says why, with the rule's standing.
    let a = firm(&[
        ("global_market_rank", "2"),
        ("tech_international_leading", "是"),
        ("energy_advanced", "是"),
    ]);
    let adv = advice_for(&a);
    assert_eq!(tier(&adv, Tier::SingleChampion).apply_year(), None);
    let md = markdown_at(&a, Date::new(2026, 11, 22));
    let row = standing_row(&md, "制造业单项冠军企业");
    assert!(row.contains("近 5 年内无法申报"), "{row}");
    assert!(!row.contains("最早"), "{row}");
    assert!(
        md.contains("2026 年须 ≥ 104,830 万元，每年须达 104,830 万元，是 2025 年的 12.9 倍，超出本报告估算的可达范围（尚未结束的年度每年至多为 2025 年的 2 倍）（该条依据单一来源，以主管部门解释为准）"),
        "{md}"
    );
}

#[test]
fn main_revenue_left_blank_is_bounded_by_operating_revenue() {
    // 主营业务收入 not answered; 营业收入 2023–2025 known. 主营业务收入 ≤
    // 营业收入 (the pack's not_above), so the 3-year mean is at most
    // ≈7,623.67 万元 and 4 亿 is out of reach on fixed years: no 2026 plan.
    let a = firm(&[
        ("main_revenue.y1", "不清楚"),
        ("main_revenue.y2", "不清楚"),
        ("main_revenue.y3", "不清楚"),
        ("global_market_rank", "2"),
        ("tech_international_leading", "是"),
        ("energy_advanced", "是"),
    ]);
    let md = markdown_at(&a, Date::new(2026, 3, 1));
    assert!(
        md.contains("近3年平均主营业务收入为 至多 ≈7,623.67 万元，要求 40,000 万元及以上"),
        "{md}"
    );
    let row = standing_row(&md, "制造业单项冠军企业");
    assert!(!row.contains("2026 年"), "{row}");
    assert!(!row.contains("最早"), "{row}");
}

#[test]
fn an_empty_questionnaire_asks_what_to_fill_in_and_invents_no_plan() {
    let a =
        AnswersFile::from_json(r#"{"schema":"zjtx-answers","version":1,"answers":{}}"#).unwrap();
    let md = markdown_at(&a, Date::new(2026, 11, 22));
    for label in [
        "科技和创新型中小企业",
        "专精特新中小企业",
        "专精特新“小巨人”企业",
        "制造业单项冠军企业",
    ] {
        let row = standing_row(&md, label);
        assert!(row.contains("尚不能确定：先补全或确认"), "{row}");
        assert!(
            md.contains(&format!("### {label}：申报时间尚不能确定")),
            "{md}"
        );
    }
    assert!(!md.contains("最早 20"), "{md}");
    assert!(!md.contains("须达到"), "{md}");
    assert!(!md.contains("按本报告的计划"), "{md}");
    assert!(md.contains("- **须先补全**：以下"), "{md}");
    assert!(
        md.contains("先补全或确认申报计划中“须先确定”的各项，再定申报年度"),
        "{md}"
    );
}

fn facts_errors(changes: &[(&str, &str)]) -> Vec<String> {
    let pack = Pack::national();
    let facts = Facts::read(&pack, &firm(changes), Date::new(2026, 11, 22));
    facts.errors.iter().map(|e| e.message.clone()).collect()
}

#[test]
fn a_figure_typed_with_its_own_unit_is_read_and_another_unit_is_refused() {
    let pack = Pack::national();
    let a = firm(&[
        ("market_share", "12%"),
        ("employees", "186人"),
        ("operating_revenue.y1", "8,551万元"),
        ("ip1_count", "5 项"),
    ]);
    let facts = Facts::read(&pack, &a, Date::new(2026, 11, 22));
    assert!(facts.errors.is_empty(), "{:?}", facts.errors);
    assert_eq!(facts.num("market_share").value().copied(), Some(12.into()));
    assert_eq!(facts.num("employees").value().copied(), Some(186.into()));
    assert_eq!(
        facts.num("operating_revenue.y1").value().copied(),
        Some(8551.into())
    );
    let e = facts_errors(&[("rd_expense.y1", "1.2亿元")]);
    assert_eq!(
        e,
        [
            "「研发费用（上年度）」的单位是万元，现在是“1.2亿元”（单位“亿元”）。请换算成万元后只填数字，例如 1 亿元写 10000，85 万元写 85。"
        ]
    );
    let e = facts_errors(&[("employees", "186项")]);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("「从业人员（上年末）」"), "{e:?}");
    assert!(e[0].contains("的单位是人，现在是“186项”"), "{e:?}");
}

#[test]
fn an_invalid_date_is_marked_in_the_appendix() {
    let md = markdown_at(
        &firm(&[("safety_incident_date", "2024-13")]),
        Date::new(2026, 11, 22),
    );
    assert!(md.contains("| 2024-13（无法读取，按未知处理） |"), "{md}");
}

#[test]
fn a_title_date_without_its_day_counts_from_the_months_last_day_and_says_so() {
    let a = firm(&[("title_tech_innovative_date", "2025-06")]);
    let md = markdown_at(&a, Date::new(2026, 11, 22));
    let row = standing_row(&md, "科技和创新型中小企业");
    assert!(
        row.contains("已持有（2025-06-30 取得，有效期至 2028-06-30）"),
        "{row}"
    );
    assert!(md.contains("只填到月（“2025-06”），有效期按这段时间的最后一天 2025-06-30 起算；请补上取得称号的具体日期。"), "{md}");
    assert!(md.contains("| 2025-06（按 2025-06-30 计） |"), "{md}");
}

#[test]
fn a_title_date_answered_unknown_is_undetermined_maybe_held() {
    let a = firm(&[("title_specialised_date", "不清楚")]);
    let md = markdown_at(&a, Date::new(2026, 11, 22));
    let row = standing_row(&md, "专精特新中小企业");
    assert!(row.contains("无法确定（可能已持有）"), "{row}");
    assert!(!row.contains("最早"), "{row}");
    assert!(
        md.contains("先确认是否已持有专精特新中小企业称号及取得日期（现填“不清楚”）"),
        "{md}"
    );
}

#[test]
fn renewals_in_2026_little_giant_by_63_specialised_by_2026_rules() {
    // 工信厅企业函〔2026〕117号: 2026 年度小巨人复核仍按 63号文; 专精特新
    // 到期后按新办法（2号文附件1）复核.
    let a = advice_for(&firm(&[
        ("title_specialised_date", "2023-12-01"),
        ("title_little_giant_date", "2023-12-01"),
    ]));
    let doc = |t: Tier| match &tier(&a, t).standing {
        Standing::Held {
            renewal: Some(r), ..
        } => (r.year, r.document.clone()),
        other => panic!("{t:?}: {other:?}"),
    };
    let (y, d) = doc(Tier::LittleGiant);
    assert_eq!(y, 2026);
    assert!(d.contains("63号"), "{d}");
    let (y, d) = doc(Tier::SpecialisedSme);
    assert_eq!(y, 2026);
    assert!(d.contains("2号") && d.contains("附件1"), "{d}");
}

#[test]
fn the_recent_transfer_reading_is_a_printed_setting() {
    let a = firm(&[]);
    let md = markdown_at(&a, Date::new(2026, 11, 22));
    assert!(
        md.contains("- 口径：63号文评分与认定中，转让未满 1 年的Ⅰ类知识产权是否计入：扣除（默认，广东省通知的口径）"),
        "{md}"
    );
    // 创新型评价 band C reads the count: 5 − 1 under the default, 5 when
    // counted.
    let changes = [
        ("ip1_transferred_recent", "1"),
        ("ip1_self_developed", "0"),
        ("title_tech_innovative_date", "无"),
    ];
    let md = markdown_at(&firm(&changes), Date::new(2026, 11, 22));
    assert!(md.contains("Ⅰ类知识产权（不含转让未满1年）为 4 项"), "{md}");
    let mut a = firm(&changes);
    a.settings
        .insert("ip_transfer_recent".into(), "count".into());
    let md = markdown_at(&a, Date::new(2026, 11, 22));
    assert!(md.contains("计入（国家文件未写明扣除）"), "{md}");
    assert!(md.contains("Ⅰ类知识产权（含转让未满1年的）为 5 项"), "{md}");
}

/// Runs `zjtx batch` on `csv` into `out` with `--reports` `reports`.
fn batch(csv: &std::path::Path, out: &std::path::Path, reports: &str) -> Vec<Vec<String>> {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_zjtx"))
        .args(["batch", csv.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .args(["--reports", reports, "--date", "2026-11-22", "-j", "1"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    r.records()
        .map(|x| x.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn the_batch_summary_names_the_year_each_report_names() {
    // Variants of the sample firm (R&D, revenue, titles, blanks, 不清楚),
    // through the batch twice: summary only (the cheap path) and with a
    // report per firm. 最早申报年度 must be the year the firm's report
    // prints in 结论与申报时间 (“最早 Y 年申报” / “Y 年可申报”), or empty
    // where the report names none.
    let base = firm(&[]);
    let ids: Vec<String> = base.answers.keys().cloned().collect();
    let variants: Vec<Vec<(&str, String)>> = (0..24)
        .map(|i| {
            let mut v: Vec<(&str, String)> = vec![
                ("rd_expense.y1", format!("{}", 150 + i * 40)),
                ("operating_revenue.y1", format!("{}", 4000 + i * 900)),
                ("main_revenue.y1", format!("{}", 3900 + i * 850)),
            ];
            match i % 6 {
                1 => v.push(("title_tech_innovative_date", "无".into())),
                2 => v.push(("title_specialised_date", "2024-07-01".into())),
                3 => v.push(("platform_score.y1", "不清楚".into())),
                4 => v.push(("employees", "".into())),
                5 => v.push(("title_specialised_date", "不清楚".into())),
                _ => {}
            }
            v
        })
        .collect();
    let dir = std::env::temp_dir().join(format!("zjtx-advice-batch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv_path = dir.join("firms.csv");
    let mut w = csv::Writer::from_path(&csv_path).unwrap();
    let mut header = vec!["企业名称".to_owned()];
    header.extend(ids.iter().cloned());
    w.write_record(&header).unwrap();
    for (n, v) in variants.iter().enumerate() {
        let mut a = base.clone();
        for (id, x) in v {
            a.set(id, x.clone());
        }
        let mut row = vec![format!("企业{n:02}")];
        row.extend(ids.iter().map(|id| a.typed(id).to_owned()));
        w.write_record(&row).unwrap();
    }
    w.flush().unwrap();
    let cheap = batch(&csv_path, &dir.join("none"), "none");
    let full = batch(&csv_path, &dir.join("html"), "html");
    let head = &cheap[0];
    let year_cols: Vec<usize> = (0..head.len())
        .filter(|&i| head[i].ends_with("最早申报年度"))
        .collect();
    assert_eq!(year_cols.len(), 4, "{head:?}");
    let report_col = full[0].iter().position(|h| h.contains("报告")).unwrap();
    let mut named = 0;
    for (c, f) in cheap.iter().zip(&full).skip(1) {
        assert_eq!(c[0], f[0]);
        let html = std::fs::read_to_string(dir.join("html").join(&f[report_col])).unwrap();
        for &k in &year_cols {
            assert_eq!(c[k], f[k], "row {} {}", c[0], head[k]);
            let tier = head[k].trim_end_matches(" 最早申报年度");
            // The report's row for the tier: <th …>tier</th><td…>now</td><td>when</td>
            let at = html
                .find(&format!(">{tier}</th>"))
                .unwrap_or_else(|| panic!("{tier}"));
            let cells: Vec<&str> = html[at..].split("<td").skip(1).take(2).collect();
            let when = cells[1]
                .split('>')
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap();
            let year = when
                .strip_prefix("最早 ")
                .and_then(|w| w.strip_suffix(" 年申报"))
                .or_else(|| when.strip_suffix(" 年可申报"))
                .unwrap_or("");
            assert_eq!(c[k], year, "row {} {tier}: report says “{when}”", c[0]);
            named += usize::from(!year.is_empty());
        }
    }
    assert!(named >= 10, "only {named} years named");
    // The rest of the summary agrees too: a bureau gets the same sheet with
    // or without reports (the report's longer wording of a deciding answer,
    // with its year and where a 培育平台 score comes from, stays in the report).
    let deciding = head.iter().position(|h| h == "决定结论的未知项").unwrap();
    let mut decided_by_unknowns = 0;
    for (c, f) in cheap.iter().zip(&full).skip(1) {
        for k in (0..head.len()).filter(|&k| k != report_col) {
            assert_eq!(c[k], f[k], "row {} {}", c[0], head[k]);
        }
        decided_by_unknowns += usize::from(c[deciding].contains("评价得分"));
    }
    assert!(
        decided_by_unknowns > 0,
        "no row is decided by a platform score"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn out_of_reach_every_year_is_said_so_even_with_answers_left_blank() {
    // The sample firm without 全球排名 etc.: 4 亿 decides before they do.
    let md = markdown_at(&firm(&[]), Date::new(2026, 11, 22));
    let row = standing_row(&md, "制造业单项冠军企业");
    assert!(
        row.contains("| 近 5 年内无法申报，见申报计划 | — |"),
        "{row}"
    );
}

/// Seeded variants of both answer fixtures (figures scaled, blanks, 不清楚,
/// titles held, lapsed or unknown), 300 of each, with the assessment date
/// each is read on (three dates in turn): `f(fixture, n, answers, date)`.
fn for_generated_firms(mut f: impl FnMut(&str, usize, &AnswersFile, Date)) {
    let mut seed: u64 = 20_261_130;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as f64 / (1u64 << 31) as f64
    };
    let dates = [
        "无",
        "2020-03-01",
        "2022-09-15",
        "2024-07-01",
        "2025-12-01",
        "不清楚",
    ];
    let days = [
        Date::new(2026, 3, 1),
        Date::new(2026, 11, 22),
        Date::new(2027, 6, 30),
    ];
    for fixture in [
        "tests/fixtures/firm-rd-short.json",
        "tests/fixtures/industrial-medium.json",
    ] {
        let base = AnswersFile::from_json(&std::fs::read_to_string(fixture).unwrap()).unwrap();
        let ids: Vec<String> = base.answers.keys().cloned().collect();
        for n in 0..300 {
            let mut a = base.clone();
            for id in &ids {
                let r = next();
                let typed = a.typed(id).to_owned();
                if id == "assessment_date" {
                    continue;
                } else if id.ends_with("_date")
                    && r < if id.starts_with("title_") { 0.4 } else { 0.03 }
                {
                    a.set(
                        id,
                        dates[(next() * dates.len() as f64) as usize % dates.len()],
                    );
                } else if typed == "不清楚" && r < 0.8 {
                    a.set(id, format!("{:.0}", 50.0 + next() * 40.0));
                } else if let (true, Ok(v)) = (r < 0.6, typed.replace(',', "").parse::<f64>()) {
                    // Counts stay whole (a count of 4.73 is refused, not varied).
                    let x = v * (0.5 + next() * 1.5);
                    a.set(
                        id,
                        if typed.contains('.') {
                            format!("{x:.2}")
                        } else {
                            format!("{x:.0}")
                        },
                    );
                }
            }
            // One answer left blank or 不清楚 in two variants of five.
            let pick = &ids[(next() * ids.len() as f64) as usize % ids.len()];
            match n % 5 {
                0 => a.set(pick, ""),
                1 => a.set(pick, "不清楚"),
                _ => {}
            }
            f(fixture, n, &a, days[n % days.len()]);
        }
    }
}

#[test]
fn the_lean_walk_names_the_year_the_full_plan_names_for_every_generated_firm() {
    // `earliest_years` (the batch summary's 最早申报年度) walks the plan in
    // Detail::Decide: no texts, estimates, measures or 复核 plans. Over
    // seeded variants of both answer fixtures (figures scaled, blanks,
    // 不清楚, titles held, lapsed or unknown, three assessment dates) its
    // year must be exactly the full plan's `TierAdvice::apply_year`.
    let pack = Pack::national();
    let (mut compared, mut named, mut none) = (0, 0, 0);
    let mut years = std::collections::BTreeSet::new();
    for_generated_firms(|fixture, n, a, day| {
        let options: Options = options_for(a, day);
        let facts = Facts::read(&pack, a, options.date);
        let Ok(today) = assess(&pack, &facts, &options) else {
            return;
        };
        let full: Vec<(Tier, Option<i32>)> = advise(&pack, &facts, &options, &today)
            .tiers
            .iter()
            .map(|t| (t.tier, t.apply_year()))
            .collect();
        let lean = earliest_years(&pack, &facts, &options, &today);
        assert_eq!(lean, full, "{fixture} variant {n}");
        compared += 1;
        for (_, y) in &full {
            match y {
                Some(y) => {
                    named += 1;
                    years.insert(*y);
                }
                None => none += 1,
            }
        }
    });
    eprintln!("{compared} variants: {named} years named, {none} none, years {years:?}");
    // The variants reach every kind of answer: years named and not, several years.
    assert!(compared >= 500, "only {compared} variants assessed");
    assert!(named >= 100 && none >= 100, "{named} named, {none} none");
    assert!(years.len() >= 3, "{years:?}");
}

#[test]
fn the_lean_tier_assessment_has_the_full_ones_statuses_verdicts_and_score_gates() {
    // The plan walk's years (Detail::Decide) assess each candidate year's
    // projection lean: statuses without leaves, plans or texts. Over the
    // generated firms, today's answers and the projections the walk reads
    // (new and renewal), every tier's paths must come out as the full
    // assessment's: the same rule sets, verdicts, criteria (role, status,
    // truth, in order) and score gates (pass and the answers left open).
    use zjtx::engine::assess::{assess_tier, assess_tier_lean};
    use zjtx::engine::projection::Projection;
    let pack = Pack::national();
    let (settings, _) = Settings::resolve(&pack, &Default::default()).unwrap();
    let (mut paths, mut criteria) = (0, 0);
    let mut verdicts = std::collections::BTreeSet::new();
    let mut statuses = std::collections::BTreeSet::new();
    for_generated_firms(|fixture, n, a, day| {
        let facts = Facts::read(&pack, a, day);
        // Every fourth firm on every candidate year, the others on two.
        let years: Vec<i32> = if n % 4 == 0 {
            (day.year..day.year + 6).collect()
        } else {
            vec![day.year + 1, day.year + 3]
        };
        let projections: Vec<Projection> = years
            .iter()
            .map(|y| Projection::new(&pack, &facts, day, *y, &[], None))
            .collect();
        let mut ctxs: Vec<Ctx> = Vec::new();
        for application in [Application::New, Application::Renewal] {
            ctxs.push(Ctx::new(&pack, &facts, day, application, settings));
            for p in &projections {
                ctxs.push(p.ctx(&pack, settings, application));
                ctxs.push(p.est_ctx(&pack, settings, application));
            }
        }
        for ctx in &ctxs {
            for def in &pack.tiers {
                let full = assess_tier(ctx, def.id).unwrap();
                let lean = assess_tier_lean(ctx, def.id).unwrap();
                let at = format!("{fixture} variant {n}, {:?} {:?}", def.id, ctx.application);
                assert_eq!(full.paths.len(), lean.len(), "{at}");
                for (f, l) in full.paths.iter().zip(&lean) {
                    assert_eq!(f.rule_set, l.rule_set.meta.id, "{at}");
                    assert_eq!(f.verdict, l.verdict, "{at} {}", f.rule_set);
                    let gate = f.score.as_ref().map(|s| s.gate()).unwrap_or_default();
                    assert_eq!(gate.pass, l.gate.pass, "{at} {}", f.rule_set);
                    assert_eq!(gate.unknown_inputs, l.gate.unknown_inputs, "{at}");
                    let shown = |c: &zjtx::engine::evaluate::CriterionResult| {
                        (c.id.to_string(), c.role, c.status, c.truth)
                    };
                    let lean_shown = |c: &zjtx::engine::assess::LeanCriterion| {
                        let id = c.def.map_or("size".to_owned(), |d| d.id.to_string());
                        (id, c.role, c.status, c.truth)
                    };
                    let fc: Vec<_> = f.criteria.iter().map(|c| shown(c)).collect();
                    let lc: Vec<_> = l.criteria.iter().map(lean_shown).collect();
                    assert_eq!(fc, lc, "{at} {}", f.rule_set);
                    paths += 1;
                    criteria += fc.len();
                    verdicts.insert(format!("{:?}", f.verdict));
                    statuses.extend(fc.iter().map(|c| format!("{:?}", c.2)));
                }
            }
        }
    });
    eprintln!("{paths} paths, {criteria} criteria; verdicts {verdicts:?}; statuses {statuses:?}");
    // Every verdict and status a path can have is reached.
    assert!(paths >= 10_000, "only {paths} paths compared");
    assert!(verdicts.len() >= 5, "{verdicts:?}");
    assert!(statuses.len() >= 5, "{statuses:?}");
}

/// Every node of a condition, itself first.
fn nodes<'c>(c: &'c Cond, out: &mut Vec<&'c Cond>) {
    out.push(c);
    match c {
        Cond::All(items) | Cond::Any(items) => items.iter().for_each(|i| nodes(i, out)),
        Cond::Not(inner) => nodes(inner, out),
        _ => {}
    }
}

#[test]
fn truth_without_leaves_is_the_truth_with_them() {
    // The truth without leaves (`Ctx::truth_of`, which the lean tier
    // assessment reads) must be the truth with them (`Ctx::eval`): for
    // every node of every condition of the national pack (criteria, 复核
    // tests, exclusions, 无需评价 tests, score items and bands), clause and
    // band readings, each score gate, on generated firms, new and renewal,
    // today and on projections of the years the plan walk reads.
    use zjtx::engine::evaluate::Mode;
    use zjtx::engine::projection::Projection;
    let pack = Pack::national();
    let mut conds: Vec<&Cond> = Vec::new();
    for rs in &pack.rule_sets {
        for c in &rs.criteria {
            nodes(&c.test, &mut conds);
            c.renewal_test.iter().for_each(|t| nodes(t, &mut conds));
        }
        rs.meta
            .not_needed
            .iter()
            .for_each(|n| nodes(&n.test, &mut conds));
        for ind in rs.score.iter().flat_map(|t| &t.indicators) {
            ind.items.iter().for_each(|i| nodes(&i.when, &mut conds));
            ind.bands
                .iter()
                .flat_map(|b| &b.when)
                .for_each(|w| nodes(w, &mut conds));
        }
    }
    for c in &pack.exclusions.criteria {
        nodes(&c.test, &mut conds);
    }
    let gates = [
        None,
        Some(Truth::Yes),
        Some(Truth::No),
        Some(Truth::Unknown),
    ]
    .map(|pass| ScoreGate {
        pass,
        ..Default::default()
    });
    let (settings, _) = Settings::resolve(&pack, &Default::default()).unwrap();
    let mut compared = std::collections::BTreeMap::new();
    for_generated_firms(|_, n, a, day| {
        if n % 10 != 0 {
            return;
        }
        let facts = Facts::read(&pack, a, day);
        let projections: Vec<Projection> = (day.year..day.year + 4)
            .map(|y| Projection::new(&pack, &facts, day, y, &[], None))
            .collect();
        for application in [Application::New, Application::Renewal] {
            let mut ctxs = vec![Ctx::new(&pack, &facts, day, application, settings)];
            ctxs.extend(
                projections
                    .iter()
                    .map(|p| p.ctx(&pack, settings, application)),
            );
            for ctx in &ctxs {
                for c in &conds {
                    for mode in [Mode::Clause, Mode::Band] {
                        for gate in &gates {
                            let truth = ctx.eval(c, mode, gate).0;
                            assert_eq!(ctx.truth_of(c, mode, gate), truth, "{c:?}");
                            *compared.entry(format!("{truth:?}")).or_insert(0) += 1;
                        }
                    }
                }
            }
        }
    });
    eprintln!("{compared:?}");
    // Each truth is reached, many times.
    assert!(
        compared.len() == 3 && compared.values().all(|n| *n > 1000),
        "{compared:?}"
    );
}
