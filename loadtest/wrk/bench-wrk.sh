# Sourced by loadtest/bin/bench for --generator wrk: the single-key Encrypt (or WrapUnwrap, Sign,
# SignVerify, Mac) rate measured with wrk, which costs far less CPU per request than Gatling, so on a shared machine the
# ceiling it measures is the server's and not the load generator's. Requests are signed once
# (loadtest/wrk/WrkRequests.java) and replayed: SigV4 signatures stay valid for 15 minutes.
# Uses bench's variables and functions: root, cp, work, results, endpoint, zones, simulation,
# connections, duration, warmup, runs, ceiling, cpu_ticks, node_cpu_pids, start_nginx; for Sign,
# SignVerify and Mac also title, key_spec, verify_mac, pairs, run_primitive, primitive_json.

wrk_latency_ms() { # a wrk latency figure (987.00us, 4.22ms, 1.07s, 2.00m) in milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

wrk_run() { # label url request-file seconds: one measured wrk run, a result line in $work/wrk-runs
  local label="$1" url="$2" file="$3" secs="$4" out before after gen
  before="$(cpu_ticks)"
  out="$( { TIMEFORMAT='generator-cpu %U %S'; time wrk -t2 -c"$connections" -d"${secs}s" --latency \
    -s "$root/loadtest/wrk/replay.lua" "$url" -- "$file"; } 2>&1 )"
  after="$(cpu_ticks)"
  echo "$out" > "$results/wrk-$label-$(date -u +%H%M%S).txt"
  local rps requests p50 p90 p99 errors
  rps="$(echo "$out" | awk '/^Requests\/sec/ {print $2}')"
  requests="$(echo "$out" | awk '/requests in/ {print $1}')"
  p50="$(wrk_latency_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")"
  p90="$(wrk_latency_ms "$(echo "$out" | awk '$1 == "90%" {print $2}')")"
  p99="$(wrk_latency_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")"
  errors="$(echo "$out" | awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}')"
  gen="$(echo "$out" | awk '/^generator-cpu/ {print $2 + $3}')"
  if [[ -z "$rps" || -z "$requests" ]]; then
    echo "bench: wrk run $label failed:" >&2; echo "$out" >&2; exit 1
  fi
  local node_ms=""
  if [[ "$label" == node && -n "$(node_cpu_pids)" ]]; then # not for a node bench did not start
    node_ms="$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
      'BEGIN {printf "%.3f", t / hz * 1000 / n}')"
  fi
  echo "$label $rps $p50 $p90 $p99 $errors ${node_ms:--} $(awk -v g="$gen" -v s="$secs" 'BEGIN {printf "%.2f", g / s}')" \
    >> "$work/wrk-runs"
  echo "bench: wrk $label run: $rps req/s, p99 $p99 ms, $errors error(s); load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

wrk_bench() {
  command -v wrk >/dev/null 2>&1 || {
    echo "bench: installing wrk (apt-get)"
    (apt-get install -y -qq wrk || { apt-get update -qq && apt-get install -y -qq wrk; }) >/dev/null
  }
  local url="${endpoint%%,*}" op=encrypt
  case "$simulation" in
    WrapUnwrap) op=wrap ;;
    Sign) op=sign ;;
    SignVerify) op=signverify ;;
    Mac) op=mac; [[ "$verify_mac" == true ]] && op=macverify ;;
  esac
  tail -n +2 "$work/keys.csv" > "$work/keys.txt"
  java -Dregion="${zones%%,*}" ${key_spec:+-Dload.keySpec="$key_spec"} -cp "$cp" "$root/loadtest/wrk/WrkRequests.java" sign "$url" "$op" \
    "$work/keys.txt" "$(wc -l < "$work/keys.txt")" "$work/requests.req" >/dev/null
  : > "$work/wrk-runs"
  if (( warmup > 0 )); then
    echo "bench: warming up the node for ${warmup} s"
    wrk -t2 -c"$connections" -d"${warmup}s" -s "$root/loadtest/wrk/replay.lua" "$url" -- "$work/requests.req" >/dev/null
  fi
  local i
  for ((i = 1; i <= runs; i++)); do wrk_run node "$url" "$work/requests.req" "$duration"; done
  if [[ "$ceiling" == true ]]; then
    start_nginx
    wrk -t2 -c"$connections" -d10s -s "$root/loadtest/wrk/replay.lua" "http://127.0.0.1:$nginx_port" \
      -- "$work/requests.req" >/dev/null
    for ((i = 1; i <= runs; i++)); do
      wrk_run ceiling "http://127.0.0.1:$nginx_port" "$work/requests.req" "$duration"
    done
  fi
  run_primitive
  echo
  echo "== ${title:-$simulation} with wrk: 2 threads, $connections connections, ${duration} s per run, medians of $runs run(s) (errors: all runs), ${warmup} s warm-up =="
  echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
  awk -v simulation="$simulation" '
    function median(list, n,   a, i, j, t) {
      split(list, a, " "); n = 0; for (i in a) n++
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    { for (f = 2; f <= 8; f++) col[$1, f] = col[$1, f] " " $f; seen[$1] = 1; errors[$1] += $6 }
    END {
      printf "| %-8s | %10s | %8s | %8s | %8s | %6s | %15s | %19s |\n", "target", "req/s", "p50 ms", "p90 ms", "p99 ms", "errors", "node CPU ms/req", "generator CPU cores"
      printf "| %-8s | %10s | %8s | %8s | %8s | %6s | %15s | %19s |\n", "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:"
      split("node ceiling", order, " ")
      for (k = 1; k <= 2; k++) {
        t = order[k]; if (!(t in seen)) continue
        printf "| %-8s | %10.0f | %8.2f | %8.2f | %8.2f | %6d | %15s | %19.2f |\n", t == "ceiling" ? "nginx" : t,
          median(col[t, 2]), median(col[t, 3]), median(col[t, 4]), median(col[t, 5]), errors[t],
          col[t, 7] ~ /[0-9]/ ? sprintf("%.3f", median(col[t, 7])) : "-", median(col[t, 8])
      }
      if (("node" in seen) && ("ceiling" in seen))
        printf "ratio node / nginx = %.3f (medians)%s\n", median(col["node", 2]) / median(col["ceiling", 2]),
          simulation == "WrapUnwrap" ? "; WrapUnwrap pairs/s = req/s / 2" : ""
    }' "$work/wrk-runs"
  if [[ -n "${primitive_json:-}" ]]; then
    local node_rate what="median req/s"
    node_rate="$(awk '$1 == "node" {print $2}' "$work/wrk-runs" | sort -g \
      | awk '{a[NR] = $1} END {if (NR) printf "%.2f", NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')"
    if [[ "$pairs" == true ]]; then
      node_rate="$(awk -v r="$node_rate" 'BEGIN {printf "%.2f", r / 2}')"
      what="pairs/s = median req/s / 2"
    fi
    java -cp "$cp" com.verenc.kms.loadtest.report.JmhResult "$primitive_json" "$node_rate" "$what"
  fi
  awk '$6 > 0 {bad = 1} END {exit bad}' "$work/wrk-runs"
}
