# Shared by the benchmark scripts: one throwaway Parley node on the PostgreSQL of
# scripts/lib/postgres.sh (pg_start first). Sourced, not run.

BENCH_PORT=${BENCH_PORT:-9090}
BENCH_URL="http://127.0.0.1:$BENCH_PORT"
BENCH_WLP="$TARGET/liberty/wlp"
BENCH_SERVER="$BENCH_WLP/usr/servers/parley-bench"
# the bench server's admin: a password of its own (no one-time password to replace first)
BENCH_ADMIN_PASSWORD=${BENCH_ADMIN_PASSWORD:-bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}

bench_build() {
  if [ ! -f "$BENCH_WLP/usr/servers/parley/apps/parley.war" ]; then
    step "building Parley (./mvnw package -DskipTests)"
    (cd "$PARLEY_ROOT" && ./mvnw -B -q -ntp package -DskipTests)
  fi
}

bench_server_start() { # extra server.env lines...
  step "starting Parley (PostgreSQL, embedded Artemis) on $BENCH_URL"
  rm -rf "$BENCH_SERVER" "$TARGET/bench-data"
  mkdir -p "$BENCH_SERVER/apps"
  cp "$BENCH_WLP/usr/servers/parley/server.xml" "$BENCH_WLP/usr/servers/parley/jvm.options" "$BENCH_SERVER/"
  cp "$BENCH_WLP/usr/servers/parley/apps/parley.war" "$BENCH_SERVER/apps/"
  cp -r "$BENCH_WLP/usr/servers/parley/lib" "$BENCH_SERVER/lib"
  {
    echo "PARLEY_HTTP_PORT=$BENCH_PORT"
    echo "PARLEY_HTTP_HOST=127.0.0.1"
    echo "PARLEY_DATA_DIR=$TARGET/bench-data"
    echo "PARLEY_DB_URL=$PARLEY_DB_URL"
    echo "PARLEY_DB_USER=$PARLEY_DB_USER"
    echo "PARLEY_DB_PASSWORD=$PARLEY_DB_PASSWORD"
    echo "PARLEY_ADMIN_PASSWORD=$BENCH_ADMIN_PASSWORD"
    local line
    for line in "$@"; do echo "$line"; done
  } > "$BENCH_SERVER/server.env"
  "$BENCH_WLP/bin/server" start parley-bench >/dev/null
  local i
  for ((i = 0; i < 240; i++)); do curl -fsS -o /dev/null "$BENCH_URL/health/ready" 2>/dev/null && break; sleep 1; done
  curl -fsS -o /dev/null "$BENCH_URL/health/ready" || die "Parley is not ready; see $BENCH_SERVER/logs/messages.log"
}

bench_server_stop() {
  "$BENCH_WLP/bin/server" stop parley-bench >/dev/null 2>&1 || true
}

bench_admin_token() {
  curl -fsS "$BENCH_URL/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"admin@parley.local\",\"password\":\"$BENCH_ADMIN_PASSWORD\"}" | jq -r .token
}

bench_psql() { PGPASSWORD=$PARLEY_DB_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U parley -d parley "$@"; }
