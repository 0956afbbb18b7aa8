//! The answers as an application in a later year will read them. An
//! application in year Y reads fiscal years Y−1, Y−2 … and the balance
//! sheet at the end of Y−1. Of those, the years that ended before the
//! assessment date keep the figures the firm reported; the years still
//! open are unknown (`strict`) or carried forward from the last closed
//! year, or from the firm's 本年预计 figure (`estimate`).

use super::assess::{Assessment, Options, PathResult};
use super::context::Ctx;
use super::settings::Settings;
use super::targets::metric_inputs;
use super::timeline::YearRead;
use crate::date::Date;
use crate::facts::{Answer, Facts, Stored};
use crate::rules::Origin;
use crate::rules::{AnswerSlots, Application, Pack, Tier};
use std::cell::RefCell;
use std::sync::{Arc, Weak};

#[derive(Clone)]
pub struct Projection {
    /// The assessment date (today).
    pub today: Date,
    /// The application year.
    pub year: i32,
    /// The date the projected assessment is made on (the application deadline of `year`).
    pub date: Date,
    /// Shared: every projection of one firm reads the same answers.
    original: Arc<Facts>,
    /// Shared with the base it was made from until a title changes it.
    strict: Arc<Facts>,
    estimate: Arc<Facts>,
    /// What the projection did, slot by slot (its open slots among it).
    recipe: Arc<Recipe>,
    /// The pack's slot table (answer ids → slots).
    slots: Arc<AnswerSlots>,
    /// Whether the firm's facts are stored by the pack's slots (always, for
    /// facts read with this pack): then the recipe's slots are theirs.
    same_slots: bool,
    /// The year each title is (to be) obtained in, by plan.
    titles: Vec<(Tier, i32)>,
}

/// What the pack says about its slots for projections, whatever the year:
/// worked out once per pack (and thread), read by index.
/// (It holds no strong reference to the pack's slot table: the cache's
/// weak one must die with the pack.)
struct PackInfo {
    /// Slot → application year minus the fiscal year the answer stands for
    /// (a year-end answer: 1, the year it closes); none for an answer that
    /// is no fiscal figure.
    back: Vec<Option<i32>>,
    /// The 是/否 slots only time clears, with the window in years.
    waits: Vec<(usize, i32)>,
    /// Per tier with a title question and a validity (pack order): its
    /// title date's slot and the validity in years.
    titles: Vec<(Tier, usize, i32)>,
}

/// What projecting a firm's answers `offset` years past today's year
/// does, slot by slot (`Pack::slots`). It depends only on the pack and the
/// offset, so it is worked out once per pack and offset (per thread, see
/// [`recipe`]) and applied to every firm by index.
struct Recipe {
    offset: i32,
    info: Arc<PackInfo>,
    /// (to, from): both views take the firm's answer of `from` (a closed
    /// year, renumbered: `.y2` of today is `.y1` of next year).
    copy: Vec<(usize, usize)>,
    /// Unknown in both: a year further back than the firm was asked.
    gone: Vec<usize>,
    /// Open per-year slots (to, 本年预计, last closed year): unknown in the
    /// strict view; the estimate takes the 本年预计 answer when it holds a
    /// number, else the last closed year's.
    carry: Vec<(usize, Option<usize>, usize)>,
    /// Open year-end slots (a balance sheet not yet drawn): unknown in the
    /// strict view, today's figure in the estimate.
    open_year_end: Vec<usize>,
    /// Every open slot, as a bitset (64 slots a word).
    open: Vec<u64>,
}

impl Recipe {
    fn is_open(&self, slot: usize) -> bool {
        self.open
            .get(slot / 64)
            .is_some_and(|w| w & (1 << (slot % 64)) != 0)
    }
}

impl PackInfo {
    fn new(pack: &Pack) -> PackInfo {
        let slots = pack.slots();
        let tl = &pack.cost_model.timeline;
        let mut back = vec![None; slots.len()];
        for (i, def) in pack.inputs.iter().enumerate() {
            let range = slots.of_input(i);
            match def.years {
                _ if tl.year_end.contains(&def.id) => {
                    for s in range {
                        back[s] = Some(1);
                    }
                }
                None => {}
                Some(_) => {
                    // The platform counts its years from the current one (本年度).
                    let shift = if def.origin == Origin::Platform { 1 } else { 0 };
                    for s in range {
                        let y = crate::rules::InputDef::year_of(slots.id(s));
                        back[s] = y.map(|y| i32::from(y) - shift);
                    }
                }
            }
        }
        let waits = (tl.waits.iter())
            .filter_map(|w| Some((slots.slot(&w.input)?, w.years)))
            .collect();
        let titles = (pack.tiers.iter())
            .filter_map(|def| {
                let slot = slots.slot(def.title_input.as_deref()?)?;
                // Every tier with a title question has a validity (checked at load).
                let (years, _) = pack.title_validity(def.id)?;
                Some((def.id, slot, years))
            })
            .collect();
        PackInfo {
            back,
            waits,
            titles,
        }
    }
}

impl Recipe {
    fn new(pack: &Pack, info: Arc<PackInfo>, offset: i32) -> Recipe {
        let tl = &pack.cost_model.timeline;
        let slots = pack.slots();
        let mut r = Recipe {
            offset,
            info: info.clone(),
            copy: Vec::new(),
            gone: Vec::new(),
            carry: Vec::new(),
            open_year_end: Vec::new(),
            open: vec![0; slots.len().div_ceil(64)],
        };
        for (k, def) in pack.inputs.iter().enumerate() {
            let range = slots.of_input(k);
            let Some(n) = def.years else {
                // The balance sheet at the end of Y−1, still open when Y−1 is not over.
                if tl.year_end.contains(&def.id) && offset > 0 {
                    r.open_year_end.extend(range);
                }
                continue;
            };
            let n = i32::from(n);
            let shift = if def.origin == Origin::Platform { 1 } else { 0 };
            // Slot of `.y{i}` (question order: `.y1` first).
            let at = |i: i32| range.start + (i - 1) as usize;
            for i in 1..=n {
                // Today's numbering of the year `.y{i}` reads in the
                // application year: fiscal = year − i + shift, and
                // j = today.year − fiscal + shift = i − offset.
                let j = i - offset;
                if j >= 1 && j <= n {
                    r.copy.push((at(i), at(j)));
                } else if j >= 1 {
                    r.gone.push(at(i));
                } else {
                    // Open: the fiscal year is today's when j = shift (only
                    // j = 0 here, so only for the firm's own years).
                    let expected = (j == shift)
                        .then(|| tl.expected.iter().find(|e| e.input == def.id))
                        .flatten()
                        .and_then(|e| slots.slot(&e.answer));
                    r.carry.push((at(i), expected, at(1)));
                }
            }
        }
        for s in r
            .carry
            .iter()
            .map(|c| c.0)
            .chain(r.open_year_end.iter().copied())
        {
            r.open[s / 64] |= 1 << (s % 64);
        }
        r
    }
}

/// One pack's entry in the per-thread cache of [`recipe`].
struct Cached {
    /// The pack's slot table, held weakly so a dropped pack's entry dies
    /// with it (and its address is not reused while this lives).
    key: Weak<AnswerSlots>,
    info: Arc<PackInfo>,
    /// The recipes made so far, one per offset.
    recipes: Vec<Arc<Recipe>>,
    /// The application deadlines asked so far, by year (`Timeline::deadline`
    /// parses its date text on every call).
    deadlines: Vec<(i32, Date)>,
}

thread_local! {
    static RECIPES: RefCell<Vec<Cached>> = const { RefCell::new(Vec::new()) };
}

/// The recipe of `pack` for applications in `year`, `offset` years past
/// today's year, and the application deadline of `year`: made on first
/// use, then shared. A pack is not changed after load (its slot table
/// identifies it; a clone shares it and is the same pack).
fn recipe(pack: &Pack, year: i32, offset: i32) -> (Arc<Recipe>, Date) {
    RECIPES.with(|cell| {
        let mut cache = cell.borrow_mut();
        let key = Arc::as_ptr(pack.slots());
        let i = match cache.iter().position(|c| c.key.as_ptr() == key) {
            Some(i) => i,
            None => {
                cache.retain(|c| c.key.strong_count() > 0);
                cache.push(Cached {
                    key: Arc::downgrade(pack.slots()),
                    info: Arc::new(PackInfo::new(pack)),
                    recipes: Vec::new(),
                    deadlines: Vec::new(),
                });
                cache.len() - 1
            }
        };
        let c = &mut cache[i];
        let deadline = match c.deadlines.iter().find(|(y, _)| *y == year) {
            Some((_, d)) => *d,
            None => {
                let d = pack.cost_model.timeline.deadline(year);
                if c.deadlines.len() >= 64 {
                    // Years asked over a long session (the widget): keep it small.
                    c.deadlines.clear();
                }
                c.deadlines.push((year, d));
                d
            }
        };
        if let Some(r) = c.recipes.iter().find(|r| r.offset == offset) {
            return (r.clone(), deadline);
        }
        let r = Arc::new(Recipe::new(pack, c.info.clone(), offset));
        c.recipes.push(r.clone());
        (r, deadline)
    })
}

/// A firm's projections before titles, by application year, sharing one
/// copy of its answers: the plan walk asks each year once per tier.
#[derive(Default)]
pub struct Bases {
    original: Option<Arc<Facts>>,
    list: Vec<Projection>,
}

impl Bases {
    /// The projection of `year` for this firm (`facts`, the same on every
    /// call) with `titles` placed, as `Projection::base(…).with_titles(…,
    /// titles, None)`: the base is made once per year, and the titles are
    /// set on it in place and taken back off when the view is dropped
    /// (a title changes a slot or two; a copy of every answer per tier
    /// would cost more than the plan reads).
    pub fn placed(
        &mut self,
        pack: &Pack,
        facts: &Facts,
        today: Date,
        year: i32,
        titles: &[(Tier, i32)],
    ) -> Placed<'_> {
        let i = match self.list.iter().position(|b| b.year == year) {
            Some(i) => i,
            None => {
                let original = (self.original)
                    .get_or_insert_with(|| Arc::new(facts.clone()))
                    .clone();
                self.list
                    .push(Projection::base_of(pack, original, today, year));
                self.list.len() - 1
            }
        };
        let proj = &mut self.list[i];
        let mut undo = Vec::new();
        for (slot, d) in proj.title_dates(titles, None) {
            // Held by this view alone (the list is the only owner): no copy.
            let (strict, estimate) = (
                Arc::make_mut(&mut proj.strict),
                Arc::make_mut(&mut proj.estimate),
            );
            undo.push((slot, strict.stored_at(slot), estimate.stored_at(slot)));
            strict.set_date_at(slot, Some(d));
            estimate.set_date_at(slot, Some(d));
        }
        proj.titles = titles.to_vec();
        Placed { proj, undo }
    }
}

/// A base of [`Bases`] with one plan's titles placed; the base again when
/// dropped.
pub struct Placed<'a> {
    proj: &'a mut Projection,
    /// (slot, strict, estimate) as they were before, in placing order.
    undo: Vec<(usize, Stored, Stored)>,
}

impl std::ops::Deref for Placed<'_> {
    type Target = Projection;
    fn deref(&self) -> &Projection {
        self.proj
    }
}

impl Drop for Placed<'_> {
    fn drop(&mut self) {
        // Backwards: a slot two tiers share gets its first value back.
        for (slot, strict, estimate) in self.undo.drain(..).rev() {
            Arc::make_mut(&mut self.proj.strict).restore_at(slot, strict);
            Arc::make_mut(&mut self.proj.estimate).restore_at(slot, estimate);
        }
        self.proj.titles.clear();
    }
}

impl Projection {
    /// `titles`: the year each lower tier's title is (to be) obtained in;
    /// a title held today is taken as renewed when it would lapse before
    /// `year`, except `keep` (the title whose own 复核 is being planned).
    pub fn new(
        pack: &Pack,
        facts: &Facts,
        today: Date,
        year: i32,
        titles: &[(Tier, i32)],
        keep: Option<Tier>,
    ) -> Projection {
        Projection::base(pack, facts, today, year).with_titles(titles, keep)
    }

    /// The projection for `year` before any title is placed: the part
    /// every tier's plan for that year shares (`with_titles` finishes it;
    /// [`Bases`] keeps them for a firm).
    pub fn base(pack: &Pack, facts: &Facts, today: Date, year: i32) -> Projection {
        Projection::base_of(pack, Arc::new(facts.clone()), today, year)
    }

    fn base_of(pack: &Pack, original: Arc<Facts>, today: Date, year: i32) -> Projection {
        let (recipe, deadline) = recipe(pack, year, year - today.year);
        let date = if year == today.year { today } else { deadline };
        let slots = pack.slots().clone();
        let same_slots = original.stored_by(&slots);
        let facts: &Facts = &original;
        // A slot of the pack in these facts (the same, unless they were
        // read with another pack: then by its id).
        let local = |s: usize| {
            if same_slots {
                Some(s)
            } else {
                facts.slot(slots.id(s))
            }
        };
        let mut strict = facts.clone();
        let mut estimate = facts.clone();
        for &(to, from) in &recipe.copy {
            let Some(to) = local(to) else { continue };
            // An answer these facts do not hold reads as unanswered.
            let from = local(from).unwrap_or(usize::MAX);
            strict.copy_at(to, facts, from);
            estimate.copy_at(to, facts, from);
        }
        for s in recipe.gone.iter().filter_map(|&s| local(s)) {
            strict.forget_at(s);
            estimate.forget_at(s);
        }
        for &(to, expected, last) in &recipe.carry {
            let Some(to) = local(to) else { continue };
            strict.forget_at(to);
            let expected = expected
                .and_then(local)
                .filter(|&e| matches!(facts.num_at(e), Answer::Value(_)));
            let from = expected.or_else(|| local(last)).unwrap_or(usize::MAX);
            estimate.copy_at(to, facts, from);
        }
        for s in recipe.open_year_end.iter().filter_map(|&s| local(s)) {
            strict.forget_at(s);
        }
        for &(slot, years) in &recipe.info.waits {
            let Some(s) = local(slot) else { continue };
            if facts.yesno_at(s) == Answer::Value(true) && deadline >= today.plus_years(years) {
                strict.set_yesno_at(s, false);
                estimate.set_yesno_at(s, false);
            }
        }
        Projection {
            today,
            year,
            date,
            original,
            strict: Arc::new(strict),
            estimate: Arc::new(estimate),
            recipe,
            slots,
            same_slots,
            titles: Vec::new(),
        }
    }

    /// A pack slot in this firm's facts (see `same_slots`).
    fn local(&self, slot: usize) -> Option<usize> {
        if self.same_slots {
            Some(slot)
        } else {
            self.original.slot(self.slots.id(slot))
        }
    }

    /// This projection (a [`Projection::base`]) with the titles placed:
    /// `titles` and `keep` as in [`Projection::new`].
    pub fn with_titles(mut self, titles: &[(Tier, i32)], keep: Option<Tier>) -> Projection {
        for (slot, d) in self.title_dates(titles, keep) {
            for f in [&mut self.strict, &mut self.estimate] {
                Arc::make_mut(f).set_date_at(slot, Some(d));
            }
        }
        self.titles = titles.to_vec();
        self
    }

    /// The title dates to place (slot in the firm's facts, date), in the
    /// pack's tier order: `titles` and `keep` as in [`Projection::new`].
    fn title_dates(&self, titles: &[(Tier, i32)], keep: Option<Tier>) -> Vec<(usize, Date)> {
        let (today, date) = (self.today, self.date);
        let mut out = Vec::new();
        for &(tier, slot, years) in &self.recipe.info.titles {
            let Some(slot) = self.local(slot) else {
                continue;
            };
            let held = match self.original.date_at(slot) {
                Answer::Value(Some(g)) => Some(g),
                _ => None,
            };
            let planned = titles.iter().find(|(t, _)| *t == tier).map(|(_, y)| *y);
            let date_of = match (held, planned) {
                (Some(g), _) if Some(tier) == keep => Some(g),
                // Renewed at expiry: valid again for another period.
                (Some(g), _) if g <= today && today < g.plus_years(years) => {
                    let mut g = g;
                    while g.plus_years(years) <= date {
                        g = g.plus_years(years);
                    }
                    Some(g)
                }
                (_, Some(y)) => Some(Date::new(y, 12, 31)),
                _ => None,
            };
            out.extend(date_of.map(|d| (slot, d)));
        }
        out
    }

    pub fn assess(
        &self,
        pack: &Pack,
        options: &Options,
        application: Application,
    ) -> Option<Assessment> {
        super::assess::assess(
            pack,
            &self.strict,
            &Options {
                date: self.date,
                application,
                settings: options.settings.clone(),
            },
        )
        .ok()
    }

    fn ctx_of<'a>(
        &'a self,
        pack: &'a Pack,
        facts: &'a Facts,
        settings: Settings,
        application: Application,
    ) -> Ctx<'a> {
        Ctx::new(pack, facts, self.date, application, settings)
    }

    /// Open years unknown.
    pub fn ctx<'a>(&'a self, pack: &'a Pack, s: Settings, app: Application) -> Ctx<'a> {
        self.ctx_of(pack, &self.strict, s, app)
    }

    /// Open years carried forward (or 本年预计).
    pub fn est_ctx<'a>(&'a self, pack: &'a Pack, s: Settings, app: Application) -> Ctx<'a> {
        self.ctx_of(pack, &self.estimate, s, app)
    }

    /// The year the plan obtains a tier's title (the one a flag leaf names).
    pub fn title_year(&self, tier: Tier) -> Option<i32> {
        self.titles
            .iter()
            .find(|(t, _)| *t == tier)
            .map(|(_, y)| *y)
    }

    /// The answers as the firm gave them.
    pub fn original(&self) -> &Facts {
        &self.original
    }

    /// Whether an answer id is of a year still open (unknown in `ctx`).
    pub fn is_open(&self, id: &str) -> bool {
        (self.slots.slot(id)).is_some_and(|s| self.recipe.is_open(s))
    }

    /// The fiscal year an answer id stands for in this projection
    /// (a year-end answer: the year it closes).
    pub fn fiscal(&self, pack: &Pack, id: &str) -> Option<i32> {
        let info = &self.recipe.info;
        if Arc::ptr_eq(pack.slots(), &self.slots) {
            if let Some(s) = self.slots.slot(id) {
                return info.back[s].map(|b| self.year - b);
            }
        }
        // An id the pack does not number (`.y4` of a three-year answer).
        let def = pack.input(id)?;
        if pack.cost_model.timeline.year_end.contains(&def.id) {
            return Some(self.year - 1);
        }
        def.years?;
        let i = i32::from(crate::rules::InputDef::year_of(id)?);
        let shift = if def.origin == Origin::Platform { 1 } else { 0 };
        Some(self.year - i + shift)
    }

    /// Whether a metric reads fiscal-year figures (fixed once the year ends).
    pub fn reads_fiscal(&self, pack: &Pack, metric: &str) -> bool {
        metric_inputs(metric).iter().any(|id| {
            pack.input(id).is_some_and(|d| {
                d.origin != Origin::Platform
                    && (d.years.is_some() || pack.cost_model.timeline.year_end.contains(&d.id))
            })
        })
    }

    /// “2025 年已结束，数据已定”
    pub fn fixed_note(&self, pack: &Pack, metric: &str) -> String {
        let mut years: Vec<i32> = metric_inputs(metric)
            .iter()
            .filter_map(|id| self.fiscal(pack, id))
            .filter(|y| *y < self.today.year)
            .collect();
        years.sort();
        years.dedup();
        let list: Vec<String> = years.iter().map(|y| format!("{y} 年")).collect();
        format!("{}已结束，数据已定", list.join("、"))
    }

    /// Replaces relative year words by this application's years.
    pub fn year_words(&self, text: &str) -> String {
        let y = self.year;
        text.replace("（上年末）", &format!("（{} 年末）", y - 1))
            .replace("上年末", &format!("{} 年末", y - 1))
            .replace("（上年度）", &format!("（{} 年）", y - 1))
            .replace("（前年）", &format!("（{} 年）", y - 2))
            .replace("（大前年）", &format!("（{} 年）", y - 3))
    }

    /// The date a 是 answer of a wait input stops counting, at the latest
    /// (the event happened no later than today).
    pub fn wait_clears(&self, pack: &Pack, id: &str) -> Option<Date> {
        self.wait_years(pack, id).map(|n| self.today.plus_years(n))
    }

    pub fn wait_years(&self, pack: &Pack, id: &str) -> Option<i32> {
        pack.cost_model
            .timeline
            .waits
            .iter()
            .find(|w| w.input == id)
            .map(|w| w.years)
    }

    /// The fiscal years a path reads in this application year.
    pub fn reads(&self, pack: &Pack, p: &PathResult) -> Vec<YearRead> {
        let mut years: Vec<i32> = Vec::new();
        let leaves = p.criteria.iter().flat_map(|c| &c.leaves).chain(
            p.score
                .iter()
                .flat_map(|s| s.indicators.iter().flat_map(|i| &i.leaves)),
        );
        for l in leaves {
            let Some(m) = &l.metric else { continue };
            for id in metric_inputs(&m.name) {
                if let Some(y) = self.fiscal(pack, &id) {
                    let origin = pack.input(&id).map(|d| d.origin);
                    if origin != Some(Origin::Platform) && !years.contains(&y) {
                        years.push(y);
                    }
                }
            }
        }
        years.sort_by(|a, b| b.cmp(a));
        years
            .into_iter()
            .map(|y| YearRead {
                year: y,
                label: match self.year - y {
                    1 => "上年度".to_owned(),
                    2 => "前年".to_owned(),
                    3 => "大前年".to_owned(),
                    n => format!("{n} 年前"),
                },
                closed: y < self.today.year,
            })
            .collect()
    }
}

// Native only: the packs are read from rules/ (plain #[test]s do not run in
// the wasm test runner anyway).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::facts::tests::from_pairs;
    use crate::rules::{InputDef, InputKind};

    fn packs() -> Vec<Pack> {
        let mut packs = vec![Pack::national()];
        for name in ["zhejiang", "shandong", "fujian", "guizhou"] {
            let dir = std::path::Path::new("rules").join(name);
            packs.push(Pack::load_dir(&dir).unwrap_or_else(|e| panic!("{name}: {e}")));
        }
        // The national pack with two answers only time clears (no pack has
        // one today; the mechanism stays).
        let dir = std::path::Path::new("rules/national");
        let waits = Pack::from_files(|name| {
            let text = std::fs::read_to_string(dir.join(name))
                .map_err(|e| crate::rules::PackError(e.to_string()))?;
            Ok(match name {
                "cost_model.toml" => text.replace(
                    "waits = []",
                    "waits = [{ input = \"abnormal_or_dishonest\", years = 1 }, { input = \"tax_audit_collection\", years = 3 }]",
                ),
                _ => text,
            })
        })
        .unwrap();
        assert_eq!(waits.cost_model.timeline.waits.len(), 2);
        packs.push(waits);
        packs
    }

    /// Text for every answer the pack asks, by kind, distinct per slot
    /// (`variant` leaves some 不清楚 or empty, and the 本年预计 answers empty
    /// or not).
    fn answers(pack: &Pack, variant: usize) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (k, def) in pack.inputs.iter().enumerate() {
            for (i, id) in def.answer_ids().into_iter().enumerate() {
                let n = k * 7 + i + variant;
                let text = match def.kind {
                    _ if n % 5 == 0 => continue,
                    _ if n % 7 == 0 => "不清楚".to_owned(),
                    InputKind::Yesno => ["是", "否"][n % 2].to_owned(),
                    InputKind::Date => format!("20{:02}-0{}-1{}", 18 + n % 8, 1 + n % 9, n % 9),
                    InputKind::Choice => match def.options.get(n % def.options.len().max(1)) {
                        Some(o) => o.value.clone(),
                        None => pack.size_class.industries[n % 3].id.clone(),
                    },
                    InputKind::Percent => format!("{}", n % 90),
                    _ => format!("{}", 100 + n * 13),
                };
                out.push((id, text));
            }
        }
        out
    }

    /// An answer whatever its kind, for comparing two views of it.
    fn read(f: &Facts, id: &str) -> String {
        format!(
            "{:?} {:?} {:?} {:?}",
            f.num(id),
            f.yesno(id),
            f.date(id),
            f.choice(id)
        )
    }

    /// What the projection of `year` holds under `id` (strict, estimate)
    /// and whether it is open, worked out by ids as the projection did
    /// before it went by slot: the oracle the slot recipe must match.
    fn by_ids(
        pack: &Pack,
        facts: &Facts,
        today: Date,
        year: i32,
        def: &InputDef,
        id: &str,
    ) -> (String, String, bool) {
        let tl = &pack.cost_model.timeline;
        let unknown = read(&Facts::default(), "-").replace("Unanswered", "Unknown");
        let same = read(facts, id);
        let waits = |strict: String, est: String| match tl.waits.iter().find(|w| w.input == id) {
            Some(w)
                if facts.yesno(id) == Answer::Value(true)
                    && tl.deadline(year) >= today.plus_years(w.years) =>
            {
                let no = format!(
                    "{:?} {:?} {:?} {:?}",
                    Answer::<Dec>::Unknown,
                    Answer::Value(false),
                    Answer::<Option<Date>>::Unknown,
                    Answer::<&str>::Unknown
                );
                (no.clone(), no)
            }
            _ => (strict, est),
        };
        use crate::num::Dec;
        let Some(n) = def.years else {
            let open = tl.year_end.contains(&def.id) && year - 1 > today.year - 1;
            let (s, e) = match open {
                true => waits(unknown, same.clone()),
                false => waits(same.clone(), same.clone()),
            };
            return match facts.slot(id) {
                Some(_) => (s, e, open),
                None => (same.clone(), same, open),
            };
        };
        let i = i32::from(InputDef::year_of(id).unwrap());
        let shift = if def.origin == Origin::Platform { 1 } else { 0 };
        let fiscal = year - i + shift;
        let j = today.year - fiscal + shift;
        let (s, e, open) = if j >= 1 && j <= i32::from(n) {
            let v = read(facts, &format!("{}.y{j}", def.id));
            (v.clone(), v, false)
        } else if j >= 1 {
            (unknown.clone(), unknown, false)
        } else {
            let expected = (tl.expected.iter())
                .find(|e| e.input == def.id && fiscal == today.year)
                .map(|e| e.answer.clone())
                .filter(|a| matches!(facts.num(a), Answer::Value(_)));
            let from = expected.unwrap_or_else(|| format!("{}.y1", def.id));
            (unknown, read(facts, &from), true)
        };
        let (s, e) = waits(s, e);
        if facts.slot(id).is_none() {
            // Not stored in these facts: every write is lost (the year is
            // open all the same: that is the pack's).
            return (same.clone(), same, open);
        }
        (s, e, open)
    }

    #[test]
    fn the_slot_recipe_projects_every_answer_as_the_ids_say() {
        let packs = packs();
        let mut checked = 0;
        for (p, pack) in packs.iter().enumerate() {
            // Facts read with this pack, and (across packs) with another
            // one: then the recipe's slots are found by id.
            for (q, read_with) in [
                (p, pack),
                ((p + 1) % packs.len(), &packs[(p + 1) % packs.len()]),
            ] {
                for variant in 0..3 {
                    for today in [Date::new(2026, 3, 1), Date::new(2026, 11, 22)] {
                        let pairs = answers(read_with, variant);
                        let pairs: Vec<(&str, &str)> = pairs
                            .iter()
                            .map(|(a, b)| (a.as_str(), b.as_str()))
                            .collect();
                        let facts = from_pairs(read_with, &pairs, today);
                        assert_eq!(
                            facts.stored_by(pack.slots()),
                            p == q || pack.slots() == read_with.slots()
                        );
                        for year in today.year..today.year + 6 {
                            let proj = Projection::base(pack, &facts, today, year);
                            for def in &pack.inputs {
                                for id in def.answer_ids() {
                                    let (s, e, open) = by_ids(pack, &facts, today, year, def, &id);
                                    let at = format!(
                                        "{} ← {}, {today}, {year}, {id}",
                                        pack.meta.id, read_with.meta.id
                                    );
                                    assert_eq!(read(&proj.strict, &id), s, "strict {at}");
                                    assert_eq!(read(&proj.estimate, &id), e, "estimate {at}");
                                    assert_eq!(proj.is_open(&id), open, "open {at}");
                                    checked += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    /// The per-thread cache holds a pack weakly: a dropped pack's entry
    /// dies with it and is swept when another pack comes.
    #[test]
    fn the_recipe_cache_lets_a_dropped_pack_go() {
        let today = Date::new(2026, 11, 22);
        let live = || {
            RECIPES.with(|c| {
                c.borrow()
                    .iter()
                    .filter(|c| c.key.strong_count() > 0)
                    .count()
            })
        };
        let entries = || RECIPES.with(|c| c.borrow().len());
        let (live0, entries0) = (live(), entries());
        {
            let pack = Pack::national();
            let facts = from_pairs(&pack, &[("operating_revenue.y1", "100")], today);
            let proj = Projection::base(&pack, &facts, today, 2027);
            assert!(proj.is_open("operating_revenue.y1"));
            assert_eq!(live(), live0 + 1);
        }
        assert_eq!(live(), live0);
        assert_eq!(entries(), entries0 + 1);
        let pack = Pack::national();
        let facts = from_pairs(&pack, &[], today);
        Projection::base(&pack, &facts, today, 2027);
        assert_eq!(live(), live0 + 1);
        assert_eq!(entries(), live0 + 1, "the dropped pack's entry is swept");
    }

    #[test]
    fn fiscal_years_by_slot_are_those_by_id() {
        let pack = Pack::national();
        let today = Date::new(2026, 11, 22);
        let facts = from_pairs(&pack, &[], today);
        for year in 2026..2030 {
            let proj = Projection::base(&pack, &facts, today, year);
            for def in &pack.inputs {
                for id in def.answer_ids() {
                    let by_id = if pack.cost_model.timeline.year_end.contains(&def.id) {
                        Some(year - 1)
                    } else {
                        def.years.map(|_| {
                            let shift = i32::from(def.origin == Origin::Platform);
                            year - i32::from(InputDef::year_of(&id).unwrap()) + shift
                        })
                    };
                    assert_eq!(proj.fiscal(&pack, &id), by_id, "{year} {id}");
                }
            }
            // An id past the years asked still has its year.
            assert_eq!(proj.fiscal(&pack, "operating_revenue.y5"), Some(year - 5));
            assert_eq!(proj.fiscal(&pack, "no_such_answer"), None);
        }
    }

    /// The plan walk's titles, set on the shared base and taken back off,
    /// give the views a copy with the titles placed gives, and leave the
    /// base as it was.
    #[test]
    fn titles_placed_in_place_equal_a_copy_and_come_back_off() {
        let pack = Pack::national();
        let today = Date::new(2026, 11, 22);
        let tiers: Vec<Tier> = pack.tiers.iter().map(|t| t.id).collect();
        let mut changed = 0;
        for variant in 0..4 {
            let pairs = answers(&pack, variant);
            let pairs: Vec<(&str, &str)> = pairs
                .iter()
                .map(|(a, b)| (a.as_str(), b.as_str()))
                .collect();
            let facts = from_pairs(&pack, &pairs, today);
            let mut bases = Bases::default();
            for year in 2026..2030 {
                let base = Projection::base(&pack, &facts, today, year);
                for titles in [
                    vec![],
                    vec![(tiers[0], year - 1)],
                    tiers.iter().map(|t| (*t, 2025)).collect(),
                ] {
                    let copy = Projection::new(&pack, &facts, today, year, &titles, None);
                    {
                        let placed = bases.placed(&pack, &facts, today, year, &titles);
                        assert_eq!(*placed.strict, *copy.strict);
                        assert_eq!(*placed.estimate, *copy.estimate);
                        assert_eq!(placed.titles, copy.titles);
                        changed += usize::from(*placed.strict != *base.strict);
                    }
                    let kept = bases.list.iter().find(|b| b.year == year).unwrap();
                    assert_eq!(*kept.strict, *base.strict);
                    assert_eq!(*kept.estimate, *base.estimate);
                    assert!(kept.titles.is_empty());
                }
            }
        }
        assert!(changed > 0, "no plan placed a title");
    }
}
