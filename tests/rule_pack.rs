//! The rule pack loads, and a broken pack is refused with a message that
//! names the file and the item.
#![cfg(not(target_arch = "wasm32"))]

use zjtx::rules::{Pack, PackSources};

const PACK: &str = include_str!("../rules/national/pack.toml");
const INPUTS: &str = include_str!("../rules/national/inputs.toml");
const SIZE: &str = include_str!("../rules/national/size_class.toml");

fn load(size_class: &str) -> Result<Pack, String> {
    Pack::from_sources(&PackSources { pack: PACK, inputs: INPUTS, size_class }).map_err(|e| e.0)
}

#[test]
fn national_pack_has_all_sixteen_industries() {
    let pack = Pack::national();
    assert_eq!(pack.size_class.industries.len(), 16);
    assert_eq!(pack.size_class.meta.document, "工信部联企业〔2011〕300号");
    let industrial = pack.size_class.industry("工业").unwrap();
    assert_eq!(industrial.clause, "第四条（二）");
}

#[test]
fn threshold_that_disagrees_with_clause_text_is_refused() {
    let broken = SIZE.replacen("sme_ceiling = { employees = 1000, operating_revenue = 40000 }", "sme_ceiling = { employees = 1001, operating_revenue = 40000 }", 1);
    let err = load(&broken).unwrap_err();
    assert!(err.contains("industrial（工业）") && err.contains("1001人"), "{err}");
}

#[test]
fn float_threshold_is_refused() {
    let broken = SIZE.replacen("small_floor = { operating_revenue = 50 }", "small_floor = { operating_revenue = 50.5 }", 1);
    let err = load(&broken).unwrap_err();
    assert!(err.contains("size_class.toml") && err.contains("字符串"), "{err}");
}

#[test]
fn small_floor_above_medium_floor_is_refused() {
    let broken = SIZE.replacen("small_floor = { employees = 20, operating_revenue = 300 }", "small_floor = { employees = 400, operating_revenue = 300 }", 1);
    let err = load(&broken).unwrap_err();
    assert!(err.contains("小型下限") && err.contains("工业"), "{err}");
}

#[test]
fn unknown_key_is_refused() {
    let broken = SIZE.replacen("clause = \"第四条（一）\"", "clause = \"第四条（一）\"\nceiling = 3", 1);
    let err = load(&broken).unwrap_err();
    assert!(err.contains("size_class.toml") && err.contains("ceiling"), "{err}");
}
