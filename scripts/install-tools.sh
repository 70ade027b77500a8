#!/usr/bin/env bash
# Installs every tool Throughcare needs to build, run and test, skipping each one
# already present at the right version. Safe to run again; runs as root in CI.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

CARGO_LEPTOS_VERSION="0.3.10"
BINARYEN_VERSION="132.0.0"
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '\033[1m[install]\033[0m %s\n' "$*"; }

# The wasm-bindgen CLI must match the wasm-bindgen crate that Cargo.lock resolved,
# or the generated JS glue and the WASM disagree at runtime.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pg_bin_present() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }

need_apt=()
pg_bin_present || need_apt+=(postgresql)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v brotli >/dev/null 2>&1 || need_apt+=(brotli)
if [ "${#need_apt[@]}" -gt 0 ]; then apt_install "${need_apt[@]}"; fi
id postgres >/dev/null 2>&1 || { log "no postgres OS user after install"; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "cargo install cargo-leptos $CARGO_LEPTOS_VERSION (cold: ~27 min)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

wb="$(wasm_bindgen_version)"
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb\$"; then
  log "cargo install wasm-bindgen-cli $wb (cold: ~4 min)"
  cargo install wasm-bindgen-cli --version "$wb" --force
fi

# Debian's binaryen 108 silently breaks the release WASM; npm's build works.
if ! wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
  log "npm install -g binaryen@$BINARYEN_VERSION"
  npm install -g --no-fund --no-audit "binaryen@$BINARYEN_VERSION" >/dev/null
fi

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -x end2end/node_modules/.bin/playwright ] || ! cmp -s end2end/package-lock.json end2end/node_modules/.package-lock.stamp 2>/dev/null; then
  log "npm ci in end2end/"
  (cd end2end && npm ci --no-fund --no-audit >/dev/null && cp package-lock.json node_modules/.package-lock.stamp)
fi
log "tools ready"
