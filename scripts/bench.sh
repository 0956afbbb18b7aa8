#!/usr/bin/env bash
# Prints speed and size figures; no pass/fail, no timed assertions.
#   1. native: assessment, gap report, report model and SSR timings (release build)
#   2. the widget bundle's raw / gzip / brotli sizes
#   3. side by side in one headless Chromium: the widget against an equivalent
#      SurveyJS page (first load bytes, first input ready, re-score latency,
#      memory), with ratios and the goals of the speed issue
# Options: --no-size (skip 2 and 3), --no-web (skip 3), --loads N (default 12).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
size=1 web=1 loads=12
while [ $# -gt 0 ]; do
  case $1 in
    --no-size) size=0 web=0 ;;
    --no-web) web=0 ;;
    --loads) loads=$2; shift ;;
  esac
  shift
done
bash scripts/setup.sh test >/dev/null
echo "== native speed (release) =="
cargo bench --locked --bench assess 2>/dev/null
if [ $size = 1 ]; then
  echo "== widget bundle =="
  bash scripts/build-web.sh >/dev/null
  node scripts/size-report.mjs target/site
fi
if [ $web = 1 ]; then
  echo "== in the browser, side by side with SurveyJS =="
  node scripts/bench-web.mjs --loads "$loads"
fi
