//! `zjtx pack check DIR` and `zjtx pack doc DIR`: what a policy analyst or a
//! province's maintainer runs on a pack.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

mod common;
use common::zjtx;

/// A copy of the national pack in a fresh folder under target/.
fn pack_copy(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir("rules/national").unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
    }
    dir
}

#[test]
fn check_lists_what_a_valid_pack_holds() {
    let (code, out, err) = zjtx(&["pack", "check", "rules/national"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("规则包有效：全国通用规则包"), "{out}");
    assert!(
        out.contains("specialised-2026（工信部企业〔2026〕2号 附件1）"),
        "{out}"
    );
    assert!(out.contains("条件：已核对原文"), "{out}");
}

#[test]
fn check_refuses_a_broken_pack_naming_file_item_and_fix() {
    let dir = pack_copy("broken-pack");
    let file = dir.join("specialised_2026.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen(
            r#"{ metric = "debt_ratio", max = "80%", word = "不超过" }"#,
            r#"{ metric = "debt_ratio", max = "80%", word = "不超过", wrod = "x" }"#,
            1,
        ),
    )
    .unwrap();
    let (code, _, err) = zjtx(&["pack", "check", dir.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("specialised_2026.toml")
            && err.contains("“debt_ratio”一项")
            && err.contains("不认识的键“wrod”"),
        "{err}"
    );
}

#[test]
fn doc_is_the_review_document_in_the_order_of_the_law() {
    let (code, out, err) = zjtx(&["pack", "doc", "rules/national"]);
    assert_eq!(code, 0, "{err}");
    // The word table, printed from the one definition.
    assert!(out.contains("| 达到…以上 | 下限 | 含本数 |"), "{out}");
    let at = out
        .find("## 专精特新中小企业认定标准（工信部企业〔2026〕2号 附件1）")
        .unwrap();
    let page = &out[at..];
    // Clause text, threshold with its wording semantics, grade in words.
    assert!(page.contains("> 近两年研发费用均不低于100万元，且每年占营业收入比重均不低于3%。"));
    assert!(page.contains("研发费用占营业收入比重（上年度）不低于 3%（含本数）"));
    assert!(page.contains("资产负债率（上年末）不超过 80%（含本数）"));
    assert!(page.contains("- 可信度：已核实"));
    // In the order of the law: (一) before (六).
    assert!(page.find("#### （一）").unwrap() < page.find("#### （六）").unwrap());
    // No grade codes without legend.
    assert!(
        !out.contains("[S]") && !out.contains("UNCONFIRMED"),
        "grade code leaked"
    );
}
