#!/usr/bin/env bash
# Builds the widget into target/site (index.html, www/, www/pkg/): release wasm,
# wasm-bindgen JS glue, wasm-opt -Oz. No trunk: three plain steps, nothing fetched.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
site=target/site
wasm=target/wasm32-unknown-unknown/web/zjtx-widget.wasm

# Remapping the source path gives byte-identical bundles from any folder.
RUSTFLAGS="--remap-path-prefix=$PWD=." \
  cargo build --locked --profile web --target wasm32-unknown-unknown --bin zjtx-widget

rm -rf "$site"
mkdir -p "$site/www/pkg"
wasm-bindgen --target web --no-typescript --out-dir "$site/www/pkg" --out-name zjtx "$wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$site/www/pkg/zjtx_bg.wasm" -o "$site/www/pkg/zjtx_bg.wasm"
cp index.html "$site/"
cp www/*.css www/*.js www/*.svg "$site/www/"
echo "[build-web] $site ready"
