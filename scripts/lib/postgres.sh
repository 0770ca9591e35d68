# PostgreSQL 15 + pgvector for tests: install if missing, run a throwaway cluster on a non-default port.
PG_VERSION=15
PG_BIN=/usr/lib/postgresql/$PG_VERSION/bin
PG_PORT=${PARLEY_TEST_PG_PORT:-55432}

pg_install() {
  step "PostgreSQL $PG_VERSION and pgvector"
  apt_install postgresql-$PG_VERSION postgresql-server-dev-$PG_VERSION make gcc libc6-dev dpkg-dev
  if [ -f /usr/share/postgresql/$PG_VERSION/extension/vector.control ]; then
    info "pgvector already installed"; return 0
  fi
  # pgvector is not packaged for Debian 12; build Debian trixie's source package against bookworm's server dev files.
  local work="$TARGET/pgvector-build" lists
  rm -rf "$work"; mkdir -p "$work/lists/partial" "$work/src"
  echo "deb-src http://deb.debian.org/debian trixie main" > "$work/sources.list"
  local aptopts=(-o "Dir::Etc::sourcelist=$work/sources.list" -o "Dir::Etc::sourceparts=-" -o "Dir::State::Lists=$work/lists")
  info "fetching pgvector source package (trixie)"
  $SUDO apt-get "${aptopts[@]}" update -qq
  (cd "$work/src" && $SUDO apt-get "${aptopts[@]}" source --download-only pgvector >/dev/null)
  local orig; orig=$(ls "$work"/src/pgvector_*.orig.tar.* | head -n 1)
  [ -n "$orig" ] || die "pgvector source package not found"
  tar -xf "$orig" -C "$work/src"
  local dir; dir=$(find "$work/src" -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
  info "building $(basename "$dir")"
  make -s -C "$dir" PG_CONFIG=$PG_BIN/pg_config >/dev/null
  $SUDO make -s -C "$dir" install PG_CONFIG=$PG_BIN/pg_config >/dev/null
  [ -f /usr/share/postgresql/$PG_VERSION/extension/vector.control ] || die "pgvector install failed"
}

# The cluster lives under target/ when the postgres user can reach it, else in a private temp dir.
pg_datadir() {
  if as_postgres test -w "$TARGET" 2>/dev/null || { mkdir -p "$TARGET/pg" && chown postgres "$TARGET/pg" 2>/dev/null && as_postgres test -w "$TARGET/pg" 2>/dev/null; }; then
    echo "$TARGET/pg"
  else
    cat "$TARGET/.pg-home" 2>/dev/null || { local d; d=$(mktemp -d /tmp/parley-pg.XXXXXX); chown postgres "$d" 2>/dev/null || $SUDO chown postgres "$d"; echo "$d" > "$TARGET/.pg-home"; echo "$d"; }
  fi
}

pg_start() { # sets PARLEY_DB_URL/USER/PASSWORD for the tests
  step "starting a throwaway PostgreSQL on 127.0.0.1:$PG_PORT"
  local home; home=$(pg_datadir)
  local data="$home/data"
  pg_stop_dir "$data" 2>/dev/null || true
  as_postgres rm -rf "$data"
  local pw; pw=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  echo "$pw" | as_postgres tee "$home/pwfile" >/dev/null
  as_postgres $PG_BIN/initdb -D "$data" -U postgres --auth=scram-sha-256 --pwfile="$home/pwfile" -E UTF8 >/dev/null
  as_postgres $PG_BIN/pg_ctl -D "$data" -l "$home/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $home -c fsync=off -c max_connections=200 -c wal_level=logical -c max_replication_slots=8 -c max_wal_senders=8" start >/dev/null
  echo "$data" > "$TARGET/.pg-data"
  PGPASSWORD=$pw psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE parley LOGIN PASSWORD '$pw'" -c "CREATE DATABASE parley OWNER parley" >/dev/null
  PGPASSWORD=$pw psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d parley -v ON_ERROR_STOP=1 \
    -c "CREATE EXTENSION IF NOT EXISTS vector" >/dev/null
  # change capture (ChangeCaptureIT): a replication user that may read what Parley's user creates
  PGPASSWORD=$pw psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d parley -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE debezium LOGIN REPLICATION PASSWORD '$pw'" \
    -c "ALTER DEFAULT PRIVILEGES FOR ROLE parley IN SCHEMA public GRANT SELECT ON TABLES TO debezium" >/dev/null
  info "pgvector $(PGPASSWORD=$pw psql -tA -h 127.0.0.1 -p "$PG_PORT" -U postgres -d parley -c "SELECT extversion FROM pg_extension WHERE extname='vector'") in database parley"
  export PARLEY_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/parley"
  export PARLEY_DB_USER=parley
  export PARLEY_DB_PASSWORD=$pw
  export PARLEY_TEST_REPLICATION_USER=debezium PARLEY_TEST_REPLICATION_PASSWORD=$pw
}

pg_stop_dir() { as_postgres $PG_BIN/pg_ctl -D "$1" -m fast -w stop >/dev/null; }

pg_stop() {
  [ -f "$TARGET/.pg-data" ] || return 0
  local data; data=$(cat "$TARGET/.pg-data")
  step "stopping PostgreSQL"
  pg_stop_dir "$data" || true
  rm -f "$TARGET/.pg-data"
}
