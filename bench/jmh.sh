#!/usr/bin/env bash
# JMH micro-benchmarks of the gateway's hot-path pieces (bench module, xyz.pura.bench.jmh.HotPathBenchmark):
# request parse, token estimate (request, conversation, answer), SSE chunk translation, RequestCompleted
# serialisation, and the spool append an answer waits for (SpoolBenchmark). With --router it also runs the routing decision (router's RouterBenchmark, bench/jmh-router.sh).
# Extra arguments go to JMH, e.g. bench/jmh.sh -f 1 -wi 2 -i 3 'HotPath.token.*'
set -euo pipefail
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$(dirname "$0")/.."
router=0
if [ "${1:-}" = "--router" ]; then router=1; shift; fi
mvn -q -B -o -pl events,bench install -DskipTests
cp_file=bench/target/bench.classpath
mvn -q -B -o -pl bench dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
"$JAVA_HOME/bin/java" -cp "bench/target/classes:$(cat "$cp_file")" org.openjdk.jmh.Main -prof gc \
    "${@:-xyz.pura.bench.jmh.(HotPath|Spool)Benchmark}"
if [ "$router" = 1 ]; then exec bench/jmh-router.sh -f 1; fi
