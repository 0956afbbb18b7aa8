// The questionnaire as a finance clerk meets it: every page at desktop and
// 375 px (screenshots in target/e2e/pages/), axe-core on every page, and a
// whole realistic firm entered with the keyboard only, checked against the
// engine's verdicts from the CLI.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { OUT, assert, open, test } from './harness.mjs';

const PAGES = ['基本信息', '财务', '人员', '知识产权', '市场与产品', '创新与荣誉', '培育平台数据', '合规', '核对填报', '查看报告'];
const firm = JSON.parse(readFileSync('tests/fixtures/firm-rd-short.json', 'utf8'));

async function axe(page) {
  await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
  // Only the widget: the demo page around it is not ours.
  return page.evaluate(async () => {
    const r = await window.axe.run({ include: [['zjtx-widget']] }, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target}`);
  });
}

test('每一页：桌面、375px 与 200% 缩放截图，不横向滚动，axe-core 0 个问题', async ({ browser, base }) => {
  mkdirSync(`${OUT}/pages`, { recursive: true });
  // 600 px wide is a 1200 px window at 200 % zoom.
  for (const [width, tag] of [[1200, 'desktop'], [375, 'mobile'], [600, 'zoom200']]) {
    // axe is injected as a script: this context alone bypasses the page's CSP.
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true, locale: 'zh-CN' });
    const page = await context.newPage();
    await open(page, base);
    const problems = [];
    for (const [i, name] of PAGES.entries()) {
      await page.click(`.zjtx-step:nth-child(${i + 1}) button`);
      await page.waitForTimeout(50);
      await page.screenshot({ path: `${OUT}/pages/${String(i + 1).padStart(2, '0')}-${name}-${tag}.png`, fullPage: true, timeout: 120000 });
      if (tag === 'desktop') for (const v of await axe(page)) problems.push(`${name}: ${v}`);
      assert(await page.evaluate((w) => document.documentElement.scrollWidth <= w, width), `${name} scrolls sideways at ${width}px`);
    }
    await context.close();
    assert(problems.length === 0, `axe-core:\n${problems.join('\n')}`);
  }
});

/** Tab until the widget's focused element has this id (keyboard only). */
async function tabTo(page, id, limit = 400) {
  for (let n = 0; n < limit; n++) {
    const now = await page.evaluate(() => document.querySelector('zjtx-widget').shadowRoot.activeElement?.id ?? '');
    if (now === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach #${id} with Tab`);
}

/** Tab to a button by its text and press Enter. */
async function pressButton(page, text, limit = 400) {
  for (let n = 0; n < limit; n++) {
    const now = await page.evaluate(() => {
      const el = document.querySelector('zjtx-widget').shadowRoot.activeElement;
      return el?.tagName === 'BUTTON' ? el.textContent.trim() : '';
    });
    if (now === text) return page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach button “${text}” with Tab`);
}

const fieldId = (answer) => `field-${answer.replace('.', '-')}`;

test('键盘完成整份问卷（示例企业），实时梯度与结果同引擎一致', async ({ page, base }) => {
  await open(page, base);
  await page.keyboard.press('Tab');
  const order = JSON.parse(execFileSync('node', ['-e', `
    const t = require('fs').readFileSync('rules/national/inputs.toml', 'utf8');
    const out = []; let cur = null;
    for (const line of t.split('\\n')) {
      let m = line.match(/^id = "([a-z0-9_]+)"/); if (m) { cur = { id: m[1] }; out.push(cur); continue; }
      m = line.match(/^years = (\\d)/); if (m && cur) cur.years = +m[1];
      m = line.match(/^new_years = (\\d)/); if (m && cur) cur.newYears = +m[1];
      m = line.match(/^kind = "(\\w+)"/); if (m && cur) cur.kind = m[1];
      m = line.match(/^page = "(.+)"/); if (m && cur) cur.page = m[1];
    }
    console.log(JSON.stringify(out));`], { encoding: 'utf8' }));
  // 企业名称 first, then every page in order.
  await tabTo(page, 'field-enterprise_name');
  await page.keyboard.type(firm.enterprise_name);
  for (const [p, pageName] of PAGES.slice(0, 8).entries()) {
    const questions = order.filter((q) => q.page === pageName);
    for (const q of questions) {
      const ids = q.years ? Array.from({ length: q.newYears ?? q.years }, (_, k) => `${q.id}.y${k + 1}`) : [q.id];
      for (const answer of ids) {
        const value = firm.answers[answer];
        if (value === undefined) continue;
        // On page 1 the size questions sit in their own block; they are filled on their own pages too.
        if (p === 0 && ['employees', 'operating_revenue.y1', 'total_assets'].includes(answer)) continue;
        await tabTo(page, fieldId(answer));
        if (q.kind === 'yesno') {
          // Arrow keys move within a radio group and select.
          const target = ['是', '否', '不清楚'].indexOf(value);
          for (let k = 0; k < target; k++) await page.keyboard.press('ArrowRight');
          if (target === 0) await page.keyboard.press('Space');
        } else if (q.kind === 'choice') {
          const optionIndex = await page.evaluate(([id, v]) => {
            const s = document.querySelector('zjtx-widget').shadowRoot.getElementById(id);
            return [...s.options].findIndex((o) => o.value === v || o.textContent === v);
          }, [fieldId(answer), value]);
          const current = await page.evaluate((id) => document.querySelector('zjtx-widget').shadowRoot.getElementById(id).selectedIndex, fieldId(answer));
          for (let k = current; k < optionIndex; k++) await page.keyboard.press('ArrowDown');
        } else if (value === '不清楚') {
          await page.keyboard.press('Tab');
          await page.keyboard.press('Space');
        } else {
          await page.keyboard.type(value);
        }
      }
    }
    await pressButton(page, p < 7 ? '下一步' : '下一步：核对填报');
  }
  // 核对填报 lists what was typed.
  const check = await page.textContent('.zjtx-form');
  assert(check.includes('研发费用（上年度）') && check.includes('223 万元'), 'check page lists the answers');
  // The live ladder and the report agree with the engine (CLI on the same answers).
  const cli = JSON.parse(execFileSync('target/debug/zjtx', ['assess', 'tests/fixtures/firm-rd-short.json', '--date', new Date().toISOString().slice(0, 10)], { encoding: 'utf8' }));
  const label = { qualifies: '符合', qualifies_to_verify: '符合（有待核实项）', not_qualified: '不符合', doubtful: '可能不符合', undetermined: '无法确定', not_needed: '无需评价（已持有更高梯度称号）', held: '已持有（有效期内）' };
  for (const t of cli.tiers) {
    // Rung test ids are the tier id in CamelCase (little_giant → LittleGiant), for every tier of the pack.
    const camel = t.tier.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
    const rung = await page.textContent(`[data-testid=rung-${camel}]`);
    assert(rung.includes(label[t.verdict]), `ladder ${t.tier}: ${rung} vs ${t.verdict}`);
  }
  await pressButton(page, '查看报告');
  const report = await page.textContent('.zjtx-report');
  // Fiscal years by number, the rules' word in brackets (assessed today: 上年度 is last year).
  assert(report.includes(`${new Date().getFullYear() - 1} 年（上年度）研发费用至少增加 33.53 万元`), 'report shows the gap');
  assert(report.includes(cli.size_class.headline), 'report shows the size class');
});
