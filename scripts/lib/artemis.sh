# A standalone ActiveMQ Artemis broker for tests, from the apache-artemis bin zip on Maven Central.
ARTEMIS_VERSION=2.44.0
ARTEMIS_PORT=${PARLEY_TEST_ARTEMIS_PORT:-61617}

artemis_start() { # sets PARLEY_ARTEMIS_URL/USER/PASSWORD for the tests
  step "starting a standalone Artemis $ARTEMIS_VERSION broker on 127.0.0.1:$ARTEMIS_PORT"
  local home="$TARGET/artemis" dist="$TARGET/artemis/apache-artemis-$ARTEMIS_VERSION"
  mkdir -p "$home"
  if [ ! -x "$dist/bin/artemis" ]; then
    apt_install unzip
    info "fetching org.apache.activemq:apache-artemis:$ARTEMIS_VERSION:zip:bin"
    "$PARLEY_ROOT/mvnw" -q -B dependency:copy -Dartifact=org.apache.activemq:apache-artemis:$ARTEMIS_VERSION:zip:bin \
      -DoutputDirectory="$home" -Dmdep.stripVersion=false >/dev/null
    (cd "$home" && unzip -q -o apache-artemis-$ARTEMIS_VERSION-bin.zip)
  fi
  artemis_stop 2>/dev/null || true
  rm -rf "$home/broker"
  local pw; pw=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  "$dist/bin/artemis" create "$home/broker" --silent --user parley --password "$pw" --require-login \
    --host 127.0.0.1 --default-port "$ARTEMIS_PORT" --no-web --no-amqp-acceptor --no-mqtt-acceptor \
    --no-stomp-acceptor --no-hornetq-acceptor --no-autotune --no-fsync >/dev/null
  ( "$home/broker/bin/artemis" run > "$home/broker.log" 2>&1 & echo $! > "$home/broker.pid" )
  wait_for_port 127.0.0.1 "$ARTEMIS_PORT" 60 || { tail -n 30 "$home/broker.log"; die "Artemis did not start"; }
  info "broker up (log: target/artemis/broker.log)"
  export PARLEY_ARTEMIS_URL="tcp://127.0.0.1:$ARTEMIS_PORT"
  export PARLEY_ARTEMIS_USER=parley
  export PARLEY_ARTEMIS_PASSWORD=$pw
}

artemis_stop() {
  local pidfile="$TARGET/artemis/broker.pid"
  [ -f "$pidfile" ] || return 0
  step "stopping Artemis"
  local pid; pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}
