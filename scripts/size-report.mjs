// Prints the release bundle's files with raw, gzip -9 and brotli -q 11 sizes.
// node scripts/size-report.mjs [dir]   (default target/site)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? 'target/site';
const files = [];
(function walk(d) {
  for (const name of readdirSync(d)) {
    const p = join(d, name);
    statSync(p).isDirectory() ? walk(p) : files.push(p);
  }
})(dir);

const rows = files.sort().map((p) => {
  const buf = readFileSync(p);
  return {
    file: relative(dir, p),
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
});
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const n = (x) => x.toLocaleString('en-US').padStart(10);
console.log(`${'bundle file'.padEnd(28)}${'raw'.padStart(10)}${'gzip -9'.padStart(10)}${'brotli 11'.padStart(10)}`);
for (const r of [...rows, { file: 'total', ...total }]) console.log(`${r.file.padEnd(28)}${n(r.raw)}${n(r.gzip)}${n(r.brotli)}`);
