#!/usr/bin/env bash
# piracy-trace against the analyst's pipeline of ../shared/eval (peer_pipeline.py, run from
# there) on one outside family A world, in the same run: wall time and peak RSS of each, and
# their ratios. piracy-trace runs RUNS times (default 5; the median is reported, with the
# fastest and slowest: this host is shared); the peer, which takes tens of seconds, once.
# Usage: Scripts/bench-family-a.sh [LEADS] [SEED]   (default 200000 101)
set -euo pipefail
cd "$(dirname "$0")/.."
leads="${1:-200000}"
seed="${2:-101}"
runs="${RUNS:-5}"
eval_dir="../shared/eval"
[[ -d "$eval_dir" ]] || { echo "bench-family-a.sh: $eval_dir is missing" >&2; exit 2; }
bash Scripts/setup.sh
swift build -c release --product piracy-trace >&2
bin="$(swift build -c release --show-bin-path)/piracy-trace"
venv="$(bash "$eval_dir/setup.sh")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$eval_dir" && "$venv/bin/python" gen_world.py --seed "$seed" --leads "$leads" --out "$work/world" > /dev/null)
results=()
for run in $(seq "$runs"); do
  sync
  /usr/bin/time -f '%e %M' -o "$work/time" "$bin" analyze "$work"/world/*.csv --out "$work/out-$run" > /dev/null 2>&1
  results+=("$(cat "$work/time")")
done
sync
(cd "$eval_dir" && /usr/bin/time -f '%e %M' -o "$work/peer-time" "$venv/bin/python" peer_pipeline.py "$work/world" \
  --out "$work/peer" --method leiden > /dev/null 2>&1)
read -r peer_s peer_kb < "$work/peer-time"
printf '%s\n' "${results[@]}" | python3 -c "
import sys
runs = sorted(tuple(map(float, line.split())) for line in sys.stdin if line.strip())
median = runs[len(runs) // 2]
peer_s, peer_kb = $peer_s, $peer_kb
print('| family A, %s leads, seed %s | wall s | peak RSS MB |' % ('$leads', '$seed'))
print('| --- | --- | --- |')
print('| piracy-trace analyze (median of %d; fastest %.2f, slowest %.2f) | %.2f | %d |' % (len(runs), runs[0][0], runs[-1][0], median[0], median[1] / 1024))
print('| analyst pipeline (peer_pipeline.py --method leiden) | %.2f | %d |' % (peer_s, peer_kb / 1024))
print('| ratio (piracy-trace / peer) | 1/%.1f | 1/%.1f |' % (peer_s / median[0], peer_kb / median[1]))
"
