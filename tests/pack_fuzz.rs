//! Packs that cannot hurt (issue 15 item 4): the national pack's TOML with
//! its numbers replaced by hostile ones (0, negatives, 3 000 000 000, 10¹⁵,
//! 8 × 10²⁸, tiny decimals, floats, text). Loading must give the pack or a
//! zh-CN error naming the file; the engine on the sample firms must never
//! panic or hang, under every setting and application.
//!
//! `cargo test --test pack_fuzz` runs a short round (64 mutated packs, a few
//! seconds). The long run is
//! `ZJTX_FUZZ_CASES=5000 cargo test --release --test pack_fuzz -- --nocapture`.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;
use zjtx::answers::AnswersFile;
use zjtx::date::Date;
use zjtx::engine::Options;
use zjtx::report::ReportModel;
use zjtx::rules::{Application, Pack, PackError};

/// A number written in a pack file: its byte range, and whether it sits in
/// a string (`"3%"`, `"4500.90"`) or bare (`max = 40`).
#[derive(Clone, Debug)]
struct Slot {
    file: String,
    start: usize,
    end: usize,
    quoted: bool,
}

fn pack_files() -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir("rules/national").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.insert(name, std::fs::read_to_string(&path).unwrap());
        }
    }
    files
}

/// Every number in a value position: bare after `=`, `[` or `,`, or a whole
/// quoted decimal / percentage. Dates, versions, ids and numbers inside
/// clause text are left alone.
fn slots(files: &BTreeMap<String, String>) -> Vec<Slot> {
    let mut out = Vec::new();
    for (file, text) in files {
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_digit()
                || (i > 0
                    && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.' || b[i - 1] == b'-'))
            {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            let mut end = i;
            let prev = text[..start].trim_end().chars().last();
            let next = b.get(end).copied();
            if start > 0 && b[start - 1] == b'"' {
                if next == Some(b'%') {
                    end += 1;
                }
                if b.get(end) == Some(&b'"') && text[start..end].matches('.').count() <= 1 {
                    out.push(Slot {
                        file: file.clone(),
                        start,
                        end,
                        quoted: true,
                    });
                }
            } else if matches!(prev, Some('=' | '[' | ','))
                && matches!(next, Some(b' ' | b',' | b'}' | b']' | b'\n' | b'\r'))
                && !text[start..end].contains('.')
            {
                out.push(Slot {
                    file: file.clone(),
                    start,
                    end,
                    quoted: false,
                });
            }
        }
    }
    out
}

/// Hostile replacements, as they would be typed into a pack.
const HOSTILE: &[&str] = &[
    "0",
    "-2",
    "1",
    "2",
    "3",
    "100",
    "-100",
    "3000000000",
    "1000000000000000",
    "99999999999999999999",
    "79228162514264337593543950335",
    "0.0000000001",
    "0.5",
    "-0.5",
    "1e15",
    "50.5",
    "\"x\"",
    "true",
    "200%",
    "-5%",
    "0%",
    "1000000",
    "7",
    "12",
    "59",
    "99",
    "0.01",
    "\"0.01\"",
    "\"99.99%\"",
];

fn mutate(
    files: &BTreeMap<String, String>,
    slots: &[Slot],
    picks: &[(usize, usize)],
) -> BTreeMap<String, String> {
    // Apply from the end of each file, so earlier offsets stay valid.
    let mut chosen: Vec<(&Slot, &str)> = picks
        .iter()
        .map(|(s, v)| (&slots[s % slots.len()], HOSTILE[v % HOSTILE.len()]))
        .collect();
    chosen.sort_by(|a, b| (&b.0.file, b.0.start).cmp(&(&a.0.file, a.0.start)));
    chosen.dedup_by(|a, b| a.0.file == b.0.file && a.0.start == b.0.start);
    let mut out = files.clone();
    for (slot, value) in chosen {
        let text = out.get_mut(&slot.file).unwrap();
        let value = if slot.quoted {
            value.trim_matches('"')
        } else {
            value
        };
        text.replace_range(slot.start..slot.end, value);
    }
    out
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Loads a mutated pack and runs the engine on every fixture, under every
/// setting, in a thread with a deadline (a hang fails the property).
fn check(files: BTreeMap<String, String>) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let outcome = std::panic::catch_unwind(move || run(&files));
        let _ = tx.send(outcome.unwrap_or_else(|p| {
            Err(format!(
                "panic: {}",
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default()
            ))
        }));
    });
    rx.recv_timeout(Duration::from_secs(30))
        .unwrap_or_else(|_| Err("hang: no answer within 30 s".into()))
}

/// Mutated packs that loaded (and ran) and that were refused, for the long run's summary.
static LOADED: AtomicUsize = AtomicUsize::new(0);
static REFUSED: AtomicUsize = AtomicUsize::new(0);

fn run(files: &BTreeMap<String, String>) -> Result<(), String> {
    let loaded = Pack::from_files(|name| {
        files
            .get(name)
            .cloned()
            .ok_or_else(|| PackError(format!("缺少文件 {name}")))
    });
    let pack = match loaded {
        Ok(p) => p,
        Err(e) => {
            REFUSED.fetch_add(1, Ordering::Relaxed);
            if std::env::var_os("ZJTX_FUZZ_SHOW").is_some() {
                eprintln!("refused: {}", e.0);
            }
            return if has_cjk(&e.0) && e.0.contains(".toml") {
                Ok(())
            } else {
                Err(format!("pack error not in zh-CN or names no file: {}", e.0))
            };
        }
    };
    LOADED.fetch_add(1, Ordering::Relaxed);
    for fixture in ["firm-rd-short", "industrial-medium"] {
        let text = std::fs::read_to_string(format!("tests/fixtures/{fixture}.json")).unwrap();
        let answers = AnswersFile::from_json(&text).map_err(|e| format!("{e:?}"))?;
        for application in [Application::New, Application::Renewal] {
            for settings in [
                &[][..],
                &[
                    ("boundary", "exclusive"),
                    ("band_endpoint", "lower"),
                    ("average_growth", "cagr"),
                ][..],
            ] {
                let options = Options {
                    date: Date::new(2026, 11, 22),
                    application,
                    settings: settings
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                        .collect(),
                };
                // A refused setting (the mutation removed it) is a clean error, not a fault.
                let _ = ReportModel::build(&pack, &answers, &options);
            }
        }
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("ZJTX_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

#[test]
fn slots_cover_the_numbers_of_every_kind() {
    let files = pack_files();
    let s = slots(&files);
    // Thresholds, points, steps, weights, years: hundreds of them.
    assert!(s.len() > 300, "{}", s.len());
    assert!(s.iter().any(|x| x.quoted) && s.iter().any(|x| !x.quoted));
    assert!(s.iter().any(|x| x.file == "cost_model.toml"));
    // The unmutated pack loads and runs.
    check(files).unwrap();
}

/// Known hostile packs from the attack log (issue 15): each gives a zh-CN
/// error, or loads and runs without fault.
#[test]
fn hostile_packs_from_the_attack_log() {
    let files = pack_files();
    let cases: &[(&str, &str, &str)] = &[
        ("specialised_63.toml", "step = 2", "step = 0"),
        ("specialised_63.toml", "step = 2", "step = \"-2\""),
        (
            "specialised_2026.toml",
            "min = 3, word = \"以上\"",
            "min = 3000000000, word = \"以上\"",
        ),
        (
            "cost_model.toml",
            "money_weight = ",
            "money_weight = \"79228162514264337593543950\" #",
        ),
        ("specialised_63.toml", "max = 25", "max = 1000000000000000"),
    ];
    for (file, from, to) in cases {
        let mut f = files.clone();
        let text = f.get_mut(*file).unwrap();
        assert!(text.contains(from), "fixture: {from} not in {file}");
        *text = text.replacen(from, to, 1);
        let loaded = Pack::from_files(|name| Ok(f.get(name).cloned().unwrap_or_default()));
        match loaded {
            Err(e) => assert!(has_cjk(&e.0) && e.0.contains(file), "{to}: {}", e.0),
            Ok(_) => check(f).unwrap(),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_packs_load_or_refuse_and_never_crash(
        picks in proptest::collection::vec((0usize..100_000, 0usize..HOSTILE.len()), 1..5)
    ) {
        let files = pack_files();
        let s = slots(&files);
        let mutated = mutate(&files, &s, &picks);
        if let Err(e) = check(mutated) {
            prop_assert!(false, "{e}");
        }
        let (loaded, refused) = (LOADED.load(Ordering::Relaxed), REFUSED.load(Ordering::Relaxed));
        if (loaded + refused) % 500 == 0 {
            eprintln!("pack_fuzz: {loaded} mutated packs loaded and ran, {refused} refused with a zh-CN error");
        }
    }
}
