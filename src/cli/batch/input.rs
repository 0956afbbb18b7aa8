//! Reading a 培育库 as it is kept: `.xlsx` (streamed cell by cell), `.xls`
//! and `.ods` (calamine, one sheet at a time), CSV (the csv crate, UTF-8) and
//! JSON Lines (one answers file per line). A reader thread sends rows in
//! chunks over a bounded channel, so memory stays bounded however long the
//! file is.

use crate::date::from_days_since_epoch;
use calamine::{Data, DataRef, Reader, Xlsx, open_workbook, open_workbook_auto};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// Rows per chunk sent to the assessing side.
pub const CHUNK: usize = 256;

/// One firm's row.
#[derive(Debug)]
pub struct Row {
    /// The row number as the sheet (or Excel opening the CSV) shows it; the
    /// header is row 1.
    pub number: usize,
    /// CSV: the text line the record starts on, when quoted line breaks make
    /// it differ from `number`.
    pub line: Option<usize>,
    pub cells: Cells,
}

#[derive(Debug)]
pub enum Cells {
    /// Cells in header order.
    Table(Vec<String>),
    /// One JSON Lines record.
    Json(String),
    /// A row that cannot be read (short or long row, an error cell).
    Bad(String),
}

impl Row {
    /// “第 12 行” (and the CSV line when it differs).
    pub fn place(&self) -> String {
        match self.line {
            Some(l) if l != self.number => format!("第 {} 行（文本第 {l} 行起）", self.number),
            _ => format!("第 {} 行", self.number),
        }
    }
}

/// What the reader thread sends: rows, and how far through the file it is
/// (`done` of `total`, in rows or bytes, for the progress bar).
pub struct Chunk {
    pub rows: Vec<Row>,
    pub done: u64,
    pub total: u64,
}

/// An opened input: its header (None for JSON Lines) and the row stream.
pub struct Input {
    pub header: Option<Vec<String>>,
    pub chunks: Receiver<Result<Chunk, String>>,
}

enum Kind {
    Csv,
    JsonLines,
    Xlsx,
    Workbook,
}

fn kind(path: &Path) -> Result<Kind, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" => Ok(Kind::Csv),
        "jsonl" | "ndjson" => Ok(Kind::JsonLines),
        "xlsx" | "xlsm" => Ok(Kind::Xlsx),
        "xls" | "ods" | "xlsb" => Ok(Kind::Workbook),
        _ => Err(format!(
            "不认识输入文件 {} 的类型：请用 .xlsx、.xls、.ods、.csv（UTF-8）或 .jsonl。",
            path.display()
        )),
    }
}

/// Opens `path` and starts its reader thread. Errors (file missing, not a
/// workbook, sheet not found, no header) come back before any row.
pub fn open(path: &Path, sheet: Option<&str>) -> Result<Input, String> {
    let kind = kind(path)?;
    if !path.is_file() {
        return Err(format!("找不到输入文件 {}。", path.display()));
    }
    let (tx, rx) = sync_channel::<Result<Chunk, String>>(2);
    let (htx, hrx) = sync_channel::<Result<Option<Vec<String>>, String>>(1);
    let shown = path.display().to_string();
    let path: PathBuf = path.to_owned();
    let sheet = sheet.map(str::to_owned);
    std::thread::spawn(move || {
        let mut htx = HeaderTx {
            tx: htx,
            sent: false,
        };
        let result = match kind {
            Kind::Csv => read_csv(&path, &mut htx, &tx),
            Kind::JsonLines => read_json_lines(&path, &mut htx, &tx),
            Kind::Xlsx => read_xlsx(&path, sheet.as_deref(), &mut htx, &tx),
            Kind::Workbook => read_workbook(&path, sheet.as_deref(), &mut htx, &tx),
        };
        if let Err(e) = result {
            // Before the header: the header channel says it; after: the rows'.
            if htx.sent {
                let _ = tx.send(Err(e));
            } else {
                let _ = htx.tx.send(Err(e));
            }
        }
    });
    let header = hrx
        .recv()
        .map_err(|_| format!("读不了输入文件 {shown}。"))??;
    Ok(Input { header, chunks: rx })
}

/// The header goes first, once; errors after it go with the rows.
struct HeaderTx {
    tx: SyncSender<Result<Option<Vec<String>>, String>>,
    sent: bool,
}

impl HeaderTx {
    fn send(&mut self, header: Option<Vec<String>>) -> bool {
        self.sent = true;
        self.tx.send(Ok(header)).is_ok()
    }
}

/// Collects rows into chunks and sends them.
struct Sender<'a> {
    tx: &'a SyncSender<Result<Chunk, String>>,
    rows: Vec<Row>,
}

impl Sender<'_> {
    /// False when the receiving side has gone (it stopped on an error).
    fn push(&mut self, row: Row, done: u64, total: u64) -> bool {
        self.rows.push(row);
        if self.rows.len() >= CHUNK {
            return self.flush(done, total);
        }
        true
    }
    fn flush(&mut self, done: u64, total: u64) -> bool {
        let rows = std::mem::take(&mut self.rows);
        self.tx.send(Ok(Chunk { rows, done, total })).is_ok()
    }
}

fn read_csv(
    path: &Path,
    htx: &mut HeaderTx,
    tx: &SyncSender<Result<Chunk, String>>,
) -> Result<(), String> {
    let file = File::open(path).map_err(|e| format!("读不了输入文件 {}：{e}", path.display()))?;
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    let breaks = Rc::new(RefCell::new(VecDeque::new()));
    let mut lines = LineCounter {
        breaks: breaks.clone(),
        before: 0,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(Counting {
            inner: BufReader::with_capacity(1 << 16, file),
            offset: 0,
            breaks,
        });
    let mut record = csv::ByteRecord::new();
    let mut header: Option<Vec<String>> = None;
    let mut out = Sender {
        tx,
        rows: Vec::with_capacity(CHUNK),
    };
    // Excel shows a CSV's text lines as rows, except the line breaks inside
    // quoted cells: those are subtracted to give the row number it shows.
    let mut inner_breaks = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let at = e
                    .position()
                    .map(|p| p.line())
                    .unwrap_or(reader.position().line());
                return Err(format!("CSV 文本第 {at} 行读不了：{}", csv_error(&e)));
            }
        }
        // The csv crate counts a record's start from before the blank lines
        // it skips: count back from its end instead.
        let this_breaks: usize = record
            .iter()
            .map(|f| f.iter().filter(|b| **b == b'\n').count())
            .sum();
        let end = reader.position().byte();
        let line = lines.line_at(end.saturating_sub(1)) - this_breaks;
        let number = line - inner_breaks;
        inner_breaks += this_breaks;
        let mut cells = Vec::with_capacity(record.len());
        for field in record.iter() {
            match std::str::from_utf8(field) {
                Ok(s) => cells.push(s.to_owned()),
                Err(_) => {
                    return Err(format!(
                        "CSV 文本第 {line} 行不是 UTF-8 编码。Excel 另存为时请选“CSV UTF-8（逗号分隔）”，或者直接用 .xlsx 文件。"
                    ));
                }
            }
        }
        let Some(h) = &header else {
            if let Some(first) = cells.first_mut() {
                *first = first.trim_start_matches('\u{feff}').to_owned();
            }
            if !htx.send(Some(cells.clone())) {
                return Ok(());
            }
            header = Some(cells);
            continue;
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells = if cells.len() == h.len() {
            Cells::Table(cells)
        } else {
            let (n, m) = (cells.len(), h.len());
            let what = if n < m { "少了" } else { "多了" };
            Cells::Bad(format!(
                "这一行有 {n} 个格子，表头有 {m} 列，{what} {} 个。多半是某个格子里有没加引号的逗号，或者漏了逗号。",
                n.abs_diff(m)
            ))
        };
        let done = reader.position().byte();
        if !out.push(
            Row {
                number,
                line: Some(line),
                cells,
            },
            done,
            total,
        ) {
            return Ok(());
        }
    }
    if header.is_none() {
        return Err(format!(
            "输入文件 {} 是空的：第一行应为表头。",
            path.display()
        ));
    }
    out.flush(total, total);
    Ok(())
}

/// Counts the text lines a reader passes (the csv crate does not count
/// blank lines it skips), keeping only the line breaks not yet asked about.
struct Counting<R> {
    inner: R,
    offset: u64,
    breaks: Rc<RefCell<VecDeque<u64>>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut breaks = self.breaks.borrow_mut();
        for (i, b) in buf[..n].iter().enumerate() {
            if *b == b'\n' {
                breaks.push_back(self.offset + i as u64);
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

struct LineCounter {
    breaks: Rc<RefCell<VecDeque<u64>>>,
    before: usize,
}

impl LineCounter {
    /// The 1-based text line of byte `offset` (offsets asked in order).
    fn line_at(&mut self, offset: u64) -> usize {
        let mut breaks = self.breaks.borrow_mut();
        while breaks.front().is_some_and(|b| *b < offset) {
            breaks.pop_front();
            self.before += 1;
        }
        self.before + 1
    }
}

fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => "格式不对（引号没有闭合？）".into(),
    }
}

fn read_json_lines(
    path: &Path,
    htx: &mut HeaderTx,
    tx: &SyncSender<Result<Chunk, String>>,
) -> Result<(), String> {
    let file = File::open(path).map_err(|e| format!("读不了输入文件 {}：{e}", path.display()))?;
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    if !htx.send(None) {
        return Ok(());
    }
    let mut out = Sender {
        tx,
        rows: Vec::with_capacity(CHUNK),
    };
    let (mut done, mut number) = (0u64, 0usize);
    for line in BufReader::new(file).lines() {
        let line = line.map_err(|_| format!("第 {} 行不是 UTF-8 编码的文字。", number + 1))?;
        number += 1;
        done += line.len() as u64 + 1;
        let text = line.trim_start_matches('\u{feff}');
        if text.trim().is_empty() {
            continue;
        }
        let row = Row {
            number,
            line: None,
            cells: Cells::Json(text.to_owned()),
        };
        if !out.push(row, done, total) {
            return Ok(());
        }
    }
    out.flush(total, total);
    Ok(())
}

/// A cell as the text a person would have typed.
fn cell_text(v: &DataRef) -> Result<String, String> {
    Ok(match v {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        DataRef::DateTime(d) if d.is_datetime() => serial_date(d.as_f64()),
        DataRef::DateTime(d) => number_text(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.chars().take(10).collect(),
        DataRef::Error(e) => return Err(format!("单元格是错误值 {e}，请改成数值或“不清楚”")),
    })
}

fn data_text(v: &Data) -> Result<String, String> {
    let r: DataRef = match v {
        Data::Empty => DataRef::Empty,
        Data::String(s) => DataRef::SharedString(s),
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
    };
    cell_text(&r)
}

/// A spreadsheet number as typed: whole numbers without “.0”; others with
/// the shortest digits that read back to the same binary value (what Excel
/// shows for up to 15 significant digits).
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// An Excel date serial (days since 1899-12-30) as YYYY-MM-DD.
fn serial_date(serial: f64) -> String {
    from_days_since_epoch(serial.floor() as i64 - 25_569).to_string()
}

fn read_xlsx(
    path: &Path,
    sheet: Option<&str>,
    htx: &mut HeaderTx,
    tx: &SyncSender<Result<Chunk, String>>,
) -> Result<(), String> {
    let mut book: Xlsx<_> = open_workbook(path).map_err(|_| unreadable(path))?;
    let name = sheet_name(&book.sheet_names(), sheet)?;
    let mut cells = book.worksheet_cells_reader(&name).map_err(|_| {
        format!("工作表“{name}”读不了：文件可能已损坏；请用表格软件打开后另存一份再试。")
    })?;
    let total = u64::from(cells.dimensions().end.0 + 1);
    let mut header: Option<Vec<String>> = None;
    let mut out = Sender {
        tx,
        rows: Vec::with_capacity(CHUNK),
    };
    let mut current: Option<(u32, Vec<String>, Option<String>)> = None;
    let mut emit = |row: u32,
                    values: Vec<String>,
                    bad: Option<String>,
                    header: &mut Option<Vec<String>>|
     -> bool {
        match header {
            None => {
                let h: Vec<String> = trim_trailing(values);
                if h.is_empty() {
                    return true;
                }
                *header = Some(h.clone());
                htx.send(Some(h))
            }
            Some(h) => {
                if values.iter().all(|v| v.trim().is_empty()) && bad.is_none() {
                    return true;
                }
                let cells = match bad {
                    Some(b) => Cells::Bad(b),
                    None if values.len() > h.len() => Cells::Bad(format!(
                        "第 {} 列有数据，但这一列没有表头；请删去或补上列名",
                        values.len()
                    )),
                    None => {
                        let mut v = values;
                        v.resize(h.len(), String::new());
                        Cells::Table(v)
                    }
                };
                out.push(
                    Row {
                        number: row as usize + 1,
                        line: None,
                        cells,
                    },
                    u64::from(row),
                    total,
                )
            }
        }
    };
    loop {
        let cell = cells
            .next_cell()
            .map_err(|_| format!("工作表“{name}”读到一半出错：文件可能已损坏或不完整；请用表格软件打开后另存一份再试。"))?;
        let Some(cell) = cell else { break };
        let (r, c) = cell.get_position();
        if current.as_ref().is_some_and(|(row, ..)| *row != r) {
            let (row, values, bad) = current.take().expect("checked");
            if !emit(row, trim_trailing(values), bad, &mut header) {
                return Ok(());
            }
        }
        let entry = current.get_or_insert_with(|| (r, Vec::new(), None));
        let text = match cell_text(cell.get_value()) {
            Ok(t) => t,
            Err(e) => {
                entry.2.get_or_insert(format!("第 {} 列{e}", c + 1));
                String::new()
            }
        };
        if !text.is_empty() {
            let c = c as usize;
            if entry.1.len() <= c {
                entry.1.resize(c + 1, String::new());
            }
            entry.1[c] = text;
        }
    }
    if let Some((row, values, bad)) = current.take() {
        if !emit(row, trim_trailing(values), bad, &mut header) {
            return Ok(());
        }
    }
    if header.is_none() {
        return Err(format!("工作表“{name}”是空的：第一行应为表头。"));
    }
    out.flush(total, total);
    Ok(())
}

/// A file that does not open as the workbook its name says.
fn unreadable(path: &Path) -> String {
    format!(
        "{} 打不开：文件可能已损坏，或者扩展名与实际格式不符（例如把 .csv 改名成了 .xlsx）；请用表格软件打开后另存为 .xlsx 再试。",
        path.display()
    )
}

fn trim_trailing(mut v: Vec<String>) -> Vec<String> {
    while v.last().is_some_and(|s| s.trim().is_empty()) {
        v.pop();
    }
    v
}

fn sheet_name(names: &[String], wanted: Option<&str>) -> Result<String, String> {
    match wanted {
        Some(w) => names.iter().find(|n| *n == w).cloned().ok_or_else(|| {
            format!(
                "没有名为“{w}”的工作表；这个文件里有：{}。",
                names.join("、")
            )
        }),
        None => names
            .first()
            .cloned()
            .ok_or_else(|| "工作簿里没有工作表。".to_owned()),
    }
}

/// `.xls` / `.ods` / `.xlsb`: calamine reads one sheet at a time.
fn read_workbook(
    path: &Path,
    sheet: Option<&str>,
    htx: &mut HeaderTx,
    tx: &SyncSender<Result<Chunk, String>>,
) -> Result<(), String> {
    let mut book = open_workbook_auto(path).map_err(|_| unreadable(path))?;
    let name = sheet_name(&book.sheet_names(), sheet)?;
    let range = book.worksheet_range(&name).map_err(|_| {
        format!("工作表“{name}”读不了：文件可能已损坏；请用表格软件打开后另存一份再试。")
    })?;
    let start = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let total = range.height() as u64;
    let mut rows = range.rows().enumerate();
    let mut header = None;
    for (_, r) in rows.by_ref() {
        let h = trim_trailing(r.iter().map(|c| data_text(c).unwrap_or_default()).collect());
        if !h.is_empty() {
            header = Some(h);
            break;
        }
    }
    let Some(header) = header else {
        return Err(format!("工作表“{name}”是空的：第一行应为表头。"));
    };
    if !htx.send(Some(header.clone())) {
        return Ok(());
    }
    let mut out = Sender {
        tx,
        rows: Vec::with_capacity(CHUNK),
    };
    for (i, r) in rows {
        let mut bad = None;
        let mut values: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(c, v)| {
                data_text(v).unwrap_or_else(|e| {
                    bad.get_or_insert(format!("第 {} 列{e}", c + 1));
                    String::new()
                })
            })
            .collect();
        values = trim_trailing(values);
        if values.is_empty() && bad.is_none() {
            continue;
        }
        let cells = match bad {
            Some(b) => Cells::Bad(b),
            None if values.len() > header.len() => Cells::Bad(format!(
                "第 {} 列有数据，但这一列没有表头；请删去或补上列名",
                values.len()
            )),
            None => {
                values.resize(header.len(), String::new());
                Cells::Table(values)
            }
        };
        if !out.push(
            Row {
                number: start + i + 1,
                line: None,
                cells,
            },
            i as u64,
            total,
        ) {
            return Ok(());
        }
    }
    out.flush(total, total);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_as_typed() {
        assert_eq!(number_text(8551.0), "8551");
        assert_eq!(number_text(8551.25), "8551.25");
        assert_eq!(number_text(0.1), "0.1");
        assert_eq!(serial_date(45_838.0), "2025-06-30");
    }
}
