#!/usr/bin/env bash
# Prints speed and size figures: native assessment timings (release build),
# the 培育库 batch over a generated 100 000-firm .xlsx, and the widget
# bundle's raw / gzip / brotli sizes. Figures only, no pass/fail.
#   bash scripts/bench.sh              everything
#   bash scripts/bench.sh --no-size    without the widget bundle
#   bash scripts/bench.sh --batch-only only the batch figures
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
mode=${1:-}
firms=${ZJTX_BENCH_FIRMS:-100000}
html_firms=${ZJTX_BENCH_HTML_FIRMS:-14000}

if [ "$mode" != "--batch-only" ]; then
  echo "== native speed (release) =="
  cargo bench --locked --bench assess 2>/dev/null
fi

echo "== batch (release; machine load average: $(cut -d' ' -f1-3 /proc/loadavg)) =="
cargo build --locked --release --bin zjtx 2>/dev/null
dir=target/batch
mkdir -p "$dir"
if [ ! -f "$dir/firms-$firms.xlsx" ]; then
  cargo bench --locked --bench gen_firms -- "$firms" "$dir/firms-$firms.xlsx" 2>/dev/null
fi
if [ ! -f "$dir/firms-$html_firms.xlsx" ]; then
  cargo bench --locked --bench gen_firms -- "$html_firms" "$dir/firms-$html_firms.xlsx" 2>/dev/null
fi
printf '%-44s %s\n' "input ($firms firms, .xlsx)" "$(du -h "$dir/firms-$firms.xlsx" | cut -f1)"

# One run under /usr/bin/time -v: wall, CPU (user + sys), peak memory, output size.
run() {
  local label=$1 firms=$2 jobs=$3 out=$4; shift 4
  rm -rf "$out"
  /usr/bin/time -v -o "$dir/time.txt" target/release/zjtx batch "$@" --out "$out" 2>/dev/null >/dev/null || true
  local wall cpu rss
  wall=$(awk -F': ' '/Elapsed/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$dir/time.txt")
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$dir/time.txt")
  rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$dir/time.txt")
  echo "-- $label"
  printf '   %-41s %s s\n' "wall time" "$wall"
  printf '   %-41s %s s (%s firms per CPU-second = per core)\n' "CPU time (user + sys)" "$cpu" "$(awk -v n="$firms" -v c="$cpu" 'BEGIN {printf "%.0f", n / c}')"
  printf '   %-41s %s\n' "firms per minute per core" "$(awk -v n="$firms" -v c="$cpu" 'BEGIN {printf "%.0f", 60 * n / c}')"
  printf '   %-41s %s s\n' "CPU time / threads (wall on idle cores)" "$(awk -v c="$cpu" -v j="$jobs" 'BEGIN {printf "%.1f", c / j}')"
  printf '   %-41s %s MB\n' "peak memory (max RSS)" "$rss"
  printf '   %-41s %s (%s files)\n' "output" "$(du -sh "$out" | cut -f1)" "$(find "$out" -type f | wc -l)"
}
run "summary + 画像 only, 1 thread ($firms firms)" "$firms" 1 "$dir/out-summary" "$dir/firms-$firms.xlsx" --reports none --jobs 1
run "with HTML reports, 2 threads ($html_firms firms)" "$html_firms" 2 "$dir/out-html" "$dir/firms-$html_firms.xlsx" --reports html --jobs 2

if [ -z "$mode" ]; then
  echo "== widget bundle =="
  bash scripts/build-web.sh >/dev/null
  node scripts/size-report.mjs target/site
fi
