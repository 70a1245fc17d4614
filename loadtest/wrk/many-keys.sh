#!/usr/bin/env bash
# Many-key run (issue 8): creates N + 500 keys on a fresh throw-away node (creation rate),
# restarts it so every key is cold, warms the JVM (JIT) on the first 500 keys for 20 s, then
# measures the cold first pass and the warm rate of Encrypt over the other N keys, and the node's
# heap after a full GC before and after the N keys are resident. With REUSE=1 and DATA_DIR from an
# earlier run, the keys there are used (no creation).
#   loadtest/wrk/many-keys.sh ROOT PORT DATA_DIR N [cold-seconds=10] [-Xmx...]
# ROOT is a built checkout (mvn -q -DskipTests package); requests are signed with this checkout's
# loadtest classpath.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$1"; port="$2"; dir="$3"; n="$4"; cold="${5:-10}"; heap="${6:--Xmx2g}"
cp="$here/../target/lib/*"
url="http://127.0.0.1:$port"
export KMS_MANAGEMENT_PORT="${KMS_MANAGEMENT_PORT:-$((port + 1))}"
if [[ "${REUSE:-0}" != 1 ]]; then rm -rf "$dir"; fi
mkdir -p "$dir"

start() {
  local pid
  pid=$("$root/loadtest/wrk/node.sh" "$port" "$dir" "$heap")
  for _ in $(seq 1 120); do
    if curl -s -o /dev/null "$url/"; then break; fi
    sleep 0.5
  done
  sleep 2
  echo "$pid"
}
heap_used() {
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk '/garbage-first heap/ {print $(NF-2)}' | tr -d 'K,'
}

pid=$(start)
if [[ "${REUSE:-0}" != 1 ]]; then
  t0=$(date +%s.%N)
  java -cp "$cp" "$here/WrkRequests.java" create-keys "$url" "$((n + 500))" "$dir/all-keys.txt"
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" -v n="$((n + 500))" 'BEGIN {printf "created %d keys in %.1f s = %.0f keys/s\n", n, b - a, n / (b - a)}'
  uptime
fi
head -500 "$dir/all-keys.txt" > "$dir/jit-keys.txt"
tail -n +501 "$dir/all-keys.txt" | head -"$n" > "$dir/keys.txt"
java -cp "$cp" "$here/WrkRequests.java" sign "$url" encrypt "$dir/jit-keys.txt" 500 "$dir/jit.req" >/dev/null
java -cp "$cp" "$here/WrkRequests.java" sign "$url" encrypt "$dir/keys.txt" "$n" "$dir/enc.req" >/dev/null
kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done

pid=$(start)
echo "== JIT warm-up on 500 other keys"
"$here/bench.sh" "$pid" "$port" "$dir/jit.req" 32 10 10 | grep -E "Requests/sec|node CPU"
h0=$(heap_used "$pid")
echo "== cold first pass (${cold}s, no warm-up)"
"$here/bench.sh" "$pid" "$port" "$dir/enc.req" 32 "$cold" 0
echo "== warm"
"$here/bench.sh" "$pid" "$port" "$dir/enc.req" 32 20 10
h1=$(heap_used "$pid")
awk -v a="$h0" -v b="$h1" -v n="$n" 'BEGIN {printf "heap after GC: %d KB before, %d KB with keys resident = %.1f KB per key entity\n", a, b, (b - a) / n}'
kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
