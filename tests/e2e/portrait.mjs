// The batch's 画像 page as an official opens it: one file that asks the
// network for nothing, and whose every figure is the count of summary.csv's
// rows (summary.xlsx holds the same cells: tests/batch.rs checks that).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { OUT, assert, test } from './harness.mjs';


/** RFC 4180: quoted cells may hold commas, quotes and line breaks. */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else if (c !== '\r') cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

test('画像页面：不发任何网络请求，数字与 summary.csv 逐项一致', async ({ page }) => {
  const dir = resolve(`${OUT}/batch`);
  rmSync(dir, { recursive: true, force: true });
  const input = `${OUT}/batch-firms.csv`;
  execFileSync('node', ['scripts/gen-firms.mjs', '600', input], { stdio: 'pipe' });
  // A short row (an error row) and a firm whose name is markup and a formula.
  const lines = readFileSync(input, 'utf8').trimEnd().split('\n');
  const hostile = lines[1].replace(/^[^,]*/, '"=1+1<img src=x onerror=alert(1)>"');
  writeFileSync(input, [...lines, '短行有限公司,2026-11-22', hostile].join('\n') + '\n');
  execFileSync('cargo', ['run', '--quiet', '--bin', 'zjtx', '--', 'batch', input, '--out', dir, '--date', '2026-11-22'], { stdio: 'pipe' });

  const requests = [];
  const dialogs = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  const url = pathToFileURL(`${dir}/画像.html`).href;
  await page.goto(url);
  await page.waitForTimeout(300);
  const others = requests.filter((u) => u !== url && decodeURI(u) !== decodeURI(url));
  assert(others.length === 0, `the page asked for: ${others.join(', ')}`);
  assert(dialogs.length === 0, 'no dialogs');
  await page.screenshot({ path: `${OUT}/portrait.png`, fullPage: true });

  const [header, ...rows] = parseCsv(readFileSync(`${dir}/summary.csv`, 'utf8').replace(/^\uFEFF/, ''));
  // The pack's tiers, lowest first, as the summary's columns name them.
  const TIERS = header.filter((h) => h.endsWith(' 结论')).map((h) => h.slice(0, -3));
  assert(TIERS.length >= 3, `tiers from the header: ${TIERS}`);
  const col = (name) => { const i = header.indexOf(name); assert(i >= 0, `column ${name}`); return i; };
  const text = async (id) => (await page.textContent(`[data-testid="${id}"]`)).trim();
  const count = (pred) => rows.filter(pred).length;
  const status = col('状态');
  assert(rows.length === 602, `602 rows, got ${rows.length}`);
  assert(await text('total-rows') === String(rows.length), 'total rows');
  assert(await text('total-done') === String(count((r) => r[status] === '完成')), 'done');
  assert(await text('total-open') === String(count((r) => r[status] === '有未知项')), 'open');
  const errors = count((r) => r[status] === '错误');
  assert(errors > 0 && await text('total-errors') === String(errors), 'error rows counted');

  const assessed = rows.filter((r) => r[status] !== '错误');
  let checked = 0;
  for (const [i, tier] of TIERS.entries()) {
    // Each verdict column is the number of rows with that verdict, and the
    // columns add up to every assessed row.
    const v = col(`${tier} 结论`);
    let sum = 0;
    for (const cell of await page.$$(`[data-testid="verdict-${i}"]`)) {
      const verdict = await cell.getAttribute('data-verdict');
      const expected = assessed.filter((r) => r[v] === verdict).length;
      const shown = Number(await cell.textContent());
      assert(shown === expected, `${tier} ${verdict}: page ${shown}, csv ${expected}`);
      sum += shown;
      checked++;
    }
    assert(sum === assessed.length, `${tier}: columns add up to ${sum}, not ${assessed.length}`);
    // Every bar of the blockers chart is the number of rows naming that criterion.
    const b = col(`${tier} 主要差距`);
    for (const cell of await page.$$(`[data-testid="blockers-${i}"] td[data-label]`)) {
      const label = await cell.getAttribute('data-label');
      const expected = assessed.filter((r) => r[b].split('；').includes(label)).length;
      assert((await cell.textContent()) === String(expected), `${tier} blocker ${label}`);
      checked++;
    }
    // The work list starts with the firm nearest to this tier.
    const list = await page.$$(`[data-testid="nearest-${i}"] tbody tr`);
    const next = col('下一梯度'), gap = col('距下一梯度差距项数'), effort = col('改进工作量（相对）');
    const candidates = assessed
      .filter((r) => r[next] === tier && r[gap] !== '')
      .sort((x, y) => Number(x[gap]) - Number(y[gap]) || Number(x[effort] || Infinity) - Number(y[effort] || Infinity) || Number(x[0]) - Number(y[0]));
    assert(list.length === Math.min(20, candidates.length), `${tier} work list length`);
    if (candidates.length) {
      const first = (await list[0].textContent()).trim();
      assert(first.startsWith(candidates[0][0]), `${tier} nearest firm: page “${first}”, csv row ${candidates[0][0]}`);
      checked++;
    }
  }
  const size = col('企业规模');
  for (const cell of await page.$$('[data-testid="size"] td[data-label]')) {
    const label = await cell.getAttribute('data-label');
    assert((await cell.textContent()) === String(assessed.filter((r) => (r[size] || '未能划型') === label).length), `size ${label}`);
    checked++;
  }
  const deciding = col('决定结论的未知项');
  for (const cell of await page.$$('[data-testid="deciding"] td[data-label]')) {
    const label = await cell.getAttribute('data-label');
    assert((await cell.textContent()) === String(assessed.filter((r) => r[deciding].split('；').includes(label)).length), `unknown ${label}`);
    checked++;
  }
  assert(checked > 20, `only ${checked} figures checked`);
  // A firm in the work list opens its report, which links the shared stylesheet.
  const link = page.locator('[data-testid="nearest-0"] a').first();
  if (await link.count()) {
    await link.click();
    await page.waitForSelector('h1');
    const color = await page.evaluate(() => getComputedStyle(document.querySelector('.rpt-cover') ?? document.body).fontFamily);
    assert(color.length > 0, 'report styled');
  }
});
