#!/usr/bin/env bash
# Measures lead ingest (read + decode + parse + validate + normalise) on a synthetic world.
# Usage: Scripts/bench-ingest.sh [LEADS] [SEED]   (default: 1000000 leads, seed 1)
set -euo pipefail
cd "$(dirname "$0")/.."
leads="${1:-1000000}"
seed="${2:-1}"
bash Scripts/setup.sh
swift build -c release --product piracy-trace >&2
bin="$(swift build -c release --show-bin-path)/piracy-trace"
world="$(mktemp -d)/world"
/usr/bin/time -f "synth: %e s wall, %M KB peak RSS" "$bin" synth --leads "$leads" --seed "$seed" --out "$world"
bytes=$(cat "$world"/synth-0* | wc -c)
echo "input: $bytes bytes in $(ls "$world"/synth-0* | wc -l) files"
/usr/bin/time -f "check (read+normalise): %e s wall, %M KB peak RSS" "$bin" check "$world"/synth-0* > /dev/null
start=$(date +%s.%N)
"$bin" check "$world"/synth-0* > /dev/null
end=$(date +%s.%N)
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'ingest throughput: {int(sys.argv[3])/s/1e6:.1f} MB/s ({s:.2f} s)')" "$start" "$end" "$bytes"
rm -rf "$(dirname "$world")"
