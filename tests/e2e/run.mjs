// End-to-end tests on the built page (target/site): what a person sees.
// Run by scripts/test.sh after the release build; screenshots and PDFs go to target/e2e/.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { OUT, assert, assertIncludes, fillSize, open, run, test } from './harness.mjs';
import './questionnaire.mjs';
import './portrait.mjs';
import './portal.mjs';
import './injection.mjs';
import './prerender.mjs';
import './report-module.mjs';

const sh = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8' });

test('工业 999 人 / 50000 万元：实时显示中型企业和条款', async ({ page, base }) => {
  await open(page, base);
  await fillSize(page, { industry: 'industrial', employees: '999', revenue: '50000' });
  assert((await page.textContent('[data-testid=live-verdict]')) === '中型企业', 'live verdict');
  const live = await page.textContent('.zjtx-live');
  assertIncludes(live, '工信部联企业〔2011〕300号 第四条（二）', 'live panel');
  assertIncludes(live, '从业人员300人及以上，且营业收入2000万元及以上的为中型企业', 'live panel');
  await page.screenshot({ path: `${OUT}/form-desktop.png`, fullPage: true });
});

test('错误输入：中文提示点名字段，错误摘要可跳到字段，其他已填内容保留', async ({ page, base }) => {
  await open(page, base);
  // A figure in another unit than the field's (人) is refused by name; its own unit is read.
  await fillSize(page, { industry: 'industrial', employees: '12 项', revenue: '１，２３４．５' });
  const summary = page.locator('.zjtx-error-summary');
  await summary.waitFor();
  assertIncludes(await summary.textContent(), '「从业人员（上年末）」的单位是人，现在是“12 项”', 'error summary');
  assert((await page.inputValue('#field-operating_revenue-y1')) === '１，２３４．５', 'revenue kept as typed');
  assertIncludes(await page.textContent('.zjtx-field:has(#field-operating_revenue-y1)'), '已读取：1,234.5 万元', 'parsed echo');
  await page.click('.zjtx-error-summary a');
  assert(await page.evaluate(() => document.querySelector('zjtx-widget').shadowRoot.activeElement?.id) === 'field-employees', 'focus moved to field');
  assert(page.url().endsWith('/'), 'host URL unchanged by the summary link');
  await page.fill('#field-employees', '-3');
  assertIncludes(await summary.textContent(), '「从业人员（上年末）」不能是负数', 'error summary');
  await page.screenshot({ path: `${OUT}/form-error.png`, fullPage: true });
});

test('不清楚：结果变为可能的范围', async ({ page, base }) => {
  await open(page, base);
  await fillSize(page, { industry: 'industrial', employees: '999' });
  await page.check('.zjtx-field:has(#field-operating_revenue-y1) input[type=checkbox]');
  assert((await page.textContent('[data-testid=live-verdict]')) === '无法确定：可能是中型企业、小型企业、微型企业', 'range');
});

test('窄屏 375px：结果在表单下方，不横向滚动', async ({ page, base }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await open(page, base);
  await fillSize(page, { industry: 'construction', revenue: '7000', assets: '6000' });
  const form = await page.locator('.zjtx-form').boundingBox();
  const live = await page.locator('.zjtx-live').boundingBox();
  assert(live.y > form.y + form.height - 1, 'live panel below the form');
  assert(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no horizontal scroll');
  await page.screenshot({ path: `${OUT}/form-375.png`, fullPage: true });
});

test('报告：打印为 A4 PDF，读回中文内容', async ({ page, base }) => {
  await open(page, base);
  await page.fill('#field-enterprise_name', '贵州示例精密制造有限公司');
  await fillSize(page, { industry: 'industrial', employees: '999', revenue: '50000' });
  await page.click('.zjtx-steps >> text=查看报告');
  await page.waitForSelector('[data-testid=size-verdict]');
  await page.screenshot({ path: `${OUT}/report-screen.png`, fullPage: true });
  await page.emulateMedia({ media: 'print' });
  const pdf = `${OUT}/report.pdf`;
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const text = sh('pdftotext', ['-layout', pdf, '-']);
  for (const s of ['指标差距报告', '贵州示例精密制造有限公司', '中型企业', '第四条（二）', `从业人员（${new Date().getFullYear() - 1} 年末） 999 人`, '结论与申报时间', '专精特新中小企业']) assertIncludes(text, s, 'PDF text');
  // Only the report prints: no control of the widget (library bar, toolbar).
  for (const s of ['返回修改', '本地演示页', '我的评估', '新建', '导出答卷', '导入答卷', '清除本机数据', '加密口令', '你的数据存在哪里', '打印 / 保存为 PDF']) assert(!text.includes(s), `PDF should not contain “${s}”`);
  const pages = Number(sh('pdfinfo', [pdf]).match(/Pages:\s+(\d+)/)[1]);
  // Four national tiers since 制造业单项冠军 joined the ladder; met criteria print as one line (issue 12).
  console.log(`    full report: ${pages} A4 pages`);
  assert(pages >= 2 && pages <= 15, `expected 2–15 A4 pages, got ${pages}`);
  assertIncludes(sh('pdfinfo', [pdf]), '(A4)', 'page size');
  sh('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', pdf, `${OUT}/report-page`]);
  // 摘要版: what is shown is what prints, a few pages for an official.
  await page.emulateMedia({ media: 'screen' });
  await page.check('#zjtx-summary-only');
  await page.emulateMedia({ media: 'print' });
  const summary = `${OUT}/report-summary.pdf`;
  await page.pdf({ path: summary, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const summaryPages = Number(sh('pdfinfo', [summary]).match(/Pages:\s+(\d+)/)[1]);
  console.log(`    摘要: ${summaryPages} A4 pages`);
  assert(summaryPages < pages && summaryPages <= 6, `summary should be short: ${summaryPages} of ${pages} pages`);
  assertIncludes(sh('pdftotext', [summary, '-']), '结论与申报时间', 'summary PDF');
});

test('日期填“无”：事故、违法等事件读作“未发生”，称号读作“尚未取得”', async ({ page, base }) => {
  await open(page, base);
  await page.fill('#field-title_specialised_date', '无');
  const title = await page.textContent('.zjtx-field:has(#field-title_specialised_date) .zjtx-parsed');
  assert(title === '已读取：无（尚未取得）', `title echo: ${title}`);
  await page.click('.zjtx-steps >> text=合规');
  for (const id of ['safety_incident_date', 'tax_evasion_date', 'data_fraud_date']) {
    await page.fill(`#field-${id}`, '无');
    const echo = await page.textContent(`.zjtx-field:has(#field-${id}) .zjtx-parsed`);
    assert(echo === '已读取：无（未发生）', `${id} echo: ${echo}`);
  }
});

test('评估日期：读不出的日期给出点名字段的中文提示并保留所填文字，2026/11/30 这样的写法读出并回显', async ({ page, base }) => {
  await open(page, base);
  const before = await page.inputValue('#field-assessment_date');
  const field = page.locator('.zjtx-field:has(#field-assessment_date)');
  const error = field.locator('.zjtx-error');
  for (const bad of ['2026/13/45', '下个月']) {
    await page.fill('#field-assessment_date', bad);
    await page.press('#field-assessment_date', 'Tab');
    await error.waitFor({ timeout: 5000 });
    const text = await error.textContent();
    assertIncludes(text, '「评估日期」应写成 2026-11-30 这样的日期', 'date error');
    assertIncludes(text, `现在是“${bad}”；仍按 ${before} 评估`, 'date error says which date counts');
    assert((await page.inputValue('#field-assessment_date')) === bad, 'typed text kept');
    assert((await page.getAttribute('#field-assessment_date', 'aria-invalid')) === 'true', 'aria-invalid');
  }
  // Slashes read (as in every date field): rewritten, echoed, no error.
  await page.fill('#field-assessment_date', '2025/11/30');
  await page.press('#field-assessment_date', 'Tab');
  await error.waitFor({ state: 'detached', timeout: 5000 });
  assert((await page.inputValue('#field-assessment_date')) === '2025-11-30', 'rewritten as YYYY-MM-DD');
  assert((await field.locator('.zjtx-parsed').textContent()) === '已读取：2025-11-30', 'echo');
});

test('“打印 / 保存为 PDF”按钮：只把报告放进打印用 iframe，样式表按绝对地址链接', async ({ page, base }) => {
  await open(page, base);
  await fillSize(page, { industry: 'industrial', employees: '999', revenue: '50000' });
  await page.click('.zjtx-steps >> text=查看报告');
  await page.click('text=打印 / 保存为 PDF');
  const frame = page.locator('iframe.zjtx-print-frame');
  await frame.waitFor({ state: 'attached' });
  const srcdoc = await frame.getAttribute('srcdoc');
  // The report stylesheet already loaded in the widget is handed over by
  // CSSOM: no <link> (no request), no <style> (the CSP would block it).
  assert(!srcdoc.includes('<link') && !srcdoc.includes('<style'), 'print document links nothing');
  assertIncludes(srcdoc, '中型企业', 'print document');
  assert(!srcdoc.includes('返回修改'), 'print document holds the report only');
  // The running header (firm, date) is added to the frame's sheet by CSSOM.
  const printFrame = page.frames().find((f) => f !== page.mainFrame());
  await printFrame.waitForLoadState();
  await page.waitForTimeout(200);
  const rules = await printFrame.evaluate(() => [...document.adoptedStyleSheets[0].cssRules].map((r) => r.cssText).join('\n'));
  assertIncludes(rules, '.rpt-table', 'print frame has the report stylesheet');
  assertIncludes(rules, '指标差距报告', 'print frame @page header');
  // Print the frame's document as the browser would, and read it back.
  const printPage = await page.context().newPage();
  await printPage.goto(base + 'www/report.css');
  await printPage.setContent(srcdoc, { waitUntil: 'load' });
  await printPage.addStyleTag({ content: rules });
  const pdf = `${OUT}/report-iframe.pdf`;
  await printPage.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true });
  assertIncludes(sh('pdftotext', [pdf, '-']), '中型企业', 'iframe PDF');
  // The host page is left as it was.
  assert(await page.evaluate(() => document.body.querySelectorAll('iframe').length === 0), 'no iframe in the host document');
});

test('浏览器与命令行生成的报告内容一致', async ({ page, base }) => {
  await open(page, base);
  await page.fill('#field-enterprise_name', '贵州示例精密制造有限公司');
  await fillSize(page, { industry: 'industrial', employees: '999', revenue: '50,000' });
  await page.click('.zjtx-steps >> text=查看报告');
  const browserText = await page.locator('.zjtx-report').innerText();
  const date = browserText.match(/\d{4}-\d{2}-\d{2}/)[0];
  const html = sh('target/debug/zjtx', ['assess', 'tests/fixtures/industrial-medium.json', '--format', 'html', '--date', date]);
  writeFileSync(`${OUT}/cli-report.html`, html);
  const cli = await page.context().newPage();
  await cli.setContent(html);
  const cliText = await cli.locator('.zjtx-report').innerText();
  if (cliText !== browserText) {
    const a = browserText.split('\n'), b = cliText.split('\n');
    const i = a.findIndex((line, k) => line !== b[k]);
    throw new Error(`reports differ at line ${i + 1}:\n  browser: ${a[i]}\n  cli:     ${b[i]}`);
  }
});

test('严格 CSP 下无违规（无内联样式、无 eval）', async ({ page, base }) => {
  const violations = [];
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  await open(page, base);
  await fillSize(page, { industry: 'industrial', employees: '999', revenue: '50000' });
  await page.click('.zjtx-steps >> text=查看报告');
  await page.click('text=打印 / 保存为 PDF');
  await page.waitForTimeout(300);
  assert(violations.length === 0, `CSP violations: ${violations.join('; ')}`);
});

test('本机保存：刷新后回到原处；导出再导入；坏文件给出原因且不动已有数据', async ({ page, base }) => {
  await open(page, base);
  await fillSize(page, { industry: 'industrial', employees: '186', revenue: '8,551' });
  await page.waitForTimeout(700); // debounced autosave
  await page.reload();
  await page.waitForSelector('zjtx-widget[data-ready]', { state: 'attached', timeout: 60000 });
  await page.waitForTimeout(100);
  assert((await page.inputValue('#field-employees')) === '186', 'employees restored after reload');
  assert((await page.inputValue('#field-operating_revenue-y1')) === '8,551', 'revenue restored as typed');
  // Export the answers file…
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('.zjtx-library >> text=导出答卷')]);
  const file = `${OUT}/exported-answers.json`;
  await download.saveAs(file);
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  assert(exported.schema === 'zjtx-answers' && exported.answers.employees === '186', 'exported file is an answers file');
  // …and the CLI reads it.
  const cli = JSON.parse(sh('target/debug/zjtx', ['assess', file, '--date', '2026-11-22']));
  assert(cli.size_class.headline === '小型企业', 'CLI reads the exported file');
  // A broken file is refused with its reason; what is stored stays.
  const broken = `${OUT}/broken.json`;
  writeFileSync(broken, '{"schema":"zjtx-answers","version":1,"answers":{"employees":');
  await page.setInputFiles('.zjtx-file input', broken);
  await page.waitForSelector('.zjtx-notice');
  assertIncludes(await page.textContent('.zjtx-notices'), '导入“broken.json”失败', 'import error');
  assert((await page.inputValue('#field-employees')) === '186', 'current assessment untouched');
  const future = `${OUT}/future.json`;
  writeFileSync(future, JSON.stringify({ ...exported, version: 9 }));
  await page.setInputFiles('.zjtx-file input', future);
  await page.waitForTimeout(200);
  assertIncludes(await page.textContent('.zjtx-notices'), '版本 9', 'future version refused');
  // The good file imports as a second assessment.
  await page.fill('#field-employees', '200');
  await page.setInputFiles('.zjtx-file input', file);
  await page.waitForTimeout(200);
  assert((await page.inputValue('#field-employees')) === '186', 'imported answers shown');
  assert((await page.locator('#zjtx-library-open option').count()) >= 2, 'two assessments listed');
  await page.screenshot({ path: `${OUT}/library.png` });
});

test('两个窗口改同一份评估：另一窗口没有未保存修改时自动载入，有则让用户选择', async ({ context, page, base }) => {
  await open(page, base);
  await fillSize(page, { industry: 'industrial', employees: '186' });
  await page.waitForTimeout(700);
  const other = await context.newPage();
  await open(other, base);
  await other.waitForTimeout(100);
  assert((await other.inputValue('#field-employees')) === '186', 'second tab opens the same assessment');
  await other.fill('#field-employees', '300');
  await other.waitForTimeout(700);
  await page.waitForTimeout(200);
  assert((await page.inputValue('#field-employees')) === '300', 'first tab picked up the saved change');
  // Both edit: the first tab has an unsaved change when the second saves.
  await other.fill('#field-employees', '400');
  await page.fill('#field-employees', '500');
  await other.waitForTimeout(700);
  await page.waitForSelector('.zjtx-confirm');
  assertIncludes(await page.textContent('.zjtx-confirm'), '另一个浏览器窗口也修改了这份评估', 'conflict notice');
  assert((await page.inputValue('#field-employees')) === '500', 'nothing overwritten before the choice');
  await page.click('text=保留本窗口的版本');
  await page.waitForTimeout(300);
  assert((await other.inputValue('#field-employees')) === '500', 'the kept version reached the other tab');
});

test('加密导出与导入：口令正确可导回，口令错误或文件被改给出原因', async ({ page, base }) => {
  await open(page, base);
  await fillSize(page, { industry: 'industrial', employees: '186', revenue: '8551' });
  await page.fill('#zjtx-passphrase', '正确的口令 2026');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), page.click('.zjtx-library >> text=导出答卷')]);
  const file = `${OUT}/encrypted-answers.json`;
  await download.saveAs(file);
  const enc = JSON.parse(readFileSync(file, 'utf8'));
  assert(enc.schema === 'zjtx-encrypted' && enc.kdf.name === 'PBKDF2' && enc.kdf.iterations === 600000 && enc.cipher.name === 'AES-GCM', 'header');
  assert(!readFileSync(file, 'utf8').includes('186'), 'no plain figures in the encrypted file');
  // Wrong passphrase.
  await page.fill('#zjtx-passphrase', '错误的口令');
  await page.setInputFiles('.zjtx-file input', file);
  await page.click('text=解密导入');
  await page.waitForFunction(() => document.querySelector('zjtx-widget').shadowRoot.querySelector('.zjtx-notices').textContent.includes('口令不对'), null, { timeout: 15000 });
  // Tampered file.
  const tampered = `${OUT}/tampered.json`;
  const data = enc.data;
  writeFileSync(tampered, JSON.stringify({ ...enc, data: (data[0] === 'A' ? 'B' : 'A') + data.slice(1) }));
  await page.fill('#zjtx-passphrase', '正确的口令 2026');
  await page.setInputFiles('.zjtx-file input', tampered);
  await page.click('text=解密导入');
  await page.waitForFunction(() => (document.querySelector('zjtx-widget').shadowRoot.querySelector('.zjtx-notices').textContent.match(/口令不对/g) || []).length >= 2, null, { timeout: 15000 });
  // Right passphrase: comes back as a new assessment with the same answers.
  await page.fill('#field-employees', '999');
  await page.setInputFiles('.zjtx-file input', file);
  await page.click('text=解密导入');
  await page.waitForFunction(() => document.querySelector('zjtx-widget').shadowRoot.getElementById('field-employees').value === '186', null, { timeout: 15000 });
});

test('存储不可用（无痕或第三方 iframe）：组件照常工作并提示导出', async ({ page, base }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
  });
  await open(page, base);
  assertIncludes(await page.textContent('.zjtx-notices'), '浏览器不允许本组件在本机保存数据', 'unavailable notice');
  await fillSize(page, { industry: 'industrial', employees: '999', revenue: '50000' });
  assert((await page.textContent('[data-testid=live-verdict]')) === '中型企业', 'still assesses in memory');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('.zjtx-library >> text=导出答卷')]);
  // The content, not the file name: Chromium falls back to “download” for a
  // Chinese file name when the system locale is not UTF-8.
  const saved = `${OUT}/exported-in-memory.json`;
  await download.saveAs(saved);
  assert(JSON.parse(readFileSync(saved, 'utf8')).answers.employees === '999', 'export still offered from memory');
});

test('存储已满：提示空间已满，已填内容不丢', async ({ page, base }) => {
  await open(page, base);
  await page.evaluate(() => {
    Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
  });
  await fillSize(page, { industry: 'industrial', employees: '999' });
  await page.waitForTimeout(700);
  assertIncludes(await page.textContent('.zjtx-notices'), '本机存储空间已满', 'quota notice');
  assert((await page.inputValue('#field-employees')) === '999', 'typed value kept');
});

await run();
