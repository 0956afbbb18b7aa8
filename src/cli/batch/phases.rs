//! Where a summary-only batch (`--reports none`) spends its time, phase by
//! phase, on one thread: the figures behind issue 18's “firms per minute
//! per core” (`cargo bench --bench batch_phases -- FILE`, run by
//! scripts/bench.sh). The same steps as the batch, each timed apart; the
//! batch itself never runs this.

use super::firm::{self, Outcome, RowPlan};
use super::headers;
use super::input::{self, Cells};
use super::portrait::Portrait;
use super::summary::{CsvSink, XlsxSink};
use crate::date::Date;
use crate::engine::{self, plan::summary_gap_report};
use crate::rules::{Pack, Tier};
use std::path::Path;
use std::time::{Duration, Instant};

/// One phase: what it is, and its time over all rows (seconds).
pub struct Phase {
    pub label: &'static str,
    pub seconds: f64,
}

/// The phases of a summary-only batch over `path` (a table with a header
/// row), one thread, and the number of rows assessed (rows with input
/// errors are read but not assessed, as in the batch). Outputs go to a
/// temporary folder, removed at the end. Err: the file cannot be read.
pub fn measure(path: &Path, pack: &Pack, today: Date) -> Result<(usize, Vec<Phase>), String> {
    let mut times = [Duration::ZERO; 8];
    let started = Instant::now();
    let source = input::open(path, None)?;
    let header = source.header.ok_or("没有表头")?;
    let plan = RowPlan::new(
        pack,
        &headers::map_headers(pack, &header, today.year, &Default::default())?,
    );
    let mut rows = Vec::new();
    for chunk in source.chunks.iter() {
        rows.extend(chunk?.rows);
    }
    times[0] = started.elapsed();

    let ladder: Vec<(Tier, String)> = pack.tiers.iter().map(|t| (t.id, t.name.clone())).collect();
    let names: Vec<String> = ladder.iter().map(|(_, n)| n.clone()).collect();
    let out = std::env::temp_dir().join(format!("zjtx-phases-{}", std::process::id()));
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let mut csv = CsvSink::create(&out, &names)?;
    let mut xlsx = XlsxSink::new(&names)?;
    let mut picture = Portrait::new(names.clone());
    let mut assessed = 0;
    let mut clock = Instant::now();
    // Time since the last lap, added to phase `i`.
    let mut lap = |i: usize, times: &mut [Duration; 8]| {
        let now = Instant::now();
        times[i] += now - clock;
        clock = now;
    };
    for row in rows {
        let Cells::Table(cells) = &row.cells else {
            continue;
        };
        lap(7, &mut times);
        let Ok((head, options, facts)) = firm::facts_of_cells(pack, &plan, cells, today) else {
            continue;
        };
        lap(1, &mut times);
        if firm::first_error(&facts.errors).is_err() {
            continue;
        }
        let Ok(assessment) = engine::assess(pack, &facts, &options) else {
            continue;
        };
        lap(2, &mut times);
        let gaps = summary_gap_report(pack, &facts, &assessment);
        lap(3, &mut times);
        let earliest = engine::timeline::earliest_years(pack, &facts, &options, &assessment);
        lap(4, &mut times);
        let outcome = Outcome {
            name: head.enterprise_name,
            assessment,
            gaps,
            earliest,
        };
        let summary = firm::summary_row(&ladder, row.number, outcome, String::new());
        lap(5, &mut times);
        csv.push(&summary)?;
        xlsx.push(&summary)?;
        picture.add(&summary);
        lap(6, &mut times);
        assessed += 1;
    }
    csv.flush()?;
    drop(csv);
    xlsx.save(&out)?;
    std::hint::black_box(picture.render("", &today.to_string(), ""));
    lap(6, &mut times);
    let _ = std::fs::remove_dir_all(&out);
    let labels = [
        "read the table (calamine: unzip, XML, cells)",
        "facts from the cells",
        "assessment (engine::assess)",
        "gap report for the summary",
        "最早申报年度 (timeline::earliest_years)",
        "summary row",
        "summary.csv, summary.xlsx, 画像 (write)",
        "rows skipped (errors)",
    ];
    Ok((
        assessed,
        labels
            .iter()
            .zip(times)
            .map(|(label, t)| Phase {
                label,
                seconds: t.as_secs_f64(),
            })
            .collect(),
    ))
}
