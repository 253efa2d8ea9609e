#!/usr/bin/env bash
# Ring-detection quality on synthetic worlds: for three seeds at 20k and 200k leads, runs
# `analyze` (rings: hubs kept out + Leiden) and the naive baseline (`--method components`),
# and prints ARI, NMI, pairwise precision/recall/F1 and hub figures against truth.json.
# Usage: Scripts/quality.sh [SEED...]   (default seeds: 101 202 303, never used for tuning)
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=("${@:-101 202 303}")
read -r -a seeds <<< "${seeds[*]}"
bash Scripts/setup.sh
swift build -c release --product piracy-trace >&2
bin="$(swift build -c release --show-bin-path)/piracy-trace"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '%-8s %-6s %-11s %s\n' leads seed method scores
for leads in 20000 200000; do
  for seed in "${seeds[@]}"; do
    world="$work/w-$leads-$seed"
    "$bin" synth --leads "$leads" --seed "$seed" --out "$world" > /dev/null
    for method in rings components; do
      out="$world/out-$method"
      "$bin" analyze "$world"/synth-0* --out "$out" --method "$method" > /dev/null 2>&1
      printf '%-8s %-6s %-11s %s\n' "$leads" "$seed" "$method" "$(python3 Scripts/quality.py "$world/truth.json" "$out")"
    done
  done
done
