//! Scored standards (创新型 six indicators, 63号专精特新 thirteen, 科技型
//! three): points per indicator as a min–max range over unknown answers,
//! per dimension with its floor, and the total against the pass mark.

use super::Truth;
use super::context::Ctx;
use super::evaluate::compare_truth;
use super::evaluate::{Leaf, Mode, ScoreGate};
use super::words::Words;
use crate::num::Dec;
use crate::rules::{
    Band, Comparison, Cond, Grade, Indicator, IndicatorKind, ScoreTable, Threshold, Word,
};
use serde::Serialize;
use std::borrow::Cow;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndicatorResult {
    // Shared with the pack's `Indicator` (a copy is a reference count).
    pub id: Arc<str>,
    pub title: Arc<str>,
    pub dimension: Arc<str>,
    pub grade: Grade,
    pub max_points: Dec,
    pub min: Dec,
    pub max: Dec,
    /// The band reached, when determined (“B. 3%-5%”).
    pub band: Option<String>,
    /// Index of the band reached (bands are listed best first).
    pub band_index: Option<usize>,
    pub leaves: Vec<Leaf>,
    pub note: Option<Arc<str>>,
    /// Better bands (or more items) within reach, each with what it takes.
    pub upgrades: Vec<Upgrade>,
}

/// Moving an indicator to a better band: the points it would then score,
/// how many band steps that is (the cost used to pick the cheapest set of
/// moves), and what has to change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Upgrade {
    pub label: String,
    pub points: Dec,
    pub steps: u32,
    /// What has to change, one line per change; written when a view asks
    /// (most upgrades are never shown).
    pub advice: Vec<Words>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DimensionResult {
    pub id: String,
    pub name: String,
    pub max_points: Dec,
    pub min: Dec,
    pub max: Dec,
    pub floor: Option<Dec>,
    pub floor_met: Truth,
}

impl ScoreResult {
    /// What criteria see of this score: pass, and the answers that would
    /// narrow an open indicator (most points at stake first).
    pub fn gate(&self) -> ScoreGate {
        let mut open: Vec<&IndicatorResult> =
            self.indicators.iter().filter(|i| i.min != i.max).collect();
        open.sort_by(|a, b| (b.max - b.min).cmp(&(a.max - a.min)));
        let mut unknown_inputs: Vec<std::sync::Arc<str>> = Vec::new();
        for id in open
            .iter()
            .flat_map(|i| i.leaves.iter().flat_map(|l| l.unknown_inputs.shared()))
        {
            if !unknown_inputs.contains(id) {
                unknown_inputs.push(id.clone());
            }
        }
        ScoreGate {
            pass: Some(self.pass),
            unknown_inputs: super::ids::Ids::from_vec(unknown_inputs),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoreResult {
    pub title: String,
    pub clause: String,
    pub text: String,
    pub grade: Grade,
    pub total_points: Dec,
    pub pass_mark: Dec,
    pub min: Dec,
    pub max: Dec,
    pub indicators: Vec<IndicatorResult>,
    pub dimensions: Vec<DimensionResult>,
    /// Total ≥ pass mark and every floor met.
    pub pass: Truth,
}

impl Ctx<'_> {
    pub fn score(&self, table: &ScoreTable) -> ScoreResult {
        self.score_with(table, true)
    }

    /// What criteria see of the score ([`ScoreResult::gate`]), without the
    /// upgrades (the better bands and what each takes): for the lean
    /// assessment of the plan walk. The same points, pass and gate.
    pub fn score_gate(&self, table: &ScoreTable) -> ScoreGate {
        self.score_with(table, false).gate()
    }

    /// `upgrades`: whether each indicator's better bands are worked out.
    fn score_with(&self, table: &ScoreTable, upgrades: bool) -> ScoreResult {
        let indicators: Vec<IndicatorResult> = table
            .indicators
            .iter()
            .map(|i| self.indicator(i, upgrades))
            .collect();
        let dimensions: Vec<DimensionResult> = table
            .dimensions
            .iter()
            .map(|d| {
                let mine = indicators.iter().filter(|i| *i.dimension == *d.id);
                let (min, max) =
                    mine.fold((Dec::ZERO, Dec::ZERO), |(a, b), i| (a + i.min, b + i.max));
                let floor = d.floor.map(|f| f.0);
                let floor_met = match floor {
                    None => Truth::Yes,
                    Some(f) if min >= f => Truth::Yes,
                    Some(f) if max < f => Truth::No,
                    Some(_) => Truth::Unknown,
                };
                DimensionResult {
                    id: d.id.clone(),
                    name: d.name.clone(),
                    max_points: d.max.0,
                    min,
                    max,
                    floor,
                    floor_met,
                }
            })
            .collect();
        let min: Dec = indicators.iter().map(|i| i.min).sum();
        let max: Dec = indicators.iter().map(|i| i.max).sum();
        let pass_mark = table.pass_mark.0;
        // “60分以上” reads with the boundary setting; “不低于60分” always includes 60.
        let inclusive = self.inclusive(table.pass_word, Mode::Clause);
        let reaches = |v: Dec| {
            if inclusive {
                v >= pass_mark
            } else {
                v > pass_mark
            }
        };
        let total = match (reaches(min), reaches(max)) {
            (true, _) => Truth::Yes,
            (false, false) => Truth::No,
            _ => Truth::Unknown,
        };
        let pass = Truth::all(std::iter::once(total).chain(dimensions.iter().map(|d| d.floor_met)));
        ScoreResult {
            title: table.title.clone(),
            clause: table.clause.clone(),
            text: table.text.clone(),
            grade: table.grade,
            total_points: table.total.0,
            pass_mark,
            min,
            max,
            indicators,
            dimensions,
            pass,
        }
    }

    fn indicator(&self, ind: &Indicator, upgrades: bool) -> IndicatorResult {
        let mut result = IndicatorResult {
            id: ind.id.clone(),
            title: ind.title.clone(),
            dimension: ind.dimension.clone(),
            grade: ind.grade,
            max_points: ind.max_points.0,
            min: Dec::ZERO,
            max: ind.max_points.0,
            band: None,
            band_index: None,
            leaves: vec![],
            note: ind.note.clone(),
            upgrades: vec![],
        };
        match ind.kind {
            IndicatorKind::Provincial => {}
            IndicatorKind::Bands => self.bands(ind, &mut result, upgrades),
            IndicatorKind::PerItem => {
                let each = ind.points_each.map(|p| p.0).unwrap_or(Dec::ZERO);
                let (mut yes, mut maybe) = (Dec::ZERO, Dec::ZERO);
                let mut missing = Vec::new();
                for item in &ind.items {
                    let (t, leaves) = self.eval(&item.when, Mode::Clause, &ScoreGate::default());
                    match t {
                        Truth::Yes => yes += Dec::ONE,
                        Truth::Unknown => maybe += Dec::ONE,
                        Truth::No => missing.push(item.label.clone()),
                    }
                    result.leaves.extend(leaves);
                }
                result.min = (yes * each).min(result.max_points);
                result.max = ((yes + maybe) * each).min(result.max_points);
                if maybe.is_zero() && upgrades {
                    // Each further item adds points up to the cap.
                    let mut points = result.min;
                    for n in 0..missing.len() {
                        let next = (points + each).min(result.max_points);
                        if next == points {
                            break;
                        }
                        points = next;
                        result.upgrades.push(Upgrade {
                            label: format!("再满足 {} 项", n + 1),
                            points,
                            steps: n as u32 + 1,
                            advice: missing[..=n]
                                .iter()
                                .map(|l| format!("满足：{l}").into())
                                .collect(),
                        });
                    }
                }
            }
            IndicatorKind::PerStep => {
                let metric = self.indicator_metric(ind);
                let (step, each) = (
                    ind.step.map(|s| s.0).unwrap_or(Dec::ONE),
                    ind.points_each.map(|p| p.0).unwrap_or(Dec::ZERO),
                );
                if let Some(q) = metric.value {
                    let points = q
                        .whole_steps(step)
                        .checked_mul(each)
                        .unwrap_or(result.max_points)
                        .min(result.max_points);
                    result.min = points;
                    result.max = points;
                }
                result.leaves.push(Leaf::reading_formula(metric));
            }
        }
        result
    }

    /// First band that holds, top down. With unknowns, every band that could
    /// still be the first to hold is possible; the range spans their points.
    fn bands(&self, ind: &Indicator, result: &mut IndicatorResult, upgrades: bool) {
        let mut possible: Vec<(usize, Dec)> = Vec::new();
        for (i, band) in ind.bands.iter().enumerate() {
            let (truth, leaves) = match (&band.when, ind.metric.as_deref()) {
                // A numeric indicator shows one reading of its metric
                // (below): its bands are decided without leaves, an
                // endpoint without building its condition.
                (None, Some(_)) => match band_endpoint(ind, band) {
                    Some((lower, threshold, word)) => {
                        let m = self.indicator_metric(ind);
                        let inclusive = self.inclusive(word, Mode::Band);
                        (compare_truth(&m, threshold.0, lower, inclusive), vec![])
                    }
                    None => (Truth::Yes, vec![]),
                },
                (Some(c), Some(_)) => (self.truth_of(c, Mode::Band, &ScoreGate::default()), vec![]),
                (Some(c), None) => self.eval(c, Mode::Band, &ScoreGate::default()),
                (None, None) => (Truth::Yes, vec![]),
            };
            if truth != Truth::No {
                possible.push((i, band.points.0));
            }
            // Show the leaves of the band reached and of the bands above it.
            if possible.len() <= 1 || truth != Truth::No {
                for leaf in leaves {
                    if !result.leaves.iter().any(|x| x.says_same(&leaf)) {
                        result.leaves.push(leaf);
                    }
                }
            }
            if truth == Truth::Yes {
                break;
            }
        }
        result.min = possible.iter().map(|(_, p)| *p).min().unwrap_or(Dec::ZERO);
        result.max = possible.iter().map(|(_, p)| *p).max().unwrap_or(Dec::ZERO);
        // A numeric indicator reads one value: show it once, with its formula,
        // instead of one line per band tried.
        if ind.metric.is_some() {
            result.leaves = vec![Leaf::reading(self.indicator_metric(ind))];
        }
        if let [(i, _)] = possible.as_slice() {
            result.band = Some(ind.bands[*i].label.clone());
            result.band_index = Some(*i);
            // Each better band, with what it would take (only from a known band).
            let better = if upgrades { &ind.bands[..*i] } else { &[] };
            for (j, band) in better.iter().enumerate() {
                let Some(cond) = band_condition(ind, band) else {
                    continue;
                };
                let advice: Vec<Words> = match self.cheapest_band(&cond) {
                    Some(leaves) => leaves
                        .into_iter()
                        .map(|l| match &l.gap {
                            Some(g) => g.advice.clone(),
                            None => Words::later(move || l.text().into_owned()),
                        })
                        .collect(),
                    None => vec![],
                };
                result.upgrades.push(Upgrade {
                    label: band.label.clone(),
                    points: band.points.0,
                    steps: (*i - j) as u32,
                    advice,
                });
            }
            result.upgrades.reverse();
        }
    }
}

/// A band's condition: `when`, or `from` / `upto` on the indicator's metric.
pub fn band_condition<'a>(ind: &Indicator, band: &'a Band) -> Option<Cow<'a, Cond>> {
    if let Some(when) = &band.when {
        return Some(Cow::Borrowed(when));
    }
    let metric = ind.metric.clone()?;
    let (lower, threshold, word) = band_endpoint(ind, band)?;
    Some(Cow::Owned(Cond::Compare(Comparison {
        metric,
        lower,
        threshold,
        word,
        written: None,
        key: Default::default(),
    })))
}

/// A band's endpoint on the indicator's metric: whether it bounds from
/// below, the threshold and the word; none for a band without `from` /
/// `upto` (it always holds).
fn band_endpoint(ind: &Indicator, band: &Band) -> Option<(bool, Threshold, Option<Word>)> {
    // “（含）” at every endpoint reads as 不低于; otherwise the band setting decides.
    match (band.from, band.upto) {
        (Some(t), _) => Some((true, t, ind.endpoints_inclusive.then_some(Word::BuDiYu))),
        (_, Some(t)) => Some((false, t, None)),
        _ => None,
    }
}
