#!/usr/bin/env bash
# Prints what the browser downloads to start the app, after `cargo leptos build --release`: raw
# and brotli (-q 11) bytes of the WASM and its JS glue, against the 200 KB budget of issue #8
# (docs/benchmarks.md, "WASM bundle"). Reports only; it does not fail the build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
pkg="${LEPTOS_SITE_ROOT:-target/site}/pkg"
budget=$((200 * 1024))

total=0
printf '%-22s %12s %12s\n' file raw brotli
for file in throughcare.wasm throughcare.js throughcare.css; do
  [ -f "$pkg/$file" ] || { echo "no $pkg/$file: run cargo leptos build --release first" >&2; exit 1; }
  raw=$(stat -c %s "$pkg/$file")
  br=$(brotli -q 11 -c "$pkg/$file" | wc -c)
  printf '%-22s %12d %12d\n' "$file" "$raw" "$br"
  if [ "$file" != throughcare.css ]; then total=$((total + br)); fi
done
printf '%-22s %12s %12d  (budget %d: %s)\n' "WASM + JS" "" "$total" "$budget" \
  "$([ "$total" -le "$budget" ] && echo met || echo "not met, $((total - budget)) over")"
