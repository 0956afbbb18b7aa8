// The first page painted before the wasm arrives (pre-rendered at build
// time with Yew SSR, put into the loader): it is styled from its first
// frame, takes input, looks like the widget that replaces it, and what was
// typed into it survives the hand-over and is scored. The wasm response is
// held back by the test until it lets it through.
import { assert, assertIncludes, OUT } from './harness.mjs';
import { test } from './harness.mjs';

/** Holds every request for the wasm until the returned function is called. */
async function holdWasm(page) {
  let release;
  const gate = new Promise((ok) => (release = ok));
  await page.route('**/zjtx_bg.wasm', async (route) => {
    await gate;
    await route.continue();
  });
  return release;
}

/** At the first frame the industry box is laid out: is the widget's stylesheet applied? */
async function watchFirstFrame(page, w) {
  await page.addInitScript((w) => {
    const tick = () => {
      const shadow = document.querySelector(w)?.shadowRoot;
      const field = shadow?.querySelector('#field-industry');
      if (field && field.getClientRects().length > 0) {
        const shell = shadow.querySelector('.zjtx-shell');
        window.__firstFrame = {
          padding: getComputedStyle(shell).paddingTop,
          display: getComputedStyle(shell.querySelector('.zjtx-skip')).position,
          ready: document.querySelector(w).hasAttribute('data-ready'),
        };
      } else {
        requestAnimationFrame(tick);
      }
    };
    requestAnimationFrame(tick);
  }, w);
}

const ready = (page, w) => page.evaluate((w) => document.querySelector(w).hasAttribute('data-ready'), w);

// index.html carries the first page in a declarative shadow root (it paints
// with the page); a portal page without it gets it from the loader.
for (const [path, w, how] of [['', 'zjtx-widget', '页面自带'], ['e2e/plain.html', '#w1', '加载脚本画出']]) test(`首屏预渲染（${how}）：wasm 到达前就有样式、可填写；到达后所填内容保留、计分并保存，光标不动`, async ({ page, base }) => {
  const violations = [];
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  await watchFirstFrame(page, w);
  const release = await holdWasm(page);
  const hostBefore = [];
  await page.goto(base + path);
  await page.waitForSelector(`${w} #field-industry`, { timeout: 60000 });
  const first = await page.evaluate(() => window.__firstFrame);
  assert(first && !first.ready, `the first frame with the industry box is the pre-rendered page: ${JSON.stringify(first)}`);
  assert(first.padding !== '0px' && first.display === 'absolute', `styled in its first frame (no unstyled flash): ${JSON.stringify(first)}`);
  hostBefore.push(await page.evaluate(() => document.body.innerHTML.replaceAll(' data-ready=""', '')));
  const hostNow = () => page.evaluate(() => document.body.innerHTML.replaceAll(' data-ready=""', ''));
  await page.screenshot({ path: `${OUT}/prerender-typing${path ? '-portal' : ''}.png`, fullPage: true });
  // Typed while the wasm is still held back.
  await page.selectOption(`${w} #field-industry`, 'industrial');
  await page.fill(`${w} #field-employees`, '999');
  await page.fill(`${w} #field-enterprise_name`, '预渲染测试公司');
  await page.click(`${w} #field-operating_revenue-y1`);
  await page.keyboard.type('50000');
  await page.keyboard.press('ArrowLeft');
  assert(!(await ready(page, w)), 'the wasm has not run yet');
  release();
  await page.waitForSelector(`${w}[data-ready]`, { state: 'attached', timeout: 60000 });
  assert((await page.inputValue(`${w} #field-employees`)) === '999', 'employees kept');
  assert((await page.inputValue(`${w} #field-operating_revenue-y1`)) === '50000', 'revenue kept');
  assert((await page.inputValue(`${w} #field-enterprise_name`)) === '预渲染测试公司', 'name kept');
  assert((await page.inputValue(`${w} #field-industry`)) === 'industrial', 'industry kept');
  assert((await page.textContent(`${w} [data-testid=live-verdict]`)) === '中型企业', 'typed values are scored');
  const caret = await page.evaluate((w) => {
    const el = document.querySelector(w).shadowRoot.activeElement;
    return `${el?.id}@${el?.selectionStart}`;
  }, w);
  assert(caret === 'field-operating_revenue-y1@4', `the cursor stays where it was, got ${caret}`);
  assert((await page.locator(`${w} .zjtx-shell`).count()) === 1, 'one widget shell after the hand-over');
  // Saved like typing in the widget (autosave is debounced).
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.includes(':answers:') && localStorage.getItem(k).includes('预渲染测试公司') && localStorage.getItem(k).includes('50000')), null, { timeout: 10000 });
  assert((await hostNow()) === hostBefore[0], 'host page untouched (the element gains only data-ready)');
  assert(violations.length === 0, `CSP violations: ${violations.join('; ')}`);
  await page.screenshot({ path: `${OUT}/prerender-handed-over${path ? '-portal' : ''}.png`, fullPage: true });
});

test('首屏预渲染与 wasm 渲染的页面逐像素一致；已有保存的评估时不预渲染', async ({ page, base }) => {
  const release = await holdWasm(page);
  await page.goto(base);
  await page.waitForSelector('#field-industry', { timeout: 60000 });
  await page.evaluate(() => document.fonts.ready);
  const widget = page.locator('zjtx-widget');
  const before = await widget.screenshot({ path: `${OUT}/prerender-before.png`, timeout: 120000 });
  release();
  await page.waitForSelector('zjtx-widget[data-ready]', { state: 'attached', timeout: 60000 });
  await page.waitForTimeout(100);
  const after = await widget.screenshot({ path: `${OUT}/prerender-after.png`, timeout: 120000 });
  assert(before.equals(after), 'pre-rendered and mounted widget differ (compare target/e2e/prerender-before.png and prerender-after.png)');
  // Something saved: a reload shows the saved work, not a fresh pre-render.
  await page.fill('#field-employees', '186');
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.includes(':answers:')), null, { timeout: 10000 });
  await page.reload();
  await page.waitForSelector('#field-employees', { timeout: 60000 });
  assertIncludes(await page.inputValue('#field-employees'), '186', 'saved value shown, never a blank pre-render');
});

// index.html's head preloads the widget's stylesheet (in the declarative
// shadow root it comes after the pre-rendered page): it and the other files
// are fetched once, the preload is used, and the strict CSP reports nothing.
test('演示页页头预先下载组件样式表：每个文件只下载一次，预先下载的用上了，无 CSP 违规', async ({ page, base }) => {
  const violations = [];
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text()); });
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(base);
  await page.waitForSelector('zjtx-widget[data-ready]', { state: 'attached', timeout: 60000 });
  const preloads = await page.evaluate(() => [...document.head.querySelectorAll('link[rel=preload], link[rel=modulepreload]')].map((l) => new URL(l.href).pathname));
  assert(preloads.includes('/www/widget.css'), `the head preloads widget.css: ${preloads.join(', ')}`);
  for (const file of [...preloads, '/www/pkg/zjtx.js', '/www/pkg/zjtx_bg.wasm', '/www/packs/national.json']) {
    const n = requests.filter((p) => p === file).length;
    assert(n === 1, `${file} fetched once, not ${n} times (a preload the page does not use is fetched twice)`);
  }
  // Chromium warns about a preload left unused a few seconds after load.
  await page.waitForTimeout(3500);
  const unused = warnings.filter((w) => /preload/i.test(w));
  assert(unused.length === 0, `every preload is used: ${unused.join('; ')}`);
  assert(violations.length === 0, `CSP violations: ${violations.join('; ')}`);
  // The first page is styled (the stylesheet after it in the shadow root applies).
  const padding = await page.evaluate(() => getComputedStyle(document.querySelector('zjtx-widget').shadowRoot.querySelector('.zjtx-shell')).paddingTop);
  assert(padding !== '0px', `the widget is styled, padding ${padding}`);
});
