//! The summary: one row per firm, the same row in summary.csv (appended as
//! the batch goes, so an interrupted run keeps what it finished),
//! summary.xlsx (written at the end, constant memory) and the 画像 page.
//! Every text cell goes through `escape::spreadsheet_cell`.

use crate::escape::spreadsheet_cell;
use rust_xlsxwriter::{Format, Url, Workbook, XlsxError};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

pub const CSV_NAME: &str = "summary.csv";
pub const XLSX_NAME: &str = "summary.xlsx";

/// 状态 of a row.
pub const DONE: &str = "完成";
pub const OPEN: &str = "有未知项";
pub const ERROR: &str = "错误";

/// One tier's cells.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TierCells {
    /// 符合 / 符合（有待核实项）/ 不符合 / 无法确定.
    pub verdict: String,
    /// Score ranges per standard (“创新型评价 65–70”), when the tier is scored.
    pub score: String,
    /// Criteria still to meet along the cheapest standard.
    pub blockers: Vec<String>,
    /// The earliest year the tier can be applied for, when it can be told.
    pub earliest: Option<i32>,
}

/// One firm's row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SummaryRow {
    /// The input row (as the sheet shows it).
    pub row: usize,
    pub name: String,
    /// [`DONE`], [`OPEN`] or [`ERROR`].
    pub status: String,
    /// 企业规模 (中型企业 …, or the range when unknowns leave it open).
    pub size: String,
    /// In [`Tier::ALL`] order.
    pub tiers: Vec<TierCells>,
    /// The lowest tier not yet reached (or held).
    pub next_tier: String,
    /// Criteria still to meet for `next_tier`; None when unknowns decide it.
    pub gap_items: Option<usize>,
    /// Relative effort of the cheapest plan to `next_tier` (the pack's cost model).
    pub effort: Option<f64>,
    /// Unknown answers that decide a verdict (question labels).
    pub deciding: Vec<String>,
    /// The firm's report file, relative to the output folder.
    pub report: String,
    /// Why the row could not be assessed.
    pub error: String,
}

const LIST: &str = "；";

/// `items` joined with [`LIST`], appended to `out`.
fn join_into(out: &mut String, items: &[String]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(LIST);
        }
        out.push_str(item);
    }
}

/// The column titles, in order.
/// `tiers`: the pack's tier names, lowest first.
pub fn header(tiers: &[String]) -> Vec<String> {
    let mut h: Vec<String> = ["行号", "企业名称", "状态", "企业规模"]
        .map(String::from)
        .to_vec();
    for l in tiers {
        h.extend([
            format!("{l} 结论"),
            format!("{l} 评分"),
            format!("{l} 主要差距"),
            format!("{l} 最早申报年度"),
        ]);
    }
    h.extend(
        [
            "下一梯度",
            "距下一梯度差距项数",
            "改进工作量（相对）",
            "决定结论的未知项",
            "报告文件",
            "错误说明",
        ]
        .map(String::from),
    );
    h
}

/// A cell: text or a number (XLSX keeps numbers as numbers).
enum Cell<'a> {
    Text(&'a str),
    /// Texts joined with [`LIST`] into one cell.
    List(&'a [String]),
    Int(Option<i64>),
    Num(Option<f64>),
}

/// Cells per row: 4 + 4 per tier + 6.
const FIXED_CELLS: usize = 10;

impl SummaryRow {
    fn cells(&self) -> Vec<Cell<'_>> {
        let mut c = Vec::with_capacity(FIXED_CELLS + 4 * self.tiers.len());
        c.extend([
            Cell::Int(Some(self.row as i64)),
            Cell::Text(&self.name),
            Cell::Text(&self.status),
            Cell::Text(&self.size),
        ]);
        for t in &self.tiers {
            c.extend([
                Cell::Text(&t.verdict),
                Cell::Text(&t.score),
                Cell::List(&t.blockers),
                Cell::Int(t.earliest.map(i64::from)),
            ]);
        }
        c.extend([
            Cell::Text(&self.next_tier),
            Cell::Int(self.gap_items.map(|n| n as i64)),
            Cell::Num(self.effort),
            Cell::List(&self.deciding),
            Cell::Text(&self.report),
            Cell::Text(&self.error),
        ]);
        c
    }

    /// Hands each cell's CSV text to `field`, in order; `scratch` holds the
    /// texts that are not in the row as they are written (lists, numbers).
    fn each_text_cell(&self, scratch: &mut String, mut field: impl FnMut(&str)) {
        for c in self.cells() {
            scratch.clear();
            match c {
                Cell::Text(s) => {
                    field(&spreadsheet_cell(s));
                    continue;
                }
                Cell::List(l) => join_into(scratch, l),
                Cell::Int(n) => {
                    if let Some(n) = n {
                        let _ = write!(scratch, "{n}");
                    }
                }
                Cell::Num(n) => {
                    if let Some(n) = n {
                        let _ = write!(scratch, "{n}");
                    }
                }
            }
            field(&spreadsheet_cell(scratch));
        }
    }

    /// The row as CSV text cells.
    #[cfg(test)]
    fn text_cells(&self) -> Vec<String> {
        let mut cells = Vec::new();
        self.each_text_cell(&mut String::new(), |c| cells.push(c.to_owned()));
        cells
    }

    /// Reads a row back from summary.csv (for `--resume`); None when it is
    /// not a whole row (a run stopped while writing it).
    pub fn from_cells(cells: &[String], tiers: usize) -> Option<SummaryRow> {
        if cells.len() != 4 + 4 * tiers + 6 {
            return None;
        }
        let text = |i: usize| plain(&cells[i]);
        let list = |i: usize| -> Vec<String> {
            let s = text(i);
            if s.is_empty() {
                vec![]
            } else {
                s.split(LIST).map(String::from).collect()
            }
        };
        let n = tiers;
        let mut tiers = Vec::new();
        for t in 0..n {
            let b = 4 + t * 4;
            tiers.push(TierCells {
                verdict: text(b),
                score: text(b + 1),
                blockers: list(b + 2),
                earliest: cells[b + 3].parse().ok(),
            });
        }
        let b = 4 + n * 4;
        Some(SummaryRow {
            row: cells[0].parse().ok()?,
            name: text(1),
            status: text(2),
            size: text(3),
            tiers,
            next_tier: text(b),
            gap_items: cells[b + 1].parse().ok(),
            effort: cells[b + 2].parse().ok(),
            deciding: list(b + 3),
            report: text(b + 4),
            error: text(b + 5),
        })
    }
}

/// A cell as written, without the apostrophe `spreadsheet_cell` added.
fn plain(s: &str) -> String {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']) => rest.to_owned(),
        _ => s.to_owned(),
    }
}

/// The whole rows of a summary.csv (last period's, for the comparison).
pub fn read_rows(
    path: &Path,
    tiers: &[String],
) -> Result<impl Iterator<Item = SummaryRow>, String> {
    let file =
        File::open(path).map_err(|e| format!("读不了上一期的汇总 {}：{e}", path.display()))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(std::io::BufReader::new(file));
    let n = tiers.len();
    let header: Vec<String> = reader
        .headers()
        .map_err(|_| format!("{} 不是 zjtx 的 summary.csv。", path.display()))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    if header != self::header(tiers) {
        return Err(format!(
            "{} 不是 zjtx 写出的 summary.csv（表头不同）。",
            path.display()
        ));
    }
    Ok(reader
        .into_records()
        .filter_map(|r| r.ok())
        .filter_map(move |r| {
            SummaryRow::from_cells(&r.iter().map(String::from).collect::<Vec<_>>(), n)
        }))
}

/// summary.csv, appended row by row and flushed after every chunk.
pub struct CsvSink {
    writer: csv::Writer<BufWriter<File>>,
    /// Reused for the cells not held as text (lists, numbers).
    scratch: String,
}

impl CsvSink {
    /// A new summary.csv (BOM and header, so Excel opens it as UTF-8).
    pub fn create(out: &Path, tiers: &[String]) -> Result<CsvSink, String> {
        CsvSink::create_at(&out.join(CSV_NAME), tiers)
    }

    fn create_at(path: &Path, tiers: &[String]) -> Result<CsvSink, String> {
        let mut file = File::create(path).map_err(|e| write_error(path, e))?;
        file.write_all("\u{feff}".as_bytes())
            .map_err(|e| write_error(path, e))?;
        let mut writer = csv::Writer::from_writer(BufWriter::new(file));
        writer
            .write_record(header(tiers))
            .map_err(|e| write_error(path, e))?;
        writer.flush().map_err(|e| write_error(path, e))?;
        Ok(CsvSink {
            writer,
            scratch: String::new(),
        })
    }

    /// Appends to a summary.csv that has its header.
    fn append(path: &Path) -> Result<CsvSink, String> {
        let file = OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| write_error(path, e))?;
        Ok(CsvSink {
            writer: csv::Writer::from_writer(BufWriter::new(file)),
            scratch: String::new(),
        })
    }

    pub fn push(&mut self, row: &SummaryRow) -> Result<(), String> {
        let mut result = Ok(());
        let writer = &mut self.writer;
        row.each_text_cell(&mut self.scratch, |cell| {
            if result.is_ok() {
                result = writer.write_field(cell);
            }
        });
        result
            .and_then(|_| writer.write_record(None::<&[u8]>))
            .map_err(|e| format!("写不了 {CSV_NAME}：{e}"))
    }

    /// Makes the rows so far durable in the file.
    pub fn flush(&mut self) -> Result<(), String> {
        self.writer
            .flush()
            .map_err(|e| format!("写不了 {CSV_NAME}：{e}"))
    }
}

fn write_error(path: &Path, e: impl std::fmt::Display) -> String {
    format!("写不了 {}：{e}", path.display())
}

/// `--resume`: reads the whole rows of an earlier summary.csv, hands each
/// to `seen`, rewrites the file without a half-written last line, and
/// returns a sink that appends after them. None when there is no summary.
pub fn resume(
    out: &Path,
    tiers: &[String],
    mut seen: impl FnMut(SummaryRow) -> Result<(), String>,
) -> Result<Option<CsvSink>, String> {
    let path = out.join(CSV_NAME);
    let Ok(text) = std::fs::read(&path) else {
        return Ok(None);
    };
    let body = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(body);
    let tmp = temp_name(&path);
    let mut sink = CsvSink::create_at(&tmp, tiers)?;
    for record in reader.records() {
        let Ok(record) = record else { break };
        let cells: Vec<String> = record.iter().map(String::from).collect();
        if let Some(row) = SummaryRow::from_cells(&cells, tiers.len()) {
            sink.push(&row)?;
            seen(row)?;
        }
    }
    sink.flush()?;
    drop(sink);
    std::fs::rename(&tmp, &path).map_err(|e| write_error(&path, e))?;
    Ok(Some(CsvSink::append(&path)?))
}

/// `.名字.tmp` beside `path`: written first, renamed when complete.
pub fn temp_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp"))
}

/// Writes `bytes` to `path` through a temporary name, so the final name
/// never holds a partial file.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = temp_name(path);
    std::fs::write(&tmp, bytes).map_err(|e| write_error(path, e))?;
    std::fs::rename(&tmp, path).map_err(|e| write_error(path, e))
}

/// summary.xlsx, one worksheet in constant-memory mode: rows go to a
/// temporary file as they come; the workbook is zipped at the end.
pub struct XlsxSink {
    book: Workbook,
    next: u32,
    bold: Format,
}

impl XlsxSink {
    pub fn new(tiers: &[String]) -> Result<XlsxSink, String> {
        let mut book = Workbook::new();
        let bold = Format::new().set_bold();
        let sheet = book.add_worksheet_with_constant_memory();
        sheet.set_name("汇总").map_err(xlsx_error)?;
        for (c, h) in header(tiers).iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, h, &bold)
                .map_err(xlsx_error)?;
            sheet
                .set_column_width(c as u16, if c == 1 { 30 } else { 14 })
                .map_err(xlsx_error)?;
        }
        sheet.set_freeze_panes(1, 2).map_err(xlsx_error)?;
        Ok(XlsxSink {
            book,
            next: 1,
            bold,
        })
    }

    pub fn push(&mut self, row: &SummaryRow) -> Result<(), String> {
        let r = self.next;
        self.next += 1;
        let sheet = self.book.worksheet_from_index(0).map_err(xlsx_error)?;
        let cells = row.cells();
        let report_col = cells.len() - 2;
        for (c, cell) in cells.into_iter().enumerate() {
            let col = c as u16;
            match cell {
                Cell::Text(s) if c == report_col && !s.is_empty() => {
                    sheet
                        .write_url_with_text(r, col, Url::new(format!("file:///{s}")), s)
                        .map_err(xlsx_error)?;
                }
                Cell::Text(s) if !s.is_empty() => {
                    sheet
                        .write_string(r, col, spreadsheet_cell(s))
                        .map_err(xlsx_error)?;
                }
                Cell::List(l) if !l.is_empty() => {
                    let mut s = String::new();
                    join_into(&mut s, l);
                    if !s.is_empty() {
                        let text = match spreadsheet_cell(&s) {
                            Cow::Borrowed(_) => s,
                            Cow::Owned(o) => o,
                        };
                        sheet.write_string(r, col, text).map_err(xlsx_error)?;
                    }
                }
                Cell::Int(Some(n)) => {
                    sheet.write_number(r, col, n as f64).map_err(xlsx_error)?;
                }
                Cell::Num(Some(n)) => {
                    sheet.write_number(r, col, n).map_err(xlsx_error)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Writes summary.xlsx (temporary name, then renamed).
    pub fn save(mut self, out: &Path) -> Result<(), String> {
        let _ = &self.bold;
        let path = out.join(XLSX_NAME);
        let tmp = temp_name(&path);
        self.book.save(&tmp).map_err(xlsx_error)?;
        std::fs::rename(&tmp, &path).map_err(|e| write_error(&path, e))
    }
}

fn xlsx_error(e: XlsxError) -> String {
    format!("写不了 {XLSX_NAME}：{e}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_back_as_written() {
        let row = SummaryRow {
            row: 7,
            name: "=HYPERLINK(\"x\")".into(),
            status: DONE.into(),
            size: "中型企业".into(),
            tiers: vec![
                TierCells {
                    verdict: "符合".into(),
                    score: "创新型评价 65".into(),
                    blockers: vec![],
                    earliest: Some(2026),
                },
                TierCells {
                    verdict: "不符合".into(),
                    score: String::new(),
                    blockers: vec!["研发投入".into(), "-知识产权".into()],
                    earliest: None,
                },
                TierCells::default(),
            ],
            next_tier: "专精特新中小企业".into(),
            gap_items: Some(2),
            effort: Some(3.5),
            deciding: vec!["营业收入（上年度）".into()],
            report: "000007-x.html".into(),
            error: String::new(),
        };
        let cells = row.text_cells();
        assert_eq!(cells[1], "'=HYPERLINK(\"x\")");
        assert!(cells[10].contains("；'-知识产权") || cells[10].starts_with("研发投入"));
        assert_eq!(SummaryRow::from_cells(&cells, 3).unwrap().name, row.name);
        assert!(SummaryRow::from_cells(&cells[..5], 3).is_none());
    }
}
