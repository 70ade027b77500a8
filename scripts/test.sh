#!/usr/bin/env bash
# README command 2 (and CI): install what is missing, then run every check and test:
# formatting, compile-checked SQL, clippy for both builds, unit and integration tests against
# real PostgreSQL, and Playwright against the release build at tablet and desktop sizes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

started=$SECONDS
stage_start=$SECONDS
timings=()
stage() {
  local now=$SECONDS
  if [ -n "${current_stage:-}" ]; then timings+=("$(printf '%-34s %4ss' "$current_stage" $((now - stage_start)))"); fi
  current_stage="$1"
  stage_start=$now
  if [ -n "$1" ]; then printf '\n\033[1m== %s ==\033[0m\n' "$1"; fi
}
report() {
  stage ""
  printf '\nStage timings:\n'
  printf '  %s\n' "${timings[@]}"
  printf '  %-34s %4ss\n' "total" $((SECONDS - started))
}
trap report EXIT

stage "install tools"
bash scripts/install-tools.sh

stage "cargo fmt --check"
cargo fmt --all -- --check

stage "clippy (server, ssr)"
cargo clippy -p server -p app --features app/ssr --all-targets -- -D warnings

stage "clippy (browser, hydrate)"
cargo clippy -p frontend -p app --features app/hydrate --target wasm32-unknown-unknown -- -D warnings

stage "SQL descriptions (.sqlx) up to date"
bash scripts/sqlx-prepare.sh --check

stage "unit tests (domain, app)"
cargo test -p app --features ssr

stage "integration tests (real PostgreSQL)"
cargo test -p server

stage "release build (cargo leptos)"
# --precompress writes .br/.gz next to each static file; the server sends those (3.6 MB of WASM
# goes over the wire as 0.8 MB).
cargo leptos build --release --precompress
bash scripts/bundle-size.sh

stage "Playwright (tablet 768x1024, desktop 1366x768)"
(cd end2end && THROUGHCARE_SERVER_BIN="$CARGO_TARGET_DIR/release/server" npx playwright test)

stage "crash-safety drill (5 x SIGKILL of app + PostgreSQL)"
THROUGHCARE_SERVER_BIN="$CARGO_TARGET_DIR/release/server" bash scripts/crash-safety.sh

stage "replica drill (read-your-writes on the standby, failover)"
THROUGHCARE_SERVER_BIN="$CARGO_TARGET_DIR/release/server" bash scripts/replica.sh drill

stage "backup and point-in-time restore drill"
THROUGHCARE_SERVER_BIN="$CARGO_TARGET_DIR/release/server" bash scripts/backup-restore-drill.sh
