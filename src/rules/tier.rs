//! The ladder as data: which tiers a pack has, their names, order and
//! prerequisites (`tiers.toml`, docs/rules-format.md「梯度」). A provincial
//! overlay adds its own tiers (山东 小升规, 浙江 隐形冠军) with a `rank` that
//! places them among the national ones; Rust knows no tier by name except
//! through the constants below, which tests and code for the national
//! standards use.

use super::{Grade, PackError};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::Mutex;

/// A tier's id (`tech_innovative`, `little_giant`, `xiaoshenggui` …), as
/// written in `tiers.toml` and in each rule set's `meta.tier`.
///
/// Copy, so results, plans and rungs pass it by value: ids read from a pack
/// are interned once per distinct id for the life of the process (a handful;
/// `tiers.toml` allows at most [`MAX_TIERS`] per pack, ids of at most 40
/// bytes). Equality is by the id's text.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tier(&'static str);

/// At most this many tiers in one pack (the ladder is shown whole).
pub const MAX_TIERS: usize = 20;

static INTERNED: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());

#[allow(non_upper_case_globals)]
impl Tier {
    /// 科技和创新型中小企业（national `tiers.toml`）.
    pub const TechInnovative: Tier = Tier("tech_innovative");
    /// 专精特新中小企业.
    pub const SpecialisedSme: Tier = Tier("specialised_sme");
    /// 专精特新“小巨人”企业.
    pub const LittleGiant: Tier = Tier("little_giant");
    /// 制造业单项冠军企业.
    pub const SingleChampion: Tier = Tier("single_champion");

    /// The tier with this id (interned).
    pub fn new(id: &str) -> Tier {
        let mut seen = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = seen.iter().find(|s| **s == id) {
            return Tier(s);
        }
        let s: &'static str = Box::leak(id.to_owned().into_boxed_str());
        seen.push(s);
        Tier(s)
    }

    pub fn id(self) -> &'static str {
        self.0
    }
}

/// Debug prints the id in CamelCase (`LittleGiant`), as the enum it replaced
/// did: page test ids (`rung-LittleGiant`) stay as they were.
impl std::fmt::Debug for Tier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for part in self.0.split('_') {
            let mut c = part.chars();
            if let Some(first) = c.next() {
                write!(f, "{}{}", first.to_ascii_uppercase(), c.as_str())?;
            }
        }
        Ok(())
    }
}

impl Serialize for Tier {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Tier {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tier, D::Error> {
        let id = String::deserialize(d)?;
        if id.is_empty()
            || id.len() > 40
            || !id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err(serde::de::Error::custom(format!(
                "梯度 id“{id}”须为 1～40 个小写字母、数字或下划线"
            )));
        }
        Ok(Tier::new(&id))
    }
}

/// One rung of the ladder (`[[tiers]]` in `tiers.toml`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierDef {
    pub id: Tier,
    /// The name users see (“专精特新中小企业”, “浙江省隐形冠军企业”).
    pub name: String,
    /// Place on the ladder, lowest first; overlays pick a rank between the
    /// national ones (national: 20, 40, 60, 80). 1～1000, unique in a pack.
    pub rank: i32,
    /// 国家级 / 省级 / 市级 …, shown beside the name.
    pub level: String,
    /// The date question “when was this title granted (or 无)”: the held
    /// title, its validity and renewal reminder read it. None for a tier
    /// with no title to hold (a 培育库).
    #[serde(default)]
    pub title_input: Option<String>,
    /// The flag a condition writes for “holds this title, still valid”.
    #[serde(default)]
    pub title_flag: Option<String>,
    /// Tiers whose title must be held before this one is applied for (the
    /// plan waits for them); none where the law only prefers them.
    #[serde(default)]
    pub requires: Vec<Tier>,
    /// Who sets the tier up and where it is written.
    pub basis: String,
    pub grade: Grade,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TiersFile {
    pub tiers: Vec<TierDef>,
}

/// The ladder sorted by rank, checked: unique ids and ranks, prerequisites
/// that exist and sit lower, no cycle. Errors name `tiers.toml` and the tier.
pub(super) fn ladder(mut tiers: Vec<TierDef>) -> Result<Vec<TierDef>, PackError> {
    let err = |t: &TierDef, what: String| {
        Err(PackError(format!(
            "tiers.toml 梯度“{}”（{}）：{what}",
            t.id.id(),
            t.name
        )))
    };
    if tiers.is_empty() || tiers.len() > MAX_TIERS {
        return Err(PackError(format!(
            "tiers.toml 须有 1～{MAX_TIERS} 个梯度，现有 {} 个",
            tiers.len()
        )));
    }
    tiers.sort_by_key(|t| t.rank);
    for (i, t) in tiers.iter().enumerate() {
        if !(1..=1000).contains(&t.rank) {
            return err(t, format!("rank {} 超出 1～1000", t.rank));
        }
        if let Some(o) = tiers[..i].iter().find(|o| o.id == t.id || o.rank == t.rank) {
            return err(
                t,
                format!(
                    "与“{}”的 id 或 rank 重复：每个梯度的 id 与 rank 须唯一",
                    o.name
                ),
            );
        }
        if t.title_flag.is_some() && t.title_input.is_none() {
            return err(
                t,
                "写了 title_flag 却没有 title_input（取得称号日期的问题）".into(),
            );
        }
    }
    for t in &tiers {
        for r in &t.requires {
            if !tiers.iter().any(|o| o.id == *r) {
                return err(t, format!("requires 里的“{}”不是本包的梯度", r.id()));
            }
        }
        // Follow prerequisites from t: reaching t again is a cycle.
        let mut stack: Vec<(Tier, Vec<&str>)> =
            t.requires.iter().map(|r| (*r, vec![t.id.id()])).collect();
        let mut steps = 0;
        while let Some((at, path)) = stack.pop() {
            steps += 1;
            if at == t.id {
                let mut chain = path.clone();
                chain.push(t.id.id());
                return err(
                    t,
                    format!(
                        "前置梯度成环：{}；请删去其中一个 requires",
                        chain.join(" → ")
                    ),
                );
            }
            if steps > MAX_TIERS * MAX_TIERS || path.len() > MAX_TIERS {
                continue;
            }
            if let Some(def) = tiers.iter().find(|o| o.id == at) {
                for r in &def.requires {
                    let mut p = path.clone();
                    p.push(at.id());
                    stack.push((*r, p));
                }
            }
        }
        if let Some(r) = t.requires.iter().find(|r| {
            tiers
                .iter()
                .find(|o| o.id == **r)
                .is_some_and(|o| o.rank >= t.rank)
        }) {
            return err(
                t,
                format!(
                    "前置梯度“{}”的 rank 不低于本梯度：前置梯度须排在下面",
                    r.id()
                ),
            );
        }
    }
    Ok(tiers)
}
