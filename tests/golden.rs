//! Golden cases next to the rules (`rules/*/tests/*.toml`), OpenFisca style:
//! answers in, expected verdict out. Every case runs; failures are listed
//! together with their names.
#![cfg(not(target_arch = "wasm32"))]

use serde::Deserialize;
use std::collections::BTreeMap;
use zjtx::answers::AnswersFile;
use zjtx::date::Date;
use zjtx::engine::size_class;
use zjtx::facts::Facts;
use zjtx::rules::Pack;

#[derive(Deserialize)]
struct Case {
    name: String,
    #[serde(default)]
    expect: Option<String>,
    #[serde(default)]
    expect_possible: Option<Vec<String>>,
    #[serde(flatten)]
    answers: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct File {
    cases: Vec<Case>,
}

#[test]
fn national_size_class_golden_cases() {
    let pack = Pack::national();
    let text = std::fs::read_to_string("rules/national/tests/size_class.toml").unwrap();
    let file: File = toml::from_str(&text).unwrap();
    assert!(
        file.cases.len() >= 170,
        "golden file lost cases: {}",
        file.cases.len()
    );
    let mut failures = Vec::new();
    for case in &file.cases {
        let mut answers = AnswersFile::new();
        for (id, typed) in &case.answers {
            answers.set(id, typed.clone());
        }
        let facts = Facts::read(&pack, &answers, Date::new(2026, 11, 22));
        let result = size_class::assess(&pack, &facts);
        assert!(
            result.errors.is_empty(),
            "{}: {:?}",
            case.name,
            result.errors
        );
        let verdict = result.verdict.expect("industry known");
        // The plan walk's lean reading of the size gate says what the
        // verdict says, known or not.
        assert_eq!(
            size_class::is_sme(&pack, &facts),
            verdict.is_sme,
            "{}: size_class::is_sme",
            case.name
        );
        let got: Vec<&str> = verdict.possible.iter().map(|c| c.label()).collect();
        let want: Vec<&str> = match (&case.expect, &case.expect_possible) {
            (Some(one), None) => vec![one.as_str()],
            (None, Some(many)) => many.iter().map(String::as_str).collect(),
            _ => panic!(
                "{}: give exactly one of expect / expect_possible",
                case.name
            ),
        };
        if got != want {
            failures.push(format!(
                "{}\n    期望 {:?}，得到 {:?}",
                case.name, want, got
            ));
        }
    }
    // No industry: no verdict, and the SME question open.
    let facts = Facts::read(&pack, &AnswersFile::new(), Date::new(2026, 11, 22));
    assert!(size_class::assess(&pack, &facts).verdict.is_none());
    assert_eq!(
        size_class::is_sme(&pack, &facts),
        zjtx::engine::Truth::Unknown
    );
    assert!(
        failures.is_empty(),
        "{} golden cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
