#!/usr/bin/env bash
# Installs what the build and the tests need, skipping what is already there.
#   scripts/setup.sh build   Rust wasm target, wasm-bindgen CLI (Cargo.lock's version), npm packages
#   scripts/setup.sh test    the above, plus Chromium, ChromeDriver, CJK fonts, poppler (pdftotext)
# Versions and pitfalls: see docs/toolchain.md.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-test}

say() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

export PATH="$HOME/.cargo/bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if [ "$what" = test ]; then
  missing=()
  for pkg in chromium chromium-driver fonts-noto-cjk poppler-utils; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "apt-get install ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The wasm-bindgen CLI must equal the library version in Cargo.lock exactly.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "cargo install wasm-bindgen-cli $want (have: ${have:-none}); about 3 minutes"
  # Without --locked: its own lockfile pins crates the registry here does not serve.
  cargo install wasm-bindgen-cli --version "$want" --quiet
fi

# npm packages: wasm-opt (binaryen) and playwright-core. Reinstall when the lockfile changed.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
say "ready ($what)"
