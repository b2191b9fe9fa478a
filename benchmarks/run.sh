#!/usr/bin/env bash
# Runs meshloop's benchmarks with `java -cp` (the module's runtime classpath, written by
# maven-dependency-plugin; no shaded jar).
#
#   benchmarks/run.sh                 # end-to-end: ceiling, pipeline p=1/p=2, Flink SQL, state bytes
#   benchmarks/run.sh pipeline --records 20000 --rounds 1   # options of PipelineBenchmark
#   benchmarks/run.sh jmh             # decode micro-benchmark (JMH), then any JMH options
#   benchmarks/run.sh all             # both, JMH first
#   benchmarks/run.sh latency --reps 3  # fault-to-decision latency at 100k spans/s (~5 min)
#
# BENCH_JVM_OPTS adds JVM options to the pipeline JVM, e.g. a JFR profile:
#   BENCH_JVM_OPTS="-XX:StartFlightRecording=filename=/tmp/p.jfr,settings=profile" \
#     benchmarks/run.sh pipeline --records 20000 --rounds 1 --sql-parallelism ''
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-pipeline}"
[ $# -gt 0 ] && shift

# Builds this module only; the other modules must be installed once
# (./mvnw -B -o -q install -DskipTests -Dspotless.check.skip=true -pl benchmarks -am).
./mvnw -B -o -q install -DskipTests -Dspotless.check.skip=true -pl benchmarks
./mvnw -B -o -q -pl benchmarks dependency:build-classpath -DincludeScope=runtime \
  -Dmdep.outputFile=target/classpath.txt
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

OPENS=()
for p in java.lang java.util java.nio sun.nio.ch java.lang.reflect java.net java.io java.text \
         java.time java.util.concurrent java.util.concurrent.atomic java.util.concurrent.locks; do
  OPENS+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
JAVA=(java "${OPENS[@]}" -Dlog4j.configurationFile=log4j2-benchmarks.xml)

jmh() {
  # -rf/-rff: machine-readable copy of the results next to the console table.
  "${JAVA[@]}" -cp "$CP" org.openjdk.jmh.Main DecodeBenchmark \
    -rf text -rff benchmarks/target/jmh-decode.txt "$@"
}
pipeline() {
  # shellcheck disable=SC2086 # word splitting of BENCH_JVM_OPTS is intended
  "${JAVA[@]}" -Xms4g -Xmx4g -XX:+UseParallelGC ${BENCH_JVM_OPTS:-} -cp "$CP" \
    io.meshloop.benchmarks.PipelineBenchmark "$@"
}

latency() {
  # shellcheck disable=SC2086 # word splitting of BENCH_JVM_OPTS is intended
  "${JAVA[@]}" -Xms4g -Xmx4g -XX:+UseParallelGC ${BENCH_JVM_OPTS:-} -cp "$CP" \
    io.meshloop.benchmarks.DecisionLatencyBenchmark "$@"
}

case "$what" in
  jmh) jmh "$@" ;;
  latency) latency "$@" ;;
  pipeline) pipeline "$@" ;;
  all) jmh; pipeline "$@" ;;
  *) echo "usage: benchmarks/run.sh [pipeline|jmh|latency|all] [options]" >&2; exit 2 ;;
esac
