#!/usr/bin/env python3
"""Top frames of a JFR recording's CPU samples: python3 jfr-top.py rec.jfr [N] [filter-substring]
Prints self (top frame) and inclusive (anywhere in the stack) sample shares per method."""
import collections, json, subprocess, sys

rec = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
only = sys.argv[3] if len(sys.argv) > 3 else None
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", rec],
                     capture_output=True, text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]
self_counts, incl = collections.Counter(), collections.Counter()
total = 0
for e in events:
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    names = [f["method"]["type"]["name"].split(".")[-1] + "." + f["method"]["name"] for f in frames]
    if only and not any(only in x for x in names):
        continue
    total += 1
    if names:
        self_counts[names[0]] += 1
    for name in set(names):
        incl[name] += 1
print(f"samples: {total}")
print("-- self --")
for name, c in self_counts.most_common(n):
    print(f"{100.0 * c / total:5.1f}%  {name}")
print("-- inclusive --")
for name, c in incl.most_common(n * 2):
    print(f"{100.0 * c / total:5.1f}%  {name}")
