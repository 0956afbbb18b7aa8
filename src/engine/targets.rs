//! A target for an open fiscal year, stated as a figure or ratio with its
//! formula and, where a closed year gives a base, an estimate:
//! “2026 年研发费用 ≥ 3% × 2026 年营业收入；按 2025 年营业收入 8,551 万元
//! 估算约 256.53 万元（2025 年为 223 万元）”. Every metric kind: a figure,
//! a share, a year-end ratio, growth, average growth, CAGR, sums and means.

use super::context::Ctx;
use super::evaluate::Leaf;
use super::projection::Projection;
use super::quantity::{Unit, display_threshold};
use crate::num::{Dec, Grouped};
use rust_decimal::RoundingStrategy;

/// The answer ids a metric reads (ids of the application's years: `.y1` = 上年度).
pub fn metric_inputs(name: &str) -> Vec<String> {
    let y = |base: &str, n: u8| year_id(base, i32::from(n));
    let year = name
        .rsplit_once(".y")
        .and_then(|(_, n)| n.parse::<u8>().ok())
        .unwrap_or(1);
    match name.split('.').next().unwrap_or(name) {
        "rd_ratio" => vec![y("rd_expense", year), y("operating_revenue", year)],
        "rd_cost_ratio" => vec![y("rd_expense", year), y("cost_total", year)],
        "main_share" => vec![y("main_revenue", year), y("operating_revenue", year)],
        "net_margin" => vec![y("net_profit", year), y("operating_revenue", year)],
        "debt_ratio" => vec!["total_liabilities".into(), "total_assets".into()],
        "main_growth" => vec![y("main_revenue", 1), y("main_revenue", 2)],
        "main_avg_growth_2y" => (1..=3).map(|n| y("main_revenue", n)).collect(),
        "revenue_cagr_2y" => vec![y("operating_revenue", 1), y("operating_revenue", 3)],
        "rd_sum_2y" | "rd_avg_2y" => vec![y("rd_expense", 1), y("rd_expense", 2)],
        "main_avg_3y" => (1..=3).map(|n| y("main_revenue", n)).collect(),
        "equity_2y" => (1..=2).map(|n| y("equity_financing", n)).collect(),
        "equity_3y" => (1..=3).map(|n| y("equity_financing", n)).collect(),
        "tech_staff_share" => vec!["tech_staff".into(), "employees".into()],
        "rd_staff_share" => vec!["rd_staff".into(), "employees".into()],
        "niche_years" => vec!["niche_start".into()],
        "ip1_net_63" => vec!["ip1_count".into(), "ip1_transferred_recent".into()],
        "ip1_net_2026" => vec!["ip1_count".into(), "ip1_transferred".into()],
        _ => vec![name.to_owned()],
    }
}

/// “rd_expense.y2”: the answer id of `base` for the application's year `n`
/// (built without the formatting machinery: the plan walk builds many).
fn year_id(base: &str, n: i32) -> String {
    let mut id = String::with_capacity(base.len() + 4);
    id.push_str(base);
    id.push_str(".y");
    match u8::try_from(n) {
        Ok(d @ 0..=9) => id.push(char::from(b'0' + d)),
        _ => id.push_str(&n.to_string()),
    }
    id
}

pub struct Target {
    /// The fiscal year (or year end) the target is about: the latest one it reads.
    pub year: i32,
    /// The earliest open year the figure sums over (a 合计 or 均值 of
    /// several years); `year` for a one-year figure.
    pub first: i32,
    pub text: String,
    pub estimate: Option<String>,
    /// Answer ids the firm moves (for matching support measures); empty
    /// without words (the measures are not named then).
    pub lever: Vec<String>,
    /// For an amount: (the input, what each open year must reach at least,
    /// the last closed year and its figure), to judge the target's reach.
    pub per_year: Option<(String, Dec, i32, Dec)>,
    /// `per_year` is what every later application year asks too: every
    /// year the figure reads is still open (none fixed), so a later year
    /// reads later open years against the same last closed year.
    pub lasting: bool,
}

fn m(v: Dec) -> String {
    Grouped(v.normalize()).to_string()
}

/// Money to 0.01 万元, rounded up so a target reached is a target met.
fn up(v: Dec) -> Dec {
    v.round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity)
}

fn op(lower: bool, inclusive: bool) -> &'static str {
    match (lower, inclusive) {
        (true, true) => "≥",
        (true, false) => ">",
        (false, true) => "≤",
        (false, false) => "<",
    }
}

/// The target a leaf (unknown because it reads open years) sets.
///
/// `words`: false when only the year is decided (`timeline::Detail::Decide`):
/// `text` comes out empty and `estimate` None; `year`, `first`, `per_year`
/// (which decide) are the same either way.
pub fn target(
    ctx: &Ctx,
    proj: &Projection,
    leaf: &Leaf,
    est: Option<&Leaf>,
    words: bool,
) -> Option<Target> {
    let metric = leaf.metric.as_ref()?;
    let t = leaf.threshold?;
    let name: &str = &metric.name;
    let pack = ctx.pack;
    let o = op(leaf.lower_bound, leaf.inclusive);
    // Read only in the words.
    let pct = if words {
        display_threshold(t, Unit::Percent)
    } else {
        String::new()
    };
    let last = proj.today.year - 1;
    let fy = |id: &str| proj.fiscal(pack, id).unwrap_or(proj.year - 1);
    let label = |id: &str| {
        pack.input(id)
            .map(|d| d.label.clone())
            .unwrap_or_else(|| id.to_owned())
    };
    // A figure as reported for a closed year (today's numbering: y1 = last year).
    let original = proj.original();
    let closed = |base: &str, year: i32| -> Option<Dec> {
        let j = proj.today.year - year;
        if j < 1 {
            return None;
        }
        original.num(&year_id(base, j)).value().copied()
    };
    let year_end = |id: &str| original.num(id).value().copied();
    // The firm's 本年预计 figure of a per-year input, for the current year only.
    let expected = |base: &str, year: i32| -> Option<Dec> {
        if year != proj.today.year {
            return None;
        }
        pack.cost_model
            .timeline
            .expected
            .iter()
            .find(|e| e.input == base)
            .and_then(|e| original.num(&e.answer).value().copied())
    };
    let inputs = metric_inputs(name);
    let base = |id: &str| id.split('.').next().unwrap_or(id).to_owned();
    let family = name.split('.').next().unwrap_or(name);
    let est_ok = est.is_some_and(|l| l.truth == super::Truth::Yes);
    let say = |f: &dyn Fn() -> String| if words { f() } else { String::new() };
    let say_opt = |f: &dyn Fn() -> Option<String>| if words { f() } else { None };
    let levers = |f: &dyn Fn() -> Vec<String>| if words { f() } else { Vec::new() };
    let keep = |s: String| {
        if est_ok {
            format!("{s}；按此估算已能达到，保持即可")
        } else {
            s
        }
    };
    match family {
        "rd_ratio" | "rd_cost_ratio" | "main_share" | "net_margin" => {
            let (num, den) = (&inputs[0], &inputs[1]);
            let f = fy(num);
            let (nl, dl) = (|| label(&base(num)), || label(&base(den)));
            let text = say(&|| format!("{f} 年{} {o} {pct} × {f} 年{}", nl(), dl()));
            let estimate = say_opt(&|| {
                let (nl, dl) = (nl(), dl());
                match (expected(&base(den), f), closed(&base(den), last)) {
                    (Some(d), _) => Some(format!(
                        "按 {f} 年预计{dl} {} 万元估算约 {} 万元{}",
                        m(d),
                        m(up(t * d)),
                        // With the numerator expected too: how far the firm's own plan falls short.
                        match expected(&base(num), f) {
                            Some(n) if leaf.lower_bound && n < t * d => format!(
                                "；{f} 年预计{nl} {} 万元，还差 {} 万元",
                                m(n),
                                m(up(t * d - n))
                            ),
                            Some(n) => format!("；{f} 年预计{nl} {} 万元", m(n)),
                            None => String::new(),
                        }
                    )),
                    (None, Some(d)) => Some(format!(
                        "按 {last} 年{dl} {} 万元估算约 {} 万元{}",
                        m(d),
                        m(up(t * d)),
                        closed(&base(num), last)
                            .map(|n| format!("（{last} 年为 {} 万元）", m(n)))
                            .unwrap_or_default()
                    )),
                    _ => None,
                }
            });
            Some(Target {
                year: f,
                first: f,
                text,
                estimate: estimate.map(keep),
                lever: levers(&|| vec![num.clone(), name.to_owned()]),
                per_year: None,
                lasting: false,
            })
        }
        "debt_ratio" => {
            let f = proj.year - 1;
            let estimate = say_opt(&|| {
                year_end("total_assets").zip(year_end("total_liabilities")).map(|(a, l)| {
                    format!(
                        "按 {last} 年末资产 {} 万元估算，负债不超过 {} 万元（{last} 年末负债 {} 万元）",
                        m(a),
                        m((t * a).round_dp_with_strategy(2, RoundingStrategy::ToNegativeInfinity)),
                        m(l)
                    )
                })
            });
            Some(Target {
                year: f,
                first: f,
                text: say(&|| format!("{f} 年末资产负债率 {o} {pct}")),
                estimate: estimate.map(keep),
                lever: levers(&|| vec!["total_liabilities".into(), "debt_ratio".into()]),
                per_year: None,
                lasting: false,
            })
        }
        "main_growth" => {
            let (f1, f2) = (proj.year - 1, proj.year - 2);
            let l = if words {
                label("main_revenue")
            } else {
                String::new()
            };
            let text = say(&|| format!("{f1} 年{l} {o} {f2} 年{l} × (1 + {pct})"));
            let estimate = say_opt(&|| match closed("main_revenue", f2) {
                Some(r2) if f2 < proj.today.year => Some(format!(
                    "{f2} 年为 {} 万元，即 {f1} 年{l}须 {o} {} 万元",
                    m(r2),
                    m(up(r2 * (Dec::ONE + t)))
                )),
                _ => closed("main_revenue", last).map(|r| {
                    format!(
                        "{f2} 年也未结束：两年都须比上年增长 {pct} 以上（{last} 年为 {} 万元）",
                        m(r)
                    )
                }),
            });
            Some(Target {
                year: f1,
                first: f1,
                text,
                estimate: estimate.map(keep),
                lever: levers(&|| vec!["main_revenue.y1".into(), name.to_owned()]),
                per_year: None,
                lasting: false,
            })
        }
        "main_avg_growth_2y" => {
            let (f1, f2, f3) = (proj.year - 1, proj.year - 2, proj.year - 3);
            let l = if words {
                label("main_revenue")
            } else {
                String::new()
            };
            let cagr = ctx.settings.average_growth_cagr;
            let text = if !words {
                String::new()
            } else if cagr {
                format!("{f1} 年{l} {o} {f3} 年{l} × (1 + {pct})²")
            } else {
                format!(
                    "[({f1} 年 − {f2} 年) ÷ {f2} 年 + ({f2} 年 − {f3} 年) ÷ {f3} 年] ÷ 2 {o} {pct}（{l}的两个年增长率的平均）"
                )
            };
            let r2 = (f2 < proj.today.year)
                .then(|| closed("main_revenue", f2))
                .flatten();
            let r3 = closed("main_revenue", f3);
            let estimate = say_opt(&|| match (cagr, r2, r3) {
                (true, _, Some(r3)) => Some(format!(
                    "{f3} 年为 {} 万元，即 {f1} 年{l}须 {o} {} 万元",
                    m(r3),
                    m(up(r3 * (Dec::ONE + t) * (Dec::ONE + t)))
                )),
                (false, Some(r2), Some(r3)) if r3 > Dec::ZERO => Some(format!(
                    "{f2} 年 {} 万元、{f3} 年 {} 万元已定，即 {f1} 年{l}须 {o} {} × (1 + 2 × {pct} − ({} − {}) ÷ {}) = {} 万元",
                    m(r2),
                    m(r3),
                    m(r2),
                    m(r2),
                    m(r3),
                    m(r3),
                    m(up(r2 * (Dec::ONE + Dec::TWO * t - (r2 - r3) / r3)))
                )),
                _ => None,
            });
            Some(Target {
                year: f1,
                first: f1,
                text,
                estimate: estimate.map(keep),
                lever: levers(&|| vec!["main_revenue.y1".into(), name.to_owned()]),
                per_year: None,
                lasting: false,
            })
        }
        "revenue_cagr_2y" => {
            let (f1, f3) = (proj.year - 1, proj.year - 3);
            let l = if words {
                label("operating_revenue")
            } else {
                String::new()
            };
            let text = say(&|| {
                format!("{f1} 年{l} {o} {f3} 年{l} × (1 + {pct})²（近两年复合增长率 {o} {pct}）")
            });
            let grow = |r: Dec| m(up(r * (Dec::ONE + t) * (Dec::ONE + t)));
            let estimate = say_opt(&|| {
                match closed("operating_revenue", f3) {
                Some(r3) => Some(format!("{f3} 年为 {} 万元，即 {f1} 年{l}须 {o} {} 万元", m(r3), grow(r3))),
                None => match expected("operating_revenue", f3) {
                    Some(r) => Some(format!(
                        "{f3} 年也未结束：按 {f3} 年预计{l} {} 万元，{f1} 年{l}须 {o} {} 万元",
                        m(r),
                        grow(r)
                    )),
                    None => closed("operating_revenue", last).map(|r| {
                        format!(
                            "{f3} 年也未结束：若 {f3} 年与 {last} 年持平（{} 万元），{f1} 年{l}须 {o} {} 万元",
                            m(r),
                            grow(r)
                        )
                    }),
                },
            }
            });
            Some(Target {
                year: f1,
                first: f1,
                text,
                estimate: estimate.map(keep),
                lever: levers(&|| vec!["operating_revenue.y1".into(), name.to_owned()]),
                per_year: None,
                lasting: false,
            })
        }
        "rd_sum_2y" | "rd_avg_2y" | "equity_2y" | "equity_3y" | "main_avg_3y" => {
            let b = base(&inputs[0]);
            let l = if words { label(&b) } else { String::new() };
            let years: Vec<i32> = inputs.iter().map(|id| fy(id)).collect();
            let names =
                || -> Vec<String> { years.iter().rev().map(|y| format!("{y} 年")).collect() };
            let n = Dec::from(years.len() as i64);
            let mean = matches!(family, "rd_avg_2y" | "main_avg_3y");
            let total_needed = if mean { t * n } else { t };
            let text = say(&|| {
                if mean {
                    format!(
                        "{}{l}的均值 {o} {} 万元，即合计 {o} {} 万元",
                        names().join("、"),
                        m(t),
                        m(total_needed)
                    )
                } else {
                    format!("{}{l}合计 {o} {} 万元", names().join("、"), m(t))
                }
            });
            let fixed: Vec<(i32, Dec)> = years
                .iter()
                .filter(|y| **y < proj.today.year)
                .filter_map(|y| closed(&b, *y).map(|v| (*y, v)))
                .collect();
            let open: Vec<i32> = years
                .iter()
                .copied()
                .filter(|y| *y >= proj.today.year)
                .collect();
            let fixed_sum: Dec = fixed.iter().map(|(_, v)| *v).sum();
            let rest = (total_needed - fixed_sum).max(Dec::ZERO);
            let estimate = say_opt(&|| {
                let open_names: Vec<String> =
                    open.iter().rev().map(|y| format!("{y} 年")).collect();
                Some(if fixed.is_empty() {
                    match closed(&b, last) {
                        Some(v) => {
                            let total = v * n;
                            format!(
                                "{}都未结束；按 {last} 年 {} 万元估算合计约 {} 万元{}",
                                open_names.join("、"),
                                m(v),
                                m(total),
                                if total < total_needed {
                                    format!(
                                        "，还差 {} 万元（每年平均还差 {} 万元）",
                                        m(up(total_needed - total)),
                                        m(up((total_needed - total) / n))
                                    )
                                } else {
                                    String::new()
                                }
                            )
                        }
                        None => format!("{}都未结束", open_names.join("、")),
                    }
                } else {
                    format!(
                        "{}，{}{}须 {o} {} 万元",
                        if fixed.len() == 1 {
                            format!("{} 年已定 {} 万元", fixed[0].0, m(fixed_sum))
                        } else {
                            format!(
                                "{}已定，合计 {} 万元",
                                fixed
                                    .iter()
                                    .rev()
                                    .map(|(y, v)| format!("{y} 年 {} 万元", m(*v)))
                                    .collect::<Vec<_>>()
                                    .join("、"),
                                m(fixed_sum)
                            )
                        },
                        open_names.join("、"),
                        if open.len() > 1 { "合计" } else { "" },
                        m(up(rest))
                    )
                })
            });
            let year = *open.iter().max().unwrap_or(&(proj.year - 1));
            let per_year = (!open.is_empty() && fixed.len() + open.len() == years.len())
                .then(|| {
                    closed(&b, last)
                        .map(|v| (b.clone(), rest / Dec::from(open.len() as i64), last, v))
                })
                .flatten();
            Some(Target {
                lasting: fixed.is_empty(),
                year,
                first: *open.iter().min().unwrap_or(&year),
                text,
                estimate: estimate.map(keep),
                lever: levers(&|| vec![format!("{b}.y1"), name.to_owned()]),
                per_year,
            })
        }
        // A per-year figure (营业收入 ≥ 1,500 万元, 研发费用 ≥ 100 万元).
        _ if inputs.len() == 1 && proj.fiscal(pack, name).is_some() => {
            let f = fy(name);
            let b = base(name);
            let unit = metric.unit;
            // Read only in the words.
            let shown = if words {
                display_threshold(t, unit)
            } else {
                String::new()
            };
            let platform = pack
                .input(name)
                .is_some_and(|d| d.origin == crate::rules::Origin::Platform);
            let (text, estimate) = if !words {
                (String::new(), None)
            } else if platform {
                (
                    format!("{f} 年度{} {o} {shown}（由培育平台计算）", label(&b)),
                    original.num(&format!("{b}.y1")).value().copied().map(|v| {
                        format!("{} 年度为 {}", proj.today.year, display_threshold(v, unit))
                    }),
                )
            } else {
                (
                    format!("{f} 年{} {o} {shown}", label(&b)),
                    match expected(&b, f) {
                        Some(v) => Some(format!("{f} 年预计 {}", display_threshold(v, unit))),
                        None => closed(&b, last)
                            .map(|v| format!("{last} 年为 {}", display_threshold(v, unit))),
                    },
                )
            };
            let per_year = (!platform && leaf.lower_bound)
                .then(|| closed(&b, last).map(|v| (b.clone(), t, last, v)))
                .flatten();
            Some(Target {
                year: f,
                first: f,
                text,
                estimate: estimate.map(keep),
                lever: levers(&|| vec![name.to_owned()]),
                per_year,
                // One open year, against the last closed one.
                lasting: true,
            })
        }
        _ => None,
    }
}
