//! Users never see developer words (issue 12): every user-visible string —
//! the pack's texts (questions, help, options, criteria, measures, settings)
//! and the rendered reports (HTML and Markdown) for the fixtures — is
//! scanned for internal markers: grade codes, UNCONFIRMED, §, 待核, seed
//! file words, file paths, `.toml`, answer ids like `y1`, “:L” line refs.
#![cfg(not(target_arch = "wasm32"))]

use zjtx::answers::AnswersFile;
use zjtx::date::Date;
use zjtx::report::{ReportModel, options_for, render_document, render_markdown};
use zjtx::rules::Pack;

/// The markers found in `text` (empty when clean).
fn markers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for m in [
        "[V]",
        "[C]",
        "[S]",
        "UNCONFIRMED",
        "§",
        "seeds",
        "种子文件",
        ".toml",
        "src/",
        "rules/national",
        "criteria.md",
        // A source cut out of a note leaves “（，单一来源）”.
        "（，",
        "（）",
        // Developer uncertainty: the user-facing form is “依据单一来源，以主
        // 管部门解释为准” (the grade and source stay in the data).
        "未核实",
        "尚未核对",
        "尚未找到",
        "没找到",
        "原文未见",
        "未见明文",
        "日未见",
        "见于一个来源",
    ] {
        if text.contains(m) {
            found.push(m.to_owned());
        }
    }
    let chars: Vec<char> = text.chars().collect();
    for (i, w) in chars.windows(2).enumerate() {
        // 待核 alone is a developer note; 待核实 is the legend's word.
        if w == ['待', '核'] && chars.get(i + 2) != Some(&'实') {
            found.push("待核".into());
        }
        // y1 / .y2 answer ids, :L12 line references.
        if w[0] == 'y' && w[1].is_ascii_digit() {
            let before = if i > 0 { chars[i - 1] } else { ' ' };
            if !before.is_ascii_alphanumeric() {
                found.push(format!("y{}", w[1]));
            }
        }
        if w[0] == ':' && w[1] == 'L' && chars.get(i + 2).is_some_and(|c| c.is_ascii_digit()) {
            found.push(":L".into());
        }
    }
    found.sort();
    found.dedup();
    found
}

/// The text a reader sees in an HTML document: no tags, no stylesheet.
fn visible(html: &str) -> String {
    let body = html.split("</style>").last().unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn check(what: &str, text: &str, failures: &mut Vec<String>) {
    let m = markers(text);
    if !m.is_empty() {
        // Show where, so the fix is quick.
        let at = m
            .iter()
            .filter_map(|k| text.find(k.as_str()).map(|i| (k, i)))
            .map(|(k, i)| {
                let start = text[..i]
                    .char_indices()
                    .rev()
                    .nth(20)
                    .map(|(j, _)| j)
                    .unwrap_or(0);
                let end = text[i..]
                    .char_indices()
                    .nth(20)
                    .map(|(j, _)| i + j)
                    .unwrap_or(text.len());
                format!("{k} in “{}”", &text[start..end])
            })
            .collect::<Vec<_>>();
        failures.push(format!("{what}: {}", at.join("；")));
    }
}

#[test]
fn the_scan_finds_planted_markers() {
    for planted in [
        "见 §2.4",
        "[S]",
        "002:L9",
        "y1 为本年度",
        "（待核）",
        "measures.toml",
        "seeds-digest",
    ] {
        assert!(!markers(planted).is_empty(), "{planted}");
    }
    assert!(markers("待核实 · 2025 年（上年度）· 已核实").is_empty());
    for planted in [
        "（原文尚未核实）",
        "确切施行日未核实",
        "原文定义尚未找到",
        "国家原文未见",
    ] {
        assert!(!markers(planted).is_empty(), "{planted}");
    }
}

/// The national pack and every provincial pack under rules/.
fn packs() -> Vec<Pack> {
    let mut packs = vec![Pack::national()];
    let mut dirs: Vec<_> = std::fs::read_dir("rules")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|d| d.join("pack.toml").is_file() && !d.ends_with("national"))
        .collect();
    dirs.sort();
    for d in dirs {
        packs.push(Pack::load_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())));
    }
    packs
}

#[test]
fn pack_texts_have_no_developer_words() {
    let mut failures = Vec::new();
    for pack in packs() {
        let pack = &pack;
        for d in &pack.inputs {
            for id in d.answer_ids() {
                check(&format!("问题 {}", d.id), &d.label_of(&id), &mut failures);
            }
            check(&format!("问题 {} 的说明", d.id), &d.help, &mut failures);
            for o in &d.options {
                check(&format!("问题 {} 的选项", d.id), &o.label, &mut failures);
            }
        }
        for m in &pack.measures {
            for (k, t) in [
                ("title", &m.title),
                ("detail", &m.detail),
                ("source", &m.source),
            ] {
                check(&format!("措施 {} {k}", m.id), t, &mut failures);
            }
        }
        for s in &pack.settings {
            check(&format!("口径 {}", s.id), &s.label, &mut failures);
            check(
                &format!("口径 {} 说明", s.id),
                &s.explanation,
                &mut failures,
            );
        }
        for rs in &pack.rule_sets {
            for a in &rs.meta.applies {
                check(&format!("{} 适用依据", rs.meta.id), &a.basis, &mut failures);
            }
            for i in rs.score.iter().flat_map(|t| &t.indicators) {
                if let Some(n) = &i.note {
                    check(
                        &format!("{} 评分 {} 说明", rs.meta.id, i.id),
                        n,
                        &mut failures,
                    );
                }
            }
            for c in rs.criteria.iter().chain(&pack.exclusions.criteria) {
                for (k, t) in [
                    ("title", &c.title),
                    ("clause", &c.clause),
                    ("text", &c.text),
                ] {
                    check(&format!("{} {} {k}", rs.meta.id, c.id), t, &mut failures);
                }
                for e in c.evidence.iter() {
                    check(
                        &format!("{} {} evidence", rs.meta.id, c.id),
                        e,
                        &mut failures,
                    );
                }
            }
        }
        for t in &pack.tiers {
            check(
                &format!("{} 梯度 {} 依据", pack.meta.id, t.id.id()),
                &t.basis,
                &mut failures,
            );
            check(
                &format!("{} 梯度 {}", pack.meta.id, t.id.id()),
                &t.name,
                &mut failures,
            );
        }
        check("成本模型", &pack.cost_model.assumptions, &mut failures);
        check("时间假设", &pack.cost_model.timeline.note, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "{} 处:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn reports_have_no_developer_words() {
    let mut failures = Vec::new();
    for pack in packs() {
        let mut firms: Vec<(String, AnswersFile)> = Vec::new();
        for f in [
            "tests/fixtures/firm-rd-short.json",
            "tests/fixtures/industrial-medium.json",
        ] {
            let a = AnswersFile::from_json(&std::fs::read_to_string(f).unwrap()).unwrap();
            firms.push((f.to_owned(), a));
        }
        let mut holder = firms[0].1.clone();
        holder.set("title_specialised_date", "2023-06-30");
        holder.set("title_little_giant_date", "2024-07-01");
        firms.push(("小巨人持有者".into(), holder));
        for (name, a) in &firms {
            let options = options_for(a, Date::new(2026, 11, 22));
            let model = ReportModel::build(&pack, a, &options).unwrap();
            check(
                &format!("{} {name} Markdown", pack.meta.id),
                &render_markdown(&model),
                &mut failures,
            );
            check(
                &format!("{} {name} HTML", pack.meta.id),
                &visible(&render_document(model.clone(), false)),
                &mut failures,
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{} 处:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
