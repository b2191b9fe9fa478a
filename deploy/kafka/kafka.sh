#!/usr/bin/env bash
# A local single-node Kafka (KRaft: broker and controller in one process) for meshloop
# development, built from Maven Central jars. See README.md beside this file.
#
#   kafka.sh start | stop | status | topics | logs [-f] | reset
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RUN="${MESHLOOP_KAFKA_RUN_DIR:-$HERE/.run}"
HOST=127.0.0.1
PORT="${MESHLOOP_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${MESHLOOP_KAFKA_CONTROLLER_PORT:-9093}"
DATA="${MESHLOOP_KAFKA_DATA_DIR:-$RUN/data}"
HEAP="${MESHLOOP_KAFKA_HEAP:-512m}"
START_TIMEOUT="${MESHLOOP_KAFKA_START_TIMEOUT:-60}"
STOP_TIMEOUT="${MESHLOOP_KAFKA_STOP_TIMEOUT:-30}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

PID_FILE="$RUN/kafka.pid"
PORT_FILE="$RUN/kafka.port"
LOG_FILE="$RUN/kafka.log"
CP_FILE="$RUN/classpath.txt"
PROPS="$RUN/server.properties"
TOOL_LOG="-Dlog4j2.configurationFile=$HERE/log4j2-tools.xml"

# name:partitions. Keep in step with README.md ("Topics").
TOPICS=(
  otlp_spans:6
  otlp_metrics:3
  meshloop.signals:6
  meshloop.deadletter:1
  meshloop.decisions:3
  meshloop.actuations:1
  meshloop.servicegraph:1
)

die() {
  echo "kafka.sh: $*" >&2
  exit 1
}

check_port() { # name value
  [[ "$2" =~ ^[0-9]+$ ]] && (($2 >= 1 && $2 <= 65535)) ||
    die "$1 must be a port number 1..65535, was '$2'"
}

# Prints the pid of the broker kafka.sh started, if it is still running.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    ps -p "$pid" -o args= 2>/dev/null | grep -q 'kafka\.Kafka'; then
    echo "$pid"
    return 0
  fi
  return 1
}

port_open() { # port
  (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

bootstrap() {
  if [[ -f "$PORT_FILE" ]]; then echo "$HOST:$(cat "$PORT_FILE")"; else echo "$HOST:$PORT"; fi
}

# The broker's runtime classpath, resolved by Maven from deploy/kafka/pom.xml and cached in
# .run/classpath.txt until pom.xml changes or a jar disappears from the local repository.
classpath() {
  if [[ -f "$CP_FILE" && "$CP_FILE" -nt "$HERE/pom.xml" ]]; then
    local jar ok=1
    IFS=: read -r -a jars <"$CP_FILE" || true # no trailing newline: read "fails" at EOF
    for jar in "${jars[@]}"; do [[ -f "$jar" ]] || ok=0; done
    if ((ok)) && ((${#jars[@]} > 0)); then
      cat "$CP_FILE"
      return
    fi
  fi
  echo "resolving the broker classpath with Maven (once) ..." >&2
  # shellcheck disable=SC2086 # MESHLOOP_MAVEN_ARGS is a list of flags, e.g. "-o"
  "$ROOT/mvnw" -B -q -f "$HERE/pom.xml" ${MESHLOOP_MAVEN_ARGS:-} \
    dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$CP_FILE.tmp" >&2 ||
    die "Maven could not resolve the broker classpath (set MESHLOOP_MAVEN_ARGS=-o to work offline)"
  mv "$CP_FILE.tmp" "$CP_FILE"
  cat "$CP_FILE"
}

write_properties() {
  cat >"$PROPS" <<EOF
# Written by kafka.sh on every start; edit kafka.sh (or the env vars), not this file.
process.roles=broker,controller
node.id=1
# A static voter list: the controller endpoint comes from here on every start, so changing
# MESHLOOP_KAFKA_CONTROLLER_PORT later needs no reformat.
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$DATA
# One node: internal topics with one replica, so consumer groups, transactions (the Flink
# exactly-once sink) and read_committed readers work.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
default.replication.factor=1
min.insync.replicas=1
num.partitions=1
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
log.retention.hours=24
EOF
}

# Formats $DATA on first use with a fresh cluster id; an already formatted dir is kept.
format_storage() {
  local cp="$1" id out
  if [[ -f "$DATA/meta.properties" ]]; then
    return
  fi
  # Tool logging goes to stderr (log4j2-tools.xml): stdout must be the id and nothing else.
  id="$("$JAVA" "$TOOL_LOG" -cp "$cp" kafka.tools.StorageTool random-uuid)" ||
    die "kafka-storage random-uuid failed"
  [[ "$id" =~ ^[A-Za-z0-9_-]{22}$ ]] ||
    die "kafka-storage random-uuid printed '$id', not a 22-character cluster id"
  out="$("$JAVA" "$TOOL_LOG" -cp "$cp" kafka.tools.StorageTool format -t "$id" -c "$PROPS" 2>&1)" ||
    die "formatting $DATA failed: $out"
  grep -q "cluster.id=$id" "$DATA/meta.properties" ||
    die "formatted $DATA, but its meta.properties does not carry cluster id $id"
  echo "formatted $DATA (cluster id $id)"
}

cmd_start() {
  local pid cp started=$SECONDS
  if pid="$(running_pid)"; then
    echo "Kafka is already running (pid $pid)"
    echo "bootstrap: $(bootstrap)"
    return 0
  fi
  check_port MESHLOOP_KAFKA_PORT "$PORT"
  check_port MESHLOOP_KAFKA_CONTROLLER_PORT "$CONTROLLER_PORT"
  [[ "$PORT" != "$CONTROLLER_PORT" ]] || die "MESHLOOP_KAFKA_PORT and MESHLOOP_KAFKA_CONTROLLER_PORT are both $PORT"
  for p in "$PORT" "$CONTROLLER_PORT"; do
    if port_open "$p"; then
      die "port $p on $HOST is in use by a process kafka.sh did not start" \
        "(set MESHLOOP_KAFKA_PORT / MESHLOOP_KAFKA_CONTROLLER_PORT)"
    fi
  done

  mkdir -p "$RUN"
  cp="$(classpath)"
  write_properties
  format_storage "$cp"

  if [[ -f "$LOG_FILE" ]]; then mv -f "$LOG_FILE" "$LOG_FILE.prev"; fi
  nohup "$JAVA" -Xmx"$HEAP" \
    -Dlog4j2.configurationFile="$HERE/log4j2-broker.xml" \
    -cp "$cp" kafka.Kafka "$PROPS" >"$LOG_FILE" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"
  echo "$PORT" >"$PORT_FILE"

  local deadline=$((SECONDS + START_TIMEOUT))
  until grep -q 'Kafka Server started' "$LOG_FILE" 2>/dev/null && port_open "$PORT"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      tail -n 30 "$LOG_FILE" >&2 || true
      die "the broker exited during startup; full log: $LOG_FILE"
    fi
    if ((SECONDS >= deadline)); then
      kill -TERM "$pid" 2>/dev/null || true
      rm -f "$PID_FILE"
      tail -n 30 "$LOG_FILE" >&2 || true
      die "the broker was not ready within ${START_TIMEOUT}s (MESHLOOP_KAFKA_START_TIMEOUT); stopped it; log: $LOG_FILE"
    fi
    sleep 0.2
  done
  echo "Kafka started (pid $pid) in $((SECONDS - started))s; log: $LOG_FILE"
  run_topics "$cp"
  echo "bootstrap: $HOST:$PORT"
}

run_topics() { # classpath
  "$JAVA" "$TOOL_LOG" -cp "$1" "$HERE/Topics.java" "$(bootstrap)" "${TOPICS[@]}"
}

cmd_topics() {
  running_pid >/dev/null || die "Kafka is not running (kafka.sh start)"
  run_topics "$(classpath)"
}

cmd_stop() {
  local pid started=$SECONDS
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    echo "Kafka is not running"
    return 0
  fi
  kill -TERM "$pid"
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
      rm -f "$PID_FILE"
      die "Kafka (pid $pid) did not stop within ${STOP_TIMEOUT}s after SIGTERM; killed it (SIGKILL). Log: $LOG_FILE"
    fi
    sleep 0.2
  done
  rm -f "$PID_FILE"
  echo "Kafka stopped (pid $pid) in $((SECONDS - started))s"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    local port
    port="$(bootstrap)"
    port="${port##*:}"
    if port_open "$port"; then
      echo "Kafka is running (pid $pid), answering on $(bootstrap)"
    else
      echo "Kafka is running (pid $pid), but $(bootstrap) does not answer yet"
    fi
    echo "bootstrap: $(bootstrap)"
    echo "data: $DATA"
    echo "log: $LOG_FILE"
  else
    echo "Kafka is not running"
    return 3
  fi
}

cmd_logs() {
  [[ -f "$LOG_FILE" ]] || die "no log yet ($LOG_FILE)"
  if [[ "${1:-}" == "-f" ]]; then
    tail -n 100 -f "$LOG_FILE"
  else
    tail -n "${LINES:-100}" "$LOG_FILE"
  fi
}

cmd_reset() {
  if running_pid >/dev/null; then die "Kafka is running; kafka.sh stop first"; fi
  rm -rf "$DATA"
  echo "deleted $DATA (the next start formats a new cluster)"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  topics) cmd_topics ;;
  logs) cmd_logs "${2:-}" ;;
  reset) cmd_reset ;;
  *)
    echo "usage: kafka.sh start|stop|status|topics|logs [-f]|reset" >&2
    exit 2
    ;;
esac
