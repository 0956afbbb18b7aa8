//! The native command line: `zjtx assess FILE [--format json|html]
//! [--pack DIR] [--date YYYY-MM-DD] [--application new|renewal]
//! [--setting ID=VALUE] [-o OUT]`. Same pack, engine and report component as
//! the widget. Exit 0 on success, 2 on bad input (zh-CN message on stderr).

mod batch;
mod pack;
mod pack_doc;

use crate::date::{Date, from_days_since_epoch};
use crate::report::{ReportModel, options_for, render_document, render_markdown};
use crate::rules::{Application, Pack};
use std::collections::BTreeMap;
use std::path::PathBuf;

const USAGE: &str = "用法：
  zjtx report 答卷文件.json [同 assess 的选项]    生成指标差距报告（默认 html）
  zjtx batch 输入.csv|输入.jsonl --out 目录 [--pack 规则包目录]
                                                为培育库里的每家企业生成报告，外加 summary.csv
  zjtx assess 答卷文件.json [--format json|md|html] [--pack 规则包目录] [--date YYYY-MM-DD]
                            [--application new|renewal] [--setting 设置=取值] [-o 输出文件]

  --format       json（默认，逐项结果）、md（Markdown 报告）或 html（可打印的报告）
  --pack         规则包目录，默认使用内置的全国通用规则包
  --date         评估日期，默认取答卷里的 assessment_date，再默认今天（北京时间）
  --application  new（新申请，默认）或 renewal（复核）
  --setting      调整计算口径，可重复，如 --setting boundary=exclusive、
                 --setting band_endpoint=lower、--setting average_growth=cagr
  --summary      html 只出摘要版（结论、路线图、改进方案、措施、材料清单）
  -o             写入文件，默认输出到屏幕";

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
    format_given: bool,
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

fn run(args: Vec<String>) -> Result<(), String> {
    let mut it = args.into_iter().skip(1);
    match it.next().as_deref() {
        Some("assess") => assess(parse_assess(it)?),
        Some("report") => {
            let mut args = parse_assess(it)?;
            if !args.format_given {
                args.format = Format::Html;
            }
            assess(args)
        }
        Some("batch") => batch(it),
        Some("pack") => pack::run(it),
        Some("-h" | "--help" | "help") | None => {
            println!("{USAGE}\n\n{}", pack::USAGE);
            Ok(())
        }
        Some(other) => Err(format!("不认识的命令“{other}”。\n{USAGE}")),
    }
}

fn parse_assess(mut it: impl Iterator<Item = String>) -> Result<AssessArgs, String> {
    let mut file = None;
    let mut args = AssessArgs {
        file: PathBuf::new(),
        format: Format::Json,
        pack: None,
        date: None,
        application: None,
        settings: BTreeMap::new(),
        out: None,
        format_given: false,
        summary: false,
    };
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} 后面缺少取值。"));
        match arg.as_str() {
            "--format" => {
                args.format_given = true;
                args.format = match value("--format")?.as_str() {
                    "json" => Format::Json,
                    "html" => Format::Html,
                    "md" => Format::Markdown,
                    other => {
                        return Err(format!(
                            "--format 只能是 json、md 或 html，现在是“{other}”。"
                        ));
                    }
                }
            }
            "--pack" => args.pack = Some(value("--pack")?.into()),
            "--date" => {
                let d = value("--date")?;
                let parsed = Date::parse(&d).filter(|_| d.len() == 10);
                args.date = Some(parsed.ok_or_else(|| {
                    format!("日期“{d}”格式不对，请写成 YYYY-MM-DD，例如 2026-11-22。")
                })?);
            }
            "--application" => {
                args.application = Some(match value("--application")?.as_str() {
                    "new" | "新申请" => Application::New,
                    "renewal" | "复核" => Application::Renewal,
                    other => {
                        return Err(format!(
                            "--application 只能是 new（新申请）或 renewal（复核），现在是“{other}”。"
                        ));
                    }
                })
            }
            "--setting" => {
                let pair = value("--setting")?;
                let (k, v) = pair
                    .split_once('=')
                    .ok_or_else(|| format!("--setting 要写成 设置=取值，现在是“{pair}”。"))?;
                args.settings
                    .insert(k.trim().to_owned(), v.trim().to_owned());
            }
            "-o" | "--out" => args.out = Some(value("-o")?.into()),
            "--summary" => args.summary = true,
            flag if flag.starts_with('-') => {
                return Err(format!("不认识的选项“{flag}”。\n{USAGE}"));
            }
            path if file.is_none() => file = Some(PathBuf::from(path)),
            extra => return Err(format!("多余的参数“{extra}”。")),
        }
    }
    args.file = file.ok_or_else(|| format!("缺少答卷文件。\n{USAGE}"))?;
    Ok(args)
}

fn batch(mut it: impl Iterator<Item = String>) -> Result<(), String> {
    let (mut input, mut out, mut pack_dir) = (None, None, None);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--out" | "-o" => out = it.next(),
            "--pack" => pack_dir = it.next(),
            flag if flag.starts_with('-') => {
                return Err(format!("不认识的选项“{flag}”。\n{USAGE}"));
            }
            path if input.is_none() => input = Some(PathBuf::from(path)),
            extra => return Err(format!("多余的参数“{extra}”。")),
        }
    }
    let input = input.ok_or_else(|| format!("缺少输入文件。\n{USAGE}"))?;
    let out = PathBuf::from(out.ok_or("缺少 --out 输出目录。")?);
    let pack = match pack_dir {
        Some(dir) => Pack::load_dir(std::path::Path::new(&dir)).map_err(|e| e.to_string())?,
        None => Pack::national(),
    };
    let started = std::time::Instant::now();
    let outcome = batch::run(&pack, &input, &out, today())?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "完成：{} 家生成报告，{} 行有误；用时 {:.1} 秒（{:.0} 家/秒）。汇总见 {}",
        outcome.assessed,
        outcome.failed,
        secs,
        outcome.assessed as f64 / secs.max(1e-9),
        out.join("summary.csv").display()
    );
    if outcome.assessed == 0 {
        return Err("没有一家企业能够评估，请根据上面的提示修改输入文件。".into());
    }
    Ok(())
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
    let (errors, _) = answers.check(&pack, options.date);
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
    let model = ReportModel::build(&pack, &answers, &options)?;
    let output = match args.format {
        Format::Json => json(&pack, &model),
        Format::Html => render_document(model, args.summary),
        Format::Markdown => render_markdown(&model),
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, output).map_err(|e| format!("写不了 {}：{e}", path.display()))
        }
        None => {
            print!("{output}");
            Ok(())
        }
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
