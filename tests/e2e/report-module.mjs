// The report is a second WebAssembly module (pkg/zjtx_report*), fetched
// only when a person opens the report: never during the first load, once
// when the report opens, and what was typed survives the trip to the
// report and back — also when the module cannot be downloaded.
import { OUT, assert, assertIncludes, fillSize, open, test } from './harness.mjs';

const isReportModule = (url) => /\/pkg\/zjtx_report(_bg\.wasm|\.js)(\?|$)/.test(url);
const isReportSheet = (url) => new URL(url).pathname === '/www/report.css';

async function typeFirm(page) {
  await page.fill('#field-enterprise_name', '黔南示例机械有限公司');
  await fillSize(page, { industry: 'industrial', employees: '999', revenue: '50000' });
}

async function backToFirstPage(page) {
  await page.click('.zjtx-steps >> text=基本信息');
  assert((await page.inputValue('#field-enterprise_name')) === '黔南示例机械有限公司', 'name kept');
  assert((await page.inputValue('#field-employees')) === '999', 'employees kept');
  assert((await page.inputValue('#field-operating_revenue-y1')) === '50000', 'revenue kept');
  assert((await page.inputValue('#field-industry')) === 'industrial', 'industry kept');
  assert((await page.textContent('[data-testid=live-verdict]')) === '中型企业', 'still scored');
}

test('报告模块：首次加载不下载，打开报告时才下载一次；去报告再返回，所填内容都在', async ({ page, base }) => {
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await open(page, base);
  await typeFirm(page);
  await page.waitForTimeout(600); // autosave, idle
  assert(!requests.some(isReportModule), `report module fetched before the report was opened: ${requests.filter(isReportModule).join(', ')}`);
  assert(!requests.some(isReportSheet), 'report.css fetched before the report was opened');
  assert(requests.some((u) => u.endsWith('/pkg/zjtx_bg.wasm')), 'the first module was loaded');
  await page.click('.zjtx-steps >> text=查看报告');
  await page.waitForSelector('[data-testid=size-verdict]');
  assert((await page.textContent('[data-testid=size-verdict]')) === '中型企业', 'report verdict');
  assertIncludes(await page.locator('.zjtx-report').textContent(), '黔南示例机械有限公司', 'report');
  assert(requests.filter(isReportModule).length === 2, `report module (glue + wasm) once: ${requests.filter(isReportModule).join(', ')}`);
  assert(requests.filter(isReportSheet).length === 1, 'report.css with the report');
  // Styled: report.css applies to the report (its table rule).
  assert(await page.locator('.zjtx-report').evaluate((el) => getComputedStyle(el).maxWidth !== 'none'), 'report styled');
  // The report's heading has the focus, as a step change gives it.
  assert(await page.evaluate(() => document.querySelector('zjtx-widget').shadowRoot.activeElement?.matches('.zjtx-report h1')), 'focus on the report heading');
  await page.screenshot({ path: `${OUT}/report-module-report.png` });
  // The report's own controls act on the report only: the form's module
  // (a Yew app of its own) never takes their events.
  const library = await page.locator('.zjtx-library select option').count();
  await page.check('#zjtx-summary-only');
  await page.uncheck('#zjtx-summary-only');
  assert(await page.locator('.zjtx-report').count() === 1, 'still on the report');
  assert(await page.locator('.zjtx-library select option').count() === library, 'library untouched');
  assert(await page.locator('.zjtx-steps').count() === 0 && await page.locator('.zjtx-form').count() === 0, 'no form shown under the report');
  await page.click('text=← 返回修改');
  await page.waitForSelector('.zjtx-summary-list');
  assertIncludes(await page.textContent('.zjtx-form'), '999 人', 'check page lists the answers');
  assert(await page.locator('.zjtx-report').count() === 0, 'report removed on the way back');
  await backToFirstPage(page);
  await page.fill('#field-employees', '1200');
  await page.click('.zjtx-steps >> text=查看报告');
  await page.waitForSelector('.zjtx-report');
  assertIncludes(await page.locator('.zjtx-report').textContent(), '1,200 人', 'the report follows the new answer');
  assert(requests.filter(isReportModule).length === 2, 'not fetched again');
});

test('报告模块下载失败：中文提示与“重试”，已填内容不丢，重试后报告打开', async ({ page, base }) => {
  let failing = true;
  await page.route(/zjtx_report_bg\.wasm/, (route) => (failing ? route.abort('failed') : route.continue()));
  await open(page, base);
  await typeFirm(page);
  await page.click('.zjtx-steps >> text=查看报告');
  const failed = page.locator('.zjtx-report-failed');
  await failed.waitFor();
  const message = await failed.textContent();
  assertIncludes(message, '报告部分没能下载', 'message');
  assertIncludes(message, '已填写的内容都还在', 'message');
  await page.screenshot({ path: `${OUT}/report-module-failed.png`, fullPage: true });
  // 返回修改 from the message: the answers are all there.
  await failed.locator('text=← 返回修改').click();
  await page.waitForSelector('.zjtx-summary-list');
  await backToFirstPage(page);
  await page.click('.zjtx-steps >> text=查看报告');
  await failed.waitFor();
  failing = false;
  await failed.locator('button:has-text("重试")').click();
  await page.waitForSelector('[data-testid=size-verdict]');
  assert((await page.textContent('[data-testid=size-verdict]')) === '中型企业', 'report after 重试');
  assert(await failed.count() === 0, 'message gone');
  await page.click('text=← 返回修改');
  await backToFirstPage(page);
}, { allow: /zjtx_report|ERR_FAILED/ });
