// A small test harness for the end-to-end tests: Playwright (playwright-core)
// driving Debian's Chromium against the built site, served locally.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { serve } from '../../scripts/serve.mjs';

export const OUT = 'target/e2e';
mkdirSync(OUT, { recursive: true });

// As root on a closed network: no sandbox, no calls home (docs/toolchain.md).
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

const tests = [];
/** `allow`: a pattern of HTTP errors and console errors the test provokes on purpose. */
export const test = (name, fn, { allow } = {}) => tests.push({ name, fn, allow });

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}
export function assertIncludes(haystack, needle, what = 'text') {
  if (!String(haystack).includes(needle)) throw new Error(`${what} should contain “${needle}”, got: ${String(haystack).slice(0, 400)}`);
}

export async function run() {
  const server = await serve('target/site', 0);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  let passed = 0, failed = 0;
  // ZJTX_E2E_ONLY=pattern runs the tests whose names match (while iterating).
  const only = process.env.ZJTX_E2E_ONLY ? new RegExp(process.env.ZJTX_E2E_ONLY) : null;
  for (const t of tests) {
    if (only && !only.test(t.name)) continue;
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    const expected = (text) => t.allow && t.allow.test(text);
    page.on('console', (m) => {
      if (m.type() === 'error' && !expected(m.text() + ' ' + (m.location()?.url ?? ''))) problems.push(`console error: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !expected(r.url())) problems.push(`HTTP ${r.status()} ${r.url()}`);
    });
    const started = Date.now();
    try {
      await t.fn({ page, context, base, browser });
      if (problems.length) throw new Error(problems.join('\n'));
      passed++;
      console.log(`✓ ${t.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed++;
      console.log(`✗ ${t.name}\n    ${String(e.stack ?? e).split('\n').slice(0, 4).join('\n    ')}`);
      await page.screenshot({ path: `${OUT}/FAILED-${tests.indexOf(t)}.png`, fullPage: true }).catch(() => {});
    }
    await context.close();
  }
  await browser.close();
  server.close();
  console.log(`test result: ${failed ? 'FAILED' : 'ok'}. ${passed} passed; ${failed} failed (e2e)`);
  process.exitCode = failed ? 1 : 0;
}

/** Opens the demo page and waits until the widget has mounted. */
export async function open(page, base) {
  await page.goto(base);
  await page.waitForSelector('zjtx-widget[data-ready]', { state: 'attached', timeout: 60000 });
}

/** Fills the size questions (locators pierce the open shadow root). */
export async function fillSize(page, { industry, employees, revenue, assets }) {
  await page.selectOption('#field-industry', industry);
  if (employees !== undefined) await page.fill('#field-employees', employees);
  if (revenue !== undefined) await page.fill('#field-operating_revenue-y1', revenue);
  if (assets !== undefined) await page.fill('#field-total_assets', assets);
}
