#!/usr/bin/env bash
# End-to-end benchmark against the Python pipeline an analyst would write (Scripts/peer/):
# builds release, makes synth worlds, runs `analyze` (default flags: all outputs, ring
# diagrams, report) and the peer on the same files in the same run, and writes BENCHMARKS.md.
# piracy-trace runs BENCH_RUNS times per size (default 5) and the run with the median total
# is reported, with the fastest and slowest: this machine is shared, and one run can be a
# third slower than the next. The peer, which takes minutes, runs once.
# Each run writes a folder of its own, and all are removed at the end, not one just before
# the next run: this host's ext4 has no journal, and there creating a file first skips every
# inode freed in the last minute or more, one look-up each. Deleting the last run's 560
# files right before the next run cost that run about 0.2 s of CPU in the kernel, at its
# very end (perf: find_inode_bit, recently_deleted), which is the filesystem's doing, not
# the tool's. For the same reason each run starts after `sync`: the last run's files (300 MB
# at a million leads) are otherwise written back by the kernel during the next run.
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
  ours=()
  for ((run = 1; run <= ${BENCH_RUNS:-5}; run++)); do
    sync  # the last run's files written back before this run starts, not during it
    "$bin" analyze "${files[@]}" --out "$work/out-$n-$run" --timings "$work/ours-$n-$run.json" >/dev/null 2>&1
    ours+=("$work/ours-$n-$run.json")
  done
  "$venv/bin/python" Scripts/peer/pipeline.py "$work/peer-$n-rings.json" "${files[@]}" >"$work/peer-$n.json"
  python3 -c 'import json,sys; print(json.dumps({"n": int(sys.argv[1]), "peer": json.load(open(sys.argv[2])), "ours_runs": [json.load(open(f)) for f in sys.argv[3:]]}))' \
    "$n" "$work/peer-$n.json" "${ours[@]}" >>"$results"
  rm -rf "$work/world-$n"
done
rm -rf "$work"/out-*
python3 Scripts/bench-report.py "$results" >BENCHMARKS.md
echo "bench: wrote BENCHMARKS.md (raw figures in $results)" >&2
