//! Question definitions (`inputs.toml`): label, unit, help text citing the
//! clause, kind of answer, page. Views and the CLI build from these, so a
//! provincial pack adds questions without code.

use super::{Cond, PackError};
use crate::num::NumberKind;
use serde::Deserialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    Count,
    Money,
    Percent,
    Score,
    Yesno,
    Choice,
    Date,
}

impl InputKind {
    pub fn number_kind(self) -> Option<NumberKind> {
        match self {
            InputKind::Count => Some(NumberKind::Count),
            InputKind::Money => Some(NumberKind::Money),
            InputKind::Percent | InputKind::Score => Some(NumberKind::Money),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub value: String,
    pub label: String,
}

/// Where a value comes from: the enterprise's own books, or the official
/// 培育平台 (never computed locally).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    #[default]
    Enterprise,
    Platform,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputDef {
    pub id: String,
    pub label: String,
    pub kind: InputKind,
    #[serde(default)]
    pub unit: Option<String>,
    pub help: String,
    pub page: String,
    /// Asked per fiscal year: ids `id.y1` (上年度) … `id.yN`.
    #[serde(default)]
    pub years: Option<u8>,
    /// Years asked of a 新申请 (the rest only for 复核): the platform score
    /// of the year before counts only for renewals.
    #[serde(default)]
    pub new_years: Option<u8>,
    /// How each year is called; default 上年度 / 前年 / 大前年.
    #[serde(default)]
    pub year_labels: Vec<String>,
    #[serde(default)]
    pub origin: Origin,
    #[serde(default)]
    pub allow_negative: bool,
    #[serde(default)]
    pub options: Vec<ChoiceOption>,
    /// Options taken from a rule set (industry list from size_class).
    #[serde(default)]
    pub options_from: Option<String>,
    /// Rule sets that read this question (ids): it is asked only while one
    /// of them applies on the assessment date. Empty: always asked.
    #[serde(default)]
    pub asked_by: Vec<String>,
    /// Asked only when this holds on the answers so far (an unknown answer
    /// asks it): e.g. only for the industries where it matters.
    #[serde(default)]
    pub show_if: Option<Cond>,
    /// Questions this answer cannot exceed (主营业务收入 ≤ 营业收入), year by
    /// year when both are asked per year: an input error.
    #[serde(default)]
    pub not_above: Vec<String>,
    /// A question this answer is rarely above (研发费用 > 营业收入): a warning.
    #[serde(default)]
    pub warn_above: Option<String>,
    /// The warning's text instead of the general one.
    #[serde(default)]
    pub warn_above_text: Option<String>,
    /// A value from which the answer is implausible (营业收入 ≥ 100 亿元 in
    /// 万元: typed in 元?), with its warning ({label}, {value}).
    #[serde(default)]
    pub warn_from: Option<super::Threshold>,
    #[serde(default)]
    pub warn_from_text: Option<String>,
    /// A date question only: what “无” typed in it means, echoed beside the
    /// field as “已读取：无（…）”: “尚未取得” for a title, “未发生” for an
    /// incident. Policy wording, so it lives in the pack; None echoes “无”.
    #[serde(default)]
    pub none_text: Option<String>,
}

impl InputDef {
    /// Where a value only the 培育平台 gives comes from and how to get it, in
    /// the pack's own words: the first sentence of `help` (“由优质中小企业
    /// 梯度培育平台按……自动计算，企业不能自行复算；请登录平台查看”), with
    /// no “；” (lists of deciding unknowns are joined, and split in
    /// summary.csv, by it). None for a question the firm answers itself.
    pub fn platform_source(&self) -> Option<String> {
        if self.origin != Origin::Platform {
            return None;
        }
        // Non-empty: checked at load (`parse`).
        let help = self.help.trim();
        let first = help.split_once('。').map(|(f, _)| f).unwrap_or(help);
        Some(first.replace('；', "，"))
    }

    /// The answer ids this question produces, in order.
    pub fn answer_ids(&self) -> Vec<String> {
        match self.years {
            Some(n) => (1..=n).map(|y| format!("{}.y{y}", self.id)).collect(),
            None => vec![self.id.clone()],
        }
    }

    /// The label of one answer id, with its year: “营业收入（上年度）”.
    pub fn label_of(&self, answer_id: &str) -> String {
        const DEFAULT: [&str; 3] = ["上年度", "前年", "大前年"];
        match Self::year_of(answer_id) {
            Some(y) if self.years.is_some() => {
                let i = usize::from(y.saturating_sub(1));
                let year = self
                    .year_labels
                    .get(i)
                    .map(String::as_str)
                    .or(DEFAULT.get(i).copied())
                    .unwrap_or("");
                format!("{}（{year}）", self.label)
            }
            _ => self.label.clone(),
        }
    }

    /// The answer-id pairs (this, other) that `not_above` / `warn_above`
    /// compare: year by year when both are asked per year, else each year
    /// of the one against the other's single answer.
    pub fn pairs_with(&self, other: &InputDef) -> Vec<(String, String)> {
        match (self.years, other.years) {
            (Some(a), Some(b)) => (1..=a.min(b))
                .map(|y| (format!("{}.y{y}", self.id), format!("{}.y{y}", other.id)))
                .collect(),
            _ => {
                let theirs = other.answer_ids();
                self.answer_ids()
                    .into_iter()
                    .flat_map(|m| theirs.iter().map(move |t| (m.clone(), t.clone())))
                    .collect()
            }
        }
    }

    /// The year suffix of an answer id (`operating_revenue.y2` → 2).
    pub fn year_of(answer_id: &str) -> Option<u8> {
        answer_id
            .rsplit_once(".y")
            .and_then(|(_, y)| y.parse().ok())
    }
}

/// Help for the two answers every questionnaire starts with (`[basics_help]`
/// in `inputs.toml`), in the pack's words: which standards a date selects
/// is policy, so a province can reword it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasicsHelp {
    /// 评估日期: how to write it and which standards it selects.
    pub assessment_date: String,
    /// 申请类型: 新申请 or 复核, and what 复核 means.
    pub application: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InputsFile {
    basics_help: BasicsHelp,
    inputs: Vec<InputDef>,
}

pub(super) fn parse(text: &str) -> Result<(BasicsHelp, Vec<InputDef>), PackError> {
    let file: InputsFile = super::parse("inputs.toml", text)?;
    for (key, value) in [
        ("assessment_date", &file.basics_help.assessment_date),
        ("application", &file.basics_help.application),
    ] {
        if value.trim().is_empty() {
            return Err(PackError(format!(
                "inputs.toml [basics_help] 的 {key} 为空：请写上问卷开头这一问的说明"
            )));
        }
    }
    for (i, def) in file.inputs.iter().enumerate() {
        let err = |what: &str| {
            Err(PackError(format!(
                "inputs.toml 输入“{}”（{}）：{what}",
                def.id, def.label
            )))
        };
        if file.inputs[..i].iter().any(|d| d.id == def.id) {
            return err("重复定义");
        }
        let first_sentence = def.help.trim().split('。').next().unwrap_or("").trim();
        if def.origin == Origin::Platform && first_sentence.is_empty() {
            return err(
                "只能从培育平台获取（origin = \"platform\"），help 须写明从哪里取得、怎么取得（报告引用其第一句）",
            );
        }
        if def.kind.number_kind().is_some() && def.unit.is_none() {
            return err("是数值，缺少 unit");
        }
        if def.kind == InputKind::Choice && def.options.is_empty() && def.options_from.is_none() {
            return err("是选择题，缺少 options");
        }
        if let Some(none) = &def.none_text {
            if def.kind != InputKind::Date {
                return err("不是日期题，不应有 none_text（“无”的读法只用于日期题）");
            }
            if none.trim().is_empty() {
                return err("none_text 为空：写上填“无”的意思，如“尚未取得”“未发生”，或删去这一项");
            }
        }
        if def.kind != InputKind::Choice && !def.options.is_empty() {
            return err("不是选择题，不应有 options");
        }
        for other in def.not_above.iter().chain(def.warn_above.iter()) {
            match file.inputs.iter().find(|d| &d.id == other) {
                Some(o) if o.kind.number_kind().is_some() && def.kind.number_kind().is_some() => {}
                _ => {
                    return err(&format!(
                        "not_above / warn_above 里的“{other}”不是数值问题：两边都须是数值问题的 id"
                    ));
                }
            }
        }
    }
    Ok((file.basics_help, file.inputs))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASICS: &str =
        "[basics_help]\nassessment_date = \"按评估日期选标准\"\napplication = \"新申请或复核\"\n";

    #[test]
    fn none_text_is_read_and_only_allowed_on_dates() {
        let date = format!(
            "{BASICS}[[inputs]]\nid = \"tax_evasion_date\"\nlabel = \"最近一次偷漏税的时间\"\nkind = \"date\"\n\
             page = \"合规\"\nhelp = \"从未发生填“无”。\"\nnone_text = \"未发生\"\n"
        );
        let (_, inputs) = parse(&date).expect("a date may say what 无 means");
        assert_eq!(inputs[0].none_text.as_deref(), Some("未发生"));
        let count = date.replace("kind = \"date\"", "kind = \"count\"\nunit = \"次\"");
        let e = parse(&count).expect_err("none_text on a number");
        assert!(e.0.contains("不是日期题，不应有 none_text"), "{}", e.0);
        let blank = date.replace("none_text = \"未发生\"", "none_text = \" \"");
        assert!(
            parse(&blank)
                .expect_err("blank none_text")
                .0
                .contains("none_text 为空")
        );
    }

    #[test]
    fn national_titles_are_not_held_and_incidents_did_not_happen() {
        let pack = crate::rules::Pack::national();
        let none = |id: &str| pack.input(id).unwrap().none_text.clone();
        assert_eq!(none("title_specialised_date").as_deref(), Some("尚未取得"));
        for id in [
            "safety_incident_date",
            "tax_evasion_date",
            "data_fraud_date",
        ] {
            assert_eq!(none(id).as_deref(), Some("未发生"), "{id}");
        }
    }
}
