#!/usr/bin/env bash
# Sourced by ./suite (not run on its own): NATS authorization for a NATS the suite starts, and how to tell whether a running NATS requires it. Uses the suite's settings
# and helpers (STATE, JWT_DIR, NATS_*, jar_of, say ...), defined there before it sources this file.

# The NATS authorization (one NKey per service; kept once created) and the server configuration
# that includes it, for a NATS the suite starts (scripts/infra.sh).
nats_auth() {
  mkdir -p -m 700 "$STATE/secrets"
  java -jar "$(jar_of bootstrapper)" nats-auth --dir "$NATS_SECRETS" | sed 's/^/  /'
  printf '# written by ./suite: the NATS authorization of bootstrapper nats-auth\ninclude "nats/auth.conf"\n' \
    >"$STATE/secrets/nats-server.conf"
}

# The bootstrapper connects as its own NATS user (the one that may create and delete streams).
admin_nkey() {
  [ "$NATS_AUTH" = 1 ] && [ -f "$NATS_SECRETS/bootstrapper.nk" ] && echo "--nats-nkey $NATS_SECRETS/bootstrapper.nk"
  return 0
}

# True when the NATS server says it requires authorization (its INFO line, the first it sends).
nats_requires_auth() {
  local info=""
  exec 3<>"/dev/tcp/$NATS_HOST/$NATS_PORT" || return 1
  read -r -t 5 info <&3 || true
  exec 3<&-
  [[ "$info" == *'"auth_required":true'* ]]
}
