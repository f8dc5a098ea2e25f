#!/usr/bin/env bash
# Builds the router module and runs its JMH benchmark (one routing decision, scoring included, on a
# ~2 KB conversation) with the GC profiler. Extra arguments go to JMH, e.g. -f 1 -wi 2 -i 3.
set -euo pipefail
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$(dirname "$0")/.."
mvn -q -B -o -pl router install -DskipTests
cp_file=router/target/bench.classpath
mvn -q -B -o -pl router dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
exec "$JAVA_HOME/bin/java" -cp "router/target/test-classes:router/target/classes:$(cat "$cp_file")" \
    org.openjdk.jmh.Main 'xyz.pura.router.bench.RouterBenchmark' -prof gc "$@"
