//! Golden cases for the tier rule sets (`rules/national/tests/*.toml` with a
//! `base`), OpenFisca style: a realistic firm's answers, a few answers
//! changed, the expected verdicts. Every case runs; failures are listed
//! together with their names.
#![cfg(not(target_arch = "wasm32"))]

use serde::Deserialize;
use std::collections::BTreeMap;
use zjtx::answers::{AnswersFile, Typed};
use zjtx::date::Date;
use zjtx::engine::plan::{GapReport, gap_report};
use zjtx::engine::{Assessment, Options, assess};
use zjtx::facts::Facts;
use zjtx::rules::{Application, Pack};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    date: Option<Date>,
    #[serde(default)]
    application: Option<Application>,
    #[serde(default)]
    settings: BTreeMap<String, String>,
    #[serde(default)]
    answers: BTreeMap<String, String>,
    expect: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    /// A fixture in tests/fixtures (without .json): the firm every case starts from.
    base: String,
    date: Date,
    /// Answers changed for every case of the file.
    #[serde(default)]
    answers: BTreeMap<String, String>,
    cases: Vec<Case>,
}

/// Reads one expectation key off the assessment and its gap report (see
/// rules/national/tests/README.md).
fn lookup(a: &Assessment, g: &GapReport, key: &str) -> Option<String> {
    let parts: Vec<&str> = key.split('.').collect();
    let tier = |id: &str| a.tiers.iter().find(|t| erased::Ser::snake(&t.tier) == id);
    let path = |id: &str| {
        a.tiers
            .iter()
            .flat_map(|t| &t.paths)
            .find(|p| p.rule_set == id)
    };
    let range = |min: zjtx::num::Dec, max: zjtx::num::Dec| {
        if min == max {
            min.to_string()
        } else {
            format!("{min}-{max}")
        }
    };
    let snake = |v: &dyn erased::Ser| v.snake();
    match parts.as_slice() {
        ["plan", t] => Some(
            g.plans
                .iter()
                .find(|p| erased::Ser::snake(&p.tier) == *t)?
                .steps
                .iter()
                .map(|s| s.criterion.clone())
                .collect::<Vec<_>>()
                .join("；"),
        ),
        ["ladder", t] => {
            let r = g
                .ladder
                .iter()
                .find(|r| erased::Ser::snake(&r.tier) == *t)?;
            let state = if r.held.as_ref().is_some_and(|h| !h.expired) {
                "held".to_owned()
            } else {
                snake(&r.verdict)
            };
            Some(format!(
                "{state}|{}",
                r.earliest_year.map(|y| y.to_string()).unwrap_or_default()
            ))
        }
        ["moves", t] => {
            let sm = g
                .plans
                .iter()
                .find(|p| erased::Ser::snake(&p.tier) == *t)?
                .score_moves
                .as_ref()?;
            let moves: Vec<String> = sm
                .moves
                .iter()
                .map(|m| format!("{}→{}", m.indicator, m.to))
                .collect();
            Some(format!("{}→{}：{}", sm.now, sm.after, moves.join("；")))
        }
        // The ladder, lowest rung first: tier ids in the pack's order.
        ["order"] => Some(
            a.tiers
                .iter()
                .map(|t| t.tier.id())
                .collect::<Vec<_>>()
                .join(","),
        ),
        ["order_names"] => Some(
            a.tiers
                .iter()
                .map(|t| t.label.clone())
                .collect::<Vec<_>>()
                .join(" < "),
        ),
        ["deciding"] => Some(
            g.deciding
                .iter()
                .map(|(id, _)| id.clone())
                .collect::<Vec<_>>()
                .join(","),
        ),
        ["reminders"] => Some(g.reminders.len().to_string()),
        [p, c, "gap"] => path(p)?
            .criteria
            .iter()
            .find(|x| *x.id == **c)?
            .leaves
            .iter()
            .find_map(|l| l.gap.as_ref())
            .map(|g| g.advice.to_string()),
        [p, c, "plan"] => Some(
            path(p)?
                .criteria
                .iter()
                .find(|x| *x.id == **c)?
                .plan
                .iter()
                .map(|l| {
                    l.gap
                        .as_ref()
                        .map(|g| g.advice.to_string())
                        .unwrap_or_else(|| l.text().into_owned())
                })
                .collect::<Vec<_>>()
                .join("；"),
        ),
        ["label", t] => Some(tier(t)?.label.clone()),
        [p, "doubts"] => Some(
            path(p)?
                .doubts
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(" | "),
        ),
        [p, "not_needed"] => path(p)?.not_needed.clone(),
        ["selected", t] => Some(
            tier(t)?
                .paths
                .iter()
                .map(|p| p.rule_set.clone())
                .collect::<Vec<_>>()
                .join(","),
        ),
        ["size"] => a.size.verdict.as_ref().map(|v| v.headline()),
        [t] if tier(t).is_some() => Some(snake(&tier(t)?.verdict)),
        [p] => Some(snake(&path(p)?.verdict)),
        [p, "score"] => path(p)?.score.as_ref().map(|s| range(s.min, s.max)),
        [p, "score", "pass"] => path(p)?.score.as_ref().map(|s| snake(&s.pass)),
        [p, "score", i] => {
            let s = path(p)?.score.as_ref()?;
            s.indicators
                .iter()
                .find(|x| *x.id == **i)
                .map(|x| range(x.min, x.max))
                .or_else(|| {
                    s.dimensions
                        .iter()
                        .find(|d| d.id == *i)
                        .map(|d| range(d.min, d.max))
                })
        }
        [p, "deciding"] => Some(
            path(p)?
                .deciding
                .iter()
                .map(|d| d.input.clone())
                .collect::<Vec<_>>()
                .join(","),
        ),
        [p, "failed"] => Some(
            path(p)?
                .failed()
                .map(|c| c.id.clone())
                .collect::<Vec<_>>()
                .join(","),
        ),
        [p, c] => path(p)?
            .criteria
            .iter()
            .find(|x| *x.id == **c)
            .map(|x| snake(&x.status)),
        _ => None,
    }
}

/// serde's snake_case name of an enum value.
mod erased {
    pub trait Ser {
        fn snake(&self) -> String;
    }
    impl<T: serde::Serialize> Ser for T {
        fn snake(&self) -> String {
            serde_json::to_value(self)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        }
    }
}

/// Runs every golden file with a `base` in `dir` against `pack`: the number
/// of cases, and the failures by name.
fn run_dir(pack: &Pack, dir: &str) -> (usize, Vec<String>) {
    let mut total = 0;
    let mut failures = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
    {
        let text = std::fs::read_to_string(path).unwrap();
        if !text.contains("\nbase = ") {
            continue; // the 300号 table has its own format (tests/golden.rs)
        }
        let file: File =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let base = AnswersFile::from_json(
            &std::fs::read_to_string(format!("tests/fixtures/{}.json", file.base)).unwrap(),
        )
        .unwrap();
        for case in &file.cases {
            total += 1;
            let mut answers = base.clone();
            for (id, typed) in file.answers.iter().chain(&case.answers) {
                assert!(
                    pack.input(id).is_some(),
                    "{}: unknown answer id {id}",
                    case.name
                );
                answers.answers.insert(id.clone(), Typed(typed.clone()));
            }
            let options = Options {
                date: case.date.unwrap_or(file.date),
                application: case.application.unwrap_or(Application::New),
                settings: case.settings.clone(),
            };
            let facts = Facts::read(pack, &answers, options.date);
            let a = assess(pack, &facts, &options).unwrap();
            let g = gap_report(pack, &facts, &a);
            for (key, want) in &case.expect {
                let got = lookup(&a, &g, key);
                if got.as_deref() != Some(want.as_str()) {
                    failures.push(format!(
                        "{} › {} › {}: {key}\n    期望 {want:?}，得到 {got:?}",
                        pack.meta.id,
                        path.file_name().unwrap().to_string_lossy(),
                        case.name
                    ));
                }
            }
        }
    }
    (total, failures)
}

/// Each provincial pack under rules/ (an overlay) passes its own golden
/// cases (`rules/<pack>/tests/`), loaded the way the CLI loads it.
#[test]
fn provincial_pack_golden_cases() {
    let mut packs = 0;
    let mut failures = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir("rules")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|d| d.join("pack.toml").is_file() && d.file_name().is_some_and(|n| n != "national"))
        .collect();
    dirs.sort();
    for dir in &dirs {
        let pack = Pack::load_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let tests = dir.join("tests");
        let (n, f) = run_dir(&pack, tests.to_str().unwrap());
        assert!(n >= 6, "{}: only {n} golden cases", dir.display());
        failures.extend(f);
        packs += 1;
    }
    assert!(
        failures.is_empty(),
        "{} golden cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(packs >= 4, "provincial packs went missing: {packs}");
}

#[test]
fn national_tier_golden_cases() {
    let pack = Pack::national();
    let (total, failures) = run_dir(&pack, "rules/national/tests");
    assert!(
        failures.is_empty(),
        "{} of {total} golden cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(total >= 100, "golden cases went missing: {total}");
}

/// Every question a first-tier standard reads says in its help, in plain
/// words, which law reads it (63号 / 115号 / the 2026 办法) — and carries no
/// developer codes ([V]/[C]/[S], UNCONFIRMED, §, 待核).
#[test]
fn first_tier_questions_say_which_law_reads_them() {
    use zjtx::engine::context::Ctx;
    use zjtx::facts::Facts;
    use zjtx::rules::{Cond, Tier};
    let pack = Pack::national();
    let empty = AnswersFile::new();
    let date: Date = Date::new(2026, 11, 22);
    let facts = Facts::read(&pack, &empty, date);
    let (settings, _) = zjtx::engine::settings::Settings::resolve(&pack, &BTreeMap::new()).unwrap();
    let ctx = Ctx::new(&pack, &facts, date, Application::New, settings);
    let mut read: Vec<String> = vec!["industry".into(), "employees".into()];
    let visit = |c: &Cond, read: &mut Vec<String>| {
        c.walk(&mut |c| match c {
            Cond::Answer { id, .. } | Cond::Choice { id, .. } | Cond::NoEvent { id, .. } => {
                read.push(id.clone())
            }
            Cond::Compare(x) => read.extend(
                ctx.metric(&x.metric)
                    .unknown_inputs
                    .iter()
                    .map(str::to_owned),
            ),
            Cond::Flag(f) => read.extend(pack.tier_by_flag(f).and_then(|t| t.title_input.clone())),
            _ => {}
        })
    };
    for rs in pack
        .rule_sets
        .iter()
        .filter(|r| r.meta.tier == Tier::TechInnovative)
    {
        let mut conds: Vec<&Cond> = rs.criteria.iter().map(|c| &c.test).collect();
        if rs.meta.exclusions {
            conds.extend(
                pack.exclusions
                    .criteria
                    .iter()
                    .filter(|c| !rs.meta.exclusions_own.iter().any(|o| *o == *c.id))
                    .map(|c| &c.test),
            );
        }
        if let Some(n) = &rs.meta.not_needed {
            conds.push(&n.test);
        }
        for ind in rs.score.iter().flat_map(|s| &s.indicators) {
            if let Some(m) = &ind.metric {
                read.extend(ctx.metric(m).unknown_inputs.iter().map(str::to_owned));
            }
            conds.extend(ind.bands.iter().filter_map(|b| b.when.as_ref()));
            conds.extend(ind.items.iter().map(|i| &i.when));
        }
        for c in conds {
            visit(c, &mut read);
        }
    }
    read.sort();
    read.dedup();
    assert!(read.len() > 30, "{read:?}");
    let mut bad = Vec::new();
    for id in &read {
        let def = pack.input(id).unwrap_or_else(|| panic!("{id}"));
        let h = &def.help;
        let names_law = ["63号", "115号", "2026 年起的新办法", "300号"]
            .iter()
            .any(|w| h.contains(w));
        let codes = ["[V]", "[C]", "[S]", "UNCONFIRMED", "§", "待核"]
            .iter()
            .any(|w| h.contains(w));
        if !names_law || codes {
            bad.push(format!("{id}: {h}"));
        }
    }
    assert!(
        bad.is_empty(),
        "help without the law or with codes:\n{}",
        bad.join("\n")
    );
}

/// The day an event stops counting, per law's window (used by the
/// time-aware plans as a wait).
#[test]
fn the_day_an_event_stops_counting() {
    use zjtx::engine::context::Ctx;
    use zjtx::facts::Facts;
    use zjtx::rules::Window;
    let pack = Pack::national();
    let date = Date::new(2026, 11, 22);
    let mut a = AnswersFile::new();
    a.set("safety_incident_date", "2025-03-10");
    a.set("quality_incident_date", "2025");
    a.set("environment_incident_date", "无");
    let facts = Facts::read(&pack, &a, date);
    let (settings, _) =
        zjtx::engine::settings::Settings::resolve(&pack, &Default::default()).unwrap();
    let ctx = Ctx::new(&pack, &facts, date, Application::New, settings);
    let clears = |id: &str, w| ctx.no_event_clears(id, w);
    // 近三年: counts up to 2028-03-10, no longer from the day after.
    assert_eq!(
        clears("safety_incident_date", Window::Rolling(3)),
        Some(Date::new(2028, 3, 11))
    );
    // 上一年及当年: an event in 2025 counts in 2025 and 2026.
    assert_eq!(
        clears("safety_incident_date", Window::Calendar(2)),
        Some(Date::new(2027, 1, 1))
    );
    assert_eq!(
        clears("quality_incident_date", Window::Calendar(2)),
        Some(Date::new(2027, 1, 1))
    );
    // A year typed alone: the latest day of it.
    assert_eq!(
        clears("quality_incident_date", Window::Rolling(3)),
        Some(Date::new(2029, 1, 1))
    );
    assert_eq!(
        clears("environment_incident_date", Window::Rolling(3)),
        None
    );
}
