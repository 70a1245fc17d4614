#!/usr/bin/env bash
# Node CPU per Encrypt of a one-node zone against a zone of several nodes, measured as an operator
# scaling out would (issue 23): one fresh PostgreSQL database per layout (created here, dropped
# after), 30 keys, pre-signed Encrypt spread evenly over the zone's nodes with wrk (48 connections
# in all), a warm-up, then node CPU from /proc summed over the zone's JVMs.
#
#   loadtest/wrk/zone-cpu.sh [--layouts "1 3"] [--warmup 60] [--seconds 20] [--keys 30]
#                            [--connections 48] [--dir /tmp/kms-zone-cpu] [--base-port 17310]
#
# Layouts run in the order given (repeat them to alternate A/B: --layouts "1 3 1 3"). Extra node
# JVM options (after -Xmx1g and a CreateKey quota the key burst fits): KMS_JAVA_OPTS (e.g. an -agentpath for async-profiler; use no loop= option); node
# settings through the environment (KMS_ZONE_LEASES=off, ...). Prints, per layout, req/s, errors,
# node CPU ms per Encrypt and the load average, then the ratio of each layout's CPU per Encrypt to
# the first one-node layout's. ZONE_CPU_PROFILER profiles the measured run (see profile()). Every node it starts is stopped on exit. Build first:
# mvn -o -q -DskipTests package -pl protocol,crypto,node,ops,loadtest
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/loadtest/wrk"
layouts="1 3"; warmup=60; seconds=20; keys=30; conns=48
dir=/tmp/kms-zone-cpu; base_port=17310
while [[ $# -gt 0 ]]; do
  case "$1" in
    --layouts) layouts="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --keys) keys="$2"; shift 2 ;;
    --connections) conns="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --base-port) base_port="$2"; shift 2 ;;
    -h|--help) awk 'NR == 1 { next } !/^#/ { exit } { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "zone-cpu: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
CP="$root/loadtest/target/lib/*"
pg=(-h 127.0.0.1 -U "${KMS_DB_USER:-postgres}")
pids=()
db=""
# The keys are made in a burst; -Xmx1g per node keeps three JVMs well inside the machine's memory.
jvm_opts="-Xmx1g -Dkms.quotas.create-key-requests-per-second=100000 ${KMS_JAVA_OPTS:-}"

stop_nodes() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  pids=()
  if [[ -n "$db" ]]; then psql "${pg[@]}" -d postgres -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; db=""; fi
}
trap 'stop_nodes' EXIT
trap 'exit 1' INT TERM

# Starts an n-node zone on a fresh database; fills pids.
start_zone() {
  local n=$1 i seeds="" zdir="$dir/zone-$1"
  rm -rf "$zdir"; mkdir -p "$zdir"
  db="kms_zonecpu_$$_$n"
  psql "${pg[@]}" -d postgres -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
  psql "${pg[@]}" -d postgres -qc "CREATE DATABASE $db" >/dev/null
  for ((i = 0; i < n; i++)); do seeds+="${seeds:+,}127.0.0.1:$((base_port + 100 + i))"; done
  for ((i = 0; i < n; i++)); do
    KMS_ZONE=ch-gva-2 KMS_ZONES=ch-gva-2 KMS_HTTP_HOST=127.0.0.1 KMS_HTTP_PORT=$((base_port + i)) \
      KMS_REMOTE_PORT=$((base_port + 100 + i)) KMS_SEED_NODES="$seeds" \
      KMS_MANAGEMENT_PORT=$((base_port + 200 + i)) KMS_DATA_DIR="$zdir/node-$i" \
      KMS_MASTER_KEY_FILE="$zdir/master.key" \
      KMS_DB_URL="jdbc:postgresql://127.0.0.1:5432/$db" KMS_DB_USER="${KMS_DB_USER:-postgres}" \
      KMS_DB_PASSWORD="${KMS_DB_PASSWORD:-}" KMS_JAVA_OPTS="$jvm_opts" \
      setsid "$root/ops/bin/kms-node" >"$zdir/node-$i.log" 2>&1 &
    pids+=($!)
    # The first node creates the master key the others read.
    if ((i == 0)); then await_up "$zdir/node-0.log"; fi
  done
  for ((i = 1; i < n; i++)); do await_up "$zdir/node-$i.log"; done
  # Every node ready (member Up, sharding and the zone database reachable) before keys are made.
  for _ in $(seq 1 120); do
    up=0
    for ((i = 0; i < n; i++)); do
      curl -sf -o /dev/null "http://127.0.0.1:$((base_port + 200 + i))/ready" && up=$((up + 1))
    done
    ((up >= n)) && return 0
    sleep 1
  done
  echo "zone-cpu: the $n-node cluster did not form" >&2; exit 1
}

await_up() {
  for _ in $(seq 1 360); do
    grep -q "node up" "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "zone-cpu: no 'node up' in $1" >&2; tail -20 "$1" >&2; exit 1
}

zone_cpu() { # CPU seconds used so far by every node of the zone
  local total=0 pid
  for pid in "${pids[@]}"; do total=$(awk -v a="$total" -v b="$("$here/cpu.sh" "$pid")" 'BEGIN {print a + b}'); done
  echo "$total"
}

# wrk against every node at once, connections split evenly; prints "requests errors"
drive() {
  local n=$1 secs=$2 zdir="$dir/zone-$1" i c=$((conns / $1)) t=1
  ((n == 1)) && t=2
  for ((i = 0; i < n; i++)); do
    wrk -t$t -c$c -d"${secs}s" -s "$here/replay.lua" "http://127.0.0.1:$((base_port + i))" -- "$zdir/enc-$i.req" \
      >"$zdir/wrk-$i.out" 2>&1 &
  done
  wait
  cat "$zdir"/wrk-*.out | awk '/requests in/ {r += $1} /Non-2xx/ {e += $NF}
    /Socket errors/ {gsub(/[^0-9 ]/, ""); for (k = 1; k <= NF; k++) e += $k} END {printf "%d %d\n", r, e}'
}

# With ZONE_CPU_PROFILER=/path/libasyncProfiler.so, each node is profiled over the measured run
# only (itimer, 1 ms; attached with jcmd, so warm-up and JIT stay out): collapsed stacks in
# <dir>/zone-N/profile-<node>.collapsed.
profile() {
  [[ -n "${ZONE_CPU_PROFILER:-}" ]] || return 0
  local i=0 pid
  for pid in "${pids[@]}"; do
    if [[ "$1" == start ]]; then
      # The quotes keep jcmd from reading the options' '=' as its own named arguments.
      jcmd "$pid" JVMTI.agent_load "$ZONE_CPU_PROFILER" '"start,event=itimer,interval=1ms"' >/dev/null
    else
      jcmd "$pid" JVMTI.agent_load "$ZONE_CPU_PROFILER" \
        "\"stop,collapsed,file=$dir/zone-$2/profile-$i.collapsed\"" >/dev/null
    fi
    i=$((i + 1))
  done
}

declare -a results=()
for n in $layouts; do
  zdir="$dir/zone-$n"
  start_zone "$n"
  # A fresh node's first requests can time out on a busy machine (JIT, the database's first use).
  for attempt in 1 2 3 4 5; do
    java -cp "$CP" "$here/WrkRequests.java" create-keys "http://127.0.0.1:$base_port" "$keys" "$zdir/keys.txt" \
      >/dev/null 2>"$zdir/create-keys.err" && break
    ((attempt < 5)) || { cat "$zdir/create-keys.err" >&2; exit 1; }
    sleep 5
  done
  for ((i = 0; i < n; i++)); do
    java -cp "$CP" "$here/WrkRequests.java" sign "http://127.0.0.1:$((base_port + i))" encrypt "$zdir/keys.txt" "$keys" \
      "$zdir/enc-$i.req" >/dev/null
  done
  read -r wreq werr < <(drive "$n" "$warmup")
  profile start "$n"
  c0=$(zone_cpu)
  read -r req err < <(drive "$n" "$seconds")
  c1=$(zone_cpu)
  profile stop "$n"
  load=$(uptime | sed 's/.*load average: //')
  line=$(awk -v n="$n" -v a="$c0" -v b="$c1" -v r="$req" -v e="$err" -v s="$seconds" -v we="$werr" -v l="$load" \
    'BEGIN {printf "%d node(s): %.0f Encrypt/s, %d errors (warm-up %d), node CPU %.1f s = %.3f ms per Encrypt, load %s\n", n, r / s, e, we, b - a, (b - a) * 1000 / r, l}')
  echo "$line"
  results+=("$n $(awk -v a="$c0" -v b="$c1" -v r="$req" 'BEGIN {printf "%.5f", (b - a) * 1000 / r}')")
  stop_nodes
done
base=""
for r in "${results[@]}"; do
  set -- $r
  if [[ -z "$base" && "$1" == 1 ]]; then base=$2; fi
done
if [[ -n "$base" ]]; then
  for r in "${results[@]}"; do
    set -- $r
    awk -v n="$1" -v c="$2" -v b="$base" 'BEGIN {printf "%d node(s): %.3f ms per Encrypt = %.2f x one node\n", n, c, c / b}'
  done
fi
