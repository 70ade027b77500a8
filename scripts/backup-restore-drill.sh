#!/usr/bin/env bash
# Backup and point-in-time-restore drill (issue #7, proof 5), run in CI.
#
# A primary PostgreSQL cluster archives every WAL segment; a pg_basebackup is taken and verified;
# the app's schema and demo data are written (migrate + seed by the server binary) with more
# clinical entries; a restore point is made and the database fingerprinted; then a disaster: a
# bad mass update (10x every active prescription's dose; the app forbids DELETE on clinical
# tables, so damage comes as updates) and later writes. The base backup is then restored twice
# into new data directories, replaying archived WAL up to the restore point by name and by time,
# and each restored database must match the fingerprint exactly, with the later writes absent.
# Exits non-zero on any mismatch. docs/operations/backup-and-restore.md is the production procedure.
#
# Runs as root (PostgreSQL processes run as the postgres user) or as an ordinary user.
# Environment: THROUGHCARE_SERVER_BIN (default $CARGO_TARGET_DIR/release/server, built when
# missing), KEEP=1 keeps the work directory.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

log() { printf '\033[1m[pitr]\033[0m %s\n' "$*"; }
started=$SECONDS

# --- tools ------------------------------------------------------------------------------------
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  log "installing PostgreSQL"
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
fi
PG_BIN=${THROUGHCARE_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
SERVER_BIN=${THROUGHCARE_SERVER_BIN:-$CARGO_TARGET_DIR/release/server}
if [ ! -x "$SERVER_BIN" ]; then
  log "building the server binary (migrations and demo seed come from it)"
  cargo build -p server --release --bin server
fi

# PostgreSQL refuses to run as root: as root, every PostgreSQL program runs as postgres.
if [ "$(id -u)" = 0 ]; then
  PG_USER=postgres
  as_pg() { runuser -u postgres -- "$@"; }
else
  PG_USER=$(id -un)
  as_pg() { "$@"; }
fi

WORK=$(mktemp -d /tmp/throughcare-pitr.XXXXXX)
chmod 755 "$WORK"
# PostgreSQL creates its data directories and sockets here; the drill's own files are root's.
[ "$(id -u)" = 0 ] && chown postgres:postgres "$WORK"
PRIMARY=$WORK/primary
ARCHIVE=$WORK/wal-archive
BASE=$WORK/base-backup
mkdir -p "$ARCHIVE" "$BASE"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$ARCHIVE" "$BASE"
chmod 700 "$ARCHIVE" "$BASE"

# Clusters listen only on a unix socket in the private work directory, so the "port" merely names
# the socket file there and cannot collide with anything else on the machine.
PRIMARY_PORT=5433
psql_at() { # port database sql...
  local port=$1 db=$2
  shift 2
  as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$WORK" -p "$port" -U postgres -d "$db" -At "$@"
}
stop_cluster() { as_pg "$PG_BIN/pg_ctl" -D "$1" -m fast -w stop >/dev/null 2>&1 || true; }
cleanup() {
  for dir in "$WORK"/restored-* "$PRIMARY"; do
    [ -f "$dir/postmaster.pid" ] && stop_cluster "$dir"
  done
  if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# One line per table of the app's schema: name, row count, and an md5 over every row's text.
fingerprint() { # port > file
  psql_at "$1" throughcare -F '|' <<'SQL'
SELECT string_agg(format('SELECT %L, count(*), md5(coalesce(string_agg(t::text, E''\n'' ORDER BY t::text), '''')) FROM public.%I t',
                         tablename, tablename), ' UNION ALL ' ORDER BY tablename)
FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_sqlx_migrations'
\gexec
SQL
}
fingerprint_sorted() { fingerprint "$1" | sort; }

# --- primary with a WAL archive ----------------------------------------------------------------
log "primary cluster with archive_mode=on in $WORK"
as_pg "$PG_BIN/initdb" -D "$PRIMARY" --username=postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
  --no-instructions >/dev/null
# Copy to a temporary name and rename, so a segment is never seen half-written; never overwrite.
cat >>"$PRIMARY/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$WORK'
port = $PRIMARY_PORT
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $ARCHIVE/%f && cp %p $ARCHIVE/%f.part && mv $ARCHIVE/%f.part $ARCHIVE/%f'
fsync = on
synchronous_commit = on
full_page_writes = on
EOF
as_pg "$PG_BIN/pg_ctl" -D "$PRIMARY" -l "$WORK/primary.log" -w start >/dev/null
psql_at "$PRIMARY_PORT" postgres -c "CREATE DATABASE throughcare"
DATABASE_URL="postgresql:///throughcare?host=$WORK&port=$PRIMARY_PORT&user=postgres"

# --- base backup -------------------------------------------------------------------------------
log "pg_basebackup (plain format, WAL streamed, fast checkpoint) and pg_verifybackup"
backup_started=$SECONDS
as_pg "$PG_BIN/pg_basebackup" -h "$WORK" -p "$PRIMARY_PORT" -U postgres -D "$BASE" -Fp -Xs --checkpoint=fast
as_pg "$PG_BIN/pg_verifybackup" -q "$BASE"
backup_secs=$((SECONDS - backup_started))
backup_size=$(du -sh "$BASE" | cut -f1)

# --- writes after the backup: only the WAL archive holds them ----------------------------------
log "writes after the backup: migrate and seed the demo data, then more administrations"
DATABASE_URL=$DATABASE_URL RUST_LOG=warn "$SERVER_BIN" seed >/dev/null
psql_at "$PRIMARY_PORT" throughcare <<'SQL'
-- A morning's PRN doses for everyone at Leeds on a when-required medicine: ordinary clinical writes.
INSERT INTO administration (prescription_id, patient_id, establishment_id, outcome, dose, recorded_by, client_entry_id)
SELECT rx.id, rx.patient_id, rx.establishment_id, 'given', rx.dose, rx.prescribed_by, gen_random_uuid()
FROM prescription rx WHERE rx.kind = 'prn' AND rx.stopped_at IS NULL;
SQL

# --- the recovery target -----------------------------------------------------------------------
fingerprint_sorted "$PRIMARY_PORT" >"$WORK/at-target.txt"
TARGET_TIME=$(psql_at "$PRIMARY_PORT" throughcare -c "SELECT now()")
sleep 1.1
psql_at "$PRIMARY_PORT" throughcare -c "SELECT pg_create_restore_point('before_bad_update')" >/dev/null
log "restore point 'before_bad_update' made; target time $TARGET_TIME"

# --- the disaster and later writes -------------------------------------------------------------
psql_at "$PRIMARY_PORT" throughcare <<'SQL'
UPDATE prescription SET dose = dose * 10 WHERE stopped_at IS NULL;
INSERT INTO staff (username, display_name, role, password_hash)
VALUES ('pitr.later', 'Written after the target', 'nurse', 'x');
SQL
fingerprint_sorted "$PRIMARY_PORT" >"$WORK/after-disaster.txt"
if cmp -s "$WORK/at-target.txt" "$WORK/after-disaster.txt"; then
  echo "the disaster changed nothing: the drill would prove nothing" >&2
  exit 1
fi
# Close the current WAL segment and wait until the archiver has it, as a scheduled
# archive_timeout would in production.
LAST_WAL=$(psql_at "$PRIMARY_PORT" throughcare -c "SELECT pg_walfile_name(pg_switch_wal())")
for _ in $(seq 1 100); do
  [ -f "$ARCHIVE/$LAST_WAL" ] && break
  sleep 0.1
done
[ -f "$ARCHIVE/$LAST_WAL" ] || { echo "WAL $LAST_WAL was never archived" >&2; exit 1; }
stop_cluster "$PRIMARY"
wal_files=$(find "$ARCHIVE" -type f | wc -l)
wal_size=$(du -sh "$ARCHIVE" | cut -f1)

# --- restore into a new data directory ---------------------------------------------------------
restore() { # name port target-setting...
  local name=$1 port=$2 dir=$WORK/restored-$1
  shift 2
  local t0
  t0=$(date +%s%N)
  as_pg cp -a "$BASE" "$dir"
  cat >>"$dir/postgresql.conf" <<EOF
port = $port
archive_mode = off
restore_command = 'cp $ARCHIVE/%f %p'
recovery_target_action = 'promote'
EOF
  printf '%s\n' "$@" | as_pg tee -a "$dir/postgresql.conf" >/dev/null
  as_pg touch "$dir/recovery.signal"
  as_pg "$PG_BIN/pg_ctl" -D "$dir" -l "$WORK/restored-$name.log" -w -t 120 start >/dev/null
  local promoted=""
  for _ in $(seq 1 600); do
    promoted=$(psql_at "$port" postgres -c 'SELECT NOT pg_is_in_recovery()' 2>/dev/null || true)
    [ "$promoted" = t ] && break
    sleep 0.1
  done
  if [ "$promoted" != t ]; then
    echo "restore $name did not reach its target and promote; its log:" >&2
    tail -20 "$WORK/restored-$name.log" >&2
    exit 1
  fi
  local ms=$((($(date +%s%N) - t0) / 1000000))
  fingerprint_sorted "$port" >"$WORK/restored-$name.txt"
  local later
  later=$(psql_at "$port" throughcare -c "SELECT count(*) FROM staff WHERE username = 'pitr.later'")
  stop_cluster "$dir"
  if diff -u "$WORK/at-target.txt" "$WORK/restored-$name.txt" >"$WORK/diff-$name.txt" && [ "$later" = 0 ]; then
    printf '  %-22s restored in %d.%03d s; %s tables identical to the target; later writes absent\n' \
      "$name" $((ms / 1000)) $((ms % 1000)) "$(wc -l <"$WORK/at-target.txt")"
    printf '  %-22s PostgreSQL: %s\n' "" "$(grep -o 'recovery stopping.*' "$WORK/restored-$name.log" | head -1)"
  else
    printf '  %-34s MISMATCH (later writes present: %s)\n' "$name" "$later"
    cat "$WORK/diff-$name.txt"
    failed=1
  fi
}

failed=0
log "restoring the base backup + archived WAL into new data directories"
echo "Restores (copy base backup, replay WAL, promote):"
restore "recovery_target_name" 5434 "recovery_target_name = 'before_bad_update'"
restore "recovery_target_time" 5435 "recovery_target_time = '$TARGET_TIME'"

rows=$(awk -F'|' '{ n += $2 } END { print n }' "$WORK/at-target.txt")
echo
echo "| backup and restore drill | figure |"
echo "|---|---|"
echo "| base backup (plain, verified with pg_verifybackup) | $backup_size in ${backup_secs} s |"
echo "| WAL segments archived | $wal_files ($wal_size) |"
echo "| rows at the target (all app tables) | $rows |"
echo "| disaster | 10x dose on every active prescription, plus a later write |"
echo "| total drill time | $((SECONDS - started)) s |"
if [ "$failed" != 0 ]; then
  echo "FAIL: a restored database differs from the target" >&2
  exit 1
fi
echo "PASS: both point-in-time restores match the target exactly."
