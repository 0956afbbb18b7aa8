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
    /// (column index, the pack's answer slot) of each answer column the
    /// pack asks, in sheet order: a summary-only row is read into facts
    /// straight from its cells (`Facts::read_typed`), without an answers
    /// file.
    slots: Vec<(usize, usize)>,
    /// The pack's number of answer slots.
    slot_count: usize,
}

impl RowPlan {
    pub fn new(pack: &Pack, columns: &[Column]) -> RowPlan {
        let mut answers: Vec<usize> = (0..columns.len())
            .filter(|&i| matches!(columns[i], Column::Answer(_)))
            .collect();
        answers.sort_by(|&a, &b| id_of(&columns[a]).cmp(id_of(&columns[b])));
        let slots = pack.slots();
        RowPlan {
            slots: (0..columns.len())
                .filter_map(|i| match &columns[i] {
                    Column::Answer(id) => slots.slot(id).map(|s| (i, s)),
                    _ => None,
                })
                .collect(),
            slot_count: slots.len(),
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
    let mut answers = heading(plan, cells)?;
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

/// A table row's special cells (企业名称, 评估日期, 申请类型) as an answers
/// file without answers. Err: the first special cell that cannot be read,
/// in sheet order.
fn heading(plan: &RowPlan, cells: &TableRow) -> Result<AnswersFile, String> {
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
    outcome_of(pack, answers, &facts, &options)
}

/// [`assess_only`] of a table row, its answers read into facts straight
/// from the cells (the same facts as through [`answers_from_cells`]: empty
/// cells unanswered, text trimmed, of two columns with one id the later
/// non-empty one). Err: a special cell that cannot be read (the name not
/// yet known: `None`), or the firm's first problem (with its name).
pub fn assess_cells(
    pack: &Pack,
    plan: &RowPlan,
    cells: &TableRow,
    today: Date,
) -> Result<Outcome, (Option<String>, String)> {
    let (head, options, facts) = facts_of_cells(pack, plan, cells, today)?;
    outcome_of(pack, &head, &facts, &options).map_err(|e| (head.enterprise_name, e))
}

/// A table row's special cells (as an answers file without answers), the
/// engine options they give, and its facts read straight from the cells.
/// Err: a special cell that cannot be read (the name not yet known).
pub fn facts_of_cells(
    pack: &Pack,
    plan: &RowPlan,
    cells: &TableRow,
    today: Date,
) -> Result<(AnswersFile, engine::Options, Facts), (Option<String>, String)> {
    let head = heading(plan, cells).map_err(|e| (None, e))?;
    let options = options_for(&head, today);
    let mut typed_at = vec![""; plan.slot_count];
    for &(column, slot) in &plan.slots {
        let value = cells.get(column).trim();
        if !value.is_empty() {
            typed_at[slot] = value;
        }
    }
    let facts = Facts::read_typed(pack, &typed_at, options.date);
    Ok((head, options, facts))
}

fn outcome_of(
    pack: &Pack,
    answers: &AnswersFile,
    facts: &Facts,
    options: &engine::Options,
) -> Result<Outcome, String> {
    first_error(&facts.errors)?;
    let assessment = engine::assess(pack, facts, options)?;
    let gaps = summary_gap_report(pack, facts, &assessment);
    let earliest = engine::timeline::earliest_years(pack, facts, options, &assessment);
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
pub fn first_error(errors: &[FieldError]) -> Result<(), String> {
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
/// `pack`: the deciding answers are named as the summary-only path names
/// them (the report's own wording adds years and where to get a score, too
/// long for a cell), so both runs give the same summary.
pub fn summary_row_of_model(
    pack: &Pack,
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
        .map(|(id, _)| plain_label(pack, id))
        .collect();
    summary
}

/// An answer's label with its year (“营业收入（上年度）”), as the engine
/// names a deciding answer.
fn plain_label(pack: &Pack, id: &str) -> String {
    let slots = pack.slots();
    match slots.slot(id) {
        Some(s) => slots.label(s).to_string(),
        None => pack
            .input(id)
            .map(|d| d.label_of(id))
            .unwrap_or_else(|| id.to_owned()),
    }
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
                earliest: earliest
                    .iter()
                    .find(|(x, _)| x == tier)
                    .and_then(|(_, y)| *y),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A summary-only row read straight from its cells gives the facts and
    /// the summary row the answers-file path gives: fixture firms and their
    /// variants (blank, 不清楚, unreadable cells, two columns with one id,
    /// a question the pack does not ask, bad special cells).
    #[test]
    fn facts_from_cells_equal_facts_through_the_answers_file() {
        let pack = Pack::national();
        let today = Date::new(2026, 11, 30);
        let ladder: Vec<(Tier, String)> =
            pack.tiers.iter().map(|t| (t.id, t.name.clone())).collect();
        let mut checked = 0;
        for fixture in ["industrial-medium.json", "firm-rd-short.json"] {
            let text = std::fs::read_to_string(format!("tests/fixtures/{fixture}")).unwrap();
            let file = AnswersFile::from_json(&text).unwrap();
            let mut columns = vec![Column::Name, Column::Date, Column::Application];
            let mut base = vec!["甲公司".to_owned(), String::new(), "新申请".to_owned()];
            for (id, typed) in &file.answers {
                columns.push(Column::Answer(id.clone()));
                base.push(format!(" {} ", typed.0));
            }
            // Two columns with one id (the later non-empty one counts), a
            // column the pack does not ask, an ignored one.
            let first = file.answers.keys().next().unwrap().clone();
            columns.push(Column::Answer(first.clone()));
            base.push(String::new());
            columns.push(Column::Answer("no_such_question".into()));
            base.push("12".into());
            columns.push(Column::Ignore);
            base.push("x".into());
            let plan = RowPlan::new(&pack, &columns);
            let last = columns.len() - 3;
            let variants: Vec<Box<dyn Fn(&mut Vec<String>)>> = vec![
                Box::new(|_| {}),
                Box::new(|c| c[3] = String::new()),
                Box::new(|c| c[4] = "不清楚".into()),
                Box::new(|c| c[5] = "abc".into()),
                Box::new(move |c| c[last] = "不清楚".into()),
                Box::new(|c| c[0] = String::new()),
                Box::new(|c| c[1] = "2025-06-30".into()),
                Box::new(|c| c[1] = "2025/6/30".into()),
                Box::new(|c| c[2] = "复核".into()),
                Box::new(|c| c[2] = "重新申请".into()),
                Box::new(|c| c.iter_mut().skip(3).for_each(|v| *v = "是".into())),
            ];
            for change in &variants {
                let mut cells = base.clone();
                change(&mut cells);
                let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
                let row = TableRow::of(&refs);
                let through_file = answers_from_cells(&plan, &row).and_then(|answers| {
                    let options = options_for(&answers, today);
                    let facts = Facts::read(&pack, &answers, options.date);
                    assert_eq!(
                        facts,
                        Facts::read_typed(&pack, &typed_by_slot(&pack, &plan, &row), options.date)
                    );
                    assess_only(&pack, &answers, today)
                        .map_err(|e| format!("{:?}：{e}", answers.enterprise_name))
                });
                let direct =
                    assess_cells(&pack, &plan, &row, today).map_err(|(name, e)| match name {
                        Some(_) => format!("{name:?}：{e}"),
                        None => e,
                    });
                match (through_file, direct) {
                    (Ok(a), Ok(b)) => {
                        assert_eq!(
                            summary_row(&ladder, 2, a, String::new()),
                            summary_row(&ladder, 2, b, String::new())
                        );
                        checked += 1;
                    }
                    (Err(a), Err(b)) => assert_eq!(a, b),
                    (a, b) => panic!("{:?} against {:?}", a.err(), b.err()),
                }
            }
        }
        assert!(checked >= 10, "only {checked} rows assessed");
    }

    fn typed_by_slot<'a>(pack: &Pack, plan: &RowPlan, row: &'a TableRow) -> Vec<&'a str> {
        let mut typed = vec![""; pack.slots().len()];
        for &(c, s) in &plan.slots {
            if !row.get(c).trim().is_empty() {
                typed[s] = row.get(c).trim();
            }
        }
        typed
    }
}
