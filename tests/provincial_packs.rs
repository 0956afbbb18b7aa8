//! The provincial packs under rules/ (issue 17): the ladder each one shows,
//! the measures only its own province sees, the bundles the widget loads,
//! and a deliberately broken overlay refused by `zjtx pack check` with a
//! zh-CN message naming the file and the item.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use zjtx::rules::Pack;

const PROVINCES: [(&str, &str); 4] = [
    ("shandong", "山东"),
    ("zhejiang", "浙江"),
    ("guizhou", "贵州"),
    ("fujian", "福建"),
];

mod common;
use common::zjtx;

fn load(name: &str) -> Pack {
    Pack::load_dir(Path::new("rules").join(name).as_path())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The tier names in ladder order.
fn ladder(pack: &Pack) -> Vec<String> {
    pack.tiers.iter().map(|t| t.name.clone()).collect()
}

#[test]
fn each_pack_checks_and_documents() {
    for (dir, _) in PROVINCES {
        let path = format!("rules/{dir}");
        let (code, out, err) = zjtx(&["pack", "check", &path]);
        assert_eq!(code, 0, "{dir}: {err}");
        assert!(out.contains("叠加于：national"), "{dir}: {out}");
        let (code, doc, err) = zjtx(&["pack", "doc", &path]);
        assert_eq!(code, 0, "{dir}: {err}");
        assert!(
            doc.contains("条款原文") || doc.contains("原文"),
            "{dir}: no clause text in doc"
        );
    }
}

#[test]
fn national_ladder_ends_with_the_single_champion() {
    let n = Pack::national();
    assert_eq!(
        ladder(&n),
        [
            "科技和创新型中小企业",
            "专精特新中小企业",
            "专精特新“小巨人”企业",
            "制造业单项冠军企业"
        ]
    );
}

#[test]
fn provincial_tiers_sit_in_order_among_the_national_ones() {
    let sd = ladder(&load("shandong"));
    let pos = |l: &[String], s: &str| {
        l.iter()
            .position(|x| x.contains(s))
            .unwrap_or_else(|| panic!("{s} not in {l:?}"))
    };
    assert!(pos(&sd, "小升规") < pos(&sd, "科技和创新型"), "{sd:?}");
    assert_eq!(sd.len(), 5);
    let zj = ladder(&load("zhejiang"));
    assert!(
        pos(&zj, "专精特新中小企业") < pos(&zj, "隐形冠军"),
        "{zj:?}"
    );
    assert!(pos(&zj, "隐形冠军") < pos(&zj, "小巨人"), "{zj:?}");
    assert!(
        pos(&zj, "小巨人") < pos(&zj, "浙江省制造业单项冠军"),
        "{zj:?}"
    );
    assert!(
        pos(&zj, "浙江省制造业单项冠军")
            < zj.iter().position(|x| x == "制造业单项冠军企业").unwrap()
    );
    assert_eq!(ladder(&load("guizhou")), ladder(&Pack::national()));
    assert_eq!(ladder(&load("fujian")), ladder(&Pack::national()));
}

/// `zjtx assess --pack rules/shandong`: the result lists 小升规 first, below 创新型.
#[test]
fn assess_with_the_shandong_pack_ranks_xiaoshenggui_below_tech_innovative() {
    let (code, out, err) = zjtx(&[
        "assess",
        "tests/fixtures/firm-rd-short.json",
        "--pack",
        "rules/shandong",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let tiers: Vec<&str> = v["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["tier"].as_str().unwrap())
        .collect();
    assert_eq!(tiers[..2], ["xiaoshenggui", "tech_innovative"], "{tiers:?}");
}

/// The printable report names the pack, its version, and every rung of its ladder.
#[test]
fn the_report_names_the_pack_and_shows_the_provincial_tiers() {
    for (dir, want) in [
        ("zhejiang", "浙江省隐形冠军企业"),
        ("shandong", "“小升规”培育企业"),
    ] {
        let (code, html, err) = zjtx(&[
            "assess",
            "tests/fixtures/firm-rd-short.json",
            "--pack",
            &format!("rules/{dir}"),
            "--format",
            "html",
        ]);
        assert_eq!(code, 0, "{err}");
        let pack = load(dir);
        assert!(
            html.contains(&pack.meta.name) && html.contains(&pack.meta.version),
            "{dir}: pack not named"
        );
        assert!(html.contains(want), "{dir}: {want} missing from the report");
    }
}

/// A province's measures appear with its own pack only; every pack shows its own.
#[test]
fn provincial_measures_only_in_their_province() {
    let n = Pack::national();
    for (_, province) in PROVINCES {
        assert!(
            !n.shown_measures()
                .any(|m| m.province.as_deref() == Some(province)),
            "national pack shows a {province} measure"
        );
    }
    for (dir, province) in PROVINCES {
        let p = load(dir);
        assert_eq!(p.meta.province.as_deref(), Some(province));
        let own = p
            .shown_measures()
            .filter(|m| m.province.as_deref() == Some(province))
            .count();
        assert!(own >= 4, "{dir}: {own} own measures");
        for m in p.shown_measures() {
            assert!(
                m.province.is_none() || m.province.as_deref() == Some(province),
                "{dir} shows {}",
                m.id
            );
            // Cited by document name, never by seed file and line.
            // (Measures kept in the national file are cited there in its own way.)
            if m.province.as_deref() == Some(province) && !n.measures.iter().any(|x| x.id == m.id) {
                assert!(
                    m.source.contains('《') && !m.source.contains(":L"),
                    "{dir} {}: {}",
                    m.id,
                    m.source
                );
            }
        }
    }
}

/// build.rs writes a bundle for every pack folder (what `<zjtx-widget pack="…">`
/// loads from packs/<name>.json); each loads and holds its ladder.
#[test]
fn bundles_for_the_widget_hold_the_provincial_ladders() {
    let dir = Path::new(env!("ZJTX_PACKS_DIR"));
    for (name, _) in PROVINCES {
        let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
        let pack = Pack::from_bundle(&text).unwrap();
        assert_eq!(pack.tiers, load(name).tiers, "{name}");
        // The widget prints the same pack version and content hash as the CLI.
        assert_eq!(pack.meta.version, load(name).meta.version, "{name}");
        assert_eq!(
            pack.content_hash,
            load(name).content_hash,
            "{name}: hash differs between bundle and CLI"
        );
    }
    let zj =
        Pack::from_bundle(&std::fs::read_to_string(dir.join("zhejiang.json")).unwrap()).unwrap();
    assert!(zj.tiers.iter().any(|t| t.name == "浙江省隐形冠军企业"));
}

/// An overlay folder under target/ holding `files` (name → text) over the national pack.
fn overlay(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("broken")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("pack.toml"),
        "extends = \"national\"\nid = \"broken\"\nname = \"坏的规则包\"\n",
    )
    .unwrap();
    for (f, text) in files {
        std::fs::write(dir.join(f), text).unwrap();
    }
    dir
}

/// A deliberately broken pack: each fault is refused with a zh-CN message
/// that names the file and the item.
#[test]
fn a_broken_pack_fails_check_naming_file_and_item() {
    let criterion = |extra: &str| {
        format!("[[criteria]]\nid = \"revenue\"\ntitle = \"2. 上年度营业收入（本省）\"\n{extra}\n")
    };
    let cases: Vec<(&str, Vec<(&str, String)>, Vec<&str>)> = vec![
        (
            "missing-clause",
            vec![(
                "little_giant_2026.toml",
                "[[criteria]]\nid = \"new_item\"\ntitle = \"新增条件\"\ntext = \"营业收入5000万元以上。\"\ngrade = \"V\"\ntest = { metric = \"operating_revenue.y1\", min = 5000, word = \"以上\" }\n".into(),
            )],
            vec!["little_giant_2026.toml", "new_item", "clause"],
        ),
        (
            "unknown-metric",
            vec![("little_giant_2026.toml", criterion("test = { metric = \"operating_revenu.y1\", min = 5000, word = \"以上\" }"))],
            vec!["little_giant_2026.toml", "revenue", "未知指标值“operating_revenu.y1”"],
        ),
        (
            "threshold-not-in-text",
            vec![("little_giant_2026.toml", criterion("test = { metric = \"operating_revenue.y1\", min = 6000, word = \"以上\" }"))],
            vec!["little_giant_2026.toml", "revenue", "门槛“6000”", "条款原文"],
        ),
        (
            // A threshold is written once: a title that types it is refused.
            "threshold-in-title",
            vec![("little_giant_2026.toml", "[[criteria]]\nid = \"revenue\"\ntitle = \"2. 上年度营业收入 5000 万元以上\"\n".into())],
            vec!["little_giant_2026.toml", "revenue", "门槛“5000”直接写在标题里", "{operating_revenue.y1}"],
        ),
        (
            // A held title's validity is the pack's: no silent default.
            "title-without-validity",
            vec![(
                "tiers.toml",
                "[[tiers]]\nid = \"zj_hidden_champion\"\nname = \"浙江省隐形冠军企业\"\nrank = 50\nlevel = \"省级\"\ntitle_input = \"title_specialised_date\"\nbasis = \"b\"\ngrade = \"S\"\n".into(),
            )],
            vec!["浙江省隐形冠军企业", "validity_years"],
        ),
        (
            // A platform value's help says where to get it: reports cite it.
            "platform-help-empty",
            vec![("inputs.toml", "[[inputs]]\nid = \"platform_score\"\nhelp = \"\"\n".into())],
            vec!["inputs.toml", "platform_score", "help 须写明从哪里取得"],
        ),
        (
            "tier-cycle",
            vec![(
                "tiers.toml",
                "[[tiers]]\nid = \"tech_innovative\"\nrequires = [\"little_giant\"]\n".into(),
            )],
            vec!["tiers.toml", "前置梯度成环", "tech_innovative"],
        ),
        (
            "unknown-tier",
            vec![("little_giant_2026.toml", "[meta]\ntier = \"hidden_champion\"\n".into())],
            vec!["little_giant_2026.toml", "little-giant-2026", "hidden_champion", "tiers.toml"],
        ),
    ];
    for (name, files, wants) in cases {
        let files: Vec<(&str, &str)> = files.iter().map(|(f, t)| (*f, t.as_str())).collect();
        let dir = overlay(name, &files);
        let (code, out, err) = zjtx(&["pack", "check", dir.to_str().unwrap()]);
        assert_ne!(code, 0, "{name}: accepted\n{out}");
        for w in wants {
            assert!(err.contains(w), "{name}: “{w}” missing from: {err}");
        }
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
}

/// The index behind `for_measures_helping` gives what scanning every shown
/// measure gives, in the same order, for each pack and every name a plan
/// may ask with (help names, answer ids with and without a year, metrics).
#[test]
fn measures_helping_by_index_equal_the_scan() {
    for name in ["national", "guizhou", "zhejiang", "shandong", "fujian"] {
        let pack = load(name);
        let mut names: Vec<String> = pack.measures.iter().flat_map(|m| m.helps.clone()).collect();
        names.extend(pack.inputs.iter().flat_map(|d| d.answer_ids()));
        names.extend(pack.metrics.iter().map(|m| m.id.to_string()));
        names.extend(names.clone().iter().map(|n| format!("{n}.y2")));
        names.push("no_such_name".into());
        let mut asked = 0;
        for n in &names {
            let scan: Vec<&str> = pack
                .shown_measures()
                .filter(|m| m.helps_with(n))
                .map(|m| m.id.as_str())
                .collect();
            let mut by_index: Vec<&str> = Vec::new();
            pack.for_measures_helping(n, |m| by_index.push(m.id.as_str()));
            assert_eq!(by_index, scan, "{name}: {n}");
            asked += usize::from(!scan.is_empty());
        }
        assert!(asked > 10, "{name}: too few names with measures ({asked})");
    }
}
