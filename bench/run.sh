#!/usr/bin/env bash
# The benchmark harness of issue 9 (`./pura bench` runs this).
#   bench/run.sh           the full run (~20 min): a warm-up of the gateway until its throughput is flat (closed
#                          loop with wrk in 10 s windows, 60-240 s: the JIT needs minutes on 2 cores), fixed rates
#                          direct / Pura / Portkey, maximum sustained throughput (closed loop with wrk, 16
#                          connections, then open-model steps), streaming TTFB and 1,000 held-open streams,
#                          billing under load, RSS and GC at 1,000 RPS, the cost of a spool append next to the Kafka
#                          acknowledgement the previous design waited for, an async-profiler CPU profile
#   bench/run.sh --smoke   a ~20 s check for CI: a short fixed rate direct and through the gateway, a small
#                          streaming check and the billing count; exits non-zero when something is broken,
#                          enforces no performance target; needs neither wrk nor the peer
# It starts everything itself on loopback and stops it on exit: the provider simulator as the upstream mock
# (own process, zero delay; a second one with a 100 ms token delay for held-open streams), the gateway on its
# embedded Kafka broker with the production settings (as `./pura up` runs it), and the peer gateway
# (@portkey-ai/gateway from bench/package.json). The report goes to bench/results/<UTC date>-<full|smoke>.md
# (-2, -3, ... for later runs of the same day).
# The full run installs wrk (`apt-get install -y wrk`) when it is missing; when that fails it says so and skips
# the wrk measurements (the warm-up then uses the harness's JDK client). The profiler is async-profiler's native
# library from the bench classpath (tools.profiler:async-profiler), attached to the gateway with jcmd.
# Environment: BENCH_SCALE (multiplies phase durations, not the warm-up, default 1), PURA_JAVA_OPTS (gateway
# JVM options, default those of ./pura up: `./pura java-opts`, with MALLOC_ARENA_MAX=2), PURA_SPOOL_SYNC (passed to the gateway, reported),
# BENCH_KEEP_PROFILE=1 (keep the collapsed profile beside the report), BENCH_NO_PEER=1 (skip Portkey),
# BENCH_REPORT (report path), BENCH_NO_BUILD=1 (run the classes as built and installed, no `./pura build`).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SMOKE=0
COMPARE=0
if [ "${1:-}" = "--smoke" ]; then SMOKE=1; shift; fi
if [ "${1:-}" = "--compare" ]; then COMPARE=1; shift; fi

java_major() { "$1/bin/java" -version 2>&1 | sed -nE '1s/.*version "([0-9]+).*/\1/p'; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME" 2>/dev/null || echo 0)" -lt 21 ] 2>/dev/null; then
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$d/bin/jcmd" ] && [ "$(java_major "$d")" -ge 21 ] 2>/dev/null; then JAVA_HOME="$d"; break; fi
  done
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
log() { echo "bench: $*" >&2; }

# ---- build (what ./pura up does) and the bench classpath
STAMP=app/target/pura-build.stamp
if [ "${BENCH_NO_BUILD:-0}" = 1 ]; then
  [ -f app/target/classpath.txt ] && [ -d bench/target/classes/xyz ] || { log "BENCH_NO_BUILD=1 but nothing is built"; exit 1; }
elif [ ! -f "$STAMP" ] || [ ! -f app/target/classpath.txt ] || [ ! -d bench/target/classes/xyz ] || \
   [ -n "$(find . -path ./node_modules -prune -o -path ./bench/node_modules -prune -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$STAMP" -print -quit)" ]; then
  log "building..."
  ./pura build
fi
BENCH_CP_FILE=bench/target/bench.classpath
if [ ! -f "$BENCH_CP_FILE" ] || [ bench/pom.xml -nt "$BENCH_CP_FILE" ]; then
  mvn -q -B -o -pl bench dependency:build-classpath -Dmdep.outputFile="$ROOT/$BENCH_CP_FILE" >/dev/null 2>&1 ||
    mvn -q -B -pl bench dependency:build-classpath -Dmdep.outputFile="$ROOT/$BENCH_CP_FILE" >/dev/null
fi
# A snapshot of the project's own classes and jars, so that a rebuild during the run (other work in the same
# tree) cannot change the code under measurement.
TMP="$(mktemp -d /tmp/pura-bench.XXXXXX)"
snapshot() { # classpath -> classpath with the project's entries copied under $TMP/cp
  local out="" e i=0
  IFS=':' read -ra parts <<<"$1"
  for e in "${parts[@]}"; do
    if [[ "$e" == *"/xyz/pura/"* || "$e" == "$ROOT"/* || "$e" != /* ]]; then
      i=$((i + 1)); mkdir -p "$TMP/cp/$i"; cp -r "$e" "$TMP/cp/$i/"; e="$TMP/cp/$i/$(basename "$e")"
    fi
    out="${out:+$out:}$e"
  done
  echo "$out"
}
# the app's jar, not app/target/classes: the JVM's ahead-of-time cache takes classes from jars only
APP_CP="$(snapshot "$(ls app/target/app-*.jar | head -1):$(cat app/target/classpath.txt)")"
BENCH_CP="$(snapshot "bench/target/classes:$(cat "$BENCH_CP_FILE")")"

PEER=1
if [ "$SMOKE" = 1 ] || [ "${BENCH_NO_PEER:-0}" = 1 ]; then PEER=0; fi
# (re)installed when missing or older than the lock file (npm ci writes node_modules/.package-lock.json)
if [ "$PEER" = 1 ] && { [ ! -f bench/node_modules/@portkey-ai/gateway/package.json ] ||
   [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; }; then
  command -v npm >/dev/null || { log "npm is needed for the peer gateway (or BENCH_NO_PEER=1)"; exit 1; }
  log "installing the peer gateway (npm ci in bench/)..."
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi

# wrk for the closed-loop measurements of the full run
WRK=""
if [ "$SMOKE" = 0 ]; then
  if ! command -v wrk >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    log "installing wrk (apt-get install -y wrk)..."
    if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >"$TMP/apt.log" 2>&1; then
      $SUDO apt-get update >>"$TMP/apt.log" 2>&1 || true
      $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >>"$TMP/apt.log" 2>&1 ||
        { log "could not install wrk (apt-get: $(tail -n 1 "$TMP/apt.log")); the wrk measurements are skipped"; }
    fi
  fi
  WRK="$(command -v wrk 2>/dev/null || true)"
fi

# ---- processes
PIDS=()
cleanup() {
  local rc=$?
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  if [ "$rc" != 0 ]; then
    log "failed (exit $rc); gateway log tail:"; tail -n 40 "$TMP/gateway.log" >&2 2>/dev/null || true
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { # url seconds
  for _ in $(seq 1 $(( $2 * 10 ))); do
    curl -s -o /dev/null --max-time 1 "$1" && return 0
    sleep 0.1
  done
  log "$1 did not answer in $2 s"; return 1
}

MOCK_PORT="$(free_port)"
PURA_SIM_PORT="$MOCK_PORT" PURA_SIM_LATENCY_MS=0 PURA_SIM_TOKEN_DELAY_MS=0 \
  "$JAVA_HOME/bin/java" -Xmx512m -cp "$APP_CP" xyz.pura.simulator.Simulator >"$TMP/mock.log" 2>&1 &
MOCK_PID=$!
PIDS+=($MOCK_PID)
SLOW_PORT="$MOCK_PORT"
if [ "$SMOKE" = 0 ] && [ "$COMPARE" = 0 ]; then
  SLOW_PORT="$(free_port)"
  PURA_SIM_PORT="$SLOW_PORT" PURA_SIM_LATENCY_MS=0 PURA_SIM_TOKEN_DELAY_MS=100 \
    "$JAVA_HOME/bin/java" -Xmx512m -cp "$APP_CP" xyz.pura.simulator.Simulator >"$TMP/slow-mock.log" 2>&1 &
  PIDS+=($!)
fi

PURA_PORT_="$(free_port)"
GATEWAY_OPTS="${PURA_JAVA_OPTS:-$(JAVA_HOME="$JAVA_HOME" ./pura java-opts)}"
# The ahead-of-time cache, as ./pura up uses it (BENCH_AOT=1, the default except in the smoke run): a training run
# on this run's own classpath snapshot (a cache only serves the classpath it was made on), then the gateway
# starts with it. BENCH_AOT=0 measures a JVM without one.
AOT="${BENCH_AOT:-1}"; [ "$SMOKE" = 1 ] && AOT="${BENCH_AOT:-0}"
if [ "$AOT" = 1 ]; then
  log "training the ahead-of-time cache (Main train 30)..."
  T_AOT=$(date +%s)
  "$JAVA_HOME/bin/java" $GATEWAY_OPTS -XX:AOTCacheOutput="$TMP/pura.aot" -Xlog:aot=error -cp "$APP_CP" xyz.pura.app.Main train 30 \
    >"$TMP/train.log" 2>&1 || { log "the training run failed:"; tail -n 20 "$TMP/train.log" >&2; exit 1; }
  log "ahead-of-time cache ready ($(( $(date +%s) - T_AOT )) s, $(du -m "$TMP/pura.aot" | cut -f1) MB)"
  GATEWAY_OPTS="$GATEWAY_OPTS -XX:AOTCache=$TMP/pura.aot -Xlog:aot*=error"
fi
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
mkdir -p "$TMP/data"
# OpenAI models go to the fast mock, Groq models to the slow one (held-open streams); no other provider is set.
# The benchmark's key must never hit the free tier (5,000 requests) or a balance: it measures the paid path's
# cost without Lightning in the way (the key's daily budget is raised to 1,000,000 USD when it is created, which the
# default lets a self-service key do, and every key the bench makes keeps the free tier, with no daily ceiling).
env PURA_PORT="$PURA_PORT_" PURA_DATA_DIR="$TMP/data" PURA_SIM_LATENCY_MS=0 PURA_SIM_TOKEN_DELAY_MS=0 \
  PURA_FREE_REQUESTS=1000000000 PURA_DAILY_BUDGET_USD=1000000 PURA_FREE_TIER_KEYS_PER_ADDRESS=-1 \
  PURA_FREE_TIER_DAILY_USD=0 PURA_KEYS_PER_MINUTE_PER_ADDRESS=0 \
  OPENAI_API_KEY=x OPENAI_BASE_URL="http://127.0.0.1:$MOCK_PORT/v1" \
  GROQ_API_KEY=x GROQ_BASE_URL="http://127.0.0.1:$SLOW_PORT" \
  "$JAVA_HOME/bin/java" $GATEWAY_OPTS -Xlog:gc*:file="$TMP/gc.log":time -cp "$APP_CP" xyz.pura.app.Main up \
  >"$TMP/gateway.log" 2>&1 &
GATEWAY_PID=$!
PIDS+=($GATEWAY_PID)

if [ "$PEER" = 1 ]; then
  PEER_PORT="$(free_port)"
  node bench/node_modules/@portkey-ai/gateway/build/start-server.js --port="$PEER_PORT" --headless >"$TMP/portkey.log" 2>&1 &
  PORTKEY_PID=$!
  PIDS+=($PORTKEY_PID)
fi

wait_http "http://127.0.0.1:$MOCK_PORT/_sim/state" 60
[ "$SLOW_PORT" = "$MOCK_PORT" ] || wait_http "http://127.0.0.1:$SLOW_PORT/_sim/state" 60
for _ in $(seq 1 1200); do
  grep -q "Pura gateway ready at" "$TMP/gateway.log" 2>/dev/null && break
  kill -0 "$GATEWAY_PID" 2>/dev/null || { log "the gateway exited"; exit 1; }
  sleep 0.1
done
grep -q "Pura gateway ready at" "$TMP/gateway.log" || { log "the gateway was not ready in 120 s"; exit 1; }
log "gateway ready (pid $GATEWAY_PID, port $PURA_PORT_), mock on $MOCK_PORT"
if [ "$PEER" = 1 ]; then wait_http "http://127.0.0.1:$PEER_PORT/" 60; fi

SCENARIO=full; [ "$SMOKE" = 1 ] && SCENARIO=smoke; [ "$COMPARE" = 1 ] && SCENARIO=compare
REPORT="${BENCH_REPORT:-}"
if [ -z "$REPORT" ]; then # a second run on the same day gets -2, -3, ... instead of replacing the first's report
  REPORT="$ROOT/bench/results/$(date -u +%F)-$SCENARIO.md"; n=2
  while [ -e "$REPORT" ]; do REPORT="$ROOT/bench/results/$(date -u +%F)-$SCENARIO-$n.md"; n=$((n + 1)); done
fi
COMMIT="${BENCH_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo "?")}"
if [ -z "${BENCH_COMMIT:-}" ] && [ -n "$(git status --porcelain -- . ':!bench' 2>/dev/null || true)" ]; then COMMIT="$COMMIT (+ local changes)"; fi
PEER_DESC="none"; PEER_URL=""; SLOW_URL=""
[ "$SLOW_PORT" = "$MOCK_PORT" ] || SLOW_URL="http://127.0.0.1:$SLOW_PORT"
if [ "$PEER" = 1 ]; then
  PEER_URL="http://127.0.0.1:$PEER_PORT"
  PEER_DESC="@portkey-ai/gateway $(node -p 'require("./bench/node_modules/@portkey-ai/gateway/package.json").version') (with @hono/node-server $(node -p 'require("./bench/node_modules/@hono/node-server/package.json").version')) on Node $(node --version), \`x-portkey-provider: openai\`, \`x-portkey-custom-host\` = the same mock"
fi

CMD="bench/run.sh"; [ "$SMOKE" = 1 ] && CMD="$CMD --smoke"; [ "$COMPARE" = 1 ] && CMD="$CMD --compare"
[ -n "${BENCH_SCALE:-}" ] && CMD="BENCH_SCALE=$BENCH_SCALE $CMD"
# The harness's JDK client drops a pooled connection after 20 s idle, before Jetty's 30 s idle timeout closes it
# under a request being sent (that race showed as "header parser received no bytes" after idle phases).
env BENCH_SMOKE="$SMOKE" BENCH_COMPARE="$COMPARE" BENCH_MOCK_URL="http://127.0.0.1:$MOCK_PORT" BENCH_MOCK_PID="$MOCK_PID" \
  BENCH_PORTKEY_PID="${PORTKEY_PID:-}" \
  BENCH_SLOW_MOCK_URL="$SLOW_URL" \
  BENCH_PURA_URL="http://127.0.0.1:$PURA_PORT_" BENCH_PURA_PID="$GATEWAY_PID" BENCH_PURA_DATA_DIR="$TMP/data" \
  BENCH_GC_LOG="$TMP/gc.log" BENCH_REPORT="$REPORT" BENCH_COMMIT="$COMMIT" BENCH_PURA_JAVA_OPTS="$GATEWAY_OPTS" \
  BENCH_PORTKEY_URL="$PEER_URL" BENCH_PEER="$PEER_DESC" BENCH_WRK="$WRK" BENCH_SPOOL_SYNC="${PURA_SPOOL_SYNC:-none}" \
  BENCH_COMMAND="$CMD" \
  "$JAVA_HOME/bin/java" -Xmx2g -XX:+UseParallelGC -Djdk.httpclient.keepalive.timeout=20 -cp "$BENCH_CP" xyz.pura.bench.Harness
