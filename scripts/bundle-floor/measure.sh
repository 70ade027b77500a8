#!/usr/bin/env bash
# Builds the bundle floor (src/lib.rs) exactly as cargo-leptos builds Throughcare's WASM
# (wasm-release profile, wasm-bindgen, wasm-opt -Oz), as a single-page app and with islands, and
# prints the brotli sizes. Offline: the crates are the ones Throughcare's Cargo.lock already pins.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$repo/scripts/env.sh"
cp "$repo/Cargo.lock" "$here/Cargo.lock"
trap 'rm -f "$here/Cargo.lock"' EXIT

for variant in single-page islands; do
  work="${CARGO_TARGET_DIR:-$repo/target}/bundle-floor/$variant"
  features=()
  [ "$variant" = islands ] && features=(--features islands)
  CARGO_TARGET_DIR="$work" cargo build --offline --manifest-path "$here/Cargo.toml" --lib \
    --target wasm32-unknown-unknown --profile wasm-release "${features[@]}"
  wasm-bindgen --target web --out-dir "$work/pkg" --out-name floor \
    "$work/wasm32-unknown-unknown/wasm-release/bundle_floor.wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$work/pkg/floor_bg.wasm" -o "$work/pkg/floor.wasm"
  total=0
  for file in floor.wasm floor.js; do
    raw=$(stat -c %s "$work/pkg/$file")
    br=$(brotli -q 11 -c "$work/pkg/$file" | wc -c)
    printf '%-12s %-12s %10d raw %10d brotli\n' "$variant" "$file" "$raw" "$br"
    total=$((total + br))
  done
  printf '%-12s %-12s %25d brotli (issue #8 budget: 204800)\n' "$variant" "WASM + JS" "$total"
done
