#!/usr/bin/env bash
# A real PostgreSQL streaming replica of the local cluster, for the replica
# mode of the end-to-end tests and the replica benchmark (READ_DATABASE_URL).
#
#   scripts/replica.sh run COMMAND...  set one up, run COMMAND with REPLICA_URL
#                                      (postgresql://postgres@127.0.0.1:PORT, no
#                                      database: add the primary's) and tear it
#                                      down, also when COMMAND fails
#   scripts/replica.sh start DIR       set one up in the empty directory DIR;
#                                      prints its REPLICA_URL
#   scripts/replica.sh stop DIR        stop the replica started in DIR, drop its
#                                      replication slot, remove DIR
#
# It is a second cluster, copied with `pg_basebackup -R` from the primary
# (PRIMARY_HOST:PRIMARY_PORT, default 127.0.0.1:5432, user postgres, trust),
# streaming through a replication slot of its own (so the primary keeps the
# log it has not received yet), on the first free port from 5433, its data in
# a temporary directory. PostgreSQL refuses to run as root: as root the
# cluster runs as the `postgres` OS user (runuser).
#
# The primary must accept replication connections from 127.0.0.1 for user
# postgres: a pg_hba.conf line such as
#     host replication postgres 127.0.0.1/32 trust
# then SELECT pg_reload_conf(). `.ci/run` adds it. Without it this script
# says so and fails.
#
# `run` fails when the replica cannot be set up; outside CI (CI unset) it
# instead says why and exits 0 without running COMMAND, so that `make test`
# on a machine without replication skips the replica mode; with CI=true it
# must run.
set -euo pipefail

PRIMARY_HOST=${PRIMARY_HOST:-127.0.0.1}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
FIRST_PORT=${REPLICA_FIRST_PORT:-5433}
# Written in DIR by `start`: `stop` removes only a directory holding it.
MARK=.replica-of-scripts-replica-sh

say() { echo "scripts/replica.sh: $*" >&2; }

primary_sql() {
  psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atc "$1"
}

# Run a command as the OS user PostgreSQL runs as, from DIR (its own cwd may be
# unreadable to that user).
as_postgres() {
  local dir=$1
  shift
  if [ "$(id -u)" = 0 ]; then
    (cd "$dir" && runuser -u postgres -- "$@")
  else
    (cd "$dir" && "$@")
  fi
}

# The server programs of the primary's major version, or of the cluster in
# the data directory given (Debian keeps each version's in
# /usr/lib/postgresql/N/bin).
server_bin() {
  local major
  if [ -n "${1:-}" ]; then
    major=$(cat "$1/PG_VERSION")
  else
    major=$(($(primary_sql 'show server_version_num') / 10000))
  fi
  if [ -x "/usr/lib/postgresql/$major/bin/pg_ctl" ]; then
    echo "/usr/lib/postgresql/$major/bin"
  else
    dirname "$(command -v pg_ctl)"
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port=$FIRST_PORT
  while port_in_use "$port"; do
    port=$((port + 1))
    [ "$port" -lt $((FIRST_PORT + 100)) ] || { say "no free port from $FIRST_PORT"; return 1; }
  done
  echo "$port"
}

check_primary() {
  if ! primary_sql 'select 1' >/dev/null 2>&1; then
    say "the primary does not answer at $PRIMARY_HOST:$PRIMARY_PORT as user postgres"
    return 1
  fi
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    say "running as root, and there is no postgres OS user to run the replica as"
    return 1
  fi
  if [ "$(primary_sql 'show wal_level')" = minimal ]; then
    say "the primary's wal_level is minimal: set it to replica and restart the primary"
    return 1
  fi
  local refused
  if ! refused=$(psql "host=$PRIMARY_HOST port=$PRIMARY_PORT user=postgres replication=true" \
    -c IDENTIFY_SYSTEM 2>&1 >/dev/null); then
    say "the primary refuses replication connections from 127.0.0.1 for user postgres ($refused)."
    say "Add to $(primary_sql 'show hba_file'):  host replication postgres 127.0.0.1/32 trust"
    say "then: psql -h $PRIMARY_HOST -U postgres -c 'select pg_reload_conf()'   (.ci/run does both)"
    return 1
  fi
}

start() {
  local dir=$1
  [ -d "$dir" ] && [ -z "$(ls -A "$dir")" ] || { say "start: $dir must be an empty directory"; return 1; }
  # Each step says `|| return 1`: `run` calls this in a condition, where
  # bash ignores set -e.
  check_primary || return 1
  local bin port slot
  bin=$(server_bin) || return 1
  port=$(free_port) || return 1
  slot="replicas_$(date +%s)_$$"
  touch "$dir/$MARK" || return 1
  echo "$slot" >"$dir/slot"
  [ "$(id -u)" != 0 ] || chown postgres "$dir"
  # -C -S: a slot of its own, made with the copy; -R: standby.signal and
  # primary_conninfo; -X stream: the log written during the copy comes with it.
  as_postgres "$dir" "$bin/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres \
    -D "$dir/data" -R -X stream -C -S "$slot" --checkpoint=fast >"$dir/basebackup.log" 2>&1 \
    || { cat "$dir/basebackup.log" >&2; say "pg_basebackup failed"; return 1; }
  # Debian keeps postgresql.conf outside the data directory, so the copy has
  # none. A hot standby needs at least the primary's value of these.
  local needs="" name
  for name in max_connections max_worker_processes max_wal_senders max_locks_per_transaction \
    max_prepared_transactions; do
    needs+="$name = $(primary_sql "show $name")"$'\n'
  done
  cat >"$dir/data/postgresql.conf" <<EOF || return 1
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
hba_file = '$dir/data/pg_hba.conf'
ident_file = '$dir/data/pg_ident.conf'
hot_standby = on
# Queries on the replica hold back the primary's vacuum instead of being
# cancelled when it removes rows they may still read.
hot_standby_feedback = on
shared_buffers = 64MB
fsync = off
logging_collector = off
$needs
EOF
  cat >"$dir/data/pg_hba.conf" <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF
  : >"$dir/data/pg_ident.conf"
  [ "$(id -u)" != 0 ] || chown postgres "$dir/data/postgresql.conf" "$dir/data/pg_hba.conf" "$dir/data/pg_ident.conf"
  as_postgres "$dir" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { cat "$dir/server.log" >&2; say "the replica did not start"; return 1; }
  echo "$port" >"$dir/port"
  local status=""
  for _ in $(seq 1 300); do
    status=$(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc \
      'select status from pg_stat_wal_receiver' 2>/dev/null || true)
    [ "$status" = streaming ] && break
    sleep 0.1
  done
  [ "$status" = streaming ] || { cat "$dir/server.log" >&2; say "the replica is not streaming"; return 1; }
  echo "postgresql://postgres@127.0.0.1:$port"
}

stop() {
  local dir=$1
  [ -f "$dir/$MARK" ] || { say "stop: $dir was not made by this script; left alone"; return 1; }
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_postgres "$dir" "$(server_bin "$dir/data")/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null \
      || { say "could not stop the replica in $dir/data; left in place"; return 1; }
  fi
  if [ -f "$dir/slot" ]; then
    local slot
    slot=$(cat "$dir/slot")
    # The sender lets go of the slot as the replica's connection ends.
    for _ in $(seq 1 50); do
      [ "$(primary_sql "select count(*) from pg_replication_slots where slot_name = '$slot' and active")" = 0 ] && break
      sleep 0.1
    done
    primary_sql "select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = '$slot'" \
      >/dev/null || say "could not drop replication slot $slot; drop it with pg_drop_replication_slot"
  fi
  rm -rf "$dir"
}

run() {
  local dir url
  dir=$(mktemp -d "${TMPDIR:-/tmp}/replica.XXXXXX")
  # Global: the EXIT trap runs after this function has returned.
  RUN_DIR=$dir
  trap 'if [ -f "$RUN_DIR/$MARK" ]; then stop "$RUN_DIR"; else rmdir "$RUN_DIR"; fi' EXIT
  trap 'exit 130' INT TERM
  if ! url=$(start "$dir"); then
    if [ "${CI:-}" = true ] || [ "${CI:-}" = 1 ]; then
      say "could not set up the replica (CI=true: the replica mode must run)"
      return 1
    fi
    say "could not set up the replica: skipping: $*"
    return 0
  fi
  say "replica streaming at $url (data in $dir)"
  REPLICA_URL=$url "$@"
}

case "${1:-}" in
  start) start "${2:?start DIR}" ;;
  stop) stop "${2:?stop DIR}" ;;
  run) shift; run "$@" ;;
  *) sed -n '2,13p' "$0" >&2; exit 2 ;;
esac
