#!/usr/bin/env bash
# What the audit trail and HTTPS cost Encrypt: one node (H2, one key) per variant
#   plain      HTTP, KMS_AUDIT_SINK=off     (the reference)
#   audit      HTTP, the default audit trail (file sink, durability write)
#   tls        HTTPS (a throwaway certificate), audit off
#   tls-audit  HTTPS and the default audit trail (what a production node runs)
# each warmed up with wrk, then measured. By default one node is restarted as each variant in turn,
# round by round. PAIRED=1 starts every variant's node at once (each with its own data directory
# and key), warms each up, then measures them in turn one run at a time, so that runs of different
# variants are seconds apart and the machine's drift cancels in the per-round ratios; the nodes
# not measured idle meanwhile. Prints every run, then per variant the medians of req/s and node CPU
# per request and their ratio to `plain`, and with PAIRED=1 also the median of the ratios of runs
# measured next to each other.
#   loadtest/wrk/audit-tls.sh [rounds=2] [runs-per-round=3] [seconds=10] [warmup=60] [connections=64]
# VARIANTS="plain audit" measures only those (plain first: the ratios are to it).
# Needs the build (mvn -q -DskipTests package) and wrk.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-2}"; runs="${2:-3}"; secs="${3:-10}"; warm="${4:-60}"; conns="${5:-64}"
read -r -a variants <<< "${VARIANTS:-plain audit tls tls-audit}"
paired="${PAIRED:-0}"
work="$(mktemp -d /tmp/kms-audit-tls.XXXXXX)"
cp="$root/loadtest/target/lib/*"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
declare -A port mport pid
for variant in "${variants[@]}"; do
  port[$variant]="$(free_port)"; mport[$variant]="$(free_port)"; pid[$variant]=""
done

stop_node() { # variant
  local p="${pid[$1]}"
  if [[ -n "$p" ]]; then
    kill "$p" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$p" 2>/dev/null || true
    pid[$1]=""
  fi
}
stop_all() { for variant in "${variants[@]}"; do stop_node "$variant"; done; }
trap 'stop_all' EXIT

# The node's data directory: its own per variant when paired, else one for all (the same key).
data_of() { [[ "$paired" == 1 ]] && echo "$work/node-$1" || echo "$work/node"; }

start_node() { # variant [plain-http: to create its key, which WrkRequests does over HTTP only]
  local audit=file tls_env=()
  [[ "$1" == plain || "$1" == tls ]] && audit=off
  [[ "$1" == tls* && "${2:-}" != plain-http ]] && tls_env=(KMS_TLS_CERT_FILE="$work/tls/node-0.pem" KMS_TLS_KEY_FILE="$work/tls/node-0.key")
  env KMS_HTTP_HOST=127.0.0.1 KMS_HTTP_PORT="${port[$1]}" KMS_MANAGEMENT_PORT="${mport[$1]}" \
    KMS_DATA_DIR="$(data_of "$1")" KMS_REMOTE_PORT=0 KMS_AUDIT_SINK="$audit" KMS_REQUEST_LOG=off \
    "${tls_env[@]}" setsid "$root/ops/bin/kms-node" >>"$work/node-$1.log" 2>&1 &
  pid[$1]=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:${mport[$1]}/ready" >/dev/null 2>&1 && return 0
    kill -0 "${pid[$1]}" 2>/dev/null || { echo "audit-tls: the $1 node died; log: $work/node-$1.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "audit-tls: the $1 node did not get ready; log: $work/node-$1.log" >&2; exit 1
}

url_of() { [[ "$1" == tls* ]] && echo "https://127.0.0.1:${port[$1]}" || echo "http://127.0.0.1:${port[$1]}"; }

# A key on the variant's node (on the first variant's when all share a data directory).
create_key() { # variant
  java -cp "$cp" "$here/WrkRequests.java" create-keys "http://127.0.0.1:${port[$1]}" 1 "$(data_of "$1").keys" >/dev/null
}

# Signed afresh for each start and round: a SigV4 signature is good for 15 minutes.
sign_and_warm() { # variant
  java -cp "$cp" "$here/WrkRequests.java" sign "http://127.0.0.1:${port[$1]}" encrypt "$(data_of "$1").keys" 1 \
    "$work/$1.req" >/dev/null
  [[ "$warm" -gt 0 ]] && wrk -t2 -c"$conns" -d"${warm}s" -s "$here/replay.lua" "$(url_of "$1")" -- "$work/$1.req" >/dev/null
  return 0
}

measure() { # variant round run
  local c0 c1 out rps n p99 errors us
  c0="$("$here/cpu.sh" "${pid[$1]}")"
  out="$(wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$here/replay.lua" "$(url_of "$1")" -- "$work/$1.req")"
  c1="$("$here/cpu.sh" "${pid[$1]}")"
  rps="$(echo "$out" | awk '/^Requests\/sec/ {print $2}')"
  n="$(echo "$out" | awk '/requests in/ {print $1}')"
  p99="$(echo "$out" | awk '$1 == "99%" {print $2}')"
  errors="$(echo "$out" | awk '/Non-2xx/ {e += $NF} /Socket errors/ {gsub(/,/, ""); e += $4 + $6 + $8 + $10} END {print e + 0}')"
  us="$(awk -v a="$c0" -v b="$c1" -v n="$n" 'BEGIN {printf "%.1f", (b - a) * 1e6 / n}')"
  echo "$1 $rps $us $p99 $errors $2 $3" >> "$work/runs"
  echo "round $2 $1 run $3: $rps req/s, node CPU $us us/request, p99 $p99, errors $errors, load $(cut -d' ' -f1-3 /proc/loadavg)"
}

java -cp "$root/ops/target/classes" com.verenc.kms.ops.certs.LocalCertificates "$work/tls" 1 >/dev/null
: > "$work/runs"
if [[ "$paired" == 1 ]]; then
  for variant in "${variants[@]}"; do
    if [[ "$variant" == tls* ]]; then
      start_node "$variant" plain-http; create_key "$variant"; stop_node "$variant"
    fi
    start_node "$variant"
    [[ "$variant" == tls* ]] || create_key "$variant"
  done
  for ((round = 1; round <= rounds; round++)); do
    # Warmed up once (the signatures of a round outlive it: 15 minutes); re-signed every round.
    for variant in "${variants[@]}"; do
      if [[ "$round" == 1 ]]; then sign_and_warm "$variant"; else warm=0 sign_and_warm "$variant"; fi
    done
    for ((i = 1; i <= runs; i++)); do
      for variant in "${variants[@]}"; do measure "$variant" "$round" "$i"; done
    done
  done
else
  start_node "${variants[0]}" plain-http
  create_key "${variants[0]}"
  stop_node "${variants[0]}"
  for ((round = 1; round <= rounds; round++)); do
    for variant in "${variants[@]}"; do
      start_node "$variant"
      sign_and_warm "$variant"
      for ((i = 1; i <= runs; i++)); do measure "$variant" "$round" "$i"; done
      stop_node "$variant"
    done
  done
fi

# The median of a space-separated list; lo and hi are set to its least and greatest.
median_awk='
  function median(list,   a, n, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    lo = a[1]; hi = a[n]
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }'

echo
echo "== Encrypt, wrk 2 threads x $conns connections, ${secs} s runs, ${warm} s warm-up per start; medians of $((rounds * runs)) runs =="
awk -v order="${variants[*]}" "$median_awk"'
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
if [[ "$paired" == 1 ]]; then
  echo
  echo "== Ratio to plain of runs measured next to each other (round and run alike): median, min, max =="
  awk -v order="${variants[*]}" "$median_awk"'
    { rps[$1, $6, $7] = $2; us[$1, $6, $7] = $3; key[$6, $7] = 1 }
    END {
      split(order, v, " ")
      printf "%-10s %8s %7s %7s %12s %7s %7s\n", "variant", "req/s", "min", "max", "CPU us/req", "min", "max"
      for (i = 2; i in v; i++) {
        r = ""; u = ""
        for (k in key) if ((v[i], k) in rps && ("plain", k) in rps) {
          r = r " " rps[v[i], k] / rps["plain", k]; u = u " " us[v[i], k] / us["plain", k]
        }
        mr = median(r); rlo = lo; rhi = hi; mu = median(u)
        printf "%-10s %8.3f %7.3f %7.3f %12.3f %7.3f %7.3f\n", v[i], mr, rlo, rhi, mu, lo, hi
      }
    }' "$work/runs"
fi
echo "runs: $work/runs; node logs: $work/node-*.log"
