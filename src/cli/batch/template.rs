//! `zjtx batch --template xlsx|csv`: an empty 培育库 with the pack's
//! questions as column headers (the year as a number: “营业收入（2025年）”),
//! and, in the xlsx, each column's unit, accepted values and help as a note.

use super::summary::write_whole;
use crate::rules::{InputKind, Pack};
use rust_xlsxwriter::{Format, Note, Workbook, XlsxError};
use std::path::Path;

/// One column: header, note.
fn columns(pack: &Pack, year: i32) -> Vec<(String, String)> {
    let mut cols = vec![
        (
            "企业名称".to_owned(),
            "印在报告上，也用作报告文件名。".to_owned(),
        ),
        (
            "评估日期".to_owned(),
            "YYYY-MM-DD；空则为命令行 --date 或今天。".to_owned(),
        ),
        (
            "申请类型".to_owned(),
            "新申请 或 复核；空则为新申请。".to_owned(),
        ),
    ];
    for def in &pack.inputs {
        let accepted = match def.kind {
            InputKind::Yesno => "填 是 或 否".to_owned(),
            InputKind::Date => "填日期 YYYY-MM 或 YYYY-MM-DD".to_owned(),
            InputKind::Choice if def.options_from.as_deref() == Some("size_class") => format!(
                "填其中之一：{}",
                pack.size_class
                    .industries
                    .iter()
                    .map(|i| i.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            InputKind::Choice => format!(
                "填其中之一：{}",
                def.options
                    .iter()
                    .map(|o| o.label.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            _ => format!(
                "填数字{}",
                def.unit
                    .as_deref()
                    .map(|u| format!("，单位：{u}"))
                    .unwrap_or_default()
            ),
        };
        let note = format!("{accepted}；不知道填“不清楚”。\n{}", plain_help(&def.help));
        for id in def.answer_ids() {
            let header = match crate::rules::InputDef::year_of(&id).filter(|_| def.years.is_some())
            {
                Some(back) => format!("{}（{}年）", def.label, year - i32::from(back)),
                None => def.label.clone(),
            };
            cols.push((header, note.clone()));
        }
    }
    cols
}

/// Help text without the source-grade codes and review notes meant for the
/// pack's maintainers.
fn plain_help(help: &str) -> String {
    let mut out = String::new();
    let mut rest = help;
    while let Some(start) = rest.find(['（', '(']) {
        let open = rest[start..].chars().next().expect("found");
        let close = if open == '（' { '）' } else { ')' };
        let Some(len) = rest[start..].find(close) else {
            break;
        };
        let inner = &rest[start + open.len_utf8()..start + len];
        out.push_str(&rest[..start]);
        let codes = ["[V]", "[C]", "[S]", "UNCONFIRMED"];
        let drop = inner.contains("待核") || codes.iter().any(|c| inner.trim() == *c);
        if !drop {
            out.push_str(&rest[start..start + len + close.len_utf8()]);
        }
        rest = &rest[start + len + close.len_utf8()..];
    }
    out.push_str(rest);
    for code in ["[V]", "[C]", "[S]", "UNCONFIRMED", "，待核", "待核"] {
        out = out.replace(code, "");
    }
    out.replace("（）", "")
        .replace("()", "")
        .replace(" ，", "，")
        .replace(" 。", "。")
}

/// Writes the template to `path` (xlsx or csv by `kind`).
pub fn write(pack: &Pack, kind: &str, path: &Path, year: i32) -> Result<(), String> {
    let cols = columns(pack, year);
    match kind {
        "csv" => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(cols.iter().map(|(h, _)| h))
                .map_err(|e| e.to_string())?;
            let mut bytes = "\u{feff}".as_bytes().to_vec();
            bytes.extend(w.into_inner().map_err(|e| e.to_string())?);
            write_whole(path, &bytes)
        }
        "xlsx" => {
            let err = |e: XlsxError| format!("写不了模板 {}：{e}", path.display());
            let mut book = Workbook::new();
            let sheet = book.add_worksheet();
            sheet.set_name("培育库").map_err(err)?;
            let bold = Format::new().set_bold().set_text_wrap();
            sheet.set_row_height(0, 45).map_err(err)?;
            for (c, (h, note)) in cols.iter().enumerate() {
                let c = c as u16;
                sheet
                    .write_string_with_format(0, c, h, &bold)
                    .map_err(err)?;
                sheet
                    .set_column_width(c, if c == 0 { 28 } else { 16 })
                    .map_err(err)?;
                sheet
                    .insert_note(0, c, &Note::new(note).set_width(360).set_height(160))
                    .map_err(err)?;
            }
            sheet.set_freeze_panes(1, 1).map_err(err)?;
            let bytes = book.save_to_buffer().map_err(err)?;
            write_whole(path, &bytes)
        }
        other => Err(format!("--template 只能是 xlsx 或 csv，现在是“{other}”。")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_without_maintainer_codes() {
        let h = plain_help(
            "按 16 个行业选择；工业一般包括采矿业（此口径未取到原文，待核）。63号（[C]）；115号 1（[V]）。",
        );
        assert_eq!(h, "按 16 个行业选择；工业一般包括采矿业。63号；115号 1。");
        for def in &Pack::national().inputs {
            let h = plain_help(&def.help);
            assert!(
                !h.contains("[S]")
                    && !h.contains("[C]")
                    && !h.contains("[V]")
                    && !h.contains("待核")
                    && !h.contains("UNCONFIRMED"),
                "{h}"
            );
        }
    }
}
