#!/usr/bin/env bash
# Crash-safety drill (issue #7, proof 3): concurrent tablets record doses while the app server and
# every PostgreSQL process are SIGKILLed mid-load, again and again; afterwards every dose a tablet
# saw acknowledged must be in the database exactly once. Exits non-zero if any is lost or doubled.
#
#   scripts/crash-safety.sh [--cycles 5] [--load-secs 6] [--tablets 12] [--prescriptions 32] [--keep]
#   scripts/crash-safety.sh --synchronous-commit off   # negative control: the drill must FAIL
#
# Its own PostgreSQL cluster runs with fsync, synchronous_commit and full_page_writes on (the
# production defaults). Runs as root (PostgreSQL as the postgres user) or as an ordinary user.
# THROUGHCARE_SERVER_BIN: the release server to drill (CI passes the one it has just built);
# without it the release server is built. The driver is server/benches/crash_safety/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "[crash-safety] installing PostgreSQL"
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
fi

if [ -z "${THROUGHCARE_SERVER_BIN:-}" ]; then
  cargo build -p server --release --bin server
  THROUGHCARE_SERVER_BIN=$CARGO_TARGET_DIR/release/server
fi
# The target directory is shared: drill a private copy, so a parallel build cannot swap it mid-run.
bin_dir=$(mktemp -d /tmp/throughcare-crash-bin.XXXXXX)
trap 'rm -rf "$bin_dir"' EXIT
cp "$THROUGHCARE_SERVER_BIN" "$bin_dir/server"

# The driver is only an HTTP client and a verifier: the dev profile shares its compiled
# dependencies with `cargo test -p server`, so CI compiles just the driver itself.
cargo bench -p server --bench crash_safety --profile dev --no-run
started=$SECONDS
cargo bench -p server --bench crash_safety --profile dev -- --server-bin "$bin_dir/server" "$@"
echo "crash-safety drill took $((SECONDS - started)) s after the build"
