//! The native command line: `zjtx assess|report|batch …` (options in
//! [`args::OPTIONS`], `zjtx 命令 --help`). Same pack, engine and report
//! component as the widget. Exit 0 on success, 2 on bad input (zh-CN
//! message on stderr).

mod args;
mod batch;
mod pack;
mod pack_doc;
mod stdout;

/// The batch's phases timed apart (benches/batch_phases.rs).
pub use batch::phases as batch_phases;

use crate::date::{Date, from_days_since_epoch};
use crate::report::{ReportModel, options_for, render_document, render_markdown};
use crate::rules::{Application, Pack};
use args::{Args, Command};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, PartialEq)]
enum Format {
    Json,
    Html,
    Markdown,
}

#[derive(Debug)]
struct AssessArgs {
    file: PathBuf,
    format: Format,
    pack: Option<PathBuf>,
    date: Option<Date>,
    application: Option<Application>,
    settings: BTreeMap<String, String>,
    out: Option<PathBuf>,
    summary: bool,
}

/// Runs the CLI; returns the process exit code.
pub fn main(args: Vec<String>) -> i32 {
    match run(args) {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("zjtx：{message}");
            2
        }
    }
}

fn run(argv: Vec<String>) -> Result<(), String> {
    let Some((command, a)) = args::parse(argv)? else {
        return stdout::write(&format!("{}\n", args::usage()));
    };
    if a.flag("help") {
        return stdout::write(&format!("{}\n", args::help(command)));
    }
    // A new subcommand adds its arm here (and its line in args::COMMANDS).
    match command {
        Command::Assess => assess(assess_args(&a, command, Format::Json)?),
        Command::Report => assess(assess_args(&a, command, Format::Html)?),
        Command::Batch => batch::main(&a, today()),
        // pack.rs reads its words in order; lexopt has checked them already.
        Command::Pack => {
            let mut words = a.positional.clone();
            if let Some(out) = a.value("out") {
                words.extend(["-o".to_owned(), out.to_owned()]);
            }
            pack::run(words.into_iter())
        }
    }
}

/// A `--date` value: YYYY-MM-DD only.
fn date_arg(a: &Args) -> Result<Option<Date>, String> {
    a.value("date")
        .map(|d| {
            let shaped = d.len() == 10
                && d.bytes().enumerate().all(|(i, b)| match i {
                    4 | 7 => b == b'-',
                    _ => b.is_ascii_digit(),
                });
            match Date::parse(d) {
                Some(date) if shaped => Ok(date),
                // Written right, but no such day (2026-02-30, 2026-13-01).
                None if shaped => Err(format!(
                    "日期“{d}”不存在：请检查月份（1–12）和这个月的天数，例如 2026-02-28。"
                )),
                _ => Err(format!(
                    "日期“{d}”格式不对，请写成 YYYY-MM-DD，例如 2026-11-22。"
                )),
            }
        })
        .transpose()
}

/// The pack of `--pack`, or the built-in national one.
fn pack_arg(a: &Args) -> Result<Pack, String> {
    match a.value("pack") {
        Some(dir) => Pack::load_dir(Path::new(dir)).map_err(|e| e.to_string()),
        None => Ok(Pack::national()),
    }
}

/// The one input file of a subcommand.
fn single_input(a: &Args, command: Command) -> Result<PathBuf, String> {
    match a.positional.as_slice() {
        [one] => Ok(PathBuf::from(one)),
        [] => Err(format!("缺少输入文件。\n\n{}", args::help(command))),
        [_, extra, ..] => Err(format!("多余的参数“{extra}”：只能给一个输入文件。")),
    }
}

fn assess_args(a: &Args, command: Command, default: Format) -> Result<AssessArgs, String> {
    let format = match a.value("format") {
        None => default,
        Some("json") => Format::Json,
        Some("html") => Format::Html,
        Some("md") => Format::Markdown,
        Some(other) => {
            return Err(format!(
                "--format 只能是 json、md 或 html，现在是“{other}”。"
            ));
        }
    };
    let application = a
        .value("application")
        .map(|v| match v {
            "new" | "新申请" => Ok(Application::New),
            "renewal" | "复核" => Ok(Application::Renewal),
            other => Err(format!(
                "--application 只能是 new（新申请）或 renewal（复核），现在是“{other}”。"
            )),
        })
        .transpose()?;
    let mut settings = BTreeMap::new();
    for pair in a.values("setting") {
        let (k, v) = pair
            .split_once('=')
            .ok_or_else(|| format!("--setting 要写成 设置=取值，现在是“{pair}”。"))?;
        settings.insert(k.trim().to_owned(), v.trim().to_owned());
    }
    Ok(AssessArgs {
        file: single_input(a, command)?,
        format,
        pack: a.value("pack").map(PathBuf::from),
        date: date_arg(a)?,
        application,
        settings,
        out: a.value("out").map(PathBuf::from),
        summary: a.flag("summary"),
    })
}

fn assess(args: AssessArgs) -> Result<(), String> {
    let pack = match &args.pack {
        Some(dir) => Pack::load_dir(dir).map_err(|e| e.to_string())?,
        None => Pack::national(),
    };
    let imported = crate::import::read_path(&args.file, Some(&pack))?;
    for w in &imported.warnings {
        eprintln!("提示：{w}");
    }
    let answers = imported.file;
    let mut options = options_for(&answers, today());
    if let Some(d) = args.date {
        options.date = d;
    }
    if let Some(a) = args.application {
        options.application = a;
    }
    options.settings.extend(args.settings);
    // The answers are read once: the input errors and the report come
    // from the same facts.
    let facts = crate::facts::Facts::read(&pack, &answers, options.date);
    let errors = &facts.errors;
    if !errors.is_empty() {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("  - {}", e.message))
            .collect();
        return Err(format!(
            "答卷有 {} 处需要修改：\n{}",
            errors.len(),
            lines.join("\n")
        ));
    }
    let model = ReportModel::from_facts(&pack, &answers, &facts, &options)?;
    let output = match args.format {
        Format::Json => json(&pack, &model),
        Format::Html => render_document(model, args.summary),
        Format::Markdown => render_markdown(&model),
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, output).map_err(|e| format!("写不了 {}：{e}", path.display()))
        }
        None => stdout::write(&output),
    }
}

/// Today in Beijing time (UTC+8): the rules run on China's calendar.
fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    from_days_since_epoch(((secs + 8 * 3600) / 86_400) as i64)
}

fn json(pack: &Pack, model: &ReportModel) -> String {
    let a = &model.assessment;
    let value = serde_json::json!({
        "schema": "zjtx-assessment",
        "version": 1,
        "date": a.date,
        "application": a.application,
        "pack": { "id": pack.meta.id, "name": pack.meta.name, "version": pack.meta.version, "hash": pack.content_hash },
        "enterprise_name": model.enterprise_name,
        "settings": a.settings,
        "size_class": a.size.verdict.as_ref().map(|v| serde_json::json!({
            "verdict": v.determined(),
            "headline": v.headline(),
            "possible": v.possible,
            "reason": v.reason(),
            "detail": v,
        })),
        "tiers": a.tiers.iter().map(|t| serde_json::json!({
            "tier": t.tier,
            "label": t.label,
            "verdict": t.verdict,
            "verdict_label": t.verdict.label(),
            "paths": t.paths.iter().map(|p| serde_json::json!({
                "rule_set": p.rule_set,
                "path": p.path,
                "document": p.document,
                "selection": p.selection,
                "verdict": p.verdict,
                "failed": p.failed().map(|c| &c.id).collect::<Vec<_>>(),
                "deciding": p.deciding,
                "doubts": p.doubts,
                "not_needed": p.not_needed,
                "criteria": p.criteria,
                "score": p.score,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "warnings": a.warnings,
        "gap_report": model.gaps,
        "measures": model.measures,
    });
    serde_json::to_string_pretty(&value).expect("json") + "\n"
}
