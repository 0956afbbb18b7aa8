// Prints the CLI's standalone report HTML to A4 PDF with headless Chromium and
// prints the page counts (a measurement, not an assertion).
// Usage: node tests/e2e/report-pages.mjs report.html [more.html ...]
// Writes NAME.pdf beside each HTML file.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
for (const html of process.argv.slice(2)) {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(resolve(html)).href);
  await page.emulateMedia({ media: 'print' });
  const pdf = html.replace(/\.html?$/, '') + '.pdf';
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const pages = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)[1];
  console.log(`${html}: ${pages} A4 pages → ${pdf}`);
  await page.close();
}
await browser.close();
