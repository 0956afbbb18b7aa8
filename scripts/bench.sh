#!/usr/bin/env bash
# Prints speed and size figures; no pass/fail, no timed assertions.
#   1. native: assessment, gap report, report model and SSR timings (release build)
#   2. the 培育库 batch over a generated 100 000-firm .xlsx with Chinese headers
#      (text in the shared string table, as Excel and WPS save it): firms per
#      core (CPU time) for summary + 画像 only (1 and 2 threads), the same firms with every text
#      inline in its cell (as some export tools write it; slower to read),
#      14 000 firms with HTML reports on 2 threads, peak memory, output size
#   3. the widget bundle's raw / gzip / brotli sizes
#   4. side by side in one headless Chromium: the widget against an equivalent
#      SurveyJS page (first load bytes, first input ready, re-score latency,
#      memory), with ratios and the goals of the speed issue
# Options: --no-size (skip 3 and 4), --no-web (skip 4), --loads N (default 12),
#          --no-batch (skip 2), --batch-only (only 2).
# Batch sizes: ZJTX_BENCH_FIRMS (default 100000), ZJTX_BENCH_HTML_FIRMS (14000).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
size=1 web=1 loads=12 batch=1 native=1
while [ $# -gt 0 ]; do
  case $1 in
    --no-size) size=0 web=0 ;;
    --no-web) web=0 ;;
    --loads) loads=$2; shift ;;
    --no-batch) batch=0 ;;
    --batch-only) native=0 size=0 web=0 ;;
  esac
  shift
done
bash scripts/setup.sh test >/dev/null
# Peak memory comes from GNU time (Debian package “time”).
if [ $batch = 1 ] && [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq time >/dev/null; else sudo apt-get install -y -qq time >/dev/null; fi
fi
if [ $native = 1 ]; then
  echo "== native speed (release) =="
  cargo bench --locked --bench assess 2>/dev/null
fi

if [ $batch = 1 ]; then
  firms=${ZJTX_BENCH_FIRMS:-100000}
  html_firms=${ZJTX_BENCH_HTML_FIRMS:-14000}
  echo "== batch (release; machine load average: $(cut -d' ' -f1-3 /proc/loadavg)) =="
  cargo build --locked --release --bin zjtx 2>/dev/null
  dir=target/batch
  mkdir -p "$dir"
  # “-sst”: shared strings (as Excel saves); “-inline”: text inline in cells.
  for n in "$firms" "$html_firms"; do
    [ -f "$dir/firms-$n-sst.xlsx" ] || cargo bench --locked --bench gen_firms -- "$n" "$dir/firms-$n-sst.xlsx" 2>/dev/null
  done
  [ -f "$dir/firms-$firms-inline.xlsx" ] || cargo bench --locked --bench gen_firms -- "$firms" "$dir/firms-$firms-inline.xlsx" --inline-strings 2>/dev/null
  printf '%-44s %s\n' "input ($firms firms, .xlsx)" "$(du -h "$dir/firms-$firms-sst.xlsx" | cut -f1)"
  # One run under /usr/bin/time -v: wall, CPU (user + sys), peak memory, output size.
  # Per-core figures use CPU time, so a busy machine does not distort them.
  # Last run's outputs are moved aside and deleted only after the runs:
  # creating thousands of files right after deleting thousands makes ext4
  # search past the recently freed inodes, which would count as system
  # time of the run being measured.
  old="$dir/old-$$"
  mkdir -p "$old"
  for o in "$dir/out-summary" "$dir/out-summary2" "$dir/out-inline" "$dir/out-html"; do
    if [ -e "$o" ]; then mv "$o" "$old/"; fi
  done
  run() {
    local label=$1 n=$2 jobs=$3 out=$4; shift 4
    /usr/bin/time -v -o "$dir/time.txt" target/release/zjtx batch "$@" --out "$out" 2>/dev/null >/dev/null || true
    local wall cpu rss
    wall=$(awk -F': ' '/Elapsed/ {k=split($2,p,":"); s=0; for(i=1;i<=k;i++) s=s*60+p[i]; print s}' "$dir/time.txt")
    cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$dir/time.txt")
    rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$dir/time.txt")
    echo "-- $label"
    printf '   %-41s %s s\n' "wall time" "$wall"
    printf '   %-41s %s s (%s firms per CPU-second = per core)\n' "CPU time (user + sys)" "$cpu" "$(awk -v n="$n" -v c="$cpu" 'BEGIN {printf "%.0f", n / c}')"
    printf '   %-41s %s s user, %s s system\n' "of which" "$(awk -F': ' '/User time/ {print $2}' "$dir/time.txt")" "$(awk -F': ' '/System time/ {print $2}' "$dir/time.txt")"
    printf '   %-41s %s\n' "firms per minute per core" "$(awk -v n="$n" -v c="$cpu" 'BEGIN {printf "%.0f", 60 * n / c}')"
    printf '   %-41s %s s\n' "CPU time / threads (wall on idle cores)" "$(awk -v c="$cpu" -v j="$jobs" 'BEGIN {printf "%.1f", c / j}')"
    printf '   %-41s %s MB\n' "peak memory (max RSS)" "$rss"
    printf '   %-41s %s (%s files)\n' "output" "$(du -sh "$out" | cut -f1)" "$(find "$out" -type f | wc -l)"
  }
  run "summary + 画像 only, 1 thread ($firms firms)" "$firms" 1 "$dir/out-summary" "$dir/firms-$firms-sst.xlsx" --reports none --jobs 1
  # On 2 threads the same work costs a few % more CPU: rows made on one
  # thread are freed on another (mimalloc collects those frees), see docs/batch.md.
  run "the same on 2 threads" "$firms" 2 "$dir/out-summary2" "$dir/firms-$firms-sst.xlsx" --reports none --jobs 2
  run "the same, text inline in the cells" "$firms" 1 "$dir/out-inline" "$dir/firms-$firms-inline.xlsx" --reports none --jobs 1
  run "with HTML reports, 2 threads ($html_firms firms)" "$html_firms" 2 "$dir/out-html" "$dir/firms-$html_firms-sst.xlsx" --reports html --jobs 2
  rm -rf "$old" "$dir"/old-*
  # The same summary-only work, each phase timed apart (one thread): where
  # the µs a firm go, and what is left of the 60 µs goal without each.
  echo "-- where the time goes, phase by phase ($firms firms, 1 thread)"
  cargo bench --locked --bench batch_phases -- "$dir/firms-$firms-sst.xlsx" 2>/dev/null
fi

if [ $size = 1 ]; then
  echo "== widget bundle =="
  bash scripts/build-web.sh >/dev/null
  node scripts/size-report.mjs target/site
fi
if [ $web = 1 ]; then
  echo "== in the browser, side by side with SurveyJS =="
  node scripts/bench-web.mjs --loads "$loads"
fi
