#!/usr/bin/env bash
# End-to-end benchmark against the Python pipeline an analyst would write (Scripts/peer/):
# builds release, makes synth worlds, runs `analyze` (default flags: all outputs, ring
# diagrams, report) and the peer on the same files in the same run, and writes BENCHMARKS.md.
# Usage: Scripts/bench.sh [LEADS...]   (default: 10000 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
if ((${#sizes[@]} == 0)); then sizes=(10000 100000 1000000); fi
bash Scripts/setup.sh
if ! python3 -c "import venv, ensurepip" 2>/dev/null; then
  export DEBIAN_FRONTEND=noninteractive; apt-get update -qq >&2; apt-get install -y -qq python3-venv >&2
fi
swift build -c release --product piracy-trace >&2
bin="$(swift build -c release --show-bin-path)/piracy-trace"
venv=".build/peer-venv"
if [[ ! -x "$venv/bin/python" ]]; then python3 -m venv "$venv"; fi
"$venv/bin/pip" install -q -r Scripts/peer/requirements.txt >&2
work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
results="$work/results.jsonl"
: >"$results"
for n in "${sizes[@]}"; do
  echo "bench: $n leads" >&2
  "$bin" synth --leads "$n" --seed 11 --out "$work/world-$n" >/dev/null
  files=("$work/world-$n"/synth-0*)
  "$bin" analyze "${files[@]}" --out "$work/out-$n" --timings "$work/ours-$n.json" >/dev/null 2>&1
  "$venv/bin/python" Scripts/peer/pipeline.py "$work/peer-$n-rings.json" "${files[@]}" >"$work/peer-$n.json"
  python3 -c 'import json,sys; print(json.dumps({"n": int(sys.argv[1]), "ours": json.load(open(sys.argv[2])), "peer": json.load(open(sys.argv[3]))}))' \
    "$n" "$work/ours-$n.json" "$work/peer-$n.json" >>"$results"
  rm -rf "$work/world-$n"
done
python3 - "$results" <<'PY' >BENCHMARKS.md
import json, math, os, platform, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")) / 1048576
print("# Benchmarks\n")
print(f"Reproduce: `Scripts/bench.sh {' '.join(str(r['n']) for r in runs)}` (release build; peer: "
      "`Scripts/peer/pipeline.py`, pandas + igraph + leidenalg). Machine: "
      f"{os.cpu_count()} cores, {mem:.0f} GiB, {platform.system()} {platform.machine()}. "
      "Both tools read the same five synth files (UTF-8, UTF-8 BOM, GB18030, UTF-16LE, .xlsx), "
      "one after the other in the same run; times are wall seconds.\n")
for r in runs:
    ours, peer = r["ours"], r["peer"]
    print(f"## {r['n']:,} leads\n")
    print("| tool | stages (s) | total (s) | peak RSS (MB) | rings |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| piracy-trace | {', '.join(f'{k} {v:.2f}' for k, v in ours['stages'].items())} | {ours['total_s']:.2f} | {ours['peak_rss_mb']} | {ours['rings']} |")
    print(f"| Python peer | {', '.join(f'{k} {v:.2f}' for k, v in peer['stages'].items())} | {peer['total_s']:.2f} | {peer['peak_rss_mb']} | {peer['rings']} |")
    core = sum(v for k, v in ours["stages"].items() if k in ("read", "merge", "dedup", "normalise+graph", "hubs", "cluster+trace", "super-sources"))
    print(f"\nPeer / piracy-trace: **{peer['total_s'] / ours['total_s']:.2f}×** end to end (piracy-trace also draws "
          f"the diagrams and writes the report); **{peer['total_s'] / core:.2f}×** for the analysis alone "
          f"(read to traced rings: {core:.2f} s).\n")
if len(runs) >= 2:
    a, b = runs[0], runs[-1]
    k = math.log(b["ours"]["total_s"] / a["ours"]["total_s"]) / math.log(b["n"] / a["n"])
    kp = math.log(b["peer"]["total_s"] / a["peer"]["total_s"]) / math.log(b["n"] / a["n"])
    print(f"Growth from {a['n']:,} to {b['n']:,} leads: time ∝ n^{k:.2f} (piracy-trace), n^{kp:.2f} (peer).")
PY
echo "bench: wrote BENCHMARKS.md (raw figures in $results)" >&2
