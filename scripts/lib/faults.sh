# Fault injection for the PostgreSQL pass: small scripts the chat fault tests run to kill and
# restart the throwaway broker and database this test command started (paths baked in).
# Sourced after pg_start and artemis_start; exports PARLEY_TEST_FAULTS (the scripts' folder).

faults_write() {
  local dir="$TARGET/faults" home="$TARGET/artemis" data pgdir
  data=$(cat "$TARGET/.pg-data")
  pgdir=$(dirname "$data")
  mkdir -p "$dir"
  local runas="" ; [ "$(id -un)" = postgres ] || runas="$( [ "$(id -u)" -eq 0 ] && echo 'runuser -u postgres --' || echo 'sudo -u postgres --')"
  cat > "$dir/broker-kill" <<SH
#!/usr/bin/env bash
# kill -9 the standalone Artemis broker (its JVM)
pkill -9 -f "artemis.instance=$home/broker" || true
for _ in \$(seq 1 40); do pgrep -f "artemis.instance=$home/broker" >/dev/null || exit 0; sleep 0.25; done
SH
  cat > "$dir/broker-start" <<SH
#!/usr/bin/env bash
# start the broker again on its journal; returns once it listens
( "$home/broker/bin/artemis" run >> "$home/broker.log" 2>&1 & echo \$! > "$home/broker.pid" )
for _ in \$(seq 1 240); do (exec 3<>/dev/tcp/127.0.0.1/$ARTEMIS_PORT) 2>/dev/null && exit 0; sleep 0.25; done
exit 1
SH
  cat > "$dir/db-stop" <<SH
#!/usr/bin/env bash
# stop PostgreSQL at once, as a crash would (no checkpoint, connections dropped)
$runas $PG_BIN/pg_ctl -D "$data" -m immediate -w stop >/dev/null
SH
  cat > "$dir/db-start" <<SH
#!/usr/bin/env bash
# start PostgreSQL again (crash recovery), returns once it accepts connections
$runas $PG_BIN/pg_ctl -D "$data" -l "$pgdir/postgres.log" -w -t 60 \\
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $pgdir -c fsync=off -c max_connections=200" start >/dev/null
SH
  chmod +x "$dir"/*
  export PARLEY_TEST_FAULTS="$dir"
}
