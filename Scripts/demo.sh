#!/usr/bin/env bash
# Installs what piracy-trace needs, builds it, and analyses the example leads in Graphs/examples.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh
swift build -c release --product piracy-trace >&2
bin="$(swift build -c release --show-bin-path)/piracy-trace"
out="Graphs/demo"
"$bin" analyze Graphs/examples/*.csv --out "$out"
"$bin" render "$out/graph.dot" --format png --out "$out" >/dev/null
echo
echo "Outputs in $out/:"
for f in stores.csv clusters.json rejects.csv hubs.csv manifest.json graph.dot overview.svg graph.png; do
  [[ -e "$out/$f" ]] && echo "  $out/$f"
done
