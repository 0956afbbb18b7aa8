//! Reading a 培育库 as it is kept: `.xlsx` (streamed cell by cell), `.xls`
//! and `.ods` (calamine, one sheet at a time), CSV (the csv crate, UTF-8) and
//! JSON Lines (one answers file per line). A reader thread sends rows in
//! chunks over a bounded channel, so memory stays bounded however long the
//! file is.

use crate::date::from_days_since_epoch;
use calamine::{Data, DataRef, Reader, Xlsx, open_workbook, open_workbook_auto};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt::Write as _;
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
    Table(TableRow),
    /// One JSON Lines record.
    Json(String),
    /// A row that cannot be read (short or long row, an error cell).
    Bad(String),
}

/// A table row's cells, as typed, in one text buffer with where each cell
/// ends: two allocations a row instead of one a cell. The rows are read on
/// one thread and dropped on another, where every freed allocation costs
/// more than on the thread that made it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TableRow {
    text: String,
    /// Byte offset in `text` where cell i ends (it starts where i − 1 ends).
    ends: Vec<u32>,
}

impl TableRow {
    fn with_capacity(cells: usize) -> TableRow {
        TableRow {
            text: String::with_capacity(cells * 8),
            ends: Vec::with_capacity(cells),
        }
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Cell `i` (empty past the end).
    pub fn get(&self, i: usize) -> &str {
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start as usize..end as usize]
    }

    /// The cells in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Ends the cell being written (its text was pushed onto `text`).
    fn end_cell(&mut self) {
        self.ends.push(self.text.len() as u32);
    }

    fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.end_cell();
    }

    /// Empty cells up to `n` cells in all.
    fn pad_to(&mut self, n: usize) {
        while self.ends.len() < n {
            self.end_cell();
        }
    }

    /// Trailing cells that are blank (whitespace only) dropped.
    fn trim_trailing(&mut self) {
        while self.len() > 0 && self.get(self.len() - 1).trim().is_empty() {
            self.ends.pop();
            let end = self.ends.last().copied().unwrap_or(0);
            self.text.truncate(end as usize);
        }
    }

    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_owned).collect()
    }

    /// A row of these cells (for tests of the layers that read rows).
    #[cfg(test)]
    pub fn of(cells: &[&str]) -> TableRow {
        let mut r = TableRow::with_capacity(cells.len());
        for c in cells {
            r.push(c);
        }
        r
    }
}

/// “第 12 行” for row `number` (and the CSV text `line` when it differs).
pub fn place(number: usize, line: Option<usize>) -> String {
    match line {
        Some(l) if l != number => format!("第 {number} 行（文本第 {l} 行起）"),
        _ => format!("第 {number} 行"),
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
        let mut cells = TableRow::with_capacity(record.len());
        for field in record.iter() {
            match std::str::from_utf8(field) {
                Ok(s) => cells.push(s),
                Err(_) => {
                    return Err(format!(
                        "CSV 文本第 {line} 行不是 UTF-8 编码。Excel 另存为时请选“CSV UTF-8（逗号分隔）”，或者直接用 .xlsx 文件。"
                    ));
                }
            }
        }
        let Some(h) = &header else {
            let mut cells = cells.to_vec();
            if let Some(first) = cells.first_mut() {
                *first = first.trim_start_matches('\u{feff}').to_owned();
            }
            if !htx.send(Some(cells.clone())) {
                return Ok(());
            }
            header = Some(cells);
            continue;
        };
        if cells.is_blank() {
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

/// A cell as the text a person would have typed, appended to `out`.
fn cell_text(v: &DataRef, out: &mut String) -> Result<(), String> {
    match v {
        DataRef::Empty => {}
        DataRef::String(s) => out.push_str(s),
        DataRef::SharedString(s) => out.push_str(s),
        DataRef::Int(i) => {
            let _ = write!(out, "{i}");
        }
        DataRef::Float(f) => number_text(*f, out),
        DataRef::Bool(b) => out.push_str(if *b { "是" } else { "否" }),
        DataRef::DateTime(d) if d.is_datetime() => serial_date(d.as_f64(), out),
        DataRef::DateTime(d) => number_text(d.as_f64(), out),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => out.extend(s.chars().take(10)),
        DataRef::Error(e) => return Err(format!("单元格是错误值 {e}，请改成数值或“不清楚”")),
    }
    Ok(())
}

fn data_text(v: &Data, out: &mut String) -> Result<(), String> {
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
    cell_text(&r, out)
}

/// A spreadsheet number as typed: whole numbers without “.0”; others with
/// the shortest digits that read back to the same binary value (what Excel
/// shows for up to 15 significant digits).
fn number_text(f: f64, out: &mut String) {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        let _ = write!(out, "{}", f as i64);
    } else {
        let _ = write!(out, "{f}");
    }
}

/// An Excel date serial (days since 1899-12-30) as YYYY-MM-DD.
fn serial_date(serial: f64, out: &mut String) {
    let _ = write!(
        out,
        "{}",
        from_days_since_epoch(serial.floor() as i64 - 25_569)
    );
}

/// The row being read from the sheet: its cells so far, and the first
/// cell that cannot be read.
struct Pending {
    row: u32,
    cells: TableRow,
    bad: Option<String>,
}

impl Pending {
    /// Cell `c`'s text, as `write` appends it. Cells come in column order;
    /// the columns skipped are empty. A cell the reader already passed (a
    /// malformed sheet) replaces the earlier text.
    fn set(
        &mut self,
        c: usize,
        write: impl FnOnce(&mut String) -> Result<(), String>,
    ) -> Result<(), String> {
        if c >= self.cells.len() {
            self.cells.pad_to(c);
            let start = self.cells.text.len();
            let written = write(&mut self.cells.text);
            if written.is_err() || self.cells.text.len() == start {
                // An empty cell (or an error one) adds nothing, as if absent.
                self.cells.text.truncate(start);
                return written;
            }
            self.cells.end_cell();
            return Ok(());
        }
        let mut text = String::new();
        write(&mut text)?;
        if !text.is_empty() {
            let mut all = self.cells.to_vec();
            all[c] = text;
            self.cells = TableRow::with_capacity(all.len());
            for cell in &all {
                self.cells.push(cell);
            }
        }
        Ok(())
    }
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
    let mut width = 16;
    let mut current: Option<Pending> = None;
    let mut emit = |p: Pending, header: &mut Option<Vec<String>>| -> bool {
        let Pending {
            row,
            mut cells,
            bad,
        } = p;
        cells.trim_trailing();
        match header {
            None => {
                if cells.len() == 0 {
                    return true;
                }
                let h = cells.to_vec();
                *header = Some(h.clone());
                htx.send(Some(h))
            }
            Some(h) => {
                if cells.is_blank() && bad.is_none() {
                    return true;
                }
                let cells = match bad {
                    Some(b) => Cells::Bad(b),
                    None if cells.len() > h.len() => Cells::Bad(format!(
                        "第 {} 列有数据，但这一列没有表头；请删去或补上列名",
                        cells.len()
                    )),
                    None => {
                        cells.pad_to(h.len());
                        Cells::Table(cells)
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
        if current.as_ref().is_some_and(|p| p.row != r) {
            let p = current.take().expect("checked");
            width = width.max(p.cells.len());
            if !emit(p, &mut header) {
                return Ok(());
            }
        }
        let entry = current.get_or_insert_with(|| Pending {
            row: r,
            cells: TableRow::with_capacity(width),
            bad: None,
        });
        if let Err(e) = entry.set(c as usize, |out| cell_text(cell.get_value(), out)) {
            entry.bad.get_or_insert(format!("第 {} 列{e}", c + 1));
        }
    }
    if let Some(p) = current.take() {
        if !emit(p, &mut header) {
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
        let mut h = TableRow::with_capacity(r.len());
        for c in r {
            // A header cell that cannot be read counts as empty.
            let start = h.text.len();
            if data_text(c, &mut h.text).is_err() {
                h.text.truncate(start);
            }
            h.end_cell();
        }
        h.trim_trailing();
        if h.len() > 0 {
            header = Some(h.to_vec());
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
        let mut values = TableRow::with_capacity(r.len());
        for (c, v) in r.iter().enumerate() {
            let start = values.text.len();
            if let Err(e) = data_text(v, &mut values.text) {
                values.text.truncate(start);
                bad.get_or_insert(format!("第 {} 列{e}", c + 1));
            }
            values.end_cell();
        }
        values.trim_trailing();
        if values.len() == 0 && bad.is_none() {
            continue;
        }
        let cells = match bad {
            Some(b) => Cells::Bad(b),
            None if values.len() > header.len() => Cells::Bad(format!(
                "第 {} 列有数据，但这一列没有表头；请删去或补上列名",
                values.len()
            )),
            None => {
                values.pad_to(header.len());
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
        let text = |f: fn(f64, &mut String), x: f64| {
            let mut s = String::new();
            f(x, &mut s);
            s
        };
        assert_eq!(text(number_text, 8551.0), "8551");
        assert_eq!(text(number_text, 8551.25), "8551.25");
        assert_eq!(text(number_text, 0.1), "0.1");
        assert_eq!(text(serial_date, 45_838.0), "2025-06-30");
    }

    fn row(cells: &[&str]) -> TableRow {
        let mut r = TableRow::with_capacity(cells.len());
        for c in cells {
            r.push(c);
        }
        r
    }

    #[test]
    fn table_rows_hold_cells_in_one_buffer() {
        let mut r = row(&["甲", "", "8,551", " ", ""]);
        assert_eq!(r.len(), 5);
        assert_eq!(r.iter().collect::<Vec<_>>(), ["甲", "", "8,551", " ", ""]);
        assert_eq!(r.get(9), "");
        r.trim_trailing();
        assert_eq!(r.to_vec(), ["甲", "", "8,551"]);
        r.pad_to(5);
        assert_eq!(r.to_vec(), ["甲", "", "8,551", "", ""]);
        assert!(!r.is_blank());
        assert!(row(&["", " ", "\u{3000}"]).is_blank());
        let mut blank = row(&[" ", ""]);
        blank.trim_trailing();
        assert_eq!(blank.len(), 0);
    }

    #[test]
    fn sheet_cells_skipped_are_empty_and_a_repeated_cell_replaces() {
        let mut p = Pending {
            row: 4,
            cells: TableRow::default(),
            bad: None,
        };
        let put = |p: &mut Pending, c: usize, s: &'static str| {
            p.set(c, |out| {
                out.push_str(s);
                Ok(())
            })
        };
        put(&mut p, 1, "b").unwrap();
        put(&mut p, 2, "").unwrap();
        put(&mut p, 4, "e").unwrap();
        assert_eq!(p.cells.to_vec(), ["", "b", "", "", "e"]);
        put(&mut p, 0, "a").unwrap();
        put(&mut p, 1, "").unwrap();
        assert_eq!(p.cells.to_vec(), ["a", "b", "", "", "e"]);
        let failed = p.set(6, |out| {
            out.push_str("x");
            Err("错误值".into())
        });
        assert!(failed.is_err());
        p.cells.trim_trailing();
        assert_eq!(
            p.cells.to_vec(),
            ["a", "b", "", "", "e"],
            "an error cell adds nothing"
        );
    }
}
