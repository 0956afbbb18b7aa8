// Side-by-side browser benchmark: the zjtx widget against an equivalent
// SurveyJS page (the same questions, generated from the pack's inputs, with
// live scoring by expressions). Both are served on loopback and loaded
// fresh, alternating, in one headless Chromium. Prints figures and ratios;
// never passes or fails. Run by `bash scripts/bench.sh` after the release
// build (target/site).
//
//   node scripts/bench-web.mjs [--loads 12] [--edits 60] [--vsync] [--site DIR]
// (--vsync keeps Chromium's 60 Hz frame clock, for comparison; --site serves
// another build of the widget than target/site, e.g. a copy of an older one.)
import { chromium } from 'playwright-core';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { parse } from 'smol-toml';
import { serve } from './serve.mjs';

const arg = (name, d) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const LOADS = arg('loads', 12);
const EDITS = arg('edits', 60);
const SITE = process.argv.includes('--site') ? process.argv[process.argv.indexOf('--site') + 1] : 'target/site';
// Both pages run with the frame rate unlocked (no vsync, no 60 Hz limit):
// otherwise “input → next frame” is the wait for the next 16.7 ms tick, the
// same for any page, and measures the display rather than the work.
const UNLOCKED = ['--disable-gpu-vsync', '--disable-frame-rate-limit'];
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
  ...(process.argv.includes('--vsync') ? [] : UNLOCKED)];

// —— the peer page, generated from the pack ——
function surveyPage() {
  const dir = 'target/bench/surveyjs';
  mkdirSync(dir, { recursive: true });
  const inputs = parse(readFileSync('rules/national/inputs.toml', 'utf8')).inputs;
  const industries = parse(readFileSync('rules/national/size_class.toml', 'utf8')).industries;
  const name = (id) => id.replace('.', '_');
  const question = (d, id, title) => {
    const q = { name: name(id), title, description: d.help, isRequired: false };
    switch (d.kind) {
      case 'yesno': return { ...q, type: 'radiogroup', choices: ['是', '否', '不清楚'], colCount: 3 };
      case 'choice': return {
        ...q, type: 'dropdown',
        choices: [...(d.options_from ? industries.map((i) => ({ value: i.id, text: i.name })) : (d.options ?? []).map((o) => ({ value: o.value, text: o.label }))), { value: 'unknown', text: '不清楚' }],
      };
      case 'date': return { ...q, type: 'text', placeholder: 'YYYY-MM-DD 或 “无”' };
      default: return { ...q, type: 'text', inputType: 'number', min: d.allow_negative ? undefined : 0, ...(d.unit ? { description: `${d.help}（单位：${d.unit}）` } : {}) };
    }
  };
  const years = ['上年度', '前年', '大前年'];
  const pages = new Map();
  // Like the widget: the size measures are asked on the first page.
  const sizeIds = ['employees', 'operating_revenue.y1', 'total_assets'];
  for (const d of inputs) {
    const ids = d.years ? Array.from({ length: d.years }, (_, i) => [`${d.id}.y${i + 1}`, `${d.label}（${(d.year_labels ?? [])[i] ?? years[i]}）`]) : [[d.id, d.label]];
    for (const [id, title] of ids) {
      const page = sizeIds.includes(id) ? '基本信息' : d.page;
      if (!pages.has(page)) pages.set(page, []);
      pages.get(page).push(question(d, id, title));
    }
  }
  // Live scoring, as the widget shows it: the size class and the R&D share.
  const live = {
    type: 'expression', name: 'live', title: '当前结果',
    expression: "iif({industry} empty, '选择所属行业后显示划型结果。', iif({employees} >= 1000 or {operating_revenue_y1} >= 40000, '大型企业', iif({employees} >= 300 and {operating_revenue_y1} >= 2000, '中型企业', iif({employees} >= 20 and {operating_revenue_y1} >= 300, '小型企业', '微型企业'))) + '：从业人员 ' + {employees} + ' 人，营业收入 ' + {operating_revenue_y1} + ' 万元；研发费用占比 ' + iif({operating_revenue_y1} > 0, round({rd_expense_y1} * 100 / {operating_revenue_y1}, 2), '—') + '%')",
  };
  const json = {
    locale: 'zh-cn', title: '优质中小企业梯度培育自评估', textUpdateMode: 'onTyping', checkErrorsMode: 'onValueChanged',
    showProgressBar: 'top', pages: [...pages].map(([title, elements], i) => ({ name: `p${i}`, title, elements: [{ ...live, name: `live${i}` }, ...elements] })),
  };
  for (const [from, to] of [
    ['node_modules/survey-core/survey.core.min.js', 'survey.core.min.js'],
    ['node_modules/survey-core/survey-core.min.css', 'survey-core.min.css'],
    ['node_modules/survey-core/i18n/simplified-chinese.js', 'simplified-chinese.js'],
    ['node_modules/survey-js-ui/survey-js-ui.min.js', 'survey-js-ui.min.js'],
  ]) copyFileSync(from, `${dir}/${to}`);
  writeFileSync(`${dir}/survey.json`, JSON.stringify(json));
  writeFileSync(`${dir}/start.js`, `fetch('survey.json').then((r) => r.json()).then((json) => {
  const survey = new Survey.Model(json);
  survey.render(document.getElementById('survey'));
});\n`);
  writeFileSync(`${dir}/index.html`, `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>SurveyJS 对照页</title>
<link rel="stylesheet" href="survey-core.min.css">
<script src="survey.core.min.js"></script><script src="simplified-chinese.js"></script><script src="survey-js-ui.min.js"></script>
</head><body><div id="survey"></div><script src="start.js"></script></body></html>\n`);
  return dir;
}

// —— what each page is, for the measurements ——
const PAGES = {
  zjtx: {
    // The first question inside the widget's shadow root.
    first: () => document.querySelector('zjtx-widget')?.shadowRoot?.querySelector('#field-industry'),
    setup: async (page) => {
      await page.selectOption('#field-industry', 'industrial');
      await page.fill('#field-operating_revenue-y1', '8551');
    },
    field: () => document.querySelector('zjtx-widget').shadowRoot.querySelector('#field-employees'),
    live: () => document.querySelector('zjtx-widget').shadowRoot.querySelector('.zjtx-live'),
  },
  surveyjs: {
    first: () => document.querySelector('.sd-root-modern .sd-dropdown, .sd-root-modern input'),
    setup: async (page) => {
      await page.click('[data-name="industry"] .sd-dropdown');
      await page.click('.sv-list__item:has-text("工业")');
      await page.fill('[data-name="operating_revenue_y1"] input', '8551');
    },
    field: () => document.querySelector('[data-name="employees"] input'),
    live: () => document.querySelector('[data-name="live0"] .sd-expression'),
  },
};

// —— machine load: CPU time of everything else while we measure ——
function procStat() {
  const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = f.map(Number);
  return { busy: n[0] + n[1] + n[2] + n[5] + n[6] + n[7], idle: n[3] + n[4] };
}
function treeTicks(root) {
  // utime + stime of `root` and its descendants (the browser's processes).
  const all = new Map();
  for (const pid of readdirPids()) {
    try {
      const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      all.set(pid, { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch { /* gone */ }
  }
  const mine = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of all) if (!mine.has(pid) && mine.has(p.ppid)) { mine.add(pid); grew = true; }
  }
  let t = 0;
  for (const pid of mine) t += all.get(pid)?.ticks ?? 0;
  return t;
}
function readdirPids() {
  return execFileSync('ls', ['/proc'], { encoding: 'utf8' }).split('\n').filter((x) => /^\d+$/.test(x)).map(Number);
}
async function waitIdle(maxMs = 20000) {
  const t0 = Date.now();
  for (;;) {
    const a = procStat();
    await new Promise((r) => setTimeout(r, 400));
    const b = procStat();
    const busy = (b.busy - a.busy) / Math.max(1, b.busy - a.busy + b.idle - a.idle);
    if (busy < 0.15 || Date.now() - t0 > maxMs) return busy;
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

async function loadOnce(browser, url, which) {
  const spec = PAGES[which];
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  // Each response's body, gzipped; all read before the figure is taken (a
  // body still being read, e.g. the wasm preloaded in the head, would
  // otherwise be left out).
  const bodies = [];
  page.on('response', (r) => {
    bodies.push(r.body().then((b) => gzipSync(b, { level: 9 }).length, () => 0 /* redirects */));
  });
  await page.addInitScript(`(() => {
    const first = ${spec.first.toString()};
    // Ready: the first question is in the page and laid out (not hidden).
    const tick = () => { const f = first(); if (f && f.getClientRects().length > 0) { window.__firstInput = performance.now(); } else { requestAnimationFrame(tick); } };
    requestAnimationFrame(tick);
  })();`);
  await page.goto(url);
  await page.waitForFunction(() => window.__firstInput !== undefined, null, { timeout: 60000 });
  const ready = await page.evaluate(() => window.__firstInput);
  // Where the time to the first input went: the page's own response, the
  // last stylesheet and script that arrived before it, the first paint.
  const phases = await page.evaluate((ready) => {
    const nav = performance.getEntriesByType('navigation')[0];
    const before = performance.getEntriesByType('resource').filter((e) => e.responseEnd <= ready);
    const last = (types) => Math.max(0, ...before.filter((e) => types.test(e.name)).map((e) => e.responseEnd));
    const paint = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
    return { html: nav.responseEnd, css: last(/\.css(\?|$)/), js: last(/\.m?js(\?|$)/), paint: paint ? paint.startTime : NaN, parsed: nav.domInteractive };
  }, ready);
  await page.waitForLoadState('networkidle');
  const bytes = (await Promise.all(bodies)).reduce((a, b) => a + b, 0);
  return { context, page, ready, bytes, phases };
}

async function edits(page, which) {
  const spec = PAGES[which];
  await spec.setup(page);
  await page.waitForTimeout(300);
  return page.evaluate(async ({ field, live, n }) => {
    const f = eval(`(${field})`)();
    const l = eval(`(${live})`)();
    const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    const text = [], frame = [];
    for (let i = 0; i < n; i++) {
      const value = String(i % 2 ? 150 + i : 1500 + i);
      const changed = new Promise((ok) => {
        const mo = new MutationObserver(() => { mo.disconnect(); ok(performance.now()); });
        mo.observe(l, { subtree: true, childList: true, characterData: true, attributes: true });
        setTimeout(() => { mo.disconnect(); ok(NaN); }, 2000);
      });
      f.focus();
      const t0 = performance.now();
      set.call(f, value);
      f.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: value }));
      const t1 = await changed;
      // The frame that shows it: the next animation frame, then past its paint.
      const t2 = await new Promise((ok) => requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => ok(performance.now());
        ch.port2.postMessage(0);
      }));
      text.push(t1 - t0);
      frame.push(t2 - t0);
      await new Promise((ok) => setTimeout(ok, 30));
    }
    return { text, frame };
  }, { field: spec.field.toString(), live: spec.live.toString(), n: EDITS });
}

// zjtx only: the first opening of the report, after the edits. The report
// is a second module fetched on this click (never in the first load): the
// bytes that click fetches (gzip -9) and the time until the report shows.
async function openReport(page) {
  const bodies = [];
  const onResponse = (r) => bodies.push(r.body().then((b) => gzipSync(b, { level: 9 }).length, () => 0));
  page.on('response', onResponse);
  const ms = await page.evaluate(async () => {
    const shadow = document.querySelector('zjtx-widget').shadowRoot;
    const button = [...shadow.querySelectorAll('.zjtx-steps button')].find((b) => b.textContent.includes('查看报告'));
    const t0 = performance.now();
    button.click();
    await new Promise((ok) => {
      const tick = () => (shadow.querySelector('[data-testid=size-verdict]') ? ok() : requestAnimationFrame(tick));
      tick();
    });
    return performance.now() - t0;
  });
  await page.waitForLoadState('networkidle');
  page.off('response', onResponse);
  return { ms, bytes: (await Promise.all(bodies)).reduce((a, b) => a + b, 0) };
}

async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const h = await cdp.send('Runtime.getHeapUsage');
  // usedSize: the JS heap; backingStorageSize: ArrayBuffer stores, which
  // hold the WebAssembly memory.
  return h.usedSize + (h.backingStorageSize ?? 0);
}

async function main() {
  const peerDir = surveyPage();
  const zjtx = await serve(SITE, 0);
  const peer = await serve(peerDir, 0);
  const urls = {
    zjtx: `http://127.0.0.1:${zjtx.address().port}/`,
    surveyjs: `http://127.0.0.1:${peer.address().port}/`,
  };
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  const browserPid = browser.process?.()?.pid;
  const r = { zjtx: { ready: [], bytes: [], text: [], frame: [], mem: [], phases: [], report: [], reportBytes: [] }, surveyjs: { ready: [], bytes: [], text: [], frame: [], mem: [], phases: [] } };
  let others = 0, total = 0, before = 0;
  const hz = 100;
  for (let i = 0; i < LOADS; i++) {
    for (const which of i % 2 ? ['surveyjs', 'zjtx'] : ['zjtx', 'surveyjs']) {
      before += await waitIdle();
      const s0 = procStat(), b0 = browserPid ? treeTicks(browserPid) : 0, n0 = process.cpuUsage();
      const { context, page, ready, bytes, phases } = await loadOnce(browser, urls[which], which);
      r[which].ready.push(ready);
      r[which].phases.push(phases);
      r[which].bytes.push(bytes);
      // Edits and memory on a third of the loads: they take longest.
      if (i < 4) {
        const e = await edits(page, which);
        r[which].text.push(...e.text.filter((x) => !Number.isNaN(x)));
        r[which].frame.push(...e.frame);
        r[which].mem.push(await memory(page));
        if (which === 'zjtx') {
          const opened = await openReport(page);
          r.zjtx.report.push(opened.ms);
          r.zjtx.reportBytes.push(opened.bytes);
        }
      }
      await context.close();
      const s1 = procStat(), b1 = browserPid ? treeTicks(browserPid) : 0, n1 = process.cpuUsage(n0);
      const busy = s1.busy - s0.busy;
      const ours = (b1 - b0) + (n1.user + n1.system) / 1e6 * hz;
      others += Math.max(0, busy - ours);
      total += busy + (s1.idle - s0.idle);
    }
  }
  const version = browser.version();
  await browser.close();
  zjtx.close();
  peer.close();

  const kB = (x) => `${(x / 1000).toFixed(1)} kB`;
  const ms = (x) => `${x.toFixed(1)} ms`;
  const MB = (x) => `${(x / 1e6).toFixed(1)} MB`;
  const rows = [
    ['first load, gzip -9', median(r.zjtx.bytes), median(r.surveyjs.bytes), kB, '≤ 0.4'],
    [`first input ready (median of ${LOADS})`, median(r.zjtx.ready), median(r.surveyjs.ready), ms, '≤ 0.2'],
    [`re-score, input → live text (p95 of ${r.zjtx.text.length})`, p95(r.zjtx.text), p95(r.surveyjs.text), ms, '≤ 4 ms'],
    ['re-score, input → next frame (p95)', p95(r.zjtx.frame), p95(r.surveyjs.frame), ms, '≤ 8 ms'],
    ['JS heap + wasm memory after edits', median(r.zjtx.mem), median(r.surveyjs.mem), MB, '≤ 0.3'],
  ];
  const model = cpus()[0]?.model ?? '?';
  console.log(`zjtx vs SurveyJS ${JSON.parse(readFileSync('node_modules/survey-core/package.json', 'utf8')).version} — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} cores (${model}), Chromium ${version}`);
  console.log('');
  console.log('| figure | zjtx | SurveyJS | ratio | goal |');
  console.log('|---|--:|--:|--:|--:|');
  for (const [label, a, b, f, goal] of rows) console.log(`| ${label} | ${f(a)} | ${f(b)} | ${(a / b).toFixed(2)} | ${goal} |`);
  console.log('');
  // Medians of the moments on the way to the first input (ms after the
  // navigation started; a stylesheet or script that arrived after the first
  // input is left out, and “—” means none arrived before it).
  const at = (which, k) => {
    const m = median(r[which].phases.map((p) => p[k]));
    return m > 0 ? m.toFixed(0) : '—';
  };
  console.log('where the first input goes (median ms after navigation start): page received · last stylesheet · last script · first paint · parsed · first input');
  for (const which of ['zjtx', 'surveyjs']) {
    console.log(`  ${which.padEnd(9)} ${['html', 'css', 'js', 'paint', 'parsed'].map((k) => at(which, k)).join(' · ')} · ${median(r[which].ready).toFixed(0)}`);
  }
  console.log('');
  console.log(`zjtx, opening the report the first time (after the edits; fetches the report module): ${median(r.zjtx.report).toFixed(0)} ms (median of ${r.zjtx.report.length}), ${kB(median(r.zjtx.reportBytes))} fetched (gzip -9).`);
  console.log('');
  console.log(`Chromium frame clock: ${process.argv.includes('--vsync') ? '60 Hz (vsync)' : `unlocked (${UNLOCKED.join(' ')}), both pages`}.`);
  console.log(`CPU used by other processes while measuring: ${(100 * others / Math.max(1, total)).toFixed(1)} % of the machine (${cpus().length} cores); busy before each load (waited ≤ 20 s for < 15 %): ${(100 * before / (2 * LOADS)).toFixed(0)} % on average.`);
}

await main();
