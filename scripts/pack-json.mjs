// Writes one rule pack as the JSON file the widget loads by name
// (`<zjtx-widget pack="national">` → packs/national.json; format in
// src/web/pack_file.rs). Input: the folder of per-file JSON that build.rs
// made from the pack's TOML (the wasm carries no TOML parser), and the TOML
// folder, for the content hash the CLI prints too (FNV-1a 64, src/rules/fnv.rs).
//   node scripts/pack-json.mjs <json-dir> <toml-dir> <name> <out.json>
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [jsonDir, tomlDir, name, out] = process.argv.slice(2);
const files = {};
for (const f of readdirSync(jsonDir).filter((f) => f.endsWith('.json')).sort()) {
  files[f.replace(/\.json$/, '.toml')] = JSON.parse(readFileSync(join(jsonDir, f), 'utf8'));
}
// Same order as Pack::from_files reads them.
const order = ['pack.toml', 'inputs.toml', 'settings.toml', 'size_class.toml', 'exclusions.toml',
  'measures.toml', 'cost_model.toml', ...files['pack.toml'].rule_sets];
let h = 0xcbf29ce484222325n;
for (const f of order) {
  for (const b of readFileSync(join(tomlDir, f))) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
}
const pack = { schema: 'zjtx-pack', version: 1, name, content_hash: h.toString(16).padStart(16, '0'), files };
writeFileSync(out, JSON.stringify(pack));
console.log(`[pack-json] ${out}: ${Object.keys(files).length} files, hash ${pack.content_hash}`);
