//! `zjtx batch 培育库.xlsx --out 目录`: every firm of a 培育库 assessed.
//!
//! Rows stream in from a reader thread in chunks (bounded memory); each chunk
//! is assessed in parallel (rayon); results go out in input order: the firm's
//! HTML report (temporary name, then renamed), its row appended to
//! summary.csv (flushed every chunk), summary.xlsx and the 画像 page at the
//! end. `--resume` skips the rows summary.csv already has. Format and
//! options: docs/batch.md.

mod firm;
mod headers;
mod input;
pub mod phases;
mod portrait;
mod summary;
mod template;

use super::args::{Args, Command};
use crate::answers::AnswersFile;
use crate::date::Date;
use crate::report::{STYLESHEET, render_document_linked};
use crate::rules::{Pack, Tier};
use headers::Mapping;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use input::{Cells, Row};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use summary::{CsvSink, SummaryRow, XlsxSink, write_whole};

/// The shared stylesheet the reports link.
const STYLESHEET_NAME: &str = "report.css";

struct Options {
    input: PathBuf,
    out: PathBuf,
    pack: Pack,
    today: Date,
    reports: bool,
    resume: bool,
    mapping: Mapping,
    sheet: Option<String>,
    jobs: usize,
    /// The pack's tiers, lowest first, with the names the columns carry.
    ladder: Vec<(Tier, String)>,
    /// Last period's summary.csv, for who moved up or down.
    previous: Option<PathBuf>,
}

/// Runs the subcommand.
pub fn main(a: &Args, today: Date) -> Result<(), String> {
    let pack = super::pack_arg(a)?;
    let ladder: Vec<(Tier, String)> = pack.tiers.iter().map(|t| (t.id, t.name.clone())).collect();
    let today = super::date_arg(a)?.unwrap_or(today);
    if let Some(kind) = a.value("template") {
        let path = match a.value("out") {
            Some(p) => PathBuf::from(p),
            None => PathBuf::from(format!("培育库模板.{kind}")),
        };
        template::write(&pack, kind, &path, today.year)?;
        eprintln!("已写出空白模板 {}。", path.display());
        return Ok(());
    }
    let reports = match a.value("reports").unwrap_or("html") {
        "html" => true,
        "none" => false,
        other => return Err(format!("--reports 只能是 html 或 none，现在是“{other}”。")),
    };
    let jobs = match a.value("jobs") {
        None => std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        Some(j) => j
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=256).contains(n))
            .ok_or_else(|| format!("--jobs 要写 1 到 256 的整数，现在是“{j}”。"))?,
    };
    let options = Options {
        input: super::single_input(a, Command::Batch)?,
        out: PathBuf::from(
            a.value("out")
                .ok_or("缺少 --out 输出目录，例如 --out 报告目录。")?,
        ),
        mapping: match a.value("map") {
            Some(m) => headers::read_mapping(Path::new(m))?,
            None => Mapping::new(),
        },
        sheet: a.value("sheet").map(String::from),
        pack,
        today,
        reports,
        resume: a.flag("resume"),
        jobs,
        previous: a.value("previous").map(PathBuf::from),
        ladder,
    };
    let started = std::time::Instant::now();
    let outcome = run(&options)?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "完成：本次评估 {} 家（{} 行有误），{}用时 {:.1} 秒（{:.0} 家/秒）。汇总：{}、{}；画像：{}",
        outcome.assessed,
        outcome.failed,
        if outcome.skipped > 0 {
            format!("跳过上次已完成的 {} 家，", outcome.skipped)
        } else {
            String::new()
        },
        secs,
        (outcome.assessed + outcome.failed) as f64 / secs.max(1e-9),
        options.out.join(summary::CSV_NAME).display(),
        summary::XLSX_NAME,
        portrait::FILE_NAME,
    );
    if outcome.assessed == 0 && outcome.skipped == 0 {
        return Err("没有一家企业能够评估，请根据上面的提示修改输入文件。".into());
    }
    Ok(())
}

struct Outcome {
    assessed: usize,
    failed: usize,
    skipped: usize,
}

fn run(o: &Options) -> Result<Outcome, String> {
    let source = input::open(&o.input, o.sheet.as_deref())?;
    let columns = match &source.header {
        Some(h) => Some(firm::RowPlan::new(
            &o.pack,
            &headers::map_headers(&o.pack, h, o.today.year, &o.mapping)?,
        )),
        None => None,
    };
    std::fs::create_dir_all(&o.out)
        .map_err(|e| format!("建不了输出目录 {}：{e}", o.out.display()))?;
    remove_leftovers(&o.out);
    let names: Vec<String> = o.ladder.iter().map(|(_, n)| n.clone()).collect();
    let mut xlsx = XlsxSink::new(&names)?;
    let mut picture = portrait::Portrait::new(names.clone());
    if let Some(previous) = &o.previous {
        picture.compare_with(summary::read_rows(previous, &names)?);
    }
    let mut done: HashSet<usize> = HashSet::new();
    let resumed = if o.resume {
        summary::resume(&o.out, &names, |row| {
            done.insert(row.row);
            picture.add(&row);
            xlsx.push(&row)
        })?
    } else {
        None
    };
    let mut csv = match resumed {
        Some(sink) => {
            eprintln!(
                "接着上次的结果做：summary.csv 里已有 {} 家，这些行跳过。",
                done.len()
            );
            sink
        }
        None => {
            if !o.resume && o.out.join(summary::CSV_NAME).is_file() {
                eprintln!(
                    "输出目录里已有上次的 {}：这次从头开始并覆盖它。要跳过上次已完成的企业，请加 --resume。",
                    summary::CSV_NAME
                );
            }
            CsvSink::create(&o.out, &names)?
        }
    };
    if o.reports {
        write_whole(&o.out.join(STYLESHEET_NAME), STYLESHEET.as_bytes())?;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(o.jobs)
        .build()
        .map_err(|e| format!("建不了线程池：{e}"))?;
    let bar = progress_bar();
    let mut outcome = Outcome {
        assessed: 0,
        failed: 0,
        skipped: done.len(),
    };
    // While the pool assesses one chunk, the chunk before it goes into the
    // summaries (one thread of the pool): the sinks are sequential, and
    // would otherwise leave the other cores idle between chunks.
    let mut pending: Option<(Vec<Result<SummaryRow, String>>, u64, u64)> = None;
    let mut sinks = Sinks {
        csv: &mut csv,
        xlsx: &mut xlsx,
        picture: &mut picture,
        outcome: &mut outcome,
        bar: &bar,
    };
    for chunk in source.chunks.iter() {
        let chunk = chunk?;
        let rows: Vec<Row> = chunk
            .rows
            .into_iter()
            .filter(|r| !done.contains(&r.number))
            .collect();
        let previous = pending.take();
        let (results, recorded) = pool.install(|| {
            rayon::join(
                || {
                    rows.into_par_iter()
                        .map(|row| one(o, columns.as_ref(), row))
                        .collect::<Vec<_>>()
                },
                || match previous {
                    Some(p) => sinks.record(p),
                    None => Ok(()),
                },
            )
        });
        recorded?;
        pending = Some((results, chunk.total, chunk.done));
    }
    if let Some(p) = pending.take() {
        sinks.record(p)?;
    }
    bar.finish_and_clear();
    drop(csv);
    xlsx.save(&o.out)?;
    let page = picture.render(
        &o.input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        &o.today.to_string(),
        &format!("{} {}", o.pack.meta.name, o.pack.meta.version),
    );
    write_whole(&o.out.join(portrait::FILE_NAME), page.as_bytes())?;
    Ok(outcome)
}

/// Where each assessed chunk goes, in input order.
struct Sinks<'a> {
    csv: &'a mut CsvSink,
    xlsx: &'a mut XlsxSink,
    picture: &'a mut portrait::Portrait,
    outcome: &'a mut Outcome,
    bar: &'a ProgressBar,
}

impl Sinks<'_> {
    /// One chunk's results (and the reader's position after it): rows into
    /// summary.csv (flushed), summary.xlsx and the 画像, the progress shown.
    /// Err: an output could not be written (the batch stops).
    fn record(
        &mut self,
        (results, total, done): (Vec<Result<SummaryRow, String>>, u64, u64),
    ) -> Result<(), String> {
        for result in results {
            let row = result?;
            if row.status == summary::ERROR {
                self.outcome.failed += 1;
                self.bar.println(&row.error);
                if self.bar.is_hidden() {
                    eprintln!("{}", row.error);
                }
            } else {
                self.outcome.assessed += 1;
            }
            self.csv.push(&row)?;
            self.xlsx.push(&row)?;
            self.picture.add(&row);
        }
        self.csv.flush()?;
        self.bar.set_length(total);
        self.bar.set_position(done);
        let firms = self.outcome.assessed + self.outcome.failed;
        let rate = firms as f64 / self.bar.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!("{firms} 家，{rate:.0} 家/秒"));
        Ok(())
    }
}

/// Temporary files (`.名字.tmp`) a stopped run left behind: never a
/// finished output, so they go.
fn remove_leftovers(out: &Path) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Progress with rate and time left, on a terminal only.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("[{bar:30}] {percent:>3}% {msg}，剩余约 {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}

/// One row: its summary row, and its report written when asked. Err only
/// when an output cannot be written (that stops the batch); a bad row is an
/// error row of the summary.
fn one(o: &Options, columns: Option<&firm::RowPlan>, row: Row) -> Result<SummaryRow, String> {
    let Row {
        number,
        line,
        cells,
    } = row;
    // The row's place and the firm's name are written out only for a row
    // that fails.
    let failed = |name: Option<&String>, e: String| {
        Ok(firm::error_row(
            o.ladder.len(),
            number,
            name.cloned(),
            format!("{}：{e}", input::place(number, line)),
        ))
    };
    if let (Cells::Table(cells), Some(columns), false) = (&cells, columns, o.reports) {
        // Summary only: facts straight from the cells.
        return match firm::assess_cells(&o.pack, columns, cells, o.today) {
            Ok(outcome) => Ok(firm::summary_row(&o.ladder, number, outcome, String::new())),
            Err((name, e)) => failed(name.as_ref(), e),
        };
    }
    let answers: Result<AnswersFile, String> = match (cells, columns) {
        (Cells::Table(cells), Some(columns)) => firm::answers_from_cells(columns, &cells),
        (Cells::Json(text), _) => AnswersFile::from_json(&text),
        (Cells::Bad(why), _) => Err(why),
        (Cells::Table(_), None) => Err("没有表头".into()),
    };
    let answers = match answers {
        Ok(a) => a,
        Err(e) => return failed(None, e),
    };
    if !o.reports {
        return match firm::assess_only(&o.pack, &answers, o.today) {
            Ok(outcome) => Ok(firm::summary_row(&o.ladder, number, outcome, String::new())),
            Err(e) => failed(answers.enterprise_name.as_ref(), e),
        };
    }
    let model = match firm::assess(&o.pack, &answers, o.today) {
        Ok(m) => m,
        Err(e) => return failed(answers.enterprise_name.as_ref(), e),
    };
    let file = format!(
        "{:06}-{}.html",
        number,
        file_safe(model.enterprise_name.as_deref().unwrap_or(""))
    );
    let summary = firm::summary_row_of_model(&o.pack, &o.ladder, number, &model, file.clone());
    let html = render_document_linked(model, STYLESHEET_NAME);
    write_whole(&o.out.join(&file), html.as_bytes())?;
    Ok(summary)
}

/// A file name part from a firm name: letters and digits kept, at most 40.
fn file_safe(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    if s.is_empty() { "企业".into() } else { s }
}
