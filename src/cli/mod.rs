//! The native command line: `zjtx assess FILE [--format json|html|md]
//! [--pack DIR] [--date YYYY-MM-DD] [-o OUT]`. Same pack, engine and report
//! component as the widget. Exit 0 on success, 2 on bad input (zh-CN message
//! on stderr).

mod date;

use crate::answers::AnswersFile;
use crate::report::{ReportModel, render_document};
use crate::rules::Pack;
use std::path::PathBuf;

const USAGE: &str = "用法：
  zjtx assess 答卷文件.json [--format json|html] [--pack 规则包目录] [--date YYYY-MM-DD] [-o 输出文件]

  --format  json（默认，逐项结果）或 html（可打印的报告）
  --pack    规则包目录，默认使用内置的全国通用规则包
  --date    评估日期，默认今天
  -o        写入文件，默认输出到屏幕";

#[derive(Debug, PartialEq)]
enum Format {
    Json,
    Html,
}

#[derive(Debug)]
struct AssessArgs {
    file: PathBuf,
    format: Format,
    pack: Option<PathBuf>,
    date: Option<String>,
    out: Option<PathBuf>,
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
        Some("-h" | "--help" | "help") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("不认识的命令“{other}”。\n{USAGE}")),
    }
}

fn parse_assess(mut it: impl Iterator<Item = String>) -> Result<AssessArgs, String> {
    let mut file = None;
    let mut args = AssessArgs { file: PathBuf::new(), format: Format::Json, pack: None, date: None, out: None };
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} 后面缺少取值。"));
        match arg.as_str() {
            "--format" => {
                args.format = match value("--format")?.as_str() {
                    "json" => Format::Json,
                    "html" => Format::Html,
                    other => return Err(format!("--format 只能是 json 或 html，现在是“{other}”。")),
                }
            }
            "--pack" => args.pack = Some(value("--pack")?.into()),
            "--date" => {
                let d = value("--date")?;
                date::check(&d)?;
                args.date = Some(d);
            }
            "-o" | "--out" => args.out = Some(value("-o")?.into()),
            flag if flag.starts_with('-') => return Err(format!("不认识的选项“{flag}”。\n{USAGE}")),
            path if file.is_none() => file = Some(PathBuf::from(path)),
            extra => return Err(format!("多余的参数“{extra}”。")),
        }
    }
    args.file = file.ok_or_else(|| format!("缺少答卷文件。\n{USAGE}"))?;
    Ok(args)
}

fn assess(args: AssessArgs) -> Result<(), String> {
    let pack = match &args.pack {
        Some(dir) => Pack::load_dir(dir).map_err(|e| e.to_string())?,
        None => Pack::national(),
    };
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| format!("读不到答卷文件 {}：{e}", args.file.display()))?;
    let answers = AnswersFile::from_json(&text)?;
    let errors = answers.errors(&pack);
    if !errors.is_empty() {
        let lines: Vec<String> = errors.iter().map(|e| format!("  - {}", e.message)).collect();
        return Err(format!("答卷有 {} 处需要修改：\n{}", errors.len(), lines.join("\n")));
    }
    let date = args.date.unwrap_or_else(date::today);
    let model = ReportModel::build(&pack, &answers, &date);
    let output = match args.format {
        Format::Json => json(&pack, &model),
        Format::Html => render_document(model),
    };
    match &args.out {
        Some(path) => std::fs::write(path, output).map_err(|e| format!("写不了 {}：{e}", path.display())),
        None => {
            print!("{output}");
            Ok(())
        }
    }
}

fn json(pack: &Pack, model: &ReportModel) -> String {
    let value = serde_json::json!({
        "schema": "zjtx-assessment",
        "version": 1,
        "date": model.date,
        "pack": { "id": pack.meta.id, "name": pack.meta.name, "version": pack.meta.version },
        "enterprise_name": model.enterprise_name,
        "size_class": model.assessment.verdict.as_ref().map(|v| serde_json::json!({
            "verdict": v.determined(),
            "headline": v.headline(),
            "possible": v.possible,
            "reason": v.reason(),
            "detail": v,
        })),
    });
    serde_json::to_string_pretty(&value).expect("json") + "\n"
}
