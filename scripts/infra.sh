#!/usr/bin/env bash
# Gets the local infrastructure running: PostgreSQL on 127.0.0.1:5432 and nats-server with
# JetStream on 127.0.0.1:4222. Uses them when they already run; starts them when installed;
# installs them with apt when missing and we are root, otherwise says what to install.
#
#   scripts/infra.sh ensure    start what is missing (idempotent)
#   scripts/infra.sh check     exit 0 when both answer
#
# NATS_CONFIG: a nats-server configuration file to start NATS with (./suite passes the one that
# includes the NATS authorization, docs/security.md "NATS"); ignored when NATS already runs.
set -euo pipefail

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
NATS_HOST=${NATS_HOST:-127.0.0.1}
NATS_PORT=${NATS_PORT:-4222}
NATS_STORE=${NATS_STORE:-/var/lib/nats-server}
NATS_CONFIG=${NATS_CONFIG:-}

say() { echo "infra: $*"; }

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_port() { # host port seconds
  for _ in $(seq 1 $(($3 * 5))); do port_open "$1" "$2" && return 0; sleep 0.2; done
  return 1
}

as_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
  if ! as_root; then
    say "$1 is missing: install it with 'sudo apt-get install -y $*' (or run this as root)"
    exit 1
  fi
  say "installing $*"
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
  if port_open "$PG_HOST" "$PG_PORT"; then say "PostgreSQL answers on $PG_HOST:$PG_PORT"; return; fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then apt_install postgresql; fi
  if ! as_root; then say "PostgreSQL is installed but not running: start it (e.g. 'sudo pg_ctlcluster <version> main start')"; exit 1; fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  say "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_port "$PG_HOST" "$PG_PORT" 30 || { say "PostgreSQL did not start on $PG_HOST:$PG_PORT"; exit 1; }
  # The tests connect over TCP as postgres without a password, as on the development machines.
  if ! psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -Atc 'select 1' >/dev/null 2>&1; then
    local hba="/etc/postgresql/$version/main/pg_hba.conf"
    say "allowing local trust authentication in $hba"
    sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/; s/^(local\s+all\s+all\s+)\S+/\1trust/' "$hba"
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  fi
}

ensure_nats() {
  if port_open "$NATS_HOST" "$NATS_PORT"; then say "NATS answers on $NATS_HOST:$NATS_PORT"; return; fi
  command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || apt_install nats-server
  local bin
  bin=$(command -v nats-server || echo /usr/sbin/nats-server)
  mkdir -p "$NATS_STORE" 2>/dev/null || NATS_STORE=$(mktemp -d)
  local config=()
  if [ -n "$NATS_CONFIG" ]; then config=(-c "$NATS_CONFIG"); fi
  say "starting nats-server with JetStream (store $NATS_STORE${NATS_CONFIG:+, configuration $NATS_CONFIG})"
  start-stop-daemon --start --oknodo --background --exec "$bin" -- \
    "${config[@]}" -a "$NATS_HOST" -p "$NATS_PORT" -js -sd "$NATS_STORE" -l /var/log/nats-server.log 2>/dev/null \
    || nohup "$bin" "${config[@]}" -a "$NATS_HOST" -p "$NATS_PORT" -js -sd "$NATS_STORE" >/tmp/nats-server.log 2>&1 &
  wait_port "$NATS_HOST" "$NATS_PORT" 30 || { say "nats-server did not start on $NATS_HOST:$NATS_PORT"; exit 1; }
}

case "${1:-ensure}" in
  ensure) ensure_postgres; ensure_nats ;;
  check) port_open "$PG_HOST" "$PG_PORT" && port_open "$NATS_HOST" "$NATS_PORT" ;;
  *) echo "usage: $0 ensure|check" >&2; exit 2 ;;
esac
