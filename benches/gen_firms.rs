//! Generates a synthetic 培育库 as a bureau keeps it: an .xlsx (or .csv)
//! with Chinese column headers, the year written as a number
//! (“营业收入（2025年）”), numbers stored as numbers. Deterministic (seeded),
//! plausible figures; about 1 row in 500 carries a deliberate error (a
//! negative headcount) so the error path runs too. Used by scripts/bench.sh:
//!
//!   cargo bench --bench gen_firms -- 100000 target/batch/firms.xlsx
//!
//! Text cells go into the shared string table, as Excel and WPS save them;
//! `--inline-strings` writes each text in its cell instead (as some export
//! tools do; slower to read).

use rust_xlsxwriter::Workbook;
use zjtx::rules::Pack;

/// The assessment year the headers' years count back from.
const YEAR: i32 = 2026;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = (self.0.wrapping_mul(1_103_515_245).wrapping_add(12_345)) % 2_147_483_648;
        self.0 as f64 / 2_147_483_648.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() * xs.len() as f64) as usize % xs.len()]
    }
    fn money(&mut self, lo: f64, hi: f64) -> String {
        format!("{:.2}", lo + self.next() * (hi - lo))
    }
}

/// A cell: a number (stored as a number in the xlsx) or text.
enum V {
    N(f64),
    T(String),
}

fn firm(i: usize, r: &mut Rng) -> Vec<(&'static str, V)> {
    use V::*;
    let rev3 = 800.0 + r.next() * 20_000.0;
    let rev2 = rev3 * (0.9 + r.next() * 0.4);
    let rev1 = rev2 * (0.9 + r.next() * 0.4);
    let share = 0.6 + r.next() * 0.4;
    let employees = (20.0 + r.next() * 600.0).floor();
    let round = |x: f64| (x * 100.0).round() / 100.0;
    let yn = |r: &mut Rng| T(r.pick(&["是", "否"]).into());
    let ip1 = (r.next() * 8.0).floor();
    vec![
        ("enterprise_name", T(format!("示例企业{i:06}有限公司"))),
        ("assessment_date", T("2026-11-22".into())),
        (
            "application",
            T(if r.next() < 0.1 {
                "复核"
            } else {
                "新申请"
            }
            .into()),
        ),
        (
            "industry",
            T(r.pick(&[
                "工业",
                "软件和信息技术服务业",
                "批发业",
                "建筑业",
                "信息传输业",
                "其他未列明行业",
            ])
            .into()),
        ),
        ("domestic_legal_person", T("是".into())),
        (
            "title_tech_innovative_date",
            T(if r.next() < 0.5 {
                format!(
                    "202{}-0{}-15",
                    4 + (r.next() * 2.0) as u32,
                    1 + (r.next() * 9.0) as u32
                )
            } else {
                "无".into()
            }),
        ),
        (
            "title_specialised_date",
            T(if r.next() < 0.2 { "2024-06-30" } else { "无" }.into()),
        ),
        ("title_little_giant_date", T("无".into())),
        ("operating_revenue.y1", N(round(rev1))),
        ("operating_revenue.y2", N(round(rev2))),
        ("operating_revenue.y3", N(round(rev3))),
        ("main_revenue.y1", N(round(rev1 * share))),
        ("main_revenue.y2", N(round(rev2 * share))),
        ("main_revenue.y3", N(round(rev3 * share))),
        ("rd_expense.y1", N(round(rev1 * r.next() * 0.08))),
        ("rd_expense.y2", N(round(rev2 * r.next() * 0.08))),
        ("rd_expense.y3", N(round(rev3 * r.next() * 0.08))),
        ("net_profit.y1", N(round(rev1 * (r.next() * 0.2 - 0.05)))),
        ("cost_total.y1", N(round(rev1 * (0.7 + r.next() * 0.25)))),
        (
            "equity_financing.y1",
            if r.next() < 0.15 {
                T(r.money(100.0, 5000.0))
            } else {
                N(0.0)
            },
        ),
        (
            "equity_financing.y2",
            if r.next() < 0.15 {
                T(r.money(100.0, 5000.0))
            } else {
                N(0.0)
            },
        ),
        ("equity_financing.y3", N(0.0)),
        ("total_assets", T(r.money(rev1 * 0.5, rev1 * 1.5))),
        ("total_liabilities", T(r.money(rev1 * 0.1, rev1 * 0.5))),
        (
            "employees",
            N(if r.next() < 0.002 { -5.0 } else { employees }),
        ),
        ("tech_staff", N((employees * r.next() * 0.4).floor())),
        ("rd_staff", N((employees * r.next() * 0.3).floor())),
        ("ip1_count", N(ip1)),
        ("ip1_transferred_recent", N(0.0)),
        ("ip1_transferred", N(0.0)),
        ("ip1_self_developed", N((ip1 * r.next()).floor())),
        ("ip1_high_value", N(0.0)),
        ("ip2_count", N((r.next() * 15.0).floor())),
        (
            "niche_start",
            T(format!(
                "20{}-0{}",
                10 + (r.next() * 15.0) as u32,
                1 + (r.next() * 9.0) as u32
            )),
        ),
        (
            "main_product_share",
            N(((40.0 + r.next() * 60.0) * 10.0).round() / 10.0),
        ),
        ("market_share", N((r.next() * 200.0).round() / 10.0)),
        ("market_rank", N(1.0 + (r.next() * 20.0).floor())),
        (
            "market_position_leading",
            T(r.pick(&["是", "否", "不清楚"]).into()),
        ),
        ("strategic_emerging", yn(r)),
        ("product_field_63", T(r.pick(&["a", "b", "c"]).into())),
        ("key_field_little_giant", yn(r)),
        ("own_brand", yn(r)),
        ("quality_award", yn(r)),
        ("quality_system_cert", yn(r)),
        ("standard_participation", yn(r)),
        ("standard_led_5y", yn(r)),
        ("info_system_core", yn(r)),
        (
            "rd_institution_level",
            T(
                r.pick(&["national", "provincial", "municipal", "below", "none"])
                    .into(),
            ),
        ),
        (
            "national_sci_award_3y",
            T(r.pick(&["none", "none", "none", "top3"]).into()),
        ),
        ("national_sci_award_5y_top3", T("否".into())),
        (
            "provincial_sci_award_3y",
            T(r.pick(&["none", "none", "top3", "other"]).into()),
        ),
        ("high_tech_enterprise", yn(r)),
        ("other_innovation_honour", T("否".into())),
        ("maker_china", T(r.pick(&["none", "none", "top500"]).into())),
        (
            "platform_score.y1",
            if r.next() < 0.3 {
                T("不清楚".into())
            } else {
                N(((30.0 + r.next() * 50.0) * 10.0).round() / 10.0)
            },
        ),
        ("platform_score.y2", T("不清楚".into())),
        ("digital_level", N(1.0 + (r.next() * 3.0).floor())),
        ("single_champion", T("否".into())),
        ("related_to_little_giant", T("否".into())),
        ("abnormal_or_dishonest", T("否".into())),
        ("prohibited_products", T("否".into())),
        // Incidents are dates now (the pack's windows count by date); 无 = never.
        ("safety_incident_date", T("无".into())),
        ("quality_incident_date", T("无".into())),
        ("environment_incident_date", T("无".into())),
        ("network_data_incident_date", T("无".into())),
        ("tax_evasion_date", T("无".into())),
        ("research_misconduct_date", T("无".into())),
        ("data_fraud_date", T("无".into())),
    ]
}

/// The header a bureau would write for an answer id.
fn header(pack: &Pack, id: &str) -> String {
    match id {
        "enterprise_name" => "企业名称".into(),
        "assessment_date" => "评估日期".into(),
        "application" => "申请类型".into(),
        _ => {
            let (base, year) = match id.rsplit_once(".y") {
                Some((b, y)) => (b, y.parse::<i32>().ok()),
                None => (id, None),
            };
            let label = &pack
                .inputs
                .iter()
                .find(|d| d.id == base)
                .expect("pack question")
                .label;
            match year {
                Some(y) => format!("{label}（{}年）", YEAR - y),
                None => label.clone(),
            }
        }
    }
}

fn main() {
    let inline = std::env::args().any(|a| a == "--inline-strings");
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let out = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "target/batch/firms.xlsx".into());
    if let Some(dir) = std::path::Path::new(&out).parent() {
        std::fs::create_dir_all(dir).expect("output folder");
    }
    let pack = Pack::national();
    let mut rng = Rng(20_261_122);
    let ids: Vec<&str> = firm(0, &mut Rng(1)).into_iter().map(|(id, _)| id).collect();
    let headers: Vec<String> = ids.iter().map(|id| header(&pack, id)).collect();
    if out.ends_with(".csv") {
        let mut w = csv::Writer::from_path(&out).expect("csv");
        w.write_record(&headers).expect("csv");
        for i in 1..=n {
            let row: Vec<String> = firm(i, &mut rng)
                .into_iter()
                .map(|(_, v)| match v {
                    V::N(x) => x.to_string(),
                    V::T(s) => s,
                })
                .collect();
            w.write_record(&row).expect("csv");
        }
    } else {
        let mut book = Workbook::new();
        let sheet = if inline {
            book.add_worksheet_with_constant_memory()
        } else {
            book.add_worksheet_with_low_memory()
        };
        sheet.set_name("培育库").expect("name");
        for (c, h) in headers.iter().enumerate() {
            sheet.write_string(0, c as u16, h).expect("header");
        }
        for i in 1..=n {
            for (c, (_, v)) in firm(i, &mut rng).into_iter().enumerate() {
                match v {
                    V::N(x) => sheet.write_number(i as u32, c as u16, x),
                    V::T(s) => sheet.write_string(i as u32, c as u16, &s),
                }
                .expect("cell");
            }
        }
        book.save(&out).expect("save");
    }
    println!("{n} firms → {out}");
}
