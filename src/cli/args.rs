//! Command-line arguments for every subcommand, read with lexopt through one
//! option table ([`OPTIONS`]); errors and `--help` in zh-CN.

use lexopt::prelude::*;
use std::ffi::OsString;

/// The subcommands. A new one (e.g. `zjtx pack …` from the rules branch)
/// adds a variant here, a line in [`COMMANDS`], its options' `commands`
/// lists, and a dispatch arm in `cli::run`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Assess,
    Report,
    Batch,
    Pack,
}

/// Name, what it does, its positional argument.
pub const COMMANDS: &[(Command, &str, &str, &str)] = &[
    (
        Command::Report,
        "report",
        "答卷文件.json",
        "生成可打印的指标差距报告（默认 html）",
    ),
    (
        Command::Assess,
        "assess",
        "答卷文件.json",
        "逐项评估（默认输出 json，也可 md、html）",
    ),
    (
        Command::Batch,
        "batch",
        "培育库.xlsx|.xls|.ods|.csv|.jsonl",
        "培育库批量评估：summary.xlsx、summary.csv、画像页面和每家企业的报告",
    ),
    (
        Command::Pack,
        "pack",
        "check|doc|bundle 规则包目录",
        "校验规则包、生成规则包审阅文档或组件加载的 JSON",
    ),
];

const AR: &[Command] = &[Command::Assess, Command::Report];
const ALL: &[Command] = &[Command::Assess, Command::Report, Command::Batch];
const EVERY: &[Command] = &[
    Command::Assess,
    Command::Report,
    Command::Batch,
    Command::Pack,
];
const B: &[Command] = &[Command::Batch];

/// One option: long name, short letter, value name (None for a switch),
/// the subcommands that take it, zh-CN help.
pub struct Opt {
    pub long: &'static str,
    pub short: Option<char>,
    pub value: Option<&'static str>,
    pub commands: &'static [Command],
    pub help: &'static str,
}

/// Every option of every subcommand: the one place they are declared.
pub const OPTIONS: &[Opt] = &[
    Opt {
        long: "out",
        short: Some('o'),
        value: Some("路径"),
        commands: EVERY,
        help: "assess/report：写入的文件（默认输出到屏幕）；batch：输出目录；pack doc/bundle：写入的文件",
    },
    Opt {
        long: "pack",
        short: None,
        value: Some("目录"),
        commands: ALL,
        help: "规则包目录，默认使用内置的全国通用规则包",
    },
    Opt {
        long: "date",
        short: None,
        value: Some("YYYY-MM-DD"),
        commands: ALL,
        help: "评估日期，默认取答卷里的评估日期，再默认今天（北京时间）；batch 用它把表头里的年份（如 2025年）对应到上年度、前年、大前年",
    },
    Opt {
        long: "format",
        short: None,
        value: Some("json|md|html"),
        commands: AR,
        help: "输出格式：json（逐项结果）、md（Markdown 报告）或 html（可打印的报告）",
    },
    Opt {
        long: "application",
        short: None,
        value: Some("new|renewal"),
        commands: AR,
        help: "new（新申请，默认）或 renewal（复核）",
    },
    Opt {
        long: "setting",
        short: None,
        value: Some("设置=取值"),
        commands: AR,
        help: "调整计算口径，可重复，如 boundary=exclusive、band_endpoint=lower、average_growth=cagr",
    },
    Opt {
        long: "summary",
        short: None,
        value: None,
        commands: AR,
        help: "html 只出摘要版（结论、路线图、改进方案、措施、材料清单）",
    },
    Opt {
        long: "reports",
        short: None,
        value: Some("html|none"),
        commands: B,
        help: "每家企业一份 HTML 报告（html，默认）或不出报告（none，只出汇总和画像）",
    },
    Opt {
        long: "map",
        short: None,
        value: Some("映射.csv"),
        commands: B,
        help: "列名映射文件：每行“本单位列名,问题名称或 id”，对应“忽略”的列不读",
    },
    Opt {
        long: "sheet",
        short: None,
        value: Some("工作表"),
        commands: B,
        help: "读取哪个工作表，默认第一个",
    },
    Opt {
        long: "previous",
        short: None,
        value: Some("上一期/summary.csv"),
        commands: B,
        help: "上一期的 summary.csv：画像里按企业名称对照，列出升级、降级的企业",
    },
    Opt {
        long: "resume",
        short: None,
        value: None,
        commands: B,
        help: "接着上次中断的地方做：已写入 summary.csv 的企业跳过",
    },
    Opt {
        long: "jobs",
        short: Some('j'),
        value: Some("N"),
        commands: B,
        help: "同时评估的线程数，默认等于 CPU 核数",
    },
    Opt {
        long: "template",
        short: None,
        value: Some("xlsx|csv"),
        commands: B,
        help: "不评估，只写一份空白模板（列名带年份，批注里是单位和填写说明），写到 --out 或当前目录",
    },
    Opt {
        long: "help",
        short: Some('h'),
        value: None,
        commands: EVERY,
        help: "显示这份说明",
    },
];

/// What was given on the command line.
#[derive(Debug, Default)]
pub struct Args {
    pub positional: Vec<String>,
    /// (long name, value) in the order given; switches have an empty value.
    given: Vec<(&'static str, String)>,
}

impl Args {
    pub fn flag(&self, long: &str) -> bool {
        self.given.iter().any(|(n, _)| *n == long)
    }
    /// The last value given for `long`.
    pub fn value(&self, long: &str) -> Option<&str> {
        self.given
            .iter()
            .rev()
            .find(|(n, _)| *n == long)
            .map(|(_, v)| v.as_str())
    }
    pub fn values<'a>(&'a self, long: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.given
            .iter()
            .filter(move |(n, _)| *n == long)
            .map(|(_, v)| v.as_str())
    }
}

/// The subcommand and its arguments, or `Ok(None)` for the general help.
pub fn parse(args: Vec<String>) -> Result<Option<(Command, Args)>, String> {
    let mut p = lexopt::Parser::from_iter(args);
    let command = match p.next().map_err(zh)? {
        None | Some(Short('h')) | Some(Long("help")) => return Ok(None),
        Some(Value(v)) if v == "help" => return Ok(None),
        Some(Value(v)) => {
            let name = text(v)?;
            COMMANDS
                .iter()
                .find(|(_, n, _, _)| *n == name)
                .map(|(c, ..)| *c)
                .ok_or_else(|| format!("不认识的命令“{name}”。\n\n{}", usage()))?
        }
        Some(other) => return Err(format!("{}要写在命令之后。\n\n{}", shown(&other), usage())),
    };
    let mut out = Args::default();
    while let Some(arg) = p.next().map_err(zh)? {
        let opt = match &arg {
            Value(v) => {
                out.positional.push(text(v.clone())?);
                continue;
            }
            Long(name) => OPTIONS.iter().find(|o| o.long == *name),
            Short(c) => OPTIONS.iter().find(|o| o.short == Some(*c)),
        };
        let Some(opt) = opt.filter(|o| o.commands.contains(&command)) else {
            return Err(format!(
                "命令 {} 没有选项 {}。\n\n{}",
                name_of(command),
                shown(&arg),
                help(command)
            ));
        };
        let value = match opt.value {
            Some(what) => text(
                p.value()
                    .map_err(|_| format!("选项 --{} 后面缺少取值（{what}）。", opt.long))?,
            )?,
            None => String::new(),
        };
        out.given.push((opt.long, value));
    }
    Ok(Some((command, out)))
}

fn shown(arg: &lexopt::Arg) -> String {
    match arg {
        Long(n) => format!("--{n}"),
        Short(c) => format!("-{c}"),
        Value(v) => v.to_string_lossy().into_owned(),
    }
}

fn text(v: OsString) -> Result<String, String> {
    v.into_string()
        .map_err(|v| format!("参数“{}”不是有效的 UTF-8 文字。", v.to_string_lossy()))
}

/// lexopt's own errors, in zh-CN.
fn zh(e: lexopt::Error) -> String {
    match e {
        lexopt::Error::MissingValue { option } => {
            format!("选项 {} 后面缺少取值。", option.unwrap_or_default())
        }
        lexopt::Error::UnexpectedValue { option, value } => format!(
            "选项 {option} 不带取值，却写了“{}”。",
            value.to_string_lossy()
        ),
        lexopt::Error::NonUnicodeValue(v) => {
            format!("参数“{}”不是有效的 UTF-8 文字。", v.to_string_lossy())
        }
        other => format!("命令行参数有误：{other}"),
    }
}

pub fn name_of(command: Command) -> &'static str {
    COMMANDS
        .iter()
        .find(|(c, ..)| *c == command)
        .map(|(_, n, ..)| *n)
        .unwrap_or("")
}

/// The general help: every subcommand.
pub fn usage() -> String {
    let mut s = String::from("用法：zjtx 命令 [选项]\n\n命令：\n");
    for (_, name, arg, what) in COMMANDS {
        s.push_str(&format!("  zjtx {name} {arg}\n      {what}\n"));
    }
    s.push_str(
        "\n每个命令的选项：zjtx 命令 --help。出错时退出码为 2，并用中文说明是哪一项、怎么改。",
    );
    s
}

/// One subcommand's help, from the option table.
pub fn help(command: Command) -> String {
    let (_, name, arg, what) = COMMANDS
        .iter()
        .find(|(c, ..)| *c == command)
        .expect("listed");
    let mut s = format!("用法：zjtx {name} {arg} [选项]\n{what}\n\n选项：\n");
    for o in OPTIONS.iter().filter(|o| o.commands.contains(&command)) {
        let short = o.short.map(|c| format!("-{c}, ")).unwrap_or_default();
        let value = o.value.map(|v| format!(" {v}")).unwrap_or_default();
        s.push_str(&format!("  {short}--{}{value}\n      {}\n", o.long, o.help));
    }
    if command == Command::Pack {
        s.push_str(&format!("\n{}\n", super::pack::USAGE));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &[&str]) -> Vec<String> {
        std::iter::once("zjtx")
            .chain(s.iter().copied())
            .map(String::from)
            .collect()
    }

    #[test]
    fn one_table_for_all_commands() {
        let (c, a) = parse(args(&[
            "batch",
            "x.xlsx",
            "-o",
            "out",
            "--reports=none",
            "--resume",
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(c, Command::Batch);
        assert_eq!(a.positional, vec!["x.xlsx"]);
        assert_eq!(a.value("out"), Some("out"));
        assert_eq!(a.value("reports"), Some("none"));
        assert!(a.flag("resume"));
        let (_, a) = parse(args(&[
            "assess",
            "f.json",
            "--setting",
            "a=b",
            "--setting",
            "c=d",
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(a.values("setting").collect::<Vec<_>>(), vec!["a=b", "c=d"]);
    }

    #[test]
    fn zh_messages() {
        let e = parse(args(&["assess", "f.json", "--reports", "none"])).unwrap_err();
        assert!(e.starts_with("命令 assess 没有选项 --reports。"), "{e}");
        let e = parse(args(&["batch", "x.csv", "--out"])).unwrap_err();
        assert!(e.contains("--out 后面缺少取值"), "{e}");
        let e = parse(args(&["batch", "--resume=yes"])).unwrap_err();
        assert!(e.contains("不带取值"), "{e}");
        assert!(
            parse(args(&["frobnicate"]))
                .unwrap_err()
                .starts_with("不认识的命令“frobnicate”")
        );
        assert!(parse(args(&[])).unwrap().is_none());
    }
}
