//! The time-aware plan (issue 12): golden cases over the sample firm and
//! variants of it, and the property that no plan item asks to change a
//! fiscal year that ended before the assessment date.
#![cfg(not(target_arch = "wasm32"))]

use zjtx::answers::AnswersFile;
use zjtx::facts::Facts;
use zjtx::date::Date;
use zjtx::engine::timeline::{Advice, ItemKind, Standing, TierAdvice, advise};
use zjtx::engine::{Options, assess};
use zjtx::report::options_for;
use zjtx::rules::{Pack, Tier};

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

#[test]
fn dump_sample() {
    let a = advice_for(&firm(&[]));
    println!("{}", serde_json::to_string_pretty(&a).unwrap());
}
