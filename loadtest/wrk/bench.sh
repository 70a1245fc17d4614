#!/usr/bin/env bash
# Closed-model wrk run against a node with CPU per request from /proc:
#   loadtest/wrk/bench.sh PID PORT REQUEST_FILE [connections=32] [seconds=20] [warmup-seconds=10]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pid="$1"; port="$2"; file="$3"; conns="${4:-32}"; secs="${5:-20}"; warm="${6:-10}"
url="http://127.0.0.1:$port"
if (( warm > 0 )); then
  wrk -t2 -c"$conns" -d"${warm}s" -s "$here/replay.lua" "$url" -- "$file" >/dev/null
fi
c0=$("$here/cpu.sh" "$pid")
out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$here/replay.lua" "$url" -- "$file")
c1=$("$here/cpu.sh" "$pid")
reqs=$(echo "$out" | awk '/requests in/ {print $1}')
echo "$out" | grep -E 'Requests/sec|requests in|Non-2xx|Socket errors|  50%|  99%'
awk -v a="$c0" -v b="$c1" -v n="$reqs" 'BEGIN {printf "node CPU: %.1f s for %d requests = %.1f us/request\n", b - a, n, (b - a) * 1e6 / n}'
uptime
