#!/usr/bin/env python3
"""Shares of a JFR recording's CPU samples by phase: the first marker (in the order given) found
anywhere in a sample's stack names its phase. python3 jfr-phases.py rec.jfr marker1 marker2 ..."""
import collections, json, subprocess, sys

rec, markers = sys.argv[1], sys.argv[2:]
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "96", "--events", "jdk.ExecutionSample", rec],
                     capture_output=True, text=True, check=True).stdout
counts, total = collections.Counter(), 0
for e in json.loads(out)["recording"]["events"]:
    st = e["values"].get("stackTrace")
    names = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in (st["frames"] if st else [])]
    total += 1
    phase = next((m for m in markers if any(m in n for n in names)), "(other)")
    counts[phase] += 1
print(f"samples: {total}")
for phase, c in counts.most_common():
    print(f"{100.0 * c / total:5.1f}%  {phase}")
