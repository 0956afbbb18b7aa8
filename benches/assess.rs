//! Speed figures, printed (never asserted: a noisy machine must not fail a
//! test). Run by scripts/bench.sh with the release profile.
//!
//! Target (issue 5): a full assessment with its gap report under 1 ms
//! natively, so the widget can recompute on every keystroke.

use std::time::Instant;
use zjtx::answers::AnswersFile;
use zjtx::date::Date;
use zjtx::engine::plan::gap_report;
use zjtx::engine::{Options, assess};
use zjtx::facts::Facts;
use zjtx::report::{ReportModel, render_document};
use zjtx::rules::{Application, Pack};

/// `cargo bench --bench assess -- WORD` runs only the figures whose label
/// contains WORD (e.g. `assess`, for `perf record` on one stage);
/// `ZJTX_BENCH_RUNS=N` multiplies every run count by N.
fn per_call(label: &str, n: u32, mut f: impl FnMut()) {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    if filter.is_some_and(|w| !label.contains(w.as_str())) {
        return;
    }
    let times: u32 = std::env::var("ZJTX_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let n = n * times.max(1);
    f(); // warm up
    let start = Instant::now();
    for _ in 0..n {
        f();
    }
    let each = start.elapsed() / n;
    println!(
        "{label:<44} {:>9.1} µs  ({n} runs)",
        each.as_secs_f64() * 1e6
    );
}

fn main() {
    let text = std::fs::read_to_string("tests/fixtures/firm-rd-short.json").expect("fixture");
    let answers = AnswersFile::from_json(&text).expect("answers");
    let options = Options {
        date: Date::new(2026, 11, 22),
        application: Application::New,
        settings: Default::default(),
    };
    per_call("load and validate the national pack", 200, || {
        std::hint::black_box(Pack::national());
    });
    let pack = Pack::national();
    // Reading the answers into facts is part of every assessment.
    per_call("assess (size class + 6 rule sets)", 2000, || {
        let facts = Facts::read(&pack, &answers, options.date);
        std::hint::black_box(assess(&pack, &facts, &options).unwrap());
    });
    let facts = Facts::read(&pack, &answers, options.date);
    let a = assess(&pack, &facts, &options).unwrap();
    per_call("gap report (plans, ladder, measures)", 2000, || {
        std::hint::black_box(gap_report(&pack, &facts, &a));
    });
    per_call("report model (assess + gaps + answers)", 2000, || {
        std::hint::black_box(ReportModel::build(&pack, &answers, &options).unwrap());
    });
    let model = ReportModel::build(&pack, &answers, &options).unwrap();
    per_call("HTML report via Yew SSR", 50, || {
        std::hint::black_box(render_document(model.clone(), false));
    });
}
