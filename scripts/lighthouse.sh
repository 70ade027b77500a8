#!/usr/bin/env bash
# Lighthouse (pinned, installed under scripts/lighthouse/) with this machine's chromium, at a
# tablet profile, on a patient timeline and a medication round. Starts the release server on its
# own port with a fresh demo database, signs in, audits both pages, writes the reports to
# docs/lighthouse/ and prints performance score, FCP, LCP, CLS and TBT.
#
#   scripts/lighthouse.sh            # uses the release build in $CARGO_TARGET_DIR; builds nothing
#
# Not part of scripts/test.sh: scores move with the load on the machine. Loopback, no throttling
# (see scripts/lighthouse/run.mjs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

port="${THROUGHCARE_LIGHTHOUSE_PORT:-3200}"
server_bin="${THROUGHCARE_SERVER_BIN:-$CARGO_TARGET_DIR/release/server}"
out_dir="${THROUGHCARE_LIGHTHOUSE_OUT:-docs/lighthouse}"
log() { printf '\033[1m[lighthouse]\033[0m %s\n' "$*"; }

[ -x "$server_bin" ] || { log "no release server at $server_bin: run cargo leptos build --release first"; exit 1; }
[ -f "${LEPTOS_SITE_ROOT:-target/site}/pkg/throughcare.js" ] || { log "no site (target/site): run cargo leptos build --release first"; exit 1; }

# The pinned Lighthouse, installed once (npm ci against the committed lock file).
want="$(node -p 'require("./scripts/lighthouse/package.json").devDependencies.lighthouse')"
have="$(node -p 'try { require("./scripts/lighthouse/node_modules/lighthouse/package.json").version } catch { "" }')"
if [ "$have" != "$want" ]; then
  log "npm ci (lighthouse $want)"
  (cd scripts/lighthouse && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-fund --no-audit >/dev/null)
fi

data_dir="$(mktemp -d /tmp/throughcare-lighthouse.XXXXXX)"
# The private cluster runs as the postgres OS user, which must reach its directory.
chmod 755 "$data_dir"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -INT "$server_pid" && wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$data_dir"
}
trap cleanup EXIT

log "starting the release server on 127.0.0.1:$port (fresh demo data)"
THROUGHCARE_DATA_DIR="$data_dir/pg" THROUGHCARE_ADDR="127.0.0.1:$port" RUST_LOG=warn \
  "$server_bin" >"$data_dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 180); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/sign-in" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$data_dir/server.log"; exit 1; }
  sleep 1
done

node scripts/lighthouse/run.mjs "http://127.0.0.1:$port" "$out_dir"
log "reports in $out_dir/"
