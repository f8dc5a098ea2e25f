#!/usr/bin/env bash
# A/B of two builds of the gateway on this host, interleaved (A B B A A B ...), for the commit message of an
# optimisation (issue 26): each run starts a fresh `./pura up`-style gateway (embedded broker, ledger, production
# producer settings, the default JVM options, no AOT cache) against one shared zero-delay simulator, warms it with
# wrk, then measures wrk -t1 -c32 for a fixed window and the gateway process's CPU over that window from
# /proc/<pid>/stat. Prints one row per run and the median of each build; CPU per request is the figure to compare
# (throughput moves with whatever else runs on the host; CPU per request much less).
#   bench/ab.sh snapshot NAME               copy the current build (./pura build) to bench/target/ab/NAME
#   bench/ab.sh run A B [rounds] [warm s] [measure s]   defaults: 3 rounds, 60 s warm-up, 15 s measured
#   AB_JAVA_OPTS="..." bench/ab.sh run ...   extra JVM options for the measured gateway (e.g. -XX:+PrintCompilation;
#                                    its log is kept with AB_KEEP=1)
#   AB_SPLIT=1 bench/ab.sh run ...   the ingress alone: PURA_ROLES=ingress in the measured process, against the
#                                    embedded broker and the ledger in a second process (its CPU per request
#                                    is printed apart)
# Needs wrk and curl. Build A, snapshot it, change the code, build B, snapshot it, run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
AB="$ROOT/bench/target/ab"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
log() { echo "ab: $*" >&2; }

snapshot() {
  local name="$1" dir="$AB/$1" cp="" e
  rm -rf "$dir"; mkdir -p "$dir/jars"
  cp app/target/app-*.jar "$dir/jars/"
  cp="$(ls "$dir"/jars/app-*.jar)"
  IFS=':' read -ra parts <<<"$(cat app/target/classpath.txt)"
  for e in "${parts[@]}"; do
    if [[ "$e" == *"/xyz/pura/"* ]]; then cp "$e" "$dir/jars/"; e="$dir/jars/$(basename "$e")"; fi
    cp="$cp:$e"
  done
  echo "$cp" >"$dir/classpath"
  git rev-parse --short HEAD >"$dir/commit"
  [ -z "$(git status --porcelain -- . ':!bench')" ] || echo "(+ local changes)" >>"$dir/commit"
  log "snapshot $name: $(tr '\n' ' ' <"$dir/commit")"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# the JIT compiler threads' ticks: they still compile after the warm-up on a busy host, and are not the
# request path's cost
# bytes the JVM allocated so far (Micrometer's jvm_gc_memory_allocated_bytes_total on /metrics, counted at each GC)
allocated() { curl -s "http://127.0.0.1:$1/metrics" | awk '/^jvm_gc_memory_allocated_bytes_total/ { s += $2 } END { printf "%.0f", s }'; }
jit_ticks() { local t s=0; for t in /proc/"$1"/task/*; do
  if grep -q Compiler "$t/comm" 2>/dev/null; then s=$((s + $(sed -E 's/^.*\) //' "$t/stat" | awk '{print $12 + $13}'))); fi
done; echo "$s"; }

run() {
  local a="$1" b="$2" rounds="${3:-3}" warm="${4:-60}" measure="${5:-15}"
  [ -f "$AB/$a/classpath" ] && [ -f "$AB/$b/classpath" ] || { log "snapshot both builds first"; exit 1; }
  command -v wrk >/dev/null || { log "wrk is needed (apt-get install wrk)"; exit 1; }
  tmp="$(mktemp -d /tmp/pura-ab.XXXXXX)"
  pids=()
  trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; if [ "${AB_KEEP:-0}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi' EXIT
  trap 'exit 1' TERM INT
  local mock; mock="$(free_port)"
  PURA_SIM_PORT="$mock" PURA_SIM_LATENCY_MS=0 PURA_SIM_TOKEN_DELAY_MS=0 \
    "$JAVA_HOME/bin/java" -Xmx512m -cp "$(cat "$AB/$a/classpath")" xyz.pura.simulator.Simulator >"$tmp/mock.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$mock/_sim/state" && break; sleep 0.1; done
  local opts; opts="$(./pura java-opts)"
  local hz; hz="$(getconf CLK_TCK)"
  printf '| round | build | commit | RPS | CPU us/req | without JIT us/req | allocated KB/req |\n|---:|---|---|---:|---:|---:|---:|\n' >"$tmp/rows"
  local order=()
  for r in $(seq 1 "$rounds"); do if [ $((r % 2)) = 1 ]; then order+=("$r:$a" "$r:$b"); else order+=("$r:$b" "$r:$a"); fi; done
  [ -z "${PROFILE_LIB:-}" ] || order=("${order[0]}")
  for item in "${order[@]}"; do
    local round="${item%%:*}" v="${item#*:}" port data gw
    port="$(free_port)"; data="$tmp/data-$round-$v"; mkdir -p "$data"
    local split=() back=""
    if [ "${AB_SPLIT:-0}" = 1 ]; then
      local bport; bport="$(free_port)"
      env PURA_PORT="$bport" PURA_DATA_DIR="$data/backend" PURA_ROLES=ledger MALLOC_ARENA_MAX=2 \
        PURA_FREE_REQUESTS=1000000000 PURA_DAILY_BUDGET_USD=1000000 \
        "$JAVA_HOME/bin/java" $opts -cp "$(cat "$AB/$v/classpath")" xyz.pura.app.Main up >"$tmp/backend-$round-$v.log" 2>&1 &
      back=$!; pids+=($back)
      for _ in $(seq 1 1200); do [ -f "$data/backend/kafka/ports.properties" ] && curl -s -o /dev/null "http://127.0.0.1:$bport/readyz" && break; sleep 0.1; done
      split=(KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$(sed -n 's/^broker=//p' "$data/backend/kafka/ports.properties")"
        PURA_ROLES=ingress PURA_LEDGER_URL="http://127.0.0.1:$bport")
    fi
    env "${split[@]}" PURA_PORT="$port" PURA_DATA_DIR="$data" PURA_FREE_REQUESTS=1000000000 PURA_DAILY_BUDGET_USD=1000000 \
      PURA_FREE_TIER_KEYS_PER_ADDRESS=-1 PURA_FREE_TIER_DAILY_USD=0 PURA_KEYS_PER_MINUTE_PER_ADDRESS=0 \
      OPENAI_API_KEY=x OPENAI_BASE_URL="http://127.0.0.1:$mock/v1" MALLOC_ARENA_MAX=2 \
      "$JAVA_HOME/bin/java" $opts ${AB_JAVA_OPTS:-} -cp "$(cat "$AB/$v/classpath")" xyz.pura.app.Main up >"$tmp/gw-$round-$v.log" 2>&1 &
    gw=$!; pids+=($gw)
    for _ in $(seq 1 1200); do grep -q "Pura gateway ready at" "$tmp/gw-$round-$v.log" && break; sleep 0.1; done
    local key
    key="$(curl -s -X POST "http://127.0.0.1:$port/api/keys" -H 'Content-Type: application/json' \
      -d '{"label":"ab","dailyBudgetUsd":"1000000"}' | sed -nE 's/.*"key":"([^"]+)".*/\1/p')"
    [ -n "$key" ] || { log "no key from the gateway ($v)"; tail -20 "$tmp/gw-$round-$v.log" >&2; exit 1; }
    cat >"$tmp/post.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Summarise the plot of Hamlet in two sentences."}],"max_tokens":40}'
EOF
    wrk -t1 -c32 -d"${warm}s" -s "$tmp/post.lua" "http://127.0.0.1:$port/v1/chat/completions" >"$tmp/warm.txt" 2>&1
    local c0 c1 j0 j1 a0 a1 b0 b1 out reqs non2xx
    if [ -n "${PROFILE_LIB:-}" ] && [ "$item" = "${order[0]}" ]; then
      local ev="event=$PROFILE_EVENT,interval=1ms,threads"; [ "$PROFILE_EVENT" = alloc ] && ev="event=alloc,threads"
      "$JAVA_HOME/bin/jcmd" "$gw" JVMTI.agent_load "$PROFILE_LIB" "\"start,$ev\"" >/dev/null
    fi
    c0="$(cpu_ticks "$gw")"; j0="$(jit_ticks "$gw")"; a0="$(allocated "$port")"; b0="$([ -z "$back" ] || cpu_ticks "$back")"
    out="$(wrk -t1 -c32 -d"${measure}s" -s "$tmp/post.lua" "http://127.0.0.1:$port/v1/chat/completions" 2>&1)"
    c1="$(cpu_ticks "$gw")"; j1="$(jit_ticks "$gw")"; a1="$(allocated "$port")"; b1="$([ -z "$back" ] || cpu_ticks "$back")"
    if [ -n "${PROFILE_LIB:-}" ] && [ "$item" = "${order[0]}" ]; then
      "$JAVA_HOME/bin/jcmd" "$gw" JVMTI.agent_load "$PROFILE_LIB" "\"stop,file=$PROFILE_OUT,collapsed\"" >/dev/null
      log "profile: $PROFILE_OUT"
    fi
    reqs="$(echo "$out" | sed -nE 's/^ *([0-9]+) requests in.*/\1/p')"
    non2xx="$(echo "$out" | sed -nE 's/.*Non-2xx or 3xx responses: ([0-9]+).*/\1/p')"
    [ -z "$non2xx" ] || log "round $round $v: $non2xx non-2xx answers"
    awk -v r="$round" -v v="$v" -v c="$(tr '\n' ' ' <"$AB/$v/commit")" -v n="$reqs" -v t=$((c1 - c0)) -v j=$((j1 - j0)) -v a="$a0" -v b="$a1" -v hz="$hz" -v s="$measure" \
      'BEGIN { printf "| %d | %s | %s | %.0f | %.0f | %.0f | %.1f |\n", r, v, c, n / s, t * 1e6 / hz / n, (t - j) * 1e6 / hz / n, (b - a) / n / 1024 }' | tee -a "$tmp/rows" >&2
    [ -z "$back" ] || awk -v n="$reqs" -v t=$((b1 - b0)) -v hz="$hz" 'BEGIN { printf "ab:   the broker and ledger process: %.0f us/req\n", t * 1e6 / hz / n }' >&2
    kill "$gw"; wait "$gw" 2>/dev/null || true
    [ -z "$back" ] || { kill "$back"; wait "$back" 2>/dev/null || true; }
  done
  cat "$tmp/rows"
  for v in "$a" "$b"; do
    grep "| $v |" "$tmp/rows" | awk -F'|' '{print $5, $6, $7, $8}' | sort -n -k3 |
      awk -v v="$v" '{rps[NR]=$1; cpu[NR]=$2; nj[NR]=$3; kb[NR]=$4} END { m=int((NR+1)/2); printf "median %s: %s us/req without JIT (all threads %s, RPS %s, %s KB allocated per request), runs %d\n", v, nj[m], cpu[m], rps[m], kb[m], NR }'
  done
}

# bench/ab.sh profile V [warm s] [seconds] [event]: async-profiler (from the bench classpath's jar) on a warmed
# gateway of build V under the same wrk load; collapsed stacks to bench/target/ab/V.<event>.collapsed
profile() {
  local v="$1" warm="${2:-60}" secs="${3:-15}" event="${4:-ctimer}"
  local jar; jar="$(find ~/.m2/repository/tools/profiler/async-profiler -name 'async-profiler-*.jar' | sort | tail -1)"
  local lib="$AB/profiler/linux-x64/libasyncProfiler.so"
  [ -f "$lib" ] || (mkdir -p "$AB/profiler" && cd "$AB/profiler" && unzip -q -o "$jar" linux-x64/libasyncProfiler.so)
  PROFILE_LIB="$lib" PROFILE_EVENT="$event" PROFILE_OUT="$AB/$v.$event.collapsed" run "$v" "$v" 1 "$warm" "$secs"
}

case "${1:-}" in
  snapshot) snapshot "$2" ;;
  profile) shift; profile "$@" ;;
  run) shift; run "$@" ;;
  *) sed -n 2,10p "$0"; exit 2 ;;
esac
