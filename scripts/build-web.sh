#!/usr/bin/env bash
# Builds the widget into target/site (index.html, www/, www/pkg/, www/packs/):
# release wasm, wasm-bindgen JS glue, wasm-opt -Oz, one JSON file per rule
# pack. No trunk: plain steps, nothing fetched.
#
# Browser floor (docs/portal.md): Chromium 86 kernels of domestic browsers and
# iOS 14 WebKit (WeChat). Their WebAssembly is the MVP plus mutable globals:
# no reference types, bulk memory, sign extension, non-trapping float-to-int
# or multi-value. Rust is told to target the MVP, the precompiled standard
# library's post-MVP instructions are lowered by wasm-opt, and the module is
# validated against exactly that feature set; a build that needs more fails.
# ZJTX_WASM=modern builds without the floor (for the size comparison only).
# ZJTX_NAMES=FILE also writes the optimised wasm with its function names
# kept, for `twiggy top FILE` (names are stripped from the shipped one).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
site=${ZJTX_SITE:-target/site}
mode=${ZJTX_WASM:-floor}
# The floor's WebAssembly features, as wasm-opt flags (used to validate).
FLOOR_FEATURES="--mvp-features --enable-mutable-globals"
ALL_FEATURES="--enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-call-indirect-overlong"

# Remapping the source path gives byte-identical bundles from any folder.
flags="--remap-path-prefix=$PWD=."
if [ "$mode" = floor ]; then
  flags="$flags -C target-cpu=mvp -C target-feature=+mutable-globals"
  target_dir=target/floor
else
  target_dir=target
fi
# Two modules of the one crate (wasm-bindgen cannot split a module): the
# widget (questionnaire, live panel, saved assessments: the first load) and
# the report (model, plans, views, print, handoff), which the loader fetches
# only when a report is first opened.
out_dir=$(RUSTFLAGS="$flags" CARGO_TARGET_DIR=$target_dir \
  cargo build --locked --profile web --target wasm32-unknown-unknown --bin zjtx-widget --bin zjtx-report \
    --message-format=json-render-diagnostics |
  node -e 'let d="";process.stdin.on("data",c=>d+=c).on("end",()=>{for(const l of d.split("\n")){if(!l)continue;const m=JSON.parse(l);if(m.reason==="build-script-executed"&&m.package_id.includes("zjtx"))console.log(m.out_dir)}})' | tail -1)

rm -rf "$site"
mkdir -p "$site/www/pkg" "$site/www/packs"
# module BIN NAME: $target_dir's BIN.wasm → www/pkg/NAME.js + NAME_bg.wasm.
module() {
  local wasm=$target_dir/wasm32-unknown-unknown/web/$1.wasm name=$2
  local raw="$site/www/pkg/raw.wasm" out="$site/www/pkg/${2}_bg.wasm"
  if [ "$mode" = floor ]; then
    # The standard library comes precompiled with post-MVP instructions: lower
    # them, and drop the feature list that would make wasm-bindgen emit
    # externref tables.
    wasm-opt ${ZJTX_NAMES:+-g} $ALL_FEATURES --llvm-memory-copy-fill-lowering --llvm-nontrapping-fptoint-lowering \
      --signext-lowering --strip-target-features "$wasm" -o "$raw"
  else
    cp "$wasm" "$raw"
  fi
  wasm-bindgen --target web --no-typescript --out-dir "$site/www/pkg" --out-name "$name" "$raw"
  rm "$raw"
  if [ -n "${ZJTX_NAMES:-}" ]; then
    # For twiggy: the same optimisation with function names kept (-g);
    # the report module's beside it as NAMES-report.wasm.
    local names=$ZJTX_NAMES
    [ "$name" = zjtx ] || names="${ZJTX_NAMES%.wasm}-report.wasm"
    wasm-opt -Oz -g $FLOOR_FEATURES "$out" -o "$names"
  fi
  if [ "$mode" = floor ]; then
    wasm-opt -Oz $FLOOR_FEATURES "$out" -o "$out"
    # Fails the build when the module uses anything the floor lacks. The copy
    # is read with every feature on and its feature list dropped (wasm-opt
    # would otherwise trust that list over the flags), then validated with the
    # floor's features only.
    local check
    check=$(mktemp --suffix=.wasm)
    wasm-opt $ALL_FEATURES --strip-target-features "$out" -o "$check"
    if ! wasm-opt $FLOOR_FEATURES "$check" -o /dev/null 2>"$check.log"; then
      grep -m3 'wasm-validator error' -A1 "$check.log" >&2
      echo "[build-web] $name: the wasm uses WebAssembly features the browser floor lacks" >&2
      rm -f "$check" "$check.log"
      exit 1
    fi
    rm -f "$check" "$check.log"
    if grep -q externref "$site/www/pkg/$name.js"; then echo "[build-web] $name: JS glue uses externref tables" >&2; exit 1; fi
    echo "[build-web] $name: wasm validates against the browser floor (MVP + mutable globals)"
  else
    wasm-opt -Oz $ALL_FEATURES "$out" -o "$out"
  fi
}
module zjtx-widget zjtx
module zjtx-report zjtx_report

# Rule packs by name, loaded by the `pack` attribute (packs/<name>.json).
node scripts/pack-json.mjs "$out_dir/packs" "$site/www/packs"

cp index.html "$site/"
cp www/*.css www/*.js www/*.svg www/*.html "$site/www/"

# The first page of a fresh visit with the bundled pack, rendered now with
# Yew SSR from the same App component (native, `prerender` feature), put
# into the loader: it paints and takes input before the wasm has arrived.
cargo build --locked --features prerender --bin zjtx-prerender --quiet
target/debug/zjtx-prerender "$site/www/packs/national.json" national > "$site/first-page.html"
node -e '
const fs = require("fs");
const [js, html] = process.argv.slice(1);
const text = fs.readFileSync(js, "utf8");
const line = "const FIRST_PAGE = null;";
if (!text.includes(line)) { console.error("[build-web] no FIRST_PAGE line in " + js); process.exit(1); }
const page = { pack: "national", html: fs.readFileSync(html, "utf8") };
fs.writeFileSync(js, text.replace(line, () => `const FIRST_PAGE = ${JSON.stringify(page)};`));
// The demo page carries it too, as a declarative shadow root: it paints
// with the page itself, before any script has run (docs/portal.md).
const index = process.argv[3];
const marker = /<!-- first page: [^>]*-->/;
const doc = fs.readFileSync(index, "utf8");
if (!marker.test(doc)) { console.error("[build-web] no first-page marker in " + index); process.exit(1); }
// Only widget.css, and after the page, not before it: a stylesheet in the
// body holds the HTML parser until it has loaded, so placed first it kept
// the first page unparsed while it loaded, and the page came in a later
// frame. The shell stays hidden until the sheet shows it (no unstyled
// flash); the head preloads the sheet. The first page does not need
// report.css (the loader links it).
const shadow = `<template shadowrootmode="open">` +
  `<div class="zjtx-shell" part="shell" hidden data-first-page="national">${page.html}</div>` +
  `<link rel="stylesheet" href="www/widget.css"></template>`;
fs.writeFileSync(index, doc.replace(marker, () => shadow));
' "$site/www/zjtx-widget.js" "$site/first-page.html" "$site/index.html"
rm "$site/first-page.html"
echo "[build-web] $site ready"
