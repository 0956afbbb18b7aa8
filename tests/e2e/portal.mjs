// The widget as a guest on a portal page: two instances with different rule
// packs, a hostile host stylesheet, the strict CSP, no WebAssembly, a wrong
// pack name, a phone. Fixture pages (tests/e2e/fixtures/) are copied into
// the built site under e2e/, beside a test pack made from the national one.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { OUT, assert, assertIncludes, test } from './harness.mjs';

const SITE = 'target/site';
mkdirSync(`${SITE}/e2e`, { recursive: true });
for (const f of readdirSync('tests/e2e/fixtures')) copyFileSync(`tests/e2e/fixtures/${f}`, `${SITE}/e2e/${f}`);
// A second pack: the national one under another name and version, as an
// overlay pack would arrive (packs/<name>.json, same origin).
const national = JSON.parse(readFileSync(`${SITE}/www/packs/national.json`, 'utf8'));
const province = structuredClone(national);
province.name = 'e2e-province';
province.files['pack.toml'].name = '测试省梯度培育规则包（e2e）';
province.files['pack.toml'].version = 'e2e-1';
delete province.content_hash; // the widget computes its own
writeFileSync(`${SITE}/www/packs/e2e-province.json`, JSON.stringify(province));
writeFileSync(`${SITE}/www/packs/e2e-broken.json`, JSON.stringify(national).slice(0, 5000));

const sh = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8' });
// The two-line overlay pack (docs/rules-format.md): 创新型评价及格线 60 → 90,
// bundled by the CLI exactly as a portal would publish it.
const overlayDir = 'target/e2e-overlay-pack';
mkdirSync(overlayDir, { recursive: true });
writeFileSync(`${overlayDir}/pack.toml`, 'extends = "national"\nid = "e2e-overlay"\n');
writeFileSync(`${overlayDir}/tech_innovative_63.toml`, '[score]\npass_mark = 90\n');
execFileSync('cargo', ['run', '--quiet', '--bin', 'zjtx', '--', 'pack', 'bundle', overlayDir, '-o', `${SITE}/www/packs/e2e-overlay.json`], { stdio: 'pipe' });
const ready = (page, n) => page.waitForFunction((n) => document.querySelectorAll('zjtx-widget[data-ready]').length === n, n, { timeout: 60000 });

async function fill(page, w, { name, employees, revenue }) {
  await page.locator(`#${w} #field-enterprise_name`).fill(name);
  await page.locator(`#${w} #field-industry`).selectOption('industrial');
  await page.locator(`#${w} #field-employees`).fill(employees);
  await page.locator(`#${w} #field-operating_revenue-y1`).fill(revenue);
}

test('两个不同规则包的组件 + 敌意样式 + 严格 CSP：各自完成评估，刷新后都在，只打印报告，加载后除打开报告时下载一次报告模块外 0 个请求', async ({ page, base }) => {
  const violations = [];
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  await page.goto(base + 'e2e/hostile.html');
  await ready(page, 2);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  assertIncludes(await page.locator('#w1 [data-testid=pack-name]').textContent(), '全国', 'pack of widget 1');
  assertIncludes(await page.locator('#w2 [data-testid=pack-name]').textContent(), '测试省梯度培育规则包（e2e）（版本 e2e-1）', 'pack of widget 2');
  await fill(page, 'w1', { name: '甲精密制造有限公司', employees: '999', revenue: '50000' });
  await fill(page, 'w2', { name: '乙新材料有限公司', employees: '186', revenue: '8551' });
  assert((await page.locator('#w1 [data-testid=live-verdict]').textContent()) === '中型企业', 'widget 1 verdict');
  assert((await page.locator('#w2 [data-testid=live-verdict]').textContent()) === '小型企业', 'widget 2 verdict');
  assert(requests.length === 0, `requests while filling in: ${requests.join(', ')}`);
  for (const w of ['w1', 'w2']) await page.locator(`#${w} .zjtx-steps >> text=查看报告`).click();
  assertIncludes(await page.locator('#w1 .zjtx-report').textContent(), '甲精密制造有限公司', 'report 1');
  assertIncludes(await page.locator('#w2 .zjtx-report').textContent(), '测试省梯度培育规则包（e2e）', 'report 2 names its pack');
  // For people to look at: both reports side by side in view (the whole
  // page, two full reports, takes a slow machine minutes to capture).
  await page.locator('#w2 .zjtx-report h1').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/portal-hostile-report-2.png` });
  // Print only the report: the frame sits in widget 1's own shadow root.
  await page.locator('#w1 >> text=打印 / 保存为 PDF').click();
  const frame = page.locator('#w1 iframe.zjtx-print-frame');
  await frame.waitFor({ state: 'attached' });
  const srcdoc = await frame.getAttribute('srcdoc');
  assertIncludes(srcdoc, '甲精密制造有限公司', 'print document');
  for (const s of ['乙新材料', '返回修改', '敌意', '霸道', 'zjtx-form']) assert(!srcdoc.includes(s), `print document should not contain “${s}”`);
  assert(await page.evaluate(() => document.body.querySelectorAll(':scope iframe').length === 0), 'no iframe in the host document');
  await page.waitForTimeout(800); // autosave
  // The report module and its stylesheet (static, same origin, no data
  // sent), the module once for both widgets; nothing else.
  const reportModule = (u) => /^\/www\/pkg\/zjtx_report(_bg\.wasm|\.js)$/.test(new URL(u).pathname);
  const reportSheet = (u) => new URL(u).pathname === '/www/report.css';
  assert(requests.filter((u) => !reportModule(u) && !reportSheet(u)).length === 0, `requests after load: ${requests.join(', ')}`);
  assert(requests.filter(reportModule).length === 2, `the report module once: ${requests.join(', ')}`);
  requests.length = 0;
  await page.reload();
  await ready(page, 2);
  await page.waitForTimeout(100);
  requests.length = 0;
  assert((await page.locator('#w1 #field-employees').inputValue()) === '999', 'widget 1 intact after reload');
  assert((await page.locator('#w2 #field-employees').inputValue()) === '186', 'widget 2 intact after reload');
  assert((await page.locator('#w1 #field-enterprise_name').inputValue()) === '甲精密制造有限公司', 'widget 1 name');
  assert((await page.locator('#w2 #field-enterprise_name').inputValue()) === '乙新材料有限公司', 'widget 2 name');
  // An edit in one never reaches the other.
  await page.locator('#w1 #field-employees').fill('1000');
  await page.waitForTimeout(700);
  assert((await page.locator('#w2 #field-employees').inputValue()) === '186', 'widget 2 untouched by widget 1');
  assert(requests.length === 0, `requests after load: ${requests.join(', ')}`);
  assert(violations.length === 0, `CSP violations: ${violations.join('; ')}`);
});

test('宿主页的根字号、rtl 和 !important 规则影响不到组件：与普通页面截图逐像素一致', async ({ page, base }) => {
  const shots = {};
  for (const fixture of ['plain', 'hostile']) {
    // The same starting point: nothing saved by the page before.
    await page.goto(base + 'e2e/');
    await page.evaluate(() => localStorage.clear());
    await page.goto(base + `e2e/${fixture}.html`);
    await ready(page, 2);
    await page.waitForTimeout(100);
    shots[fixture] = await page.locator('#w1').screenshot({ path: `${OUT}/isolation-${fixture}.png` });
    const sizes = await page.locator('#w1').evaluate((el) => {
      const s = el.shadowRoot;
      const px = (sel) => getComputedStyle(s.querySelector(sel)).fontSize;
      return { help: px('.zjtx-help'), button: px('.zjtx-button--primary'), title: px('.zjtx-title'), dir: getComputedStyle(s.querySelector('.zjtx-shell')).direction };
    });
    assert(sizes.help === '14.4px' && sizes.button === '16px' && sizes.title === '24px' && sizes.dir === 'ltr', `${fixture}: ${JSON.stringify(sizes)}`);
  }
  assert(shots.plain.equals(shots.hostile), 'widget renders the same on the hostile page (compare target/e2e/isolation-*.png)');
});

test('没有 WebAssembly（兼容模式、增强安全模式）：显示中文说明和门户写的后备内容，不加载 wasm', async ({ page, base }) => {
  await page.addInitScript(() => { delete window.WebAssembly; });
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm') || r.url().includes('/packs/')) wasm.push(r.url()); });
  await page.goto(base + 'e2e/plain.html');
  await page.waitForSelector('zjtx-widget[data-failed]', { state: 'attached' });
  const message = await page.locator('#w1 .zjtx-load-error').textContent();
  assertIncludes(message, '请将浏览器切换到极速模式', 'message');
  assertIncludes(message, '360 极速浏览器', 'message');
  assert(await page.locator('#w1 .fallback').isVisible(), 'the portal\'s fallback text shows');
  assert(wasm.length === 0, `nothing loaded: ${wasm.join(', ')}`);
  await page.screenshot({ path: `${OUT}/no-wasm.png`, fullPage: true });
});

test('规则包名写错或文件损坏：组件里用中文点名规则包和门户该查什么', async ({ page, base }) => {
  await page.goto(base + 'e2e/bad-pack.html');
  await page.waitForFunction(() => document.querySelectorAll('zjtx-widget[data-failed]').length === 2, null, { timeout: 60000 });
  const missing = await page.locator('#missing .zjtx-load-error').textContent();
  assertIncludes(missing, '找不到规则包“no-such-province”', 'missing pack');
  assertIncludes(missing, 'packs/no-such-province.json', 'missing pack');
  const broken = await page.locator('#broken .zjtx-load-error').textContent();
  assertIncludes(broken, '规则包“e2e-broken”', 'broken pack');
  assertIncludes(broken, '请门户检查', 'broken pack');
  await page.screenshot({ path: `${OUT}/bad-pack.png`, fullPage: true });
}, { allow: /no-such-province/ });

test('手机 375px：换步骤时标题进入视野并获得焦点、屏幕底部有简要结果、报告表格变卡片', async ({ page, base }) => {
  await page.setViewportSize({ width: 375, height: 700 });
  await page.goto(base + 'e2e/plain.html');
  await ready(page, 2);
  await fill(page, 'w1', { name: '甲公司', employees: '999', revenue: '50000' });
  const compact = page.locator('#w1 .zjtx-live-compact');
  assert(await compact.isVisible(), 'compact live result on a phone');
  const box = await compact.boundingBox();
  assert(box.y + box.height <= 700 + 1 && box.y > 500, `compact result at the foot of the screen: ${JSON.stringify(box)}`);
  assertIncludes(await compact.textContent(), '中型企业', 'compact result');
  await page.screenshot({ path: `${OUT}/phone-compact.png` });
  await page.locator('#w1 .zjtx-actions .zjtx-button--primary').click();
  const focused = await page.locator('#w1').evaluate((el) => el.shadowRoot.activeElement?.textContent);
  assert(focused === '财务', `focus on the new step's heading, got ${focused}`);
  const heading = await page.locator('#w1 h2.zjtx-page-title').boundingBox();
  assert(heading.y >= -1 && heading.y < 700, `heading in view: ${heading.y}`);
  assertIncludes(await page.locator('#w1 .zjtx-app > [role=status]').textContent(), '第 2 步，共 10 步：财务', 'announcement');
  await page.locator('#w1 .zjtx-steps >> text=查看报告').click();
  const cell = page.locator('#w1 table.rpt-criteria td').first();
  const display = await cell.evaluate((td) => getComputedStyle(td).display);
  assert(display === 'block', `report table cells stack on a phone: ${display}`);
  assert(await page.locator('#w1 table.rpt-criteria td[data-label]').count() > 0, 'cells carry their column name');
  await page.screenshot({ path: `${OUT}/phone-report-cards.png`, fullPage: true });
  assert(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no horizontal scroll');
});

test('跳过链接：键盘第一下就能越过“我的评估”和步骤，直接到本页标题', async ({ page, base }) => {
  await page.goto(base + 'e2e/plain.html');
  await ready(page, 2);
  await page.keyboard.press('Tab'); // the skip link of the first widget
  const skip = await page.locator('#w1').evaluate((el) => el.shadowRoot.activeElement?.textContent);
  assert(skip === '跳到填报内容', `first Tab reaches the skip link, got ${skip}`);
  await page.keyboard.press('Enter');
  const now = await page.locator('#w1').evaluate((el) => el.shadowRoot.activeElement?.textContent);
  assert(now === '基本信息', `skip link lands on the heading, got ${now}`);
  assert(page.url().endsWith('plain.html'), 'host URL unchanged');
});

test('门户示例页：主题变量生效、两个组件、handoff 事件只在点按钮后发出', async ({ page, base }) => {
  await page.goto(base + 'www/portal-demo.html');
  await ready(page, 2);
  const brand = await page.locator('#zjtx-main').evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('.zjtx-button--primary')).backgroundColor);
  assert(brand === 'rgb(158, 27, 27)', `theme colour applied: ${brand}`);
  const other = await page.locator('#zjtx-branch').evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('.zjtx-button--primary')).backgroundColor);
  assert(other === 'rgb(31, 58, 95)', `second widget keeps the default: ${other}`);
  assert(await page.locator('#zjtx-branch .zjtx-handoff').count() === 0, 'no handoff without the attribute');
  await fill(page, 'zjtx-main', { name: '甲公司', employees: '999', revenue: '50000' });
  await page.locator('#zjtx-main .zjtx-steps >> text=查看报告').click();
  assert(await page.locator('#portal-handoff-result').isHidden(), 'nothing handed over before the button');
  await page.locator('#zjtx-main >> text=把结论交给本网站').click();
  const got = await page.locator('#portal-handoff-result').textContent();
  assertIncludes(got, '中型企业', 'handoff reached the portal');
  assert(!got.includes('甲公司'), 'the name never leaves');
  await page.screenshot({ path: `${OUT}/portal-demo.png`, fullPage: true });
});

test('微信内置浏览器：报告页告诉用户怎样把报告拿出来', async ({ browser, base }) => {
  const context = await browser.newContext({
    viewport: { width: 375, height: 800 }, locale: 'zh-CN',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 14_8 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800322c) NetType/WIFI Language/zh_CN',
  });
  const page = await context.newPage();
  await page.goto(base + 'index.html');
  await page.waitForSelector('zjtx-widget[data-ready]', { state: 'attached', timeout: 60000 });
  await page.click('.zjtx-steps >> text=查看报告');
  const note = await page.locator('.zjtx-in-app').textContent();
  assertIncludes(note, '微信内置浏览器可能无法打印或下载', 'in-app note');
  assertIncludes(note, '在浏览器中打开', 'in-app note');
  await page.screenshot({ path: `${OUT}/wechat-report.png` });
  await context.close();
});

test('脚本被禁用：元素里门户写的后备说明照常显示', async ({ browser, base }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(base + 'e2e/plain.html');
  assert(await page.locator('#w1 .fallback').isVisible(), 'fallback visible without scripts');
  assertIncludes(await page.locator('#w1 .fallback').textContent(), '极速模式', 'fallback text');
  await context.close();
});

test('导入的答卷计算口径写错（boundary: bogus）：组件照常可用，改用默认口径并说明', async ({ page, base }) => {
  await page.goto(base + 'index.html');
  await page.waitForSelector('zjtx-widget[data-ready]', { state: 'attached', timeout: 60000 });
  const file = `${OUT}/bogus-setting.json`;
  writeFileSync(file, JSON.stringify({ schema: 'zjtx-answers', version: 1, settings: { boundary: 'bogus' }, answers: { industry: 'industrial', employees: '999', 'operating_revenue.y1': '50000' } }));
  await page.setInputFiles('.zjtx-file input', file);
  await page.waitForSelector('.zjtx-notice');
  assertIncludes(await page.textContent('.zjtx-notices'), '“bogus”无效，已改用默认值', 'notice');
  assert((await page.inputValue('#field-employees')) === '999', 'the imported answers are shown');
  assert((await page.textContent('[data-testid=live-verdict]')) === '中型企业', 'and assessed');
  await page.waitForTimeout(700);
  await page.reload();
  await page.waitForSelector('zjtx-widget[data-ready]', { state: 'attached', timeout: 60000 });
  await page.waitForTimeout(100);
  assert((await page.inputValue('#field-employees')) === '999', 'still there after reload');
  assert(await page.locator('.zjtx-steps').isVisible(), 'the form, not a lone error');
});

test('省级规则包：浙江的梯度路线有隐形冠军并打印出来，山东的“小升规”排在创新型之前', async ({ page, base }) => {
  await page.goto(base + 'e2e/provinces.html');
  await ready(page, 2);
  assertIncludes(await page.locator('#z [data-testid=pack-name]').textContent(), '浙江省规则包', 'zhejiang pack');
  assertIncludes(await page.locator('#z [data-testid=rung-ZjHiddenChampion]').textContent(), '浙江省隐形冠军企业', 'zhejiang ladder');
  // The ladder runs in the pack's order: 小升规 before 创新型 in 山东.
  const order = await page.locator('#s [data-testid^=rung-]').evaluateAll((els) => els.map((e) => e.dataset.testid));
  assert(order.indexOf('rung-Xiaoshenggui') >= 0 && order.indexOf('rung-Xiaoshenggui') < order.indexOf('rung-TechInnovative'), `shandong ladder order: ${order}`);
  // 评估日期 reads as YYYY-MM-DD text, whatever the system's date format.
  const date = await page.locator('#z #field-assessment_date').inputValue();
  assert(/^\d{4}-\d{2}-\d{2}$/.test(date), `assessment date shown as ${date}`);
  await fill(page, 'z', { name: '丙精工科技有限公司', employees: '186', revenue: '8551' });
  await page.locator('#z .zjtx-steps >> text=查看报告').click();
  const report = await page.locator('#z .zjtx-report').textContent();
  assertIncludes(report, '浙江省隐形冠军企业', 'zhejiang report');
  assertIncludes(report, '浙江省规则包 2026.11.1', 'report names pack and version');
  // The answers file can be exported from the report view too.
  assert(await page.locator('#z button:has-text("导出答卷")').isVisible(), '导出答卷 reachable from the report');
  await page.locator('#z >> text=打印 / 保存为 PDF').click();
  const frame = page.locator('#z iframe.zjtx-print-frame');
  await frame.waitFor({ state: 'attached' });
  assertIncludes(await frame.getAttribute('srcdoc'), '浙江省隐形冠军企业', 'printed report');
  await page.locator('#z .zjtx-report h1').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/portal-zhejiang-report.png` });
});

test('两行的叠加包（及格线 60 → 90）：组件按 pack 属性加载，报告里是 90 分，同页的全国包仍是 60 分', async ({ page, base }) => {
  await page.goto(base + 'e2e/overlay.html');
  await ready(page, 2);
  for (const w of ['o', 'n']) {
    await fill(page, w, { name: '丁智能装备有限公司', employees: '186', revenue: '8551' });
    await page.locator(`#${w} .zjtx-steps >> text=查看报告`).click();
  }
  const overlay = await page.locator('#o .zjtx-report').textContent();
  assertIncludes(overlay, '创新型中小企业评价指标（三类六个指标，满分 100 分）：得分 5–100 分（及格线 90 分）', 'overlay report');
  assertIncludes(overlay, '全国通用规则包（e2e-overlay）', 'an unnamed overlay is not shown as the national pack');
  const national = await page.locator('#n .zjtx-report').textContent();
  assertIncludes(national, '（及格线 60 分）', 'national report');
  assert(!national.includes('及格线 90 分'), 'the overlay stays in its own widget');
  await page.locator('#o .zjtx-report h1').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/portal-overlay-report.png` });
});
