"""Writes BENCHMARKS.md from the results of Scripts/bench.sh (one JSON line per size)."""
import json, math, os, platform, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
# piracy-trace ran several times per size: the run with the median total stands for it.
for r in runs:
    ours_runs = sorted(r.get("ours_runs") or [r["ours"]], key=lambda t: t["total_s"])
    r["ours"] = ours_runs[len(ours_runs) // 2]
    r["ours_range"] = (ours_runs[0]["total_s"], ours_runs[-1]["total_s"], len(ours_runs))
mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")) / 1048576
print("# Benchmarks\n")
print(f"Reproduce: `Scripts/bench.sh {' '.join(str(r['n']) for r in runs)}` (release build; peer: "
      "`Scripts/peer/pipeline.py`, pandas + igraph + leidenalg). Machine: "
      f"{os.cpu_count()} cores, {mem:.0f} GiB, {platform.system()} {platform.machine()}. "
      "Both tools read the same five synth files (UTF-8, UTF-8 BOM, GB18030, UTF-16LE, .xlsx), "
      "one after the other in the same run; times are wall seconds. piracy-trace runs several times "
      "per size, each run into a new output folder, and the run with the median total is shown (the range of "
      "all its runs follows the table); the peer runs once. piracy-trace's total is the "
      "wall time from the start of reading to the last file written. Some of its stages overlap: the rings "
      "Leiden does not split are ranked while Leiden runs (cluster is Leiden, trace the ranking left after it), "
      "and the diagrams are drawn beside the tables and report pages, so its writing stages add up to more "
      "than the time they took.\n")
for r in runs:
    ours, peer = r["ours"], r["peer"]
    print(f"## {r['n']:,} leads\n")
    print("| tool | stages (s) | total (s) | peak RSS (MB) | rings |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| piracy-trace | {', '.join(f'{k} {v:.2f}' for k, v in ours['stages'].items())} | {ours['total_s']:.2f} | {ours['peak_rss_mb']} | {ours['rings']} |")
    print(f"| Python peer | {', '.join(f'{k} {v:.2f}' for k, v in peer['stages'].items())} | {peer['total_s']:.2f} | {peer['peak_rss_mb']} | {peer['rings']} |")
    low, high, count = r["ours_range"]
    if count > 1:
        print(f"\npiracy-trace ran {count} times: total {low:.2f} to {high:.2f} s, median shown.")
    core = sum(v for k, v in ours["stages"].items() if k in ("read", "merge", "dedup", "normalise", "resolve", "graph", "hubs", "cluster", "trace", "super-sources"))
    print(f"\nPeer / piracy-trace: **{peer['total_s'] / ours['total_s']:.2f}×** end to end (piracy-trace also draws "
          f"the diagrams and writes the report); **{peer['total_s'] / core:.2f}×** for the analysis alone "
          f"(read to traced rings: {core:.2f} s).\n")
def exponent(a, b, tool):
    return math.log(b[tool]["total_s"] / a[tool]["total_s"]) / math.log(b["n"] / a["n"])

if len(runs) >= 2:
    print("## Growth\n")
    print("Time ∝ n^k between sizes (k = 1 is linear; small sizes are dominated by fixed costs such as the ring diagrams):\n")
    print("| from | to | k piracy-trace | k peer |")
    print("| --- | --- | --- | --- |")
    pairs = list(zip(runs, runs[1:]))
    if len(runs) > 2: pairs.append((runs[0], runs[-1]))
    for a, b in pairs:
        print(f"| {a['n']:,} | {b['n']:,} | {exponent(a, b, 'ours'):.2f} | {exponent(a, b, 'peer'):.2f} |")

targets = {200_000: 1.5, 1_000_000: 8.0}
rows = [r for r in runs if r["n"] in targets]
if rows:
    print("\n## Against the targets\n")
    print("| leads | target | measured | peak RSS (MB) | peer / piracy-trace | met |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        total, rss = r["ours"]["total_s"], r["ours"]["peak_rss_mb"]
        ratio = r["peer"]["total_s"] / total
        ok = total <= targets[r["n"]] and (r["n"] != 1_000_000 or rss <= 2048) and (r["n"] != 200_000 or ratio >= 15)
        extra = " and ≥ 15× the peer" if r["n"] == 200_000 else " and ≤ 2048 MB"
        print(f"| {r['n']:,} | ≤ {targets[r['n']]} s{extra} | {total:.2f} s | {rss} | {ratio:.1f}× | {'yes' if ok else 'no'} |")
