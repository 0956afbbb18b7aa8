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
use crate::facts::{Answer, Facts};
use crate::rules::Origin;
use crate::rules::{Application, Pack, Tier};

#[derive(Clone)]
pub struct Projection {
    /// The assessment date (today).
    pub today: Date,
    /// The application year.
    pub year: i32,
    /// The date the projected assessment is made on (the application deadline of `year`).
    pub date: Date,
    /// Shared: every projection of one firm reads the same answers.
    original: std::sync::Arc<Facts>,
    strict: Facts,
    estimate: Facts,
    /// Answer ids of open years (unknown in `strict`).
    open: std::sync::Arc<Vec<String>>,
    /// The year each title is (to be) obtained in, by plan.
    titles: Vec<(Tier, i32)>,
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
        Projection::base(pack, facts, today, year).with_titles(pack, titles, keep)
    }

    /// The projection for `year` before any title is placed: the part
    /// every tier's plan for that year shares (`with_titles` finishes it).
    pub fn base(pack: &Pack, facts: &Facts, today: Date, year: i32) -> Projection {
        let tl = &pack.cost_model.timeline;
        let date = if year == today.year {
            today
        } else {
            tl.deadline(year)
        };
        let mut strict = facts.clone();
        let mut estimate = facts.clone();
        let mut open = Vec::new();
        let expected = |base: &str| {
            tl.expected
                .iter()
                .find(|e| e.input == base)
                .map(|e| e.answer.clone())
                .filter(|id| matches!(facts.num(id), Answer::Value(_)))
        };
        for def in &pack.inputs {
            let Some(n) = def.years else {
                if tl.year_end.contains(&def.id) && year - 1 > today.year - 1 {
                    strict.forget(&def.id);
                    open.push(def.id.clone());
                }
                continue;
            };
            // The platform counts its years from the current one (本年度).
            let shift = if def.origin == Origin::Platform { 1 } else { 0 };
            for i in 1..=i32::from(n) {
                let fiscal = year - i + shift;
                let j = today.year - fiscal + shift;
                let id = format!("{}.y{i}", def.id);
                if j >= 1 && j <= i32::from(n) {
                    let from = format!("{}.y{j}", def.id);
                    strict.copy_from(&id, facts, &from);
                    estimate.copy_from(&id, facts, &from);
                } else if j >= 1 {
                    strict.forget(&id);
                    estimate.forget(&id);
                } else {
                    strict.forget(&id);
                    open.push(id.clone());
                    let from = if fiscal == today.year {
                        expected(&def.id)
                    } else {
                        None
                    }
                    .unwrap_or_else(|| format!("{}.y1", def.id));
                    estimate.copy_from(&id, facts, &from);
                }
            }
        }
        for w in &tl.waits {
            if facts.yesno(&w.input) == Answer::Value(true)
                && tl.deadline(year) >= today.plus_years(w.years)
            {
                strict.set_yesno(&w.input, false);
                estimate.set_yesno(&w.input, false);
            }
        }
        Projection {
            today,
            year,
            date,
            original: std::sync::Arc::new(facts.clone()),
            strict,
            estimate,
            open: std::sync::Arc::new(open),
            titles: Vec::new(),
        }
    }

    /// This projection (a [`Projection::base`]) with the titles placed:
    /// `titles` and `keep` as in [`Projection::new`].
    pub fn with_titles(
        mut self,
        pack: &Pack,
        titles: &[(Tier, i32)],
        keep: Option<Tier>,
    ) -> Projection {
        let (today, date) = (self.today, self.date);
        let original = self.original.clone();
        let facts: &Facts = &original;
        let (strict, estimate) = (&mut self.strict, &mut self.estimate);
        for def in &pack.tiers {
            let tier = def.id;
            let Some(input) = def.title_input.as_deref() else {
                continue;
            };
            // Every tier with a title question has a validity (checked at load).
            let Some((years, _)) = pack.title_validity(tier) else {
                continue;
            };
            let held = match facts.date(input) {
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
            if let Some(d) = date_of {
                strict.set_date(input, Some(d));
                estimate.set_date(input, Some(d));
            }
        }
        self.titles = titles.to_vec();
        self
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

    pub fn is_open(&self, id: &str) -> bool {
        self.open.iter().any(|o| o == id)
    }

    /// The fiscal year an answer id stands for in this projection
    /// (a year-end answer: the year it closes).
    pub fn fiscal(&self, pack: &Pack, id: &str) -> Option<i32> {
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
