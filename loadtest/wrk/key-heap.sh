#!/usr/bin/env bash
# Where a resident key entity's heap goes (issue 23): on the keys of an earlier many-keys.sh run
# (its DATA_DIR: all-keys.txt, jit-keys.txt, keys.txt), starts the node, warms it on the 500 JIT
# keys (two passes), takes a class histogram of the live
# heap (after a full GC), sends one Encrypt to each of the N measured keys (touch.py: exactly once,
# so every key is resident however loaded the machine is), takes a second one, and prints the heap
# per key and the classes that grew most, per key.
#   loadtest/wrk/key-heap.sh ROOT PORT DATA_DIR OUT_DIR [-Xmx...]
# OUT_DIR receives histo-0.txt, histo-n.txt and diff.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$1"; port="$2"; dir="$3"; out="$4"; heap="${5:--Xmx2g}"
url="http://127.0.0.1:$port"
mport=$((port + 1))
export KMS_MANAGEMENT_PORT="$mport"
mkdir -p "$out"
n=$(wc -l < "$dir/keys.txt")

pid=$("$root/loadtest/wrk/node.sh" "$port" "$dir" "$heap")
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  if curl -s -o /dev/null "$url/"; then break; fi
  sleep 0.5
done
sleep 2
resident() {
  curl -s "http://127.0.0.1:$mport/metrics" | awk '/^kms_shard_entities\{.*type="Key"/ {print $NF}'
}
histo() {
  # Let the last requests' work (publications, usage records) settle first. GC.class_histogram
  # counts the live objects only (it runs a full GC); the heap figure is many-keys.sh's, after
  # GC.run.
  sleep 5
  jcmd "$pid" GC.class_histogram > "$1"
  jcmd "$pid" GC.run >/dev/null
  jcmd "$pid" GC.heap_info | awk '/garbage-first heap/ {print $(NF-2)}' | tr -d 'K,'
}
# Signed now: a signature holds for 15 minutes.
java -cp "$here/../target/lib/*" "$here/WrkRequests.java" sign "$url" encrypt "$dir/jit-keys.txt" 500 "$dir/jit.req" >/dev/null
java -cp "$here/../target/lib/*" "$here/WrkRequests.java" sign "$url" encrypt "$dir/keys.txt" "$n" "$dir/enc.req" >/dev/null
python3 "$here/touch.py" "$port" "$dir/jit.req" 8
python3 "$here/touch.py" "$port" "$dir/jit.req" 8
h0=$(histo "$out/histo-0.txt")
r0=$(resident)
python3 "$here/touch.py" "$port" "$dir/enc.req" 8
h1=$(histo "$out/histo-n.txt")
r1=$(resident)
echo "resident key entities: ${r0:-?} before, ${r1:-?} after"
awk -v a="$h0" -v b="$h1" -v n="$n" 'BEGIN {printf "heap after GC: %d KB before, %d KB with %d keys resident = %.1f KB per key entity\n", a, b, n, (b - a) / n}'
python3 - "$out/histo-0.txt" "$out/histo-n.txt" "$n" > "$out/diff.txt" <<'PY'
import sys
def read(path):
    rows = {}
    for line in open(path):
        parts = line.split()
        if len(parts) >= 4 and parts[0].endswith(':'):
            rows[parts[3]] = (int(parts[1]), int(parts[2]))
    return rows
a, b, n = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3])
diff = []
for cls in set(a) | set(b):
    ia, ba = a.get(cls, (0, 0))
    ib, bb = b.get(cls, (0, 0))
    diff.append((bb - ba, ib - ia, cls))
diff.sort(reverse=True)
total = sum(d[0] for d in diff)
print(f"live bytes grew {total} = {total / n:.0f} bytes per key; classes by growth:")
print(f"{'bytes/key':>10} {'objects/key':>12}  class")
for bytes_, count, cls in diff[:60]:
    print(f"{bytes_ / n:10.0f} {count / n:12.2f}  {cls}")
PY
head -32 "$out/diff.txt"
