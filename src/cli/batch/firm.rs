//! One firm: its row's cells as an answers file, the assessment through the
//! engine's public entry points (`assess`, `gap_report`, `ReportModel::build`),
//! and its summary row. The batch's only use of the engine and the report
//! model lives here, so engine changes meet the batch in one file.

use super::headers::Column;
use super::input::TableRow;
use super::summary::{DONE, ERROR, OPEN, SummaryRow, TierCells};
use crate::answers::FieldError;
use crate::answers::{AnswersFile, Typed};
use crate::date::Date;
use crate::engine::plan::{GapReport, summary_gap_report};
use crate::engine::{self, Assessment, Verdict};
use crate::facts::Facts;
use crate::report::{ReportModel, options_for};
use crate::rules::{Application, Pack, Tier};

/// How a sheet's columns become an answers file, worked out once per batch:
/// the special columns in sheet order, the answer columns in answer-id order
/// (so each row's answers are built from sorted pairs, without a search per
/// answer).
pub struct RowPlan {
    columns: Vec<Column>,
    /// Column indexes of the answer columns, by answer id (stable: of two
    /// columns with one id, the later one's value wins, as it always has).
    answers: Vec<usize>,
}

impl RowPlan {
    pub fn new(columns: &[Column]) -> RowPlan {
        let mut answers: Vec<usize> = (0..columns.len())
            .filter(|&i| matches!(columns[i], Column::Answer(_)))
            .collect();
        answers.sort_by(|&a, &b| id_of(&columns[a]).cmp(id_of(&columns[b])));
        RowPlan {
            columns: columns.to_vec(),
            answers,
        }
    }
}

fn id_of(c: &Column) -> &str {
    match c {
        Column::Answer(id) => id,
        _ => "",
    }
}

/// A table row as answers: cells kept as typed (trimmed; empty cells are
/// unanswered). Err: the first special cell (评估日期, 申请类型) that cannot
/// be read, in sheet order.
pub fn answers_from_cells(plan: &RowPlan, cells: &TableRow) -> Result<AnswersFile, String> {
    let mut answers = AnswersFile::new();
    for (i, column) in plan.columns.iter().enumerate() {
        let value = cells.get(i).trim();
        match column {
            Column::Name => {
                answers.enterprise_name = Some(value.to_owned()).filter(|v| !v.is_empty())
            }
            Column::Date if !value.is_empty() => {
                let date = Date::parse(value).filter(|_| value.len() == 10);
                answers.assessment_date = Some(date.ok_or_else(|| {
                    format!("「评估日期」“{value}”应写成 YYYY-MM-DD，例如 2026-11-22")
                })?);
            }
            Column::Application if !value.is_empty() => {
                answers.application = Some(match value {
                    "new" | "新申请" => Application::New,
                    "renewal" | "复核" => Application::Renewal,
                    _ => {
                        return Err(format!(
                            "「申请类型」只能是“新申请”或“复核”（new / renewal），现在是“{value}”"
                        ));
                    }
                })
            }
            _ => {}
        }
    }
    // Sorted pairs: the map is built in one pass (duplicates: the last wins).
    answers.answers = plan
        .answers
        .iter()
        .filter_map(|&i| {
            let value = cells.get(i).trim();
            (!value.is_empty())
                .then(|| (id_of(&plan.columns[i]).to_owned(), Typed(value.to_owned())))
        })
        .collect();
    Ok(answers)
}

/// What a firm's summary row is made from: the assessment and its gap
/// report as the summary reads it (`summary_gap_report`), without the
/// report's answer table and measure texts.
pub struct Outcome {
    pub name: Option<String>,
    pub assessment: Assessment,
    pub gaps: GapReport,
    /// The year each tier's report names (`timeline::earliest_years`).
    pub earliest: Vec<(Tier, Option<i32>)>,
}

/// The assessment and gap report of one firm (for the summary alone), or
/// its first problem.
pub fn assess_only(pack: &Pack, answers: &AnswersFile, today: Date) -> Result<Outcome, String> {
    let options = options_for(answers, today);
    let facts = Facts::read(pack, answers, options.date);
    first_error(&facts.errors)?;
    let assessment = engine::assess(pack, &facts, &options)?;
    let gaps = summary_gap_report(pack, &facts, &assessment);
    let earliest = engine::timeline::earliest_years(pack, &facts, &options, &assessment);
    Ok(Outcome {
        earliest,
        name: answers
            .enterprise_name
            .clone()
            .filter(|n| !n.trim().is_empty()),
        assessment,
        gaps,
    })
}

/// The report model of one firm, or its first problem (zh-CN, with how many more).
pub fn assess(pack: &Pack, answers: &AnswersFile, today: Date) -> Result<ReportModel, String> {
    let model = ReportModel::build(pack, answers, &options_for(answers, today))?;
    first_error(&model.assessment.errors)?;
    Ok(model)
}

/// A row with input errors is not assessed: its first error, and how many more.
fn first_error(errors: &[FieldError]) -> Result<(), String> {
    match errors {
        [] => Ok(()),
        [e] => Err(e.message.clone()),
        [e, rest @ ..] => Err(format!("{}（另有 {} 处）", e.message, rest.len())),
    }
}

fn reached(v: Verdict) -> bool {
    matches!(
        v,
        Verdict::Qualifies | Verdict::QualifiesToVerify | Verdict::Held | Verdict::NotNeeded
    )
}

/// The summary row of an assessed firm (its texts moved, not copied).
pub fn summary_row(
    ladder: &[(Tier, String)],
    row: usize,
    outcome: Outcome,
    report: String,
) -> SummaryRow {
    let Outcome {
        name,
        assessment,
        mut gaps,
        earliest,
    } = outcome;
    let mut summary = summary_row_of(
        ladder,
        row,
        name.as_deref(),
        &assessment,
        &gaps,
        &earliest,
        report,
        |_| Vec::new(),
    );
    // The blockers and deciding labels, moved out of the gap report.
    for ((tier, _), cells) in ladder.iter().zip(summary.tiers.iter_mut()) {
        if let Some(rung) = gaps.ladder.iter_mut().find(|r| r.tier == *tier) {
            if assessment.tiers.iter().any(|t| t.tier == *tier) {
                cells.blockers = std::mem::take(&mut rung.blockers);
            }
        }
    }
    summary.deciding = gaps.deciding.into_iter().map(|(_, label)| label).collect();
    summary
}

/// The summary row of a firm whose report model was built.
pub fn summary_row_of_model(
    ladder: &[(Tier, String)],
    row: usize,
    m: &ReportModel,
    report: String,
) -> SummaryRow {
    let earliest: Vec<(Tier, Option<i32>)> = m
        .advice
        .tiers
        .iter()
        .map(|t| (t.tier, t.apply_year()))
        .collect();
    let mut summary = summary_row_of(
        ladder,
        row,
        m.enterprise_name.as_deref(),
        &m.assessment,
        &m.gaps,
        &earliest,
        report,
        |r| r.blockers.clone(),
    );
    summary.deciding = m
        .gaps
        .deciding
        .iter()
        .map(|(_, label)| label.clone())
        .collect();
    summary
}

/// `ladder`: the pack's tiers, lowest first (one set of columns each).
/// `blockers`: a rung's blockers as its cells hold them; the deciding
/// labels are left to the caller.
fn summary_row_of(
    ladder: &[(Tier, String)],
    row: usize,
    name: Option<&str>,
    a: &Assessment,
    gaps: &GapReport,
    earliest: &[(Tier, Option<i32>)],
    report: String,
    blockers: impl Fn(&crate::engine::plan::Rung) -> Vec<String>,
) -> SummaryRow {
    let tiers = ladder
        .iter()
        .map(|(tier, _)| {
            let Some(t) = a.tiers.iter().find(|t| t.tier == *tier) else {
                return TierCells::default();
            };
            let rung = gaps.ladder.iter().find(|r| r.tier == *tier);
            let score = t
                .paths
                .iter()
                .filter_map(|p| {
                    p.score.as_ref().map(|s| {
                        if s.min == s.max {
                            format!("{} {}", p.path, s.min)
                        } else {
                            format!("{} {}–{}", p.path, s.min, s.max)
                        }
                    })
                })
                .collect::<Vec<_>>()
                .join("，");
            TierCells {
                verdict: t.verdict.label().to_owned(),
                score,
                blockers: rung.map(&blockers).unwrap_or_default(),
                // The year the firm's report names, by the same plan.
                earliest: earliest.iter().find(|(x, _)| x == tier).and_then(|(_, y)| *y),
            }
        })
        .collect();
    // The next tier: the lowest neither reached nor held.
    let next = gaps
        .ladder
        .iter()
        .find(|r| !reached(r.verdict) && !r.held.as_ref().is_some_and(|h| !h.expired));
    let (next_tier, gap_items, effort) = match next {
        Some(r) if r.verdict == Verdict::NotQualified => {
            let cost = gaps
                .plans
                .iter()
                .find(|p| p.tier == r.tier)
                .and_then(|p| p.cost.to_string().parse::<f64>().ok());
            (name_of(ladder, r), Some(r.blockers.len()), cost)
        }
        Some(r) => (name_of(ladder, r), None, None),
        None => (String::new(), None, None),
    };
    let open = a.tiers.iter().any(|t| t.verdict == Verdict::Undetermined);
    SummaryRow {
        row,
        name: name.unwrap_or_default().to_owned(),
        status: if open { OPEN } else { DONE }.to_owned(),
        size: a
            .size
            .verdict
            .as_ref()
            .map(|v| v.headline())
            .unwrap_or_default(),
        tiers,
        next_tier,
        gap_items,
        effort,
        deciding: Vec::new(),
        report,
        error: String::new(),
    }
}

/// A rung's tier by the name its summary columns carry.
fn name_of(ladder: &[(Tier, String)], r: &crate::engine::plan::Rung) -> String {
    ladder
        .iter()
        .find(|(t, _)| *t == r.tier)
        .map(|(_, n)| n.clone())
        .unwrap_or_else(|| r.label.clone())
}

/// The summary row of a row that could not be assessed.
pub fn error_row(tiers: usize, row: usize, name: Option<String>, message: String) -> SummaryRow {
    SummaryRow {
        tiers: vec![TierCells::default(); tiers],
        row,
        name: name.unwrap_or_default(),
        status: ERROR.to_owned(),
        error: message,
        ..Default::default()
    }
}
