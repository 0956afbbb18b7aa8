//! What the report shows, assembled from pack + answers. Plain data, so the
//! browser and the CLI build the same model from the same inputs.

use crate::answers::{AnswersFile, UNKNOWN};
use crate::engine::size_class::{self, SizeAssessment};
use crate::rules::{InputKind, Metric, Pack};

#[derive(Clone, Debug, PartialEq)]
pub struct AnswerRow {
    pub id: String,
    pub label: String,
    /// As shown: value with unit, “不清楚”, or “（未填写）”.
    pub shown: String,
    pub is_unknown: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReportModel {
    pub enterprise_name: Option<String>,
    pub date: String,
    pub pack_name: String,
    pub pack_version: String,
    pub assessment: SizeAssessment,
    pub answers: Vec<AnswerRow>,
}

impl ReportModel {
    pub fn build(pack: &Pack, answers: &AnswersFile, date: &str) -> ReportModel {
        let assessment = size_class::assess(pack, answers);
        let industry = pack.size_class.industry(answers.typed("industry"));
        // A measure the chosen industry's rule does not read is not asked
        // in the form; the appendix says so instead of showing a stale value.
        let unused = |id: &str| {
            industry.is_some_and(|ind| {
                Metric::ALL.iter().any(|m| m.input_id() == id) && !ind.metrics().iter().any(|m| m.input_id() == id)
            })
        };
        let rows = pack
            .inputs
            .iter()
            .map(|def| {
                let typed = answers.typed(&def.id).trim();
                let shown = if unused(&def.id) {
                    "（本行业划型不需要）".to_owned()
                } else if typed.is_empty() {
                    "（未填写）".to_owned()
                } else if typed == UNKNOWN {
                    UNKNOWN.to_owned()
                } else if def.kind == InputKind::Choice && def.id == "industry" {
                    pack.size_class.industry(typed).map(|i| i.name.clone()).unwrap_or_else(|| typed.to_owned())
                } else {
                    match (answers.number(pack, &def.id), &def.unit) {
                        (Ok(crate::answers::Answer::Value(v)), Some(unit)) => {
                            format!("{} {unit}", crate::num::Grouped(v))
                        }
                        _ => format!("{typed}（无法读取）"),
                    }
                };
                AnswerRow { id: def.id.clone(), label: def.label.clone(), is_unknown: typed == UNKNOWN && !unused(&def.id), shown }
            })
            .collect();
        ReportModel {
            enterprise_name: answers.enterprise_name.clone().filter(|n| !n.trim().is_empty()),
            date: date.to_owned(),
            pack_name: pack.meta.name.clone(),
            pack_version: pack.meta.version.clone(),
            assessment,
            answers: rows,
        }
    }
}
