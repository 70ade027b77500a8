#!/usr/bin/env bash
# Regenerates .sqlx/ (the query descriptions that let the SQL macros compile offline) against a
# throwaway PostgreSQL with every migration applied. With --check, fails if .sqlx/ is stale.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/env.sh
mode="${1:-write}"

pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
tmp="$(mktemp -d /tmp/throughcare-sqlx.XXXXXX)"
chmod 755 "$tmp"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres: "$tmp"
cleanup() { as_pg "$pg_bin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT

as_pg "$pg_bin/initdb" -D "$tmp/data" -U postgres --auth=trust --no-instructions >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg "$pg_bin/pg_ctl" -D "$tmp/data" -o "-p $port -k $tmp -c listen_addresses=''" -w start >/dev/null
psql_() { psql -v ON_ERROR_STOP=1 -q -h "$tmp" -p "$port" -U postgres "$@"; }
psql_ -d postgres -c "CREATE DATABASE prepare" >/dev/null
for m in migrations/*.sql; do psql_ -d prepare -f "$m" >/dev/null; done

out="$here/.sqlx"
if [ "$mode" = "--check" ]; then out="$tmp/sqlx"; fi
rm -rf "$out.new" && mkdir -p "$out.new"
# Touch the sources so every macro re-runs against the database.
find app/src server/src server/tests -name '*.rs' -exec touch {} + 2>/dev/null || true
SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$out.new" DATABASE_URL="postgresql:///prepare?host=$tmp&port=$port&user=postgres" \
  cargo check -q -p server --all-targets
if [ "$mode" = "--check" ]; then
  if ! diff -r -q "$out.new" .sqlx >/dev/null; then
    echo "error: .sqlx/ is stale; run scripts/sqlx-prepare.sh and commit the result" >&2
    diff -r -q "$out.new" .sqlx >&2 || true
    exit 1
  fi
  echo ".sqlx/ is up to date"
else
  rm -rf .sqlx && mv "$out.new" .sqlx
  echo "wrote $(ls .sqlx | wc -l) query descriptions to .sqlx/"
fi
