#!/usr/bin/env python3
"""Compares builds of piracy-trace on one world by alternating runs.

Usage: Scripts/bench-ab.py WORLD RUNS BINARY...

WORLD is a folder of lead files (e.g. made by `piracy-trace synth`); every file in it named
`synth-0*` is analysed. Each round runs every binary once, the order reversed every other
round, so a slow minute of this shared host falls on all of them alike. Each run writes a
new output folder after `sync` (see Scripts/bench.sh for why), under a temporary folder
removed at the end (on this host, creating files in the next minutes is then slower: measure
again after a pause). Printed per binary: the median and the minimum over its runs of the
total, read + normalise (read, merge, dedup, normalise), each of those stages, the process's
CPU seconds (every thread) by the end of normalise where the build records it (`cpu_s_after`:
steadier than wall time here, since other tenants' load stretches wall time more), and peak RSS.

Runs of one binary minutes apart differ by a fifth here: compare medians and minimums of
many rounds, never two single runs.
"""
import glob, json, os, shutil, statistics, subprocess, sys, tempfile

if len(sys.argv) < 4:
    sys.exit(__doc__)
world, rounds, binaries = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
files = sorted(glob.glob(os.path.join(world, "synth-0*")))
if not files:
    sys.exit(f"no synth-0* files in {world}")
work = tempfile.mkdtemp(prefix="bench-ab-")
runs = {binary: [] for binary in binaries}
try:
    for round_ in range(rounds):
        for index, binary in enumerate(binaries if round_ % 2 == 0 else binaries[::-1]):
            out = os.path.join(work, f"{round_}-{index}")
            subprocess.run(["sync"], check=True)
            subprocess.run([binary, "analyze", *files, "--out", out, "--timings", out + ".json"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            with open(out + ".json") as timings:
                runs[binary].append(json.load(timings))
finally:
    shutil.rmtree(work, ignore_errors=True)

stages = ["read", "merge", "dedup", "normalise"]
def figures(t):
    s = t["stages"]
    cpu = t.get("cpu_s_after", {})
    return {"total": t["total_s"], "read+normalise": sum(s[k] for k in stages), **{k: s[k] for k in stages},
            **({"r+n CPU": cpu["normalise"]} if "normalise" in cpu else {})}
for binary in binaries:
    rows = [figures(t) for t in runs[binary]]
    print(binary)
    for key in rows[0]:
        values = [row[key] for row in rows]
        print(f"  {key:<15} median {statistics.median(values):.3f}  min {min(values):.3f}")
    print(f"  {'peak RSS':<15} median {statistics.median(t['peak_rss_mb'] for t in runs[binary]):.0f} MB")
