//! Rule packs: the law turned into data.
//!
//! A pack is a folder of TOML files (see `rules/national/`): `pack.toml`
//! names it and lists its rule sets, `inputs.toml` defines the questions,
//! `settings.toml` the open mechanics, `size_class.toml` the 300号 table,
//! `exclusions.toml` the common exclusions, one file per standard holds its
//! criteria and scores with clause text, source, dates and grade. Packs are
//! validated when loaded; every error names the file and the item.

mod bounds;
mod cond;
mod files;
mod fnv;
mod inputs;
mod metric_names;
#[cfg(not(target_arch = "wasm32"))]
mod overlay;
mod parse;
#[cfg(not(target_arch = "wasm32"))]
mod resolve;
mod ruleset;
mod size_class;
mod slots;
mod threshold;
mod tier;
mod title;
mod validate;
mod word;

pub use cond::{Comparison, Cond, Resolved, Window};
pub use files::PACK_FILES;
pub use inputs::{BasicsHelp, ChoiceOption, InputDef, InputKind, Origin};
pub use metric_names::{MetricDef, MetricKind, MetricUnit, is_metric};
pub use ruleset::{
    Applicability, Application, Band, Criterion, DimensionDef, Exclusions, Indicator,
    IndicatorKind, Item, Role, RuleSet, RuleSetMeta, ScoreTable,
};
pub use size_class::{Bounds, Industry, Metric, SizeClassRules};
pub use slots::{AnswerSlots, IdHasher, IdMap};
pub use threshold::Threshold;
pub use tier::{MAX_TIERS, Tier, TierDef};
pub use word::{Inclusion, Word, WordRow};

use fnv::Fnv;
use serde::Deserialize;

/// 可信度 of a rule, as graded in criteria.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum Grade {
    /// 逐字文本已核对
    V,
    /// ≥2 个独立二手来源一致
    C,
    /// 仅 1 个二手来源
    S,
    /// 无可靠来源或来源矛盾
    #[serde(rename = "UNCONFIRMED")]
    Unconfirmed,
}

impl Grade {
    /// The grade in words, for people (the codes are the developers').
    pub fn label(self) -> &'static str {
        self.short()
    }

    pub fn short(self) -> &'static str {
        match self {
            Grade::V => "已核实",
            Grade::C => "多方印证",
            Grade::S => "单一来源",
            Grade::Unconfirmed => "待核实",
        }
    }

    /// The one-line legend printed with every report.
    pub const LEGEND: &'static str = "可信度：已核实＝逐字核对过原文；多方印证＝两个以上独立来源一致；单一来源＝只有一个来源，只作提示；待核实＝没有可靠来源，只作提示。";

    /// Only [V] and [C] are hard rules; the rest are shown as hints.
    pub fn is_hard(self) -> bool {
        matches!(self, Grade::V | Grade::C)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    pub id: String,
    pub name: String,
    pub version: String,
    pub description: String,
    /// The province of a provincial pack; none for the national one.
    #[serde(default)]
    pub province: Option<String>,
    /// The pack this one overlays (`"national"`, or a sibling folder's name):
    /// its files then hold only what differs (docs/rules-format.md).
    #[serde(default)]
    pub extends: Option<String>,
    /// Rule-set files of this pack, in display order.
    pub rule_sets: Vec<String>,
}

/// A mechanic the texts leave open (boundary inclusion, growth formula).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingDef {
    pub id: String,
    pub label: String,
    pub default: String,
    pub options: Vec<ChoiceOption>,
    pub explanation: String,
    pub grade: Grade,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsFile {
    settings: Vec<SettingDef>,
}

/// A support measure (提升解决方案) from the seed documents, tied to the
/// questions and metrics it helps with.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub id: String,
    pub title: String,
    /// 专业化 specialisation, 精细化 refinement, 特色化 distinctiveness,
    /// 创新能力 innovation, 融资 financing, 产业链配套 supply_chain, 合规 compliance.
    pub dimension: String,
    pub helps: Vec<String>,
    pub detail: String,
    /// 国 / 国→省 / 省 / 市.
    pub level: String,
    /// Only with this province's pack.
    #[serde(default)]
    pub province: Option<String>,
    /// Seed file and line (seeds-digest §2).
    pub source: String,
}

impl Pack {
    /// The measures this pack shows: national ones, and its own province's.
    pub fn shown_measures(&self) -> impl Iterator<Item = &Measure> {
        self.measures
            .iter()
            .filter(|m| m.province.is_none() || m.province == self.meta.province)
    }

    /// Calls `f` with each shown measure that helps with an answer id or
    /// metric name ([`Measure::helps_with`]), in pack order, as
    /// `shown_measures().filter(helps_with)` would: through the index built
    /// at load (a plan asks for every leaf it changes; scanning every
    /// measure's `helps` for each was ≈ 5 % of a batch run).
    pub fn for_measures_helping<'p>(&'p self, name: &str, mut f: impl FnMut(&'p Measure)) {
        let (index, built_for) = &self.measure_help;
        if *built_for != self.measures.len() {
            // Measures changed after load: the index is stale, scan.
            self.shown_measures()
                .filter(|m| m.helps_with(name))
                .for_each(f);
            return;
        }
        let base = name.split('.').next().unwrap_or(name);
        let list = |n: &str| index.get(n).map(Vec::as_slice).unwrap_or_default();
        let (mut a, mut b) = (list(name), if base == name { &[][..] } else { list(base) });
        // Both ascending: merge, each measure once.
        loop {
            let next = match (a.first(), b.first()) {
                (Some(&x), Some(&y)) => {
                    if x <= y {
                        a = &a[1..];
                    }
                    if y <= x {
                        b = &b[1..];
                    }
                    x.min(y)
                }
                (Some(&x), None) => {
                    a = &a[1..];
                    x
                }
                (None, Some(&y)) => {
                    b = &b[1..];
                    y
                }
                (None, None) => return,
            };
            f(&self.measures[next as usize]);
        }
    }

    /// Help name → the shown measures naming it (ascending indices).
    fn measure_help_index(&self) -> IdMap<String, Vec<u32>> {
        let mut index: IdMap<String, Vec<u32>> = IdMap::default();
        for (i, m) in self.measures.iter().enumerate() {
            if m.province.is_some() && m.province != self.meta.province {
                continue;
            }
            for h in &m.helps {
                let list = index.entry(h.clone()).or_default();
                if list.last() != Some(&(i as u32)) {
                    list.push(i as u32);
                }
            }
        }
        index
    }
}

impl Measure {
    pub const DIMENSIONS: [(&'static str, &'static str); 7] = [
        ("specialisation", "专业化"),
        ("refinement", "精细化"),
        ("distinctiveness", "特色化"),
        ("innovation", "创新能力"),
        ("financing", "融资"),
        ("supply_chain", "产业链配套"),
        ("compliance", "合规"),
    ];

    /// Whether it helps with an answer id or metric (`rd_ratio` helps `rd_ratio.y1`).
    pub fn helps_with(&self, name: &str) -> bool {
        let base = name.split('.').next().unwrap_or(name);
        self.helps.iter().any(|h| h == name || h == base)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MeasuresFile {
    measures: Vec<Measure>,
}

/// How the gap plan weighs one kind of gap against another
/// (`cost_model.toml`): every gap priced in 万元 so that money is compared
/// with money (a count, a percentage point, a wait or a fact at a stated
/// 万元 equivalent). An ordering assumption, printed in the report.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostModel {
    /// Per 万元 of a money gap.
    pub money_weight: Threshold,
    /// 万元 per person to add.
    pub person_cost: Threshold,
    /// 万元 per item (知识产权) to add.
    pub item_cost: Threshold,
    /// 万元 per place of rank to gain.
    pub rank_cost: Threshold,
    /// 万元 per percentage point of a reported share.
    pub point_cost: Threshold,
    /// 万元 for a gap only time closes.
    pub time_cost: Threshold,
    /// 万元 for a fact (title, statement, platform score).
    pub fact_cost: Threshold,
    pub assumptions: String,
    /// When applications are filed and what only time clears.
    pub timeline: Timeline,
}

/// The time-aware plan's assumptions (`[timeline]` in cost_model.toml).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timeline {
    /// The usual application deadline in a year, month and day (“06-30”):
    /// an application year is open while the assessment date is before it.
    pub application_day: String,
    /// Balance-sheet answers: read at the end of the year before the application.
    pub year_end: Vec<String>,
    /// 是/否 answers that only time clears, with the window in years.
    pub waits: Vec<Wait>,
    /// 本年预计 answers: the current year's expected figure of a per-year answer.
    #[serde(default)]
    pub expected: Vec<Expected>,
    /// How far a per-year figure can grow in a year still open, as a
    /// multiple of the last closed year (营业收入 at most × 2): a target past
    /// it makes that application year out of reach rather than a plan.
    #[serde(default)]
    pub reach: Vec<Reach>,
    /// The sentence printed with every plan (what the plan assumes).
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reach {
    /// The per-year input (`main_revenue`).
    pub input: String,
    /// The multiple of the last closed year's figure an open year can reach.
    pub times: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wait {
    pub input: String,
    pub years: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The per-year input (`operating_revenue`).
    pub input: String,
    /// The answer holding this year's expected figure.
    pub answer: String,
}

impl Timeline {
    /// The application deadline in `year`.
    pub fn deadline(&self, year: i32) -> crate::date::Date {
        crate::date::Date::parse(&format!("{year}-{}", self.application_day))
            .unwrap_or(crate::date::Date::new(year, 6, 30))
    }
}

/// Reminders the gap report prints (`reminders.toml`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reminders {
    pub held_title: HeldTitleReminder,
    #[serde(default)]
    pub when_unanswered: Vec<UnansweredReminder>,
}

/// The reminder for a title held: a template with {title} {granted} {years}
/// {expires} {grade} {status}.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeldTitleReminder {
    pub text: String,
    /// {status} once expired / while still valid.
    pub expired: String,
    pub renew: String,
}

/// A reminder shown when an answer is left empty.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnansweredReminder {
    pub input: String,
    pub text: String,
}

/// A loaded, validated rule pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pack {
    pub meta: PackMeta,
    pub inputs: Vec<InputDef>,
    /// Help for 评估日期 and 申请类型 (`inputs.toml` `[basics_help]`).
    pub basics_help: BasicsHelp,
    /// Derived metrics (`metrics.toml`).
    pub metrics: Vec<MetricDef>,
    pub settings: Vec<SettingDef>,
    pub size_class: SizeClassRules,
    pub exclusions: Exclusions,
    pub rule_sets: Vec<RuleSet>,
    /// The ladder (`tiers.toml`), lowest rank first.
    pub tiers: Vec<TierDef>,
    /// 提升解决方案, as this pack shows them (national: no single-province ones).
    pub measures: Vec<Measure>,
    pub cost_model: CostModel,
    pub reminders: Reminders,
    /// A short hash of the pack's files, printed with every report.
    pub content_hash: String,
    /// Answer ids numbered once (built at load): `input()` is called for
    /// every label an assessment shows, and facts are stored by slot.
    slots: std::sync::Arc<AnswerSlots>,
    /// Metric id → index in `metrics` (built once, at load).
    metric_index: IdMap<String, usize>,
    /// Every name a comparison may read → its metric key: a derived
    /// metric's index in `metrics`, an answer id's slot after them (built
    /// once, at load: one lookup resolves a name).
    metric_keys: IdMap<String, usize>,
    /// [`Pack::for_measures_helping`]'s index and the number of measures it
    /// was built for (built once, at load).
    measure_help: (IdMap<String, Vec<u32>>, usize),
}

/// Why a pack could not be loaded: the file and what is wrong, in zh-CN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackError(pub String);

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PackError {}

use parse::parse;

macro_rules! national {
    ($($name:literal),* $(,)?) => {
        #[cfg(not(target_arch = "wasm32"))]
        const NATIONAL: &[(&str, &str)] = &[$((concat!($name, ".toml"), include_str!(concat!("../../rules/national/", $name, ".toml")))),*];
        #[cfg(target_arch = "wasm32")]
        const NATIONAL: &[(&str, &str)] = &[$((concat!($name, ".toml"), include_str!(concat!(env!("OUT_DIR"), "/national/", $name, ".json")))),*];
    };
}

// The national pack's files, compiled into the binary (and the widget).
national!(
    "pack",
    "tiers",
    "inputs",
    "metrics",
    "settings",
    "size_class",
    "exclusions",
    "measures",
    "cost_model",
    "reminders",
    "tech_innovative_63",
    "tech_sme_115",
    "specialised_2026",
    "specialised_63",
    "little_giant_2026",
    "little_giant_63",
    "single_champion_138",
);

impl Pack {
    /// Loads a pack from its files; `read(name)` gives a file's text.
    pub fn from_files(read: impl Fn(&str) -> Result<String, PackError>) -> Result<Pack, PackError> {
        let pack_text = read("pack.toml")?;
        let meta: PackMeta = parse("pack.toml", &pack_text)?;
        let inputs_text = read("inputs.toml")?;
        let (basics_help, inputs) = inputs::parse(&inputs_text)?;
        let metrics_text = read("metrics.toml")?;
        let metrics: metric_names::MetricsFile = parse("metrics.toml", &metrics_text)?;
        let settings_text = read("settings.toml")?;
        let settings: SettingsFile = parse("settings.toml", &settings_text)?;
        let size_text = read("size_class.toml")?;
        let size_class: SizeClassRules = parse("size_class.toml", &size_text)?;
        size_class.validate()?;
        let exclusions_text = read("exclusions.toml")?;
        let exclusions: Exclusions = parse("exclusions.toml", &exclusions_text)?;
        let measures_text = read("measures.toml")?;
        let measures: MeasuresFile = parse("measures.toml", &measures_text)?;
        let cost_text = read("cost_model.toml")?;
        let cost_model: CostModel = parse("cost_model.toml", &cost_text)?;
        let tiers_text = read("tiers.toml")?;
        let tiers = tier::ladder(parse::<tier::TiersFile>("tiers.toml", &tiers_text)?.tiers)?;
        let reminders_text = read("reminders.toml")?;
        let reminders: Reminders = parse("reminders.toml", &reminders_text)?;
        let mut hash = Fnv::new();
        for text in [
            &pack_text,
            &tiers_text,
            &inputs_text,
            &metrics_text,
            &settings_text,
            &size_text,
            &exclusions_text,
            &measures_text,
            &cost_text,
            &reminders_text,
        ] {
            hash.write(text.as_bytes());
        }
        let mut exclusions = exclusions;
        for c in &mut exclusions.criteria {
            title::fill("exclusions.toml", c, None)?;
        }
        let mut rule_sets = Vec::new();
        for file in &meta.rule_sets {
            let text = read(file)?;
            hash.write(text.as_bytes());
            let mut rs = parse::<RuleSet>(file, &text)?;
            if let Some(table) = &mut rs.score {
                title::fill_score(file, table)?;
            }
            let pass_mark = rs.score.as_ref().map(|s| s.pass_mark);
            for c in &mut rs.criteria {
                title::fill(file, c, pass_mark)?;
            }
            rule_sets.push(rs);
        }
        let pack = Pack {
            meta,
            inputs,
            basics_help,
            metrics: metrics.metrics,
            settings: settings.settings,
            size_class,
            exclusions,
            rule_sets,
            tiers,
            measures: measures.measures,
            cost_model,
            reminders,
            content_hash: hash.hex(),
            slots: Default::default(),
            metric_index: Default::default(),
            metric_keys: Default::default(),
            measure_help: Default::default(),
        };
        let mut pack = pack;
        pack.slots = std::sync::Arc::new(AnswerSlots::new(&pack.inputs));
        pack.metric_index = (pack.metrics.iter().enumerate())
            .map(|(i, m)| (m.id.to_string(), i))
            .collect();
        pack.metric_keys = pack.metric_index.clone();
        // Each metric's operands by slot, resolved once: evaluations index.
        for m in &mut pack.metrics {
            m.operand_slots = m.operands.iter().map(|o| pack.slots.slot(o)).collect();
        }
        for slot in 0..pack.slots.len() {
            let key = pack.metrics.len() + slot;
            let id = pack.slots.id(slot).to_owned();
            pack.metric_keys.entry(id).or_insert(key);
        }
        pack.measure_help = (pack.measure_help_index(), pack.measures.len());
        bounds::pack(&pack)?;
        metric_names::validate(&pack)?;
        validate::pack(&pack)?;
        Ok(pack)
    }

    /// The national pack compiled into the binary (and so into the widget).
    pub fn national() -> Pack {
        Pack::from_files(|name| {
            NATIONAL
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| (*text).to_owned())
                .ok_or_else(|| PackError(format!("内置规则包缺少文件 {name}")))
        })
        // The bundled pack is validated by `cargo test` (tests/rule_pack.rs);
        // a broken one never ships.
        .map(|pack| Pack {
            // The widget loads JSON; the hash is of the TOML it came from
            // (build.rs), so browser and CLI print the same one.
            content_hash: env!("ZJTX_NATIONAL_HASH").to_owned(),
            ..pack
        })
        .expect("bundled national pack is valid")
    }

    /// Loads a pack folder from disk (CLI `--pack DIR`): a plain pack, or an
    /// overlay (`extends`) resolved onto its base.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn load_dir(dir: &std::path::Path) -> Result<Pack, PackError> {
        let read = |name: &str| {
            std::fs::read_to_string(dir.join(name)).map_err(|e| {
                PackError(format!(
                    "读不到规则包文件 {}：{e}",
                    dir.join(name).display()
                ))
            })
        };
        let head: toml::Value = parse("pack.toml", &read("pack.toml")?)?;
        if head.get("extends").is_none() {
            // Plain pack: read as TOML, so errors keep their line numbers.
            return Pack::from_files(read);
        }
        let files = Pack::resolve_dir(dir)?;
        Pack::from_files(|name| {
            files
                .get(name)
                .map(|v| serde_json::to_string(v).unwrap_or_default())
                .ok_or_else(|| PackError(format!("规则包缺少文件 {name}")))
        })
    }

    /// The files of the pack in `dir`, overlays resolved onto their base.
    #[cfg(not(target_arch = "wasm32"))]
    fn resolve_dir(dir: &std::path::Path) -> Result<resolve::Files, PackError> {
        let parse_value = |file: &str, text: &str| -> Result<toml::Value, String> {
            parse::<toml::Value>(file, text).map_err(|e| e.0)
        };
        let builtin = |id: &str| -> Option<resolve::Files> {
            (id == "national").then(|| {
                NATIONAL
                    .iter()
                    .filter_map(|(n, t)| Some(((*n).to_owned(), toml::from_str(t).ok()?)))
                    .collect()
            })
        };
        resolve::resolve_dir(dir, &parse_value, &builtin, 0).map_err(PackError)
    }

    /// The resolved pack in `dir` as one JSON object, file name → content:
    /// what the widget loads for `<zjtx-widget pack="…">` ([`Pack::from_bundle`]).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn bundle_dir(dir: &std::path::Path) -> Result<String, PackError> {
        let files = Pack::resolve_dir(dir)?;
        // Loads first: a bundle is only written for a valid pack.
        Pack::from_bundle(&serde_json::to_string(&files).unwrap_or_default())?;
        serde_json::to_string(&files).map_err(|e| PackError(format!("规则包无法写成 JSON：{e}")))
    }

    /// A pack from its bundle (JSON object: file name → that file's content).
    pub fn from_bundle(text: &str) -> Result<Pack, PackError> {
        let files: std::collections::BTreeMap<String, serde_json::Value> =
            serde_json::from_str(text)
                .map_err(|e| PackError(format!("规则包文件（JSON）无法读取：{e}")))?;
        Pack::from_files(|name| {
            files
                .get(name)
                .map(|v| v.to_string())
                .ok_or_else(|| PackError(format!("规则包缺少文件 {name}")))
        })
    }

    /// The tier's definition (name, rank, title question); every tier a
    /// rule set names has one (checked at load).
    pub fn tier(&self, tier: Tier) -> Option<&TierDef> {
        self.tiers.iter().find(|t| t.id == tier)
    }

    /// Whether holding `upper` implies holding `lower`: `lower` is among
    /// `upper`'s prerequisites (`requires`), followed down. The ladder has no
    /// cycle (checked at load); the depth bound keeps it finite regardless.
    pub fn implies(&self, upper: Tier, lower: Tier) -> bool {
        let mut at = vec![upper];
        for _ in 0..MAX_TIERS {
            at = at
                .iter()
                .filter_map(|t| self.tier(*t))
                .flat_map(|d| d.requires.iter().copied())
                .collect();
            if at.contains(&lower) {
                return true;
            }
            if at.is_empty() {
                return false;
            }
        }
        false
    }

    /// The tier whose title a `flag` condition names.
    pub fn tier_by_flag(&self, flag: &str) -> Option<&TierDef> {
        self.tiers
            .iter()
            .find(|t| t.title_flag.as_deref() == Some(flag))
    }

    /// How long a tier's title stays valid, in years, and how sure that is:
    /// the first of the tier's rule sets that states `validity_years`.
    pub fn title_validity(&self, tier: Tier) -> Option<(i32, Grade)> {
        self.rule_sets
            .iter()
            .filter(|r| r.meta.tier == tier)
            .find_map(|r| {
                r.meta
                    .validity_years
                    .map(|y| (y, r.meta.validity_grade.unwrap_or(r.meta.grade)))
            })
    }

    /// The index in `metrics` of a derived metric.
    #[inline]
    pub fn metric_index(&self, id: &str) -> Option<usize> {
        self.metric_index.get(id).copied()
    }

    /// Where the engine keeps a metric by name: a derived metric's index in
    /// `metrics`, or `metrics.len()` + the slot of a numeric answer id
    /// (`operating_revenue.y1`); none for a name the pack does not know.
    #[inline]
    pub fn metric_key(&self, name: &str) -> Option<usize> {
        self.metric_keys.get(name).copied()
    }

    /// The name a metric key stands for (see [`Pack::metric_key`]).
    pub fn metric_name(&self, key: usize) -> Option<&str> {
        match self.metrics.get(key) {
            Some(def) => Some(&def.id),
            None => key
                .checked_sub(self.metrics.len())
                .filter(|s| *s < self.slots.len())
                .map(|s| self.slots.id(s)),
        }
    }

    /// The pack's answer ids, numbered (facts are stored by slot).
    pub fn slots(&self) -> &std::sync::Arc<AnswerSlots> {
        &self.slots
    }

    /// A comparison's metric key in this pack ([`Pack::metric_key`]),
    /// resolved once (at the pack's check) for the pack it belongs to.
    #[inline]
    pub fn compared_key(&self, c: &Comparison) -> Option<usize> {
        c.key.get(&self.slots, || self.metric_key(&c.metric))
    }

    /// The answer slot of a condition's answer id in this pack, resolved
    /// once (at the pack's check) for the pack it belongs to.
    #[inline]
    pub fn cond_slot(&self, slot: &Resolved, id: &str) -> Option<usize> {
        slot.get(&self.slots, || self.slots.slot(id))
    }

    /// The question an answer id belongs to (`operating_revenue.y2` → 营业收入).
    pub fn input(&self, answer_id: &str) -> Option<&InputDef> {
        if let Some(slot) = self.slots.slot(answer_id) {
            return self.inputs.get(self.slots.input_of(slot));
        }
        let base = match InputDef::year_of(answer_id) {
            Some(_) => answer_id
                .rsplit_once('.')
                .map(|(b, _)| b)
                .unwrap_or(answer_id),
            None => answer_id,
        };
        self.slots
            .input_index(base)
            .and_then(|i| self.inputs.get(i))
            .filter(|i| i.years.is_some() || base == answer_id)
    }
}

#[cfg(test)]
mod tests {
    use super::Pack;

    /// Every condition of the loaded national pack (criteria, renewal
    /// tests, exclusions) and every scored indicator has its metric key or
    /// answer slot resolved at load, for this pack, to what the lookup by
    /// name gives: evaluating never looks a name up.
    #[test]
    fn conditions_are_resolved_at_load() {
        use super::Cond;
        let pack = Pack::national();
        let slots = pack.slots();
        let criteria =
            (pack.rule_sets.iter().flat_map(|r| &r.criteria)).chain(&pack.exclusions.criteria);
        let (mut keys, mut answers) = (0, 0);
        for c in criteria {
            for test in std::iter::once(&c.test).chain(&c.renewal_test) {
                test.walk(&mut |x| match x {
                    Cond::Compare(x) => {
                        let key = x.key.resolved_for(slots);
                        assert_eq!(key, Some(pack.metric_key(&x.metric)), "{}", x.metric);
                        assert!(key.flatten().is_some(), "{}", x.metric);
                        keys += 1;
                    }
                    Cond::Answer { id, slot, .. }
                    | Cond::Choice { id, slot, .. }
                    | Cond::NoEvent { id, slot, .. } => {
                        let s = slot.resolved_for(slots);
                        assert_eq!(s, Some(slots.slot(id)), "{id}");
                        assert!(s.flatten().is_some(), "{id}");
                        answers += 1;
                    }
                    _ => {}
                });
            }
        }
        for table in pack.rule_sets.iter().filter_map(|r| r.score.as_ref()) {
            for ind in table.indicators.iter().filter(|i| i.metric.is_some()) {
                let name = ind.metric.as_deref().unwrap_or_default();
                assert_eq!(
                    ind.metric_key.resolved_for(slots),
                    Some(pack.metric_key(name))
                );
            }
        }
        assert!(
            keys > 50 && answers > 30,
            "{keys} comparisons, {answers} answers"
        );
        // Another load of the pack resolved its own.
        let other = Pack::national();
        let c = &other.rule_sets[0].criteria[0].test;
        c.walk(&mut |x| {
            if let Cond::Compare(x) = x {
                assert_eq!(x.key.resolved_for(slots), None);
            }
        });
    }

    /// The bundle build.rs writes for the widget is the national pack.
    #[test]
    fn the_built_bundle_is_the_national_pack() {
        let bundle = include_str!(concat!(env!("OUT_DIR"), "/packs/national.json"));
        let pack = Pack::from_bundle(bundle).unwrap();
        let national = Pack::national();
        assert_eq!(pack.rule_sets, national.rule_sets);
        assert_eq!(pack.inputs, national.inputs);
        assert_eq!(pack.meta, national.meta);
    }
}
