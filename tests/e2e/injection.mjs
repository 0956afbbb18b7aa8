// The CLI's HTML report, opened as an official would open it, runs nothing
// that an enterprise name or an answer smuggled in.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { OUT, assert, assertIncludes, test } from './harness.mjs';

const HOSTILE = [
  '</style><script>alert(2)</script>',
  '"><img src=x onerror=alert(1)>',
  'x" } body { display: none } a { content: "',
  '回车\r换页\f换行\n结束',
];

test('命令行生成的 HTML 报告：企业名称和填报值里的脚本一律不执行', async ({ page }) => {
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  const base = JSON.parse(readFileSync('tests/fixtures/firm-rd-short.json', 'utf8'));
  for (const [i, name] of HOSTILE.entries()) {
    const answers = { ...base, enterprise_name: name };
    const input = `${OUT}/hostile-${i}.json`;
    const output = resolve(`${OUT}/hostile-${i}.html`);
    writeFileSync(input, JSON.stringify(answers));
    execFileSync('cargo', ['run', '--quiet', '--bin', 'zjtx', '--', 'report', input, '-o', output], { stdio: 'pipe' });
    await page.goto(pathToFileURL(output).href);
    await page.waitForTimeout(200);
    // The report is there and visible, the name shown as text.
    assert(await page.isVisible('h1'), `report visible for name ${i}`);
    const cover = await page.textContent('body');
    assertIncludes(cover, name.replace(/[\r\f\n]/g, ' ').split(' ')[0], 'name shown as text');
    await page.emulateMedia({ media: 'print' });
    await page.emulateMedia({ media: 'screen' });
  }
  assert(dialogs.length === 0, `dialogs opened: ${dialogs.join(', ')}`);
});
