#!/usr/bin/env bash
# Ingest throughput on a synthetic world: generates it (timed), then runs `analyze --timings`
# on the text files (CSV, TSV) and on all five, and reports against their bytes: read
# (decode + parse + validate, files in parallel), read + normalise (merge, dedup, every
# distinct value normalised) and read to the built graph (address resolution, graph).
# Then the workbook alone, written with inline strings (synth's default) and with shared
# strings (as Excel saves it): read time of each.
# RUNS=N (default 1) analyses the text files N times, one run after another, and prints each
# run, then the median and the best read + normalise: on a shared host a run minutes apart
# can take a fifth longer, and the best of several is the nearest to an uncontended one.
# Usage: [RUNS=N] Scripts/bench-ingest.sh [LEADS] [SEED]   (default: 1000000 leads, seed 1)
set -euo pipefail
cd "$(dirname "$0")/.."
leads="${1:-1000000}"
seed="${2:-1}"
bash Scripts/setup.sh
swift build -c release --product piracy-trace >&2
bin="$(swift build -c release --show-bin-path)/piracy-trace"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
start=$(date +%s.%N)
"$bin" synth --leads "$leads" --seed "$seed" --out "$work/world"
end=$(date +%s.%N)
echo "synth: $(python3 -c "print(round($end - $start, 2))") s"
runs="${RUNS:-1}"
for set in text all; do
  if [[ $set == text ]]; then files=("$work"/world/synth-0*.csv "$work"/world/synth-0*.txt); else files=("$work"/world/synth-0*); fi
  times=1
  if [[ $set == text ]]; then times=$runs; fi
  for ((run = 1; run <= times; run++)); do
  rm -rf "$work/out-$set"
  sync  # earlier outputs written back before, not during, the timed run
  "$bin" analyze "${files[@]}" --out "$work/out-$set" --timings "$work/timings-$set-$run.json" > /dev/null 2>&1
  python3 - "$work/timings-$set-$run.json" "$set" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
s = t["stages"]
mb = t["input_bytes"] / 1e6
normalised = s["read"] + s["merge"] + s["dedup"] + s["normalise"]
ingest = normalised + s["resolve"] + s["graph"]
print(f"{sys.argv[2]:>4} files: {mb:.0f} MB, {t['leads']} leads; read {s['read']:.2f} s ({mb / s['read']:.0f} MB/s), "
      f"read+normalise {normalised:.2f} s ({mb / normalised:.0f} MB/s), "
      f"read+normalise+graph {ingest:.2f} s ({mb / ingest:.0f} MB/s); total {t['total_s']:.2f} s; peak RSS {t['peak_rss_mb']} MB")
print("      stages: " + ", ".join(f"{k} {v:.2f}" for k, v in s.items()))
cpu = t.get("cpu_s_after", {})
if "normalise" in cpu:
    print(f"      CPU by the end of normalise: {cpu['normalise']:.2f} s, every thread ({cpu['normalise'] / normalised:.2f} cores busy on average)")
PY
  done
  if [[ $set == text && $runs -gt 1 ]]; then
    python3 - "$work" "$runs" <<'PY'
import json, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
times, mb = [], 0
for run in range(1, runs + 1):
    t = json.load(open(f"{work}/timings-text-{run}.json"))
    s = t["stages"]
    mb = t["input_bytes"] / 1e6
    times.append(s["read"] + s["merge"] + s["dedup"] + s["normalise"])
median, best = statistics.median(times), min(times)
print(f"text files, {runs} runs: read+normalise median {median:.2f} s ({mb / median:.0f} MB/s), best {best:.2f} s ({mb / best:.0f} MB/s)")
PY
  fi
done
"$bin" synth --leads "$leads" --seed "$seed" --out "$work/world-shared" --workbook-strings shared >/dev/null
for strings in inline shared; do
  if [[ $strings == inline ]]; then book="$work/world/synth-05.xlsx"; else book="$work/world-shared/synth-05.xlsx"; fi
  sync  # earlier outputs written back before, not during, the timed run
  "$bin" analyze "$book" --out "$work/out-book-$strings" --timings "$work/timings-book-$strings.json" > /dev/null 2>&1
  python3 - "$work/timings-book-$strings.json" "$strings" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
mb = t["input_bytes"] / 1e6
print(f"workbook, {sys.argv[2]} strings: {mb:.0f} MB, {t['leads']} leads; read {t['stages']['read']:.2f} s")
PY
done
