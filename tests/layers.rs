//! Data flows one way, and the build keeps it so: a module may use only
//! modules of its own layer or below.
//!
//!   num, date, escape < rules < answers (and import) < facts < engine < gap report
//!   (engine/plan.rs) < report, questionnaire, saved < web, cli, bin
//!
//! and the engine and the gap report never see the answers' text (they read
//! `facts`). The test scans every `crate::…` path in src/ (comments
//! skipped), so a back-import fails here, not in a reviewer's memory.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

/// The layer of a source file (by its path under src/).
fn file_layer(path: &str) -> Option<(u8, &'static str)> {
    let p = path.trim_start_matches("src/");
    Some(match p {
        "num.rs" | "date.rs" | "escape.rs" => (0, "base"),
        _ if p.starts_with("rules/") || p == "rules.rs" => (1, "rules"),
        "answers.rs" | "import.rs" => (2, "answers"),
        _ if p.starts_with("facts") => (3, "facts"),
        // The gap report and the time-aware plan built on it.
        "engine/plan.rs" | "engine/timeline.rs" | "engine/projection.rs" | "engine/targets.rs" => {
            (5, "gap")
        }
        _ if p.starts_with("engine/") => (4, "engine"),
        _ if p.starts_with("report/") || p == "questionnaire.rs" || p == "saved.rs" => {
            (6, "report")
        }
        _ if p.starts_with("web/")
            || p.starts_with("cli/")
            || p.starts_with("bin/")
            || p == "lib.rs" =>
        {
            (7, "web/cli")
        }
        _ => return None,
    })
}

/// The engine modules of the gap layer.
const GAP: [&str; 4] = ["plan", "timeline", "projection", "targets"];

/// The layer of a module used as `crate::<module>::<next>`.
fn module_layer(module: &str, next: &str) -> Option<u8> {
    Some(match module {
        "num" | "date" | "escape" => 0,
        "rules" => 1,
        "answers" | "import" => 2,
        "facts" => 3,
        "engine" if GAP.contains(&next) => 5,
        "engine" => 4,
        "report" | "questionnaire" | "saved" => 6,
        "web" | "cli" => 7,
        _ => return None,
    })
}

/// Every `crate::a::b` (and `crate::{a::b, c}`) used in `text`, comments skipped,
/// plus `super::plan` inside the engine: (module, next segment).
fn uses(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or("");
                for item in inner.split(',') {
                    let mut seg = item.trim().split("::");
                    let a = seg.next().unwrap_or("").trim().to_owned();
                    let b = seg.next().unwrap_or("").trim().to_owned();
                    if !a.is_empty() {
                        out.push((a, b));
                    }
                }
            } else {
                let ident = |s: &str| -> String {
                    s.chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect()
                };
                let a = ident(rest);
                let after = &rest[a.len()..];
                let b = after.strip_prefix("::").map(ident).unwrap_or_default();
                out.push((a, b));
            }
        }
        for m in GAP {
            if code.contains(&format!("super::{m}")) {
                out.push(("engine".into(), m.to_string()));
            }
        }
    }
    out
}

/// Violations in one file: “src/x.rs (engine) uses crate::report”.
fn violations(path: &str, text: &str) -> Vec<String> {
    let Some((layer, name)) = file_layer(path) else {
        return vec![];
    };
    let mut out = Vec::new();
    for (module, next) in uses(text) {
        let Some(target) = module_layer(&module, &next) else {
            continue;
        };
        let shown = if next.is_empty() {
            module.clone()
        } else {
            format!("{module}::{next}")
        };
        if target > layer {
            out.push(format!("{path}（{name} 层）用了更高层的 crate::{shown}"));
        }
        // The engine and the gap report read facts, never the text as typed.
        if (name == "engine" || name == "gap") && module == "answers" {
            out.push(format!(
                "{path}（{name} 层）直接读答卷 crate::{shown}：请经由 facts"
            ));
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn lower_layers_never_import_higher_ones() {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    assert!(files.len() > 40, "{}", files.len());
    let mut all = Vec::new();
    for f in &files {
        let path = f.to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(f).unwrap();
        all.extend(violations(&path, &text));
    }
    assert!(all.is_empty(), "层次倒置：\n{}", all.join("\n"));
}

/// The check itself can fail: a planted back-import is caught.
#[test]
fn a_planted_back_import_is_caught() {
    let planted = "use crate::report::ReportModel;\nuse super::plan::gap_report;\n";
    let v = violations("src/engine/evaluate.rs", planted);
    assert_eq!(v.len(), 2, "{v:?}");
    assert!(violations("src/rules/validate.rs", "use crate::engine::metrics;").len() == 1);
    assert!(
        violations(
            "src/rules/validate.rs",
            "use crate::{num::Dec, facts::Facts};"
        )
        .len()
            == 1
    );
    assert!(violations("src/engine/context.rs", "use crate::answers::AnswersFile;").len() == 1);
    // Comments may name any module.
    assert!(violations("src/rules/mod.rs", "//! see [`crate::engine`]").is_empty());
    // Going down is fine.
    assert!(
        violations(
            "src/report/model.rs",
            "use crate::engine::plan::gap_report;"
        )
        .is_empty()
    );
}
