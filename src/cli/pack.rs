//! `zjtx pack check DIR` and `zjtx pack doc DIR [-o FILE]`: a pack checked
//! the way the engine will load it (zh-CN errors naming file, item and fix),
//! with a summary of what it holds; and its review document (pack_doc.rs).

use crate::rules::{Grade, Pack};
use std::fmt::Write;
use std::path::PathBuf;

pub const USAGE: &str =
    "  zjtx pack check 规则包目录              校验规则包，列出梯度、各可信度的条件数、问题数
  zjtx pack doc 规则包目录 [-o 文件.md]    生成规则包审阅文档（Markdown，按条款顺序）
  zjtx pack bundle 规则包目录 -o 文件.json 把规则包（含叠加包）写成组件加载的 JSON";

pub fn run(mut it: impl Iterator<Item = String>) -> Result<(), String> {
    let command = it.next();
    let (mut dir, mut out) = (None, None);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-o" | "--out" => out = it.next().map(PathBuf::from),
            flag if flag.starts_with('-') => {
                return Err(format!("不认识的选项“{flag}”。\n{USAGE}"));
            }
            path if dir.is_none() => dir = Some(PathBuf::from(path)),
            extra => return Err(format!("多余的参数“{extra}”。")),
        }
    }
    let load = |dir: Option<PathBuf>| -> Result<Pack, String> {
        let dir = dir.ok_or_else(|| format!("缺少规则包目录。\n{USAGE}"))?;
        Pack::load_dir(&dir).map_err(|e| e.to_string())
    };
    match command.as_deref() {
        Some("check") => super::stdout::write(&summary(&load(dir)?)),
        Some("doc") => {
            let text = super::pack_doc::render(&load(dir)?);
            match out {
                Some(path) => std::fs::write(&path, text)
                    .map_err(|e| format!("写不了 {}：{e}", path.display())),
                None => super::stdout::write(&text),
            }
        }
        Some("bundle") => {
            let path = out.ok_or("pack bundle 要用 -o 指定输出的 .json 文件。")?;
            let dir = dir.ok_or_else(|| format!("缺少规则包目录。\n{USAGE}"))?;
            let json = Pack::bundle_dir(&dir).map_err(|e| e.to_string())?;
            std::fs::write(&path, json).map_err(|e| format!("写不了 {}：{e}", path.display()))
        }
        _ => Err(format!("pack 后面要写 check、doc 或 bundle。\n{USAGE}")),
    }
}

/// What a valid pack holds: tiers with their rule sets, criteria per grade,
/// questions (and those beyond the national pack).
pub fn summary(pack: &Pack) -> String {
    let mut s = String::new();
    let m = &pack.meta;
    let _ = writeln!(
        s,
        "规则包有效：{}（{}，版本 {}，内容校验 {}）",
        m.name, m.id, m.version, pack.content_hash
    );
    if let Some(base) = &m.extends {
        let _ = writeln!(s, "  叠加于：{base}");
    }
    for def in &pack.tiers {
        let tier = def.id;
        let sets: Vec<String> = pack
            .rule_sets
            .iter()
            .filter(|r| r.meta.tier == tier)
            .map(|r| format!("{}（{}）", r.meta.id, r.meta.document))
            .collect();
        let _ = writeln!(
            s,
            "  {}：{}",
            format!("{}（{}）", def.name, def.level),
            if sets.is_empty() {
                "无".into()
            } else {
                sets.join("、")
            }
        );
    }
    let criteria = pack
        .rule_sets
        .iter()
        .flat_map(|r| &r.criteria)
        .chain(&pack.exclusions.criteria);
    let mut counts = [0usize; 4];
    for c in criteria {
        counts[match c.grade {
            Grade::V => 0,
            Grade::C => 1,
            Grade::S => 2,
            Grade::Unconfirmed => 3,
        }] += 1;
    }
    let _ = writeln!(
        s,
        "  条件：已核对原文 {}、多个来源一致 {}、单一来源 {}、待核实 {}",
        counts[0], counts[1], counts[2], counts[3]
    );
    let national = Pack::national();
    let added: Vec<&str> = pack
        .inputs
        .iter()
        .filter(|i| !national.inputs.iter().any(|n| n.id == i.id))
        .map(|i| i.label.as_str())
        .collect();
    let _ = writeln!(
        s,
        "  问题：{} 个{}",
        pack.inputs.len(),
        if added.is_empty() {
            String::new()
        } else {
            format!("（全国包之外新增：{}）", added.join("、"))
        }
    );
    let _ = writeln!(
        s,
        "  帮扶措施：{} 条；计算口径设置：{} 项",
        pack.shown_measures().count(),
        pack.settings.len()
    );
    s
}
