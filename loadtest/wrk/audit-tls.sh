#!/usr/bin/env bash
# What the audit trail and HTTPS cost Encrypt: one node (H2, one key) restarted in turn as
#   plain      HTTP, KMS_AUDIT_SINK=off     (the reference)
#   audit      HTTP, the default audit trail (file sink, durability write)
#   tls        HTTPS (a throwaway certificate), audit off
#   tls-audit  HTTPS and the default audit trail (what a production node runs)
# each warmed up with wrk, then measured; the variants alternate round by round, so the machine's
# load drifts over all of them alike. Prints every run, then per variant the medians of req/s and
# node CPU per request and their ratio to `plain`.
#   loadtest/wrk/audit-tls.sh [rounds=2] [runs-per-round=3] [seconds=10] [warmup=60] [connections=64]
# VARIANTS="plain audit" measures only those (plain first: the ratios are to it).
# Needs the build (mvn -q -DskipTests package) and wrk.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-2}"; runs="${2:-3}"; secs="${3:-10}"; warm="${4:-60}"; conns="${5:-64}"
read -r -a variants <<< "${VARIANTS:-plain audit tls tls-audit}"
work="$(mktemp -d /tmp/kms-audit-tls.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mport="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
cp="$root/loadtest/target/lib/*"
pid=""

stop_node() {
  if [[ -n "$pid" ]]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    pid=""
  fi
}
trap 'stop_node' EXIT

start_node() { # variant
  local audit=file tls_env=()
  [[ "$1" == plain || "$1" == tls ]] && audit=off
  [[ "$1" == tls* ]] && tls_env=(KMS_TLS_CERT_FILE="$work/tls/node-0.pem" KMS_TLS_KEY_FILE="$work/tls/node-0.key")
  env KMS_HTTP_HOST=127.0.0.1 KMS_HTTP_PORT="$port" KMS_MANAGEMENT_PORT="$mport" KMS_DATA_DIR="$work/node" \
    KMS_REMOTE_PORT=0 KMS_AUDIT_SINK="$audit" KMS_REQUEST_LOG=off "${tls_env[@]}" \
    setsid "$root/ops/bin/kms-node" >>"$work/node.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$mport/ready" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { echo "audit-tls: the node died; log: $work/node.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "audit-tls: the node did not get ready; log: $work/node.log" >&2; exit 1
}

url_of() { [[ "$1" == tls* ]] && echo "https://127.0.0.1:$port" || echo "http://127.0.0.1:$port"; }

java -cp "$root/ops/target/classes" com.verenc.kms.ops.certs.LocalCertificates "$work/tls" 1 >/dev/null
start_node plain
java -cp "$cp" "$here/WrkRequests.java" create-keys "http://127.0.0.1:$port" 1 "$work/keys.txt" >/dev/null
stop_node

: > "$work/runs"
for ((round = 1; round <= rounds; round++)); do
  for variant in "${variants[@]}"; do
    start_node "$variant"
    # Signed afresh for each variant: a SigV4 signature is good for 15 minutes.
    java -cp "$cp" "$here/WrkRequests.java" sign "http://127.0.0.1:$port" encrypt "$work/keys.txt" 1 \
      "$work/enc.req" >/dev/null
    url="$(url_of "$variant")"
    wrk -t2 -c"$conns" -d"${warm}s" -s "$here/replay.lua" "$url" -- "$work/enc.req" >/dev/null
    for ((i = 1; i <= runs; i++)); do
      c0="$("$here/cpu.sh" "$pid")"
      out="$(wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$here/replay.lua" "$url" -- "$work/enc.req")"
      c1="$("$here/cpu.sh" "$pid")"
      rps="$(echo "$out" | awk '/^Requests\/sec/ {print $2}')"
      n="$(echo "$out" | awk '/requests in/ {print $1}')"
      p99="$(echo "$out" | awk '$1 == "99%" {print $2}')"
      errors="$(echo "$out" | awk '/Non-2xx/ {e += $NF} /Socket errors/ {gsub(/,/, ""); e += $4 + $6 + $8 + $10} END {print e + 0}')"
      us="$(awk -v a="$c0" -v b="$c1" -v n="$n" 'BEGIN {printf "%.1f", (b - a) * 1e6 / n}')"
      echo "$variant $rps $us $p99 $errors" >> "$work/runs"
      echo "round $round $variant run $i: $rps req/s, node CPU $us us/request, p99 $p99, errors $errors, load $(cut -d' ' -f1-3 /proc/loadavg)"
    done
    stop_node
  done
done

echo
echo "== Encrypt, wrk 2 threads x $conns connections, ${secs} s runs, ${warm} s warm-up per start; medians of $((rounds * runs)) runs =="
awk -v order="${variants[*]}" '
  function median(list,   a, n, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { rps[$1] = rps[$1] " " $2; us[$1] = us[$1] " " $3; err[$1] += $5 }
  END {
    split(order, v, " ")
    base = median(rps["plain"]); baseus = median(us["plain"])
    printf "%-10s %10s %8s %12s %8s %7s\n", "variant", "req/s", "ratio", "CPU us/req", "ratio", "errors"
    for (i = 1; i in v; i++) {
      r = median(rps[v[i]]); u = median(us[v[i]])
      printf "%-10s %10.0f %8.3f %12.1f %8.3f %7d\n", v[i], r, r / base, u, u / baseus, err[v[i]]
    }
  }' "$work/runs"
echo "runs: $work/runs; node log: $work/node.log"
