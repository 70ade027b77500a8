#!/usr/bin/env bash
# A PostgreSQL primary and one streaming replica on loopback (unix sockets in one directory),
# the topology README.md "Operations" describes, for running the app against and for the drill.
#
#   scripts/replica.sh start DIR   initdb a primary, pg_basebackup a hot standby from it, start
#                                  both, wait until the standby is streaming synchronously, and
#                                  print DATABASE_URL and THROUGHCARE_REPLICA_URL for the app
#   scripts/replica.sh stop DIR    stop both (if running)
#   scripts/replica.sh promote DIR failover: stop the primary, promote the standby, and let the
#                                  primary's commits no longer wait for a standby
#   scripts/replica.sh drill       the CI drill: the app on primary + replica, read-your-writes
#                                  through the replica, then failover to the standby, nothing lost
#
# The primary waits for the standby to *apply* each commit (synchronous_commit = remote_apply),
# so what a nurse has just written is already visible when the next page reads the replica.
# Runs as root (PostgreSQL runs as postgres) or as an ordinary user.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

log() { printf '\033[1m[replica]\033[0m %s\n' "$*" >&2; }
PG_BIN=${THROUGHCARE_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
if [ -z "$PG_BIN" ]; then
  log "installing PostgreSQL"
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
if [ "$(id -u)" = 0 ]; then as_pg() { runuser -u postgres -- "$@"; }; else as_pg() { "$@"; }; fi

PRIMARY_PORT=5441
REPLICA_PORT=5442
STANDBY_NAME=throughcare_replica

psql_at() { # dir port database sql...
  local dir=$1 port=$2 db=$3
  shift 3
  as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d "$db" -At "$@"
}
url_of() { echo "postgresql:///throughcare?host=$1&port=$2&user=postgres"; }

start() {
  local dir=$1
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  chmod 755 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  if [ ! -d "$dir/primary" ]; then
    log "initdb primary"
    as_pg "$PG_BIN/initdb" -D "$dir/primary" -U postgres --auth=trust --no-instructions >/dev/null
    cat >>"$dir/primary/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$dir'
port = $PRIMARY_PORT
wal_level = replica
max_wal_senders = 4
max_replication_slots = 4
hot_standby = on
synchronous_standby_names = '$STANDBY_NAME'
synchronous_commit = remote_apply
EOF
  fi
  [ -f "$dir/primary/postmaster.pid" ] ||
    as_pg "$PG_BIN/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w start >/dev/null
  if [ ! -d "$dir/replica" ]; then
    log "pg_basebackup the standby"
    psql_at "$dir" $PRIMARY_PORT postgres \
      -c "SELECT pg_create_physical_replication_slot('$STANDBY_NAME') WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = '$STANDBY_NAME')" >/dev/null
    as_pg "$PG_BIN/pg_basebackup" -D "$dir/replica" -R -X stream -S "$STANDBY_NAME" \
      -d "host=$dir port=$PRIMARY_PORT user=postgres application_name=$STANDBY_NAME"
    # The copy carries the primary's settings; the standby differs only in its port.
    echo "port = $REPLICA_PORT" >>"$dir/replica/postgresql.conf"
  fi
  [ -f "$dir/replica/postmaster.pid" ] ||
    as_pg "$PG_BIN/pg_ctl" -D "$dir/replica" -l "$dir/replica.log" -w start >/dev/null
  for _ in $(seq 1 100); do
    state=$(psql_at "$dir" $PRIMARY_PORT postgres -c "SELECT sync_state FROM pg_stat_replication WHERE application_name = '$STANDBY_NAME' AND state = 'streaming'")
    [ "$state" = sync ] && break
    sleep 0.1
  done
  [ "${state:-}" = sync ] || { log "the standby is not streaming synchronously"; exit 1; }
  psql_at "$dir" $PRIMARY_PORT postgres -c "SELECT 1 FROM pg_database WHERE datname = 'throughcare'" | grep -q 1 ||
    psql_at "$dir" $PRIMARY_PORT postgres -c "CREATE DATABASE throughcare"
  log "primary on $dir port $PRIMARY_PORT, standby streaming synchronously on port $REPLICA_PORT"
  echo "export DATABASE_URL='$(url_of "$dir" $PRIMARY_PORT)'"
  echo "export THROUGHCARE_REPLICA_URL='$(url_of "$dir" $REPLICA_PORT)'"
}

stop() {
  local dir=$1
  for c in replica primary; do
    [ -f "$dir/$c/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$dir/$c" -m fast -w stop >/dev/null 2>&1 || true
  done
}

promote() {
  local dir
  dir=$(cd "$1" && pwd)
  log "failover: stopping the primary, promoting the standby"
  [ -f "$dir/primary/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$dir/primary" -m immediate -w stop >/dev/null 2>&1 || true
  as_pg "$PG_BIN/pg_ctl" -D "$dir/replica" -w promote >/dev/null
  # Until a new standby is built, commits must not wait for one that does not exist.
  psql_at "$dir" $REPLICA_PORT postgres -c "ALTER SYSTEM SET synchronous_standby_names = ''" -c "SELECT pg_reload_conf()" >/dev/null
  echo "export DATABASE_URL='$(url_of "$dir" $REPLICA_PORT)'"
}

drill() {
  local started=$SECONDS
  local server_bin=${THROUGHCARE_SERVER_BIN:-$CARGO_TARGET_DIR/release/server}
  [ -x "$server_bin" ] || cargo build -p server --release --bin server
  # Globals, not locals: the exit trap runs after this function has returned.
  work=$(mktemp -d /tmp/throughcare-replica.XXXXXX)
  app_pid=""
  cleanup() {
    if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
    stop "$work"
    if [ "${KEEP:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
  }
  trap cleanup EXIT
  eval "$(start "$work")"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  local base="http://127.0.0.1:$port" jar="$work/cookies"

  run_app() { # with DATABASE_URL (and maybe THROUGHCARE_REPLICA_URL) exported
    THROUGHCARE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="$CARGO_TARGET_DIR/site" \
      "$server_bin" serve --seed-demo >"$work/app.log" 2>&1 &
    app_pid=$!
    for _ in $(seq 1 150); do
      curl -fs -o /dev/null "$base/sign-in" && return 0
      kill -0 "$app_pid" 2>/dev/null || break
      sleep 0.2
    done
    log "the app did not start"; cat "$work/app.log" >&2; exit 1
  }
  stop_app() { kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""; }
  api() { # endpoint form-args...
    local endpoint=$1
    shift
    local args=()
    for a in "$@"; do args+=(--data-urlencode "$a"); done
    curl -fsS -b "$jar" -c "$jar" -H 'Accept: application/json' "${args[@]}" "$base/api/$endpoint"
  }
  timeline() {
    curl -fsS -b "$jar" -c "$jar" -H 'Accept: application/json' -H 'Content-Type: application/json' \
      --data '{"prison_number":"A1001AA","filter":{"kinds":[],"establishment":null,"from":null,"to":null,"author_role":null,"text":null,"show_entered_in_error":false},"after":null}' \
      "$base/api/timeline_page"
  }

  log "app on the primary, reads on the standby"
  run_app
  grep -q "read replica" "$work/app.log" || { log "the app did not report the replica"; cat "$work/app.log" >&2; exit 1; }
  api sign_in username=nurse.lei password=throughcare-demo next=/ >/dev/null
  local marker
  marker="Replica drill note $(date +%s%N)"
  local failures=0
  for i in $(seq 1 20); do
    api add_note prison_number=A1001AA "text=$marker #$i" >/dev/null
    # The very next read goes to the standby: remote_apply means the note is already there.
    timeline | grep -q "$marker #$i" || { log "note $i not yet visible on the replica"; failures=$((failures + 1)); }
  done
  [ "$failures" = 0 ] || { log "FAIL: $failures of 20 notes were not visible on the replica at once"; exit 1; }
  api search_patients query=A1001AA | grep -q A1001AA || { log "FAIL: search on the replica"; exit 1; }
  psql_at "$work" $PRIMARY_PORT postgres -F ' ' \
    -c "SELECT 'standby', application_name, state, sync_state, 'replay lag', coalesce(replay_lag::text, '0') FROM pg_stat_replication" >&2
  local on_replica
  on_replica=$(psql_at "$work" $REPLICA_PORT throughcare -c "SELECT count(*) FROM timeline_entry WHERE summary LIKE 'Replica drill note%' OR body LIKE 'Replica drill note%'")
  log "20 notes written on the primary, each read back at once from the standby ($on_replica there)"
  stop_app

  eval "$(promote "$work")"
  unset THROUGHCARE_REPLICA_URL
  log "app on the promoted standby"
  run_app
  rm -f "$jar"
  api sign_in username=nurse.lei password=throughcare-demo next=/ >/dev/null
  local seen
  seen=$(timeline | grep -o "$marker #[0-9]*" | sort -u | wc -l)
  [ "$seen" = 20 ] || { log "FAIL: after failover the timeline shows $seen of the 20 notes"; exit 1; }
  api add_note prison_number=A1001AA "text=$marker after failover" >/dev/null
  timeline | grep -q "$marker after failover" || { log "FAIL: the promoted standby does not take writes"; exit 1; }
  log "PASS: failover kept all 20 notes and the promoted standby takes writes ($((SECONDS - started)) s)"
}

case "${1:-}" in
  start) start "${2:?directory}" ;;
  stop) stop "${2:?directory}" ;;
  promote) promote "${2:?directory}" ;;
  drill) drill ;;
  *) sed -n '2,16p' "$0" >&2; exit 2 ;;
esac
