// Writes the rule packs the widget loads by name (`<zjtx-widget pack="national">`
// → packs/national.json; format in src/web/pack_file.rs) from the resolved
// pack bundles build.rs made (`$OUT_DIR/packs/<name>.json`, file name →
// content; the wasm carries no TOML parser). Each gets the content hash the
// CLI prints for the same pack when its TOML folder is at rules/<name>/
// (FNV-1a 64 over the files in src/rules/files.rs order, then the rule sets),
// so the browser's report and the CLI's name the same pack version.
//   node scripts/pack-json.mjs <bundle-dir> <out-dir>
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [bundles, out] = process.argv.slice(2);
const order = [...readFileSync('src/rules/files.rs', 'utf8').matchAll(/"([a-z_0-9]+\.toml)"/g)].map((m) => m[1]);

function tomlHash(dir, files) {
  const names = [...order, ...files['pack.toml'].rule_sets];
  if (!names.every((f) => existsSync(join(dir, f)))) return undefined; // an overlay: no single TOML folder
  let h = 0xcbf29ce484222325n;
  for (const f of names) {
    for (const b of readFileSync(join(dir, f))) {
      h ^= BigInt(b);
      h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
    }
  }
  return h.toString(16).padStart(16, '0');
}

for (const file of readdirSync(bundles).filter((f) => f.endsWith('.json')).sort()) {
  const name = file.replace(/\.json$/, '');
  const files = JSON.parse(readFileSync(join(bundles, file), 'utf8'));
  const pack = { schema: 'zjtx-pack', version: 1, name, content_hash: tomlHash(join('rules', name), files), files };
  writeFileSync(join(out, file), JSON.stringify(pack));
  console.log(`[pack-json] ${join(out, file)}: ${Object.keys(files).length} files, hash ${pack.content_hash ?? '(computed by the widget)'}`);
}
