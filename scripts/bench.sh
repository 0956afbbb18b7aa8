#!/usr/bin/env bash
# Prints speed and size figures: native assessment timings (release build) and
# the widget bundle's raw / gzip / brotli sizes. Figures only, no pass/fail.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
echo "== native speed (release) =="
cargo bench --locked --bench assess 2>/dev/null
if [ "${1:-}" != "--no-size" ]; then
  echo "== widget bundle =="
  bash scripts/build-web.sh >/dev/null
  node scripts/size-report.mjs target/site
fi
