//! Column headers as people write them, mapped to the pack's questions:
//! the pack's label with the year as a number (“营业收入（2025年）”,
//! “2025年研发费用”, “营业收入(万元)2025”), the label with the pack's year
//! words (“营业收入（上年度）”), the question id (`operating_revenue.y1`), or
//! a bureau's own name through a mapping file (`--map`). A header that maps
//! to nothing is named with its closest matches.

use crate::rules::Pack;
use std::collections::BTreeMap;
use std::path::Path;

/// What one input column holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Column {
    Name,
    Date,
    Application,
    /// An answer id (`operating_revenue.y1`).
    Answer(String),
    Ignore,
}

/// The word in a mapping file for a column not to read.
const IGNORE: &str = "忽略";

/// Names for the columns that are not questions.
const SPECIAL: &[(&str, Column)] = &[
    ("企业名称", Column::Name),
    ("enterprise_name", Column::Name),
    ("评估日期", Column::Date),
    ("assessment_date", Column::Date),
    ("申请类型", Column::Application),
    ("application", Column::Application),
];

/// Units written next to a label: “(万元)”, “（人）”, “单位：万元”.
const UNITS: &[&str] = &["万元", "元", "人", "%", "％", "项", "分", "个"];

/// A bureau's own names: their header → a question (label or id) or 忽略.
pub type Mapping = BTreeMap<String, String>;

/// Reads a mapping file: CSV, two columns per line (本单位列名,问题名称或 id);
/// lines starting with `#` are notes.
pub fn read_mapping(path: &Path) -> Result<Mapping, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("读不了列名映射文件 {}：{e}", path.display()))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut map = Mapping::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|_| format!("列名映射文件第 {} 行读不了。", i + 1))?;
        let cells: Vec<&str> = record.iter().map(str::trim).collect();
        match cells.as_slice() {
            [] | [""] => {}
            [from, to] if !from.is_empty() && !to.is_empty() => {
                map.insert(normalise(from), (*to).to_owned());
            }
            _ => {
                return Err(format!(
                    "列名映射文件第 {} 行应为“本单位列名,问题名称或 id”两格，现在是“{}”。",
                    i + 1,
                    cells.join(",")
                ));
            }
        }
    }
    Ok(map)
}

/// Maps every header; `year` is the assessment year (a header's year N is
/// the answer of year `year − N`: 2025 in a 2026 assessment is 上年度).
/// Errors list every header that cannot be mapped, with closest matches.
pub fn map_headers(
    pack: &Pack,
    header: &[String],
    year: i32,
    mapping: &Mapping,
) -> Result<Vec<Column>, String> {
    let names = Names::new(pack);
    let mut columns = Vec::with_capacity(header.len());
    let mut problems = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let shown = h.trim();
        let letter = column_letter(i);
        if shown.is_empty() {
            problems.push(format!("第 {letter} 列没有列名；请补上，或删去这一列。"));
            columns.push(Column::Ignore);
            continue;
        }
        let mapped = mapping.get(&normalise(shown)).map(String::as_str);
        let target = mapped.unwrap_or(shown);
        if target == IGNORE {
            columns.push(Column::Ignore);
            continue;
        }
        match names.find(pack, target, year) {
            Ok(c) => columns.push(c),
            Err(why) => {
                let via = mapped
                    .map(|m| format!("（映射文件把它对应到“{m}”）"))
                    .unwrap_or_default();
                problems.push(format!(
                    "第 {letter} 列“{shown}”{via}{why}最接近的是：{}。",
                    names.closest(target, year).join("、")
                ));
                columns.push(Column::Ignore);
            }
        }
    }
    let mut seen: BTreeMap<&Column, usize> = BTreeMap::new();
    for (i, c) in columns.iter().enumerate() {
        if *c == Column::Ignore {
            continue;
        }
        if let Some(first) = seen.insert(c, i) {
            problems.push(format!(
                "第 {} 列“{}”和第 {} 列“{}”是同一个问题；请只留一列。",
                column_letter(first),
                header[first].trim(),
                column_letter(i),
                header[i].trim()
            ));
        }
    }
    if problems.is_empty() {
        Ok(columns)
    } else {
        Err(format!(
            "表头有 {} 处认不出来：\n  - {}\n列名可以写问卷里的名称加年份（如“营业收入（{}年）”“{}年研发费用”）；\
             本单位自己的列名可以用 --map 映射文件对应，不需要的列在映射文件里写“{IGNORE}”。\
             空白模板：zjtx batch --template xlsx。",
            problems.len(),
            problems.join("\n  - "),
            year - 1,
            year - 1
        ))
    }
}

impl PartialOrd for Column {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Column {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let key = |c: &Column| match c {
            Column::Name => (0, String::new()),
            Column::Date => (1, String::new()),
            Column::Application => (2, String::new()),
            Column::Answer(id) => (3, id.clone()),
            Column::Ignore => (4, String::new()),
        };
        key(self).cmp(&key(other))
    }
}

/// Spreadsheet column letters: 0 → A, 26 → AA.
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ascii")
}

/// Full-width ASCII to half-width, no spaces, lower case, （）→ ().
fn normalise(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
            '\u{3000}' => None,
            c if c.is_whitespace() => None,
            '【' | '[' => Some('('),
            '】' | ']' => Some(')'),
            c => Some(c),
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Splits a normalised header into its words and a year written as a
/// number (19xx/20xx, with 年 or 年度 after it), units removed.
fn split_year(s: &str) -> (String, Option<i32>) {
    let chars: Vec<char> = s.chars().collect();
    let mut year = None;
    let mut rest = String::new();
    let mut i = 0;
    while i < chars.len() {
        let four: String = chars[i..(i + 4).min(chars.len())].iter().collect();
        let is_year = four.len() == 4
            && year.is_none()
            && four.chars().all(|c| c.is_ascii_digit())
            && (four.starts_with("19") || four.starts_with("20"))
            && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
            && !(i > 0 && chars[i - 1].is_ascii_digit());
        if is_year {
            year = four.parse().ok();
            i += 4;
            for suffix in ["年度", "年"] {
                let n = suffix.chars().count();
                if chars[i..].iter().take(n).copied().eq(suffix.chars()) {
                    i += n;
                    break;
                }
            }
            continue;
        }
        rest.push(chars[i]);
        i += 1;
    }
    let mut rest = rest.replace("单位:", "");
    for unit in UNITS {
        rest = rest.replace(&format!("({unit})"), "");
    }
    if year.is_some() {
        rest = rest.replace("()", "").replace("(度)", "");
    }
    (
        rest.trim_matches(|c| c == '-' || c == '_' || c == ':')
            .to_owned(),
        year,
    )
}

/// Every name the pack's questions go by.
struct Names {
    /// Normalised name (id or label with year words) → column.
    exact: BTreeMap<String, Column>,
    /// Normalised label of a yearly question → (id, number of years).
    yearly: BTreeMap<String, (String, u8)>,
    /// What to suggest: (shown name with year number placeholder, normalised words).
    shown: Vec<(String, Option<u8>)>,
}

impl Names {
    fn new(pack: &Pack) -> Names {
        let mut exact = BTreeMap::new();
        let mut yearly = BTreeMap::new();
        let mut shown = Vec::new();
        for (name, c) in SPECIAL {
            exact.insert(normalise(name), c.clone());
        }
        shown.push(("企业名称".to_owned(), None));
        for def in &pack.inputs {
            for id in def.answer_ids() {
                exact.insert(normalise(&id), Column::Answer(id.clone()));
                exact.insert(normalise(&def.label_of(&id)), Column::Answer(id.clone()));
            }
            match def.years {
                Some(n) => {
                    yearly.insert(normalise(&def.label), (def.id.clone(), n));
                    for y in 1..=n {
                        shown.push((def.label.clone(), Some(y)));
                    }
                }
                None => shown.push((def.label.clone(), None)),
            }
        }
        Names {
            exact,
            yearly,
            shown,
        }
    }

    fn find(&self, _pack: &Pack, header: &str, year: i32) -> Result<Column, String> {
        let n = normalise(header);
        if let Some(c) = self.exact.get(&n) {
            return Ok(c.clone());
        }
        let (words, written_year) = split_year(&n);
        if let Some(c) = self.exact.get(&words).filter(|_| written_year.is_none()) {
            return Ok(c.clone());
        }
        match (self.yearly.get(&words), written_year) {
            (Some((id, years)), Some(y)) => {
                let back = year - y;
                if back >= 1 && back <= i32::from(*years) {
                    Ok(Column::Answer(format!("{id}.y{back}")))
                } else {
                    let asked: Vec<String> = (1..=i32::from(*years))
                        .map(|b| (year - b).to_string())
                        .collect();
                    Err(format!(
                        "的年份不在评估范围内：评估年度是 {year} 年，问的是 {} 年的数据（可用 --date 改评估日期）。",
                        asked.join("、")
                    ))
                }
            }
            (Some(_), None) => {
                Err("没有写年份：按年填写的问题要在列名里写年份，如“（2025年）”。".into())
            }
            (None, Some(_)) if self.exact.contains_key(&words) => {
                Err("这个问题不按年填写，列名里不用写年份。".into())
            }
            _ => Err("不是问卷里的问题。".into()),
        }
    }

    /// The three names closest to `header` (edit distance over characters).
    fn closest(&self, header: &str, year: i32) -> Vec<String> {
        let (words, written) = split_year(&normalise(header));
        // A yearly question is suggested with the year written, when it is
        // one the assessment asks for, else with the latest year.
        let back = written.map(|w| year - w).filter(|b| *b >= 1);
        let mut scored: Vec<(usize, String)> = self
            .shown
            .iter()
            .filter(|(_, y)| match (y, back) {
                (None, _) => true,
                (Some(y), Some(b)) if b <= 3 => i32::from(*y) == b,
                (Some(y), _) => *y == 1,
            })
            .map(|(label, y)| {
                let d = distance(&words, &split_year(&normalise(label)).0);
                let shown = match y {
                    Some(y) => format!("“{label}（{}年）”", year - i32::from(*y)),
                    None => format!("“{label}”"),
                };
                (d, shown)
            })
            .collect();
        scored.sort();
        scored.dedup_by(|a, b| a.1 == b.1);
        scored.into_iter().take(3).map(|(_, s)| s).collect()
    }
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(h: &[&str]) -> Result<Vec<Column>, String> {
        let header: Vec<String> = h.iter().map(|s| s.to_string()).collect();
        map_headers(&Pack::national(), &header, 2026, &Mapping::new())
    }

    #[test]
    fn headers_as_people_write_them() {
        let a = |id: &str| Column::Answer(id.into());
        assert_eq!(
            map(&[
                "企业名称",
                "营业收入（2025年）",
                "2024年研发费用",
                "营业收入(万元)2023",
                "研发费用（上年度）",
                " 从业人员（上年末） "
            ])
            .unwrap(),
            vec![
                Column::Name,
                a("operating_revenue.y1"),
                a("rd_expense.y2"),
                a("operating_revenue.y3"),
                a("rd_expense.y1"),
                a("employees")
            ]
        );
        assert_eq!(
            map(&["employees", "operating_revenue.y2"]).unwrap(),
            vec![a("employees"), a("operating_revenue.y2")]
        );
        let e = map(&["营业收入（2025年）", "operating_revenue.y1"]).unwrap_err();
        assert!(e.contains("是同一个问题"), "{e}");
    }

    #[test]
    fn unknown_header_named_with_closest_matches() {
        let e = map(&["企业名称", "营业收人（2025年）", "统一社会信用代码"]).unwrap_err();
        assert!(
            e.contains(
                "第 B 列“营业收人（2025年）”不是问卷里的问题。最接近的是：“营业收入（2025年）”"
            ),
            "{e}"
        );
        assert!(e.contains("第 C 列“统一社会信用代码”"), "{e}");
        let e = map(&["营业收入（2019年）"]).unwrap_err();
        assert!(e.contains("问的是 2025、2024、2023 年"), "{e}");
        let e = map(&["营业收入"]).unwrap_err();
        assert!(e.contains("没有写年份"), "{e}");
    }

    #[test]
    fn mapping_file_names_and_ignores() {
        let header: Vec<String> = ["企业名", "信用代码", "营收2025"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut m = Mapping::new();
        m.insert(normalise("企业名"), "enterprise_name".into());
        m.insert(normalise("信用代码"), IGNORE.into());
        m.insert(normalise("营收2025"), "营业收入（2025年）".into());
        assert_eq!(
            map_headers(&Pack::national(), &header, 2026, &m).unwrap(),
            vec![
                Column::Name,
                Column::Ignore,
                Column::Answer("operating_revenue.y1".into())
            ]
        );
    }

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
    }
}
