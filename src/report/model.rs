//! What the report shows, assembled from pack + answers. Plain data, so the
//! browser and the CLI build the same model from the same inputs.

use crate::answers::{Answer, AnswersFile, UNKNOWN};
use crate::date::Date;
use crate::engine::plan::{GapReport, gap_report};
use crate::engine::timeline::{Advice, advise, platform_source};
use crate::engine::{Assessment, Options, assess};
use crate::facts::Facts;
use crate::num::Grouped;
use crate::rules::Measure;
use crate::rules::{Application, InputKind, Pack};

#[derive(Clone, Debug, PartialEq)]
pub struct AnswerRow {
    pub id: String,
    pub label: String,
    pub page: String,
    /// As shown: value with unit, option label, “不清楚”.
    pub shown: String,
    pub is_unknown: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReportModel {
    pub enterprise_name: Option<String>,
    pub pack_name: String,
    pub pack_version: String,
    pub pack_hash: String,
    pub assessment: Assessment,
    /// Gaps, plans, ladder, reminders.
    pub gaps: GapReport,
    /// The time-aware plans: when to apply, what each open year must reach.
    pub advice: Advice,
    /// The measures the plans cite, in catalogue order.
    pub measures: Vec<Measure>,
    /// The cost model's assumptions, printed with the plans.
    pub cost_assumptions: String,
    /// Answers given (不清楚 included), in question order.
    pub answers: Vec<AnswerRow>,
    /// How many questions were left empty.
    pub unanswered: usize,
}

/// The options an answers file asks for, with `today` as the default date.
pub fn options_for(answers: &AnswersFile, today: Date) -> Options {
    Options {
        date: answers.assessment_date.unwrap_or(today),
        application: answers.application.unwrap_or(Application::New),
        settings: answers.settings.clone(),
    }
}

impl ReportModel {
    pub fn build(
        pack: &Pack,
        answers: &AnswersFile,
        options: &Options,
    ) -> Result<ReportModel, String> {
        let facts = Facts::read(pack, answers, options.date);
        ReportModel::from_facts(pack, answers, &facts, options)
    }

    /// Like [`ReportModel::build`], from the facts already read from
    /// `answers` for `options.date` (the CLI reads them once, for the input
    /// errors and the report).
    pub fn from_facts(
        pack: &Pack,
        answers: &AnswersFile,
        facts: &Facts,
        options: &Options,
    ) -> Result<ReportModel, String> {
        let assessment = assess(pack, facts, options)?;
        let gaps = gap_report(pack, facts, &assessment);
        let advice = advise(pack, facts, options, &assessment);
        let mut cited: Vec<&String> = gaps
            .plans
            .iter()
            .flat_map(|p| &p.steps)
            .flat_map(|s| &s.measures)
            .collect();
        for t in &advice.tiers {
            let items = match &t.standing {
                crate::engine::timeline::Standing::Plan(p) => &p.items[..],
                crate::engine::timeline::Standing::Held {
                    renewal: Some(r), ..
                } => &r.items[..],
                _ => &[],
            };
            cited.extend(items.iter().filter(|i| !i.keep).flat_map(|i| &i.measures));
        }
        let measures = pack
            .shown_measures()
            .filter(|m| cited.contains(&&m.id))
            .cloned()
            .collect();
        let (rows, unanswered) = answer_rows(pack, answers, options);
        let mut model = ReportModel {
            enterprise_name: answers
                .enterprise_name
                .clone()
                .filter(|n| !n.trim().is_empty()),
            pack_name: pack.meta.name.clone(),
            pack_version: pack.meta.version.clone(),
            pack_hash: pack.content_hash.clone(),
            assessment,
            gaps,
            advice,
            measures,
            cost_assumptions: pack.cost_model.assumptions.clone(),
            answers: rows,
            unanswered,
        };
        super::years::name_model_years(&mut model);
        // A deciding unknown only the 培育平台 gives says so, and how to get
        // it, wherever the report names it.
        let from_platform = |id: &str, label: &str| match platform_source(pack, id) {
            Some(how) => format!("{label}（{how}）"),
            None => label.to_owned(),
        };
        for (id, label) in &mut model.gaps.deciding {
            *label = from_platform(id, label);
        }
        for d in model
            .assessment
            .tiers
            .iter_mut()
            .flat_map(|t| t.paths.iter_mut())
            .flat_map(|p| p.deciding.iter_mut())
        {
            d.label = from_platform(&d.input, &d.label);
        }
        Ok(model)
    }
}

/// The answers given (不清楚 included) as shown, in question order, and how
/// many questions this firm is asked that are still empty: for the report
/// and for the 核对填报 page, which needs nothing else of the report.
pub fn answer_rows(
    pack: &Pack,
    answers: &AnswersFile,
    options: &Options,
) -> (Vec<AnswerRow>, usize) {
    let mut rows = Vec::new();
    let mut unanswered = 0;
    // Count as 未填写 only what this firm is asked (the standards in
    // force on the date, their show_if, years a 新申请 is asked).
    let asked = crate::questionnaire::Asked::new(pack, answers, options.date, options.application);
    for def in &pack.inputs {
        let years_asked = match (options.application, def.new_years) {
            (Application::New, Some(n)) => usize::from(n),
            _ => usize::MAX,
        };
        for (i, id) in def.answer_ids().into_iter().enumerate() {
            let typed = answers.typed(&id).trim();
            if typed.is_empty() {
                if i < years_asked && asked.asks(def) {
                    unanswered += 1;
                }
                continue;
            }
            let shown = if typed == UNKNOWN {
                UNKNOWN.to_owned()
            } else {
                match def.kind {
                    InputKind::Choice => match answers.choice(pack, &id) {
                        Ok(Answer::Value(v)) => pack
                            .size_class
                            .industry(&v)
                            .map(|i| i.name.clone())
                            .or_else(|| {
                                def.options
                                    .iter()
                                    .find(|o| o.value == v)
                                    .map(|o| o.label.clone())
                            })
                            .unwrap_or(v),
                        _ => format!("{typed}（无法读取）"),
                    },
                    // A date the facts stage refuses reads as unknown: the
                    // appendix says so beside what was typed.
                    InputKind::Date
                        if crate::date::Date::parse(typed).is_none()
                            && typed != crate::facts::NONE_WORD =>
                    {
                        format!("{typed}（无法读取，按未知处理）")
                    }
                    // A title's date without its day counts from the
                    // period's last day (Facts::read says so too).
                    InputKind::Date => match crate::facts::title_date_counted(pack, &def.id, typed)
                    {
                        Some(d) => format!("{typed}（按 {d} 计）"),
                        None => typed.to_owned(),
                    },
                    InputKind::Yesno => typed.to_owned(),
                    _ => match answers.number(pack, &id) {
                        Ok(Answer::Value(v)) => {
                            format!("{} {}", Grouped(v), def.unit.as_deref().unwrap_or(""))
                                .trim_end()
                                .to_owned()
                        }
                        _ => format!("{typed}（无法读取）"),
                    },
                }
            };
            rows.push(AnswerRow {
                label: def.label_of(&id),
                page: def.page.clone(),
                is_unknown: typed == UNKNOWN || shown.ends_with("（无法读取，按未知处理）"),
                id,
                shown,
            });
        }
    }
    (rows, unanswered)
}
