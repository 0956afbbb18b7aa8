#!/usr/bin/env bash
# README command 2: set up what is missing, then run every test:
#   1. native `cargo test` (engine, rule pack, golden cases, CLI, report SSR)
#   2. wasm-bindgen tests in headless Chromium (the widget in a real browser)
#   3. the release build of the widget, with the bundle size report
#   4. Playwright end-to-end tests on the built page (forms, PDF, screenshots in target/e2e/)
# The last line is always `N passed, N failed`; the exit code is non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-180}
export CARGO_TERM_COLOR=never
# Chinese file names (downloads, reports) need a UTF-8 locale; CI may start without one.
export LANG=${LANG:-C.UTF-8}
logs=target/test-logs
mkdir -p "$logs"
passed=0
failed=0

# Runs one stage, tees its output to a log, adds up its `test result:` lines.
# A stage that fails without reporting a failed test (a compile error, a
# crash) counts as one failure, so a broken build can never read as green.
stage() {
  local name=$1; shift
  local log="$logs/$name.log"
  echo "==> $name: $*"
  local t0=$SECONDS
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local p f
  p=$(grep -E '^test result:' "$log" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
  f=$(grep -E '^test result:' "$log" | grep -oE '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  echo "<== $name: $p passed, $f failed ($((SECONDS - t0)) s)"
  return "$status"
}

# A build step counts as one test of its own.
build_step() {
  if "$@"; then echo "test result: ok. 1 passed; 0 failed"; else echo "test result: FAILED. 0 passed; 1 failed"; return 1; fi
}

finish() {
  echo "total time $SECONDS s"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

if ! stage setup build_step bash scripts/setup.sh test; then finish; fi
stage native cargo test --locked
stage wasm cargo test --locked --target wasm32-unknown-unknown --tests
if stage release build_step bash scripts/build-web.sh; then
  node scripts/size-report.mjs target/site
  stage e2e node tests/e2e/run.mjs
fi
finish
