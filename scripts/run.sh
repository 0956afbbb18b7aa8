#!/usr/bin/env bash
# README command 1: set up what is missing, build the widget with the bundled
# national rule pack, serve it at http://127.0.0.1:8080/ (PORT=… to change).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh build
bash scripts/build-web.sh
exec node scripts/serve.mjs target/site "${PORT:-8080}"
