//! The 画像 page: one self-contained HTML file (no network, no script,
//! charts as inline SVG) computed from the summary rows only, so every
//! figure on it can be checked against summary.csv / summary.xlsx. Memory is
//! bounded: counts per label, and the nearest firms kept per tier.

use super::summary::{DONE, ERROR, OPEN, SummaryRow};
use crate::escape::html;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write;

pub const FILE_NAME: &str = "画像.html";

/// Firms listed per tier in the work list.
const NEAREST: usize = 20;
/// Bars per ranking (blockers, unknowns).
const TOP: usize = 10;

/// The verdict words, in the order the bars stack them, with their colours;
/// a word not listed here (a newer engine's) is shown after them.
const VERDICTS: &[(&str, &str)] = &[
    ("已持有（有效期内）", "v-held"),
    ("无需评价（已持有更高梯度称号）", "v-not-needed"),
    ("符合", "v-yes"),
    ("符合（有待核实项）", "v-verify"),
    ("无法确定", "v-unknown"),
    ("可能不符合", "v-doubtful"),
    ("不符合", "v-no"),
];

/// Verdicts that count as the tier reached (for who moved up or down).
const REACHED: &[&str] = &[
    "已持有（有效期内）",
    "无需评价（已持有更高梯度称号）",
    "符合",
    "符合（有待核实项）",
];

#[derive(Clone, Debug)]
struct Near {
    gap_items: usize,
    effort: f64,
    row: usize,
    name: String,
    blockers: Vec<String>,
    report: String,
}

#[derive(Default)]
pub struct Portrait {
    /// The pack's tier names, lowest first.
    tiers: Vec<String>,
    rows: usize,
    done: usize,
    open: usize,
    errors: usize,
    /// Per tier: verdict → firms.
    verdicts: Vec<BTreeMap<String, usize>>,
    sizes: BTreeMap<String, usize>,
    /// Per tier: criterion → firms it blocks.
    blockers: Vec<BTreeMap<String, usize>>,
    /// Next tier → nearest firms, smallest gap first.
    nearest: BTreeMap<String, Vec<Near>>,
    deciding: BTreeMap<String, usize>,
    /// With last period's summary: who moved up or down.
    moves: Option<Moves>,
}

/// Firms compared with last period's summary, by name.
#[derive(Default)]
struct Moves {
    /// Name → tiers reached last period.
    before: HashMap<String, usize>,
    seen: HashSet<String>,
    up: usize,
    down: usize,
    same: usize,
    new: usize,
    /// The first movers, for the lists: (row, name, before, now).
    up_list: Vec<(usize, String, usize, usize)>,
    down_list: Vec<(usize, String, usize, usize)>,
}

/// Movers listed per direction.
const MOVERS: usize = 50;

/// How many tiers a row reached (符合 or 符合（有待核实项）, from the lowest up).
fn level(r: &SummaryRow) -> usize {
    r.tiers
        .iter()
        .take_while(|t| REACHED.contains(&t.verdict.as_str()))
        .count()
}

fn level_name(tiers: &[String], l: usize) -> &str {
    match l {
        0 => "未达到",
        n => &tiers[n.min(tiers.len()) - 1],
    }
}

impl Portrait {
    /// `tiers`: the pack's tier names, lowest first.
    pub fn new(tiers: Vec<String>) -> Portrait {
        Portrait {
            verdicts: vec![BTreeMap::new(); tiers.len()],
            blockers: vec![BTreeMap::new(); tiers.len()],
            tiers,
            ..Default::default()
        }
    }

    /// Compares every firm with last period's summary rows (matched by name).
    pub fn compare_with(&mut self, previous: impl Iterator<Item = SummaryRow>) {
        let mut m = Moves::default();
        for r in previous.filter(|r| r.status != ERROR && !r.name.is_empty()) {
            m.before.insert(r.name.clone(), level(&r));
        }
        self.moves = Some(m);
    }

    pub fn add(&mut self, r: &SummaryRow) {
        self.rows += 1;
        if let Some(m) = self.moves.as_mut().filter(|_| r.status != ERROR) {
            let now = level(r);
            match m.before.get(&r.name) {
                None => m.new += 1,
                Some(&before) => {
                    m.seen.insert(r.name.clone());
                    let entry = (r.row, r.name.clone(), before, now);
                    if now > before {
                        m.up += 1;
                        if m.up_list.len() < MOVERS {
                            m.up_list.push(entry);
                        }
                    } else if now < before {
                        m.down += 1;
                        if m.down_list.len() < MOVERS {
                            m.down_list.push(entry);
                        }
                    } else {
                        m.same += 1;
                    }
                }
            }
        }
        match r.status.as_str() {
            ERROR => {
                self.errors += 1;
                return;
            }
            OPEN => self.open += 1,
            DONE => self.done += 1,
            _ => {}
        }
        count(
            &mut self.sizes,
            if r.size.is_empty() {
                "未能划型"
            } else {
                &r.size
            },
        );
        for (i, t) in r.tiers.iter().enumerate().take(self.tiers.len()) {
            count(&mut self.verdicts[i], &t.verdict);
            for b in &t.blockers {
                count(&mut self.blockers[i], b);
            }
        }
        for d in &r.deciding {
            count(&mut self.deciding, d);
        }
        if let (Some(gap_items), false) = (r.gap_items, r.next_tier.is_empty()) {
            let effort = r.effort.unwrap_or(f64::MAX);
            let key = (gap_items, effort, r.row);
            if !self.nearest.contains_key(&r.next_tier) {
                self.nearest.insert(r.next_tier.clone(), Vec::new());
            }
            let Some(list) = self.nearest.get_mut(&r.next_tier) else {
                return;
            };
            let at = list.partition_point(|n| (n.gap_items, n.effort, n.row) <= key);
            if at < NEAREST {
                // Only a firm that makes the list has its texts copied.
                let tier = self.tiers.iter().position(|t| *t == r.next_tier);
                let near = Near {
                    gap_items,
                    effort,
                    row: r.row,
                    name: r.name.clone(),
                    blockers: tier
                        .map(|i| r.tiers[i].blockers.clone())
                        .unwrap_or_default(),
                    report: r.report.clone(),
                };
                list.insert(at, near);
                list.truncate(NEAREST);
            }
        }
    }

    /// The page. `title_note`: the input file's name and the date, as shown.
    pub fn render(&self, source: &str, date: &str, pack: &str) -> String {
        let mut s = String::with_capacity(64 * 1024);
        let _ = write!(
            s,
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>培育库画像 · {}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n\
             <h1>培育库画像</h1>\n<p class=\"meta\">数据：{} · 评估日期：{} · 规则包：{}。本页的每个数字都由同目录的 summary.csv / summary.xlsx 逐行统计得出。</p>\n",
            html(source),
            html(source),
            html(date),
            html(pack)
        );
        // Totals.
        s.push_str("<section class=\"cards\">\n");
        for (label, n, id) in [
            ("入库企业（行）", self.rows, "rows"),
            ("评估完成", self.done, "done"),
            ("有未知项", self.open, "open"),
            ("有误未评估", self.errors, "errors"),
        ] {
            let _ = writeln!(
                s,
                "<div class=\"card\"><span class=\"n\" data-testid=\"total-{id}\">{n}</span><span>{label}</span></div>"
            );
        }
        s.push_str("</section>\n");
        self.tier_chart(&mut s);
        s.push_str("<section>\n<h2>企业规模</h2>\n");
        let mut sizes: Vec<(String, usize)> =
            self.sizes.iter().map(|(k, v)| (k.clone(), *v)).collect();
        sizes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        bars(&mut s, &sizes, "size");
        s.push_str("</section>\n");
        for (i, tier) in self.tiers.iter().enumerate() {
            let _ = writeln!(s, "<section>\n<h2>{}：最常见的差距</h2>", tier);
            let top = top(&self.blockers[i]);
            if top.is_empty() {
                s.push_str("<p class=\"none\">没有企业因某项条件未达到而不符合。</p>\n");
            } else {
                s.push_str("<p class=\"note\">按“未达到这一项的企业数”排列（沿每家企业最省力的一条标准）。</p>\n");
                bars(&mut s, &top, &format!("blockers-{i}"));
            }
            s.push_str("</section>\n");
        }
        self.work_list(&mut s);
        self.moves_section(&mut s);
        s.push_str("<section>\n<h2>最常决定结论的未知项</h2>\n");
        let top = top(&self.deciding);
        if top.is_empty() {
            s.push_str("<p class=\"none\">没有因未知项而无法确定的结论。</p>\n");
        } else {
            s.push_str("<p class=\"note\">这些问题答了“不清楚”或没填，而答案会改变结论：先补这些数据，结论最快变得确定。</p>\n");
            bars(&mut s, &top, "deciding");
        }
        s.push_str("</section>\n<footer>由 zjtx 生成 · 数据只在本机处理，未上传。本页为自评估汇总，不是主管部门的认定结论。</footer>\n</main>\n</body>\n</html>\n");
        s
    }

    /// The verdict columns: the known words that occur, in order, then any other.
    fn verdict_columns(&self) -> Vec<(String, &'static str)> {
        let seen = |v: &str| self.verdicts.iter().any(|m| m.contains_key(v));
        let mut cols: Vec<(String, &'static str)> = VERDICTS
            .iter()
            .filter(|(v, _)| seen(v))
            .map(|(v, c)| ((*v).to_owned(), *c))
            .collect();
        for m in &self.verdicts {
            for v in m.keys() {
                if !cols.iter().any(|(c, _)| c == v) {
                    cols.push((v.clone(), "v-other"));
                }
            }
        }
        cols
    }

    fn tier_chart(&self, s: &mut String) {
        let cols = self.verdict_columns();
        s.push_str("<section>\n<h2>各梯度结论</h2>\n<table class=\"chart\">\n<tbody>\n");
        let width = 420.0;
        for (i, tier) in self.tiers.iter().enumerate() {
            let total: usize = self.verdicts[i].values().sum();
            let _ = write!(
                s,
                "<tr><th scope=\"row\">{}</th><td><svg class=\"bar\" width=\"{width}\" height=\"18\" role=\"img\" aria-label=\"{}的结论分布\">",
                tier, tier
            );
            let mut x = 0.0;
            for (v, class) in &cols {
                let n = self.verdicts[i].get(v).copied().unwrap_or(0);
                if n > 0 && total > 0 {
                    let w = width * n as f64 / total as f64;
                    let _ = write!(
                        s,
                        "<rect class=\"{class}\" x=\"{x:.1}\" y=\"0\" width=\"{w:.1}\" height=\"18\"><title>{}：{n} 家</title></rect>",
                        html(v)
                    );
                    x += w;
                }
            }
            s.push_str("</svg></td></tr>\n");
        }
        s.push_str("</tbody>\n</table>\n<table class=\"counts\">\n<thead><tr><th scope=\"col\">结论（家数）</th>");
        for tier in &self.tiers {
            let _ = write!(s, "<th scope=\"col\" class=\"num\">{}</th>", tier);
        }
        s.push_str("</tr></thead>\n<tbody>\n");
        for (v, class) in &cols {
            let _ = write!(
                s,
                "<tr><th scope=\"row\"><span class=\"key {class}\"></span>{}</th>",
                html(v)
            );
            for i in 0..self.tiers.len() {
                let n = self.verdicts[i].get(v).copied().unwrap_or(0);
                let _ = write!(
                    s,
                    "<td class=\"num\" data-testid=\"verdict-{i}\" data-verdict=\"{}\">{n}</td>",
                    html(v)
                );
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</tbody>\n</table>\n</section>\n");
    }

    fn moves_section(&self, s: &mut String) {
        let Some(m) = &self.moves else { return };
        s.push_str("<section>\n<h2>与上一期相比</h2>\n<p class=\"note\">按企业名称与上一期的 summary 对照；“达到的梯度”是从低到高连续符合的最高一级。</p>\n<section class=\"cards\">\n");
        let gone = m.before.len() - m.seen.len();
        for (label, n, id) in [
            ("升级", m.up, "up"),
            ("降级", m.down, "down"),
            ("不变", m.same, "same"),
            ("新入库", m.new, "new"),
            ("本期未出现", gone, "gone"),
        ] {
            let _ = writeln!(
                s,
                "<div class=\"card\"><span class=\"n\" data-testid=\"moves-{id}\">{n}</span><span>{label}</span></div>"
            );
        }
        s.push_str("</section>\n");
        for (title, list, id) in [
            ("升级的企业", &m.up_list, "up"),
            ("降级的企业", &m.down_list, "down"),
        ] {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(
                s,
                "<h3>{title}</h3>\n<table class=\"list\" data-testid=\"movers-{id}\">\n<thead><tr><th scope=\"col\">行号</th><th scope=\"col\">企业</th><th scope=\"col\">上一期</th><th scope=\"col\">本期</th></tr></thead>\n<tbody>"
            );
            for (row, name, before, now) in list {
                let _ = writeln!(
                    s,
                    "<tr><td class=\"num\">{row}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    html(name),
                    level_name(&self.tiers, *before),
                    level_name(&self.tiers, *now)
                );
            }
            s.push_str("</tbody>\n</table>\n");
        }
        s.push_str("</section>\n");
    }

    fn work_list(&self, s: &mut String) {
        // “Click a name” only where a name is a link (not with --reports none).
        let linked = self
            .nearest
            .values()
            .flatten()
            .any(|n| !n.report.is_empty());
        let _ = writeln!(
            s,
            "<section>\n<h2>工作清单：离下一梯度最近的企业</h2>\n<p class=\"note\">每个梯度列出差距项最少的企业（差距项数相同时按改进工作量）。{}</p>",
            if linked {
                "点击企业名称打开它的指标差距报告。"
            } else {
                "本次只出了汇总和画像，没有逐家报告；要报告时，运行 zjtx batch 不加 --reports none。"
            }
        );
        let mut any = false;
        for (i, tier) in self.tiers.iter().enumerate() {
            let Some(list) = self.nearest.get(tier) else {
                continue;
            };
            any = true;
            let _ = writeln!(
                s,
                "<h3>下一步：{}</h3>\n<table class=\"list\" data-testid=\"nearest-{i}\">\n<thead><tr><th scope=\"col\">行号</th><th scope=\"col\">企业</th><th scope=\"col\" class=\"num\">差距项数</th><th scope=\"col\">还差</th></tr></thead>\n<tbody>",
                tier
            );
            for n in list {
                let name = if n.name.is_empty() {
                    "（未填写名称）"
                } else {
                    &n.name
                };
                let shown = if n.report.is_empty() {
                    html(name).into_owned()
                } else {
                    format!("<a href=\"{}\">{}</a>", html(&n.report), html(name))
                };
                let _ = writeln!(
                    s,
                    "<tr><td class=\"num\">{}</td><td>{shown}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                    n.row,
                    n.gap_items,
                    html(&n.blockers.join("；"))
                );
            }
            s.push_str("</tbody>\n</table>\n");
        }
        if !any {
            s.push_str("<p class=\"none\">没有差距明确的企业。</p>\n");
        }
        s.push_str("</section>\n");
    }
}

/// One more firm with `label` (its text copied only the first time).
fn count(counts: &mut BTreeMap<String, usize>, label: &str) {
    match counts.get_mut(label) {
        Some(n) => *n += 1,
        None => {
            counts.insert(label.to_owned(), 1);
        }
    }
}

/// The largest counts first (ties by name), at most [`TOP`].
fn top(counts: &BTreeMap<String, usize>) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = counts.iter().map(|(k, v)| (k.clone(), *v)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(TOP);
    v
}

/// A bar chart as a table: label, inline SVG bar, count.
fn bars(s: &mut String, items: &[(String, usize)], id: &str) {
    let max = items.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let width = 300.0;
    let _ = writeln!(s, "<table class=\"chart\" data-testid=\"{id}\">\n<tbody>");
    for (label, n) in items {
        let w = (width * *n as f64 / max as f64).max(1.0);
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\">{}</th><td><svg class=\"bar\" width=\"{width}\" height=\"14\" aria-hidden=\"true\"><rect x=\"0\" y=\"0\" width=\"{w:.1}\" height=\"14\"></rect></svg></td><td class=\"num\" data-label=\"{}\">{n}</td></tr>",
            html(label),
            html(label)
        );
    }
    s.push_str("</tbody>\n</table>\n");
}

/// The page's own stylesheet (no user text in it).
const CSS: &str = "body { font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"Microsoft YaHei\", \"PingFang SC\", sans-serif; color: #1a1a1a; background: #fafafa; margin: 0; }
main { max-width: 1000px; margin: 0 auto; padding: 24px; background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 2px solid #1f4e79; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.meta, .note, .none, footer { color: #555; font-size: 13px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin-top: 16px; }
.card { border: 1px solid #ccd; border-radius: 6px; padding: 10px 16px; min-width: 140px; display: flex; flex-direction: column; }
.card .n { font-size: 26px; font-weight: bold; color: #1f4e79; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
.list thead th { white-space: nowrap; }
.counts { margin-top: 10px; width: auto; }
.counts th[scope=row] { width: auto; min-width: 220px; }
.counts .key { margin-left: 0; }
th[scope=row] { font-weight: normal; width: 40%; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
svg.bar rect { fill: #2e75b6; }
svg.bar rect.v-held, .key.v-held { fill: #1b5e20; background: #1b5e20; }
svg.bar rect.v-not-needed, .key.v-not-needed { fill: #00796b; background: #00796b; }
svg.bar rect.v-doubtful, .key.v-doubtful { fill: #ef9a9a; background: #ef9a9a; }
svg.bar rect.v-other, .key.v-other { fill: #8d6e63; background: #8d6e63; }
svg.bar rect.v-yes, .key.v-yes { fill: #43a047; background: #43a047; }
svg.bar rect.v-verify, .key.v-verify { fill: #9ccc65; background: #9ccc65; }
svg.bar rect.v-unknown, .key.v-unknown { fill: #bdbdbd; background: #bdbdbd; }
svg.bar rect.v-no, .key.v-no { fill: #c62828; background: #c62828; }
.key { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 10px; vertical-align: -1px; }
.list td:nth-child(2) { width: 30%; }
footer { margin-top: 32px; border-top: 1px solid #ddd; padding-top: 8px; }
@media print { body { background: #fff; } main { padding: 0; } a { color: inherit; text-decoration: none; } }
";
