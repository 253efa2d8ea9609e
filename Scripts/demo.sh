#!/usr/bin/env bash
# Installs what piracy-trace needs, builds it, analyses the example leads in Graphs/examples,
# and ends by printing the path of the investigation report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh
swift build -c release --product piracy-trace >&2
bin="$(swift build -c release --show-bin-path)/piracy-trace"
out="Graphs/demo"
rm -rf "$out"
"$bin" analyze Graphs/examples/*.csv --out "$out" --format svg,png --export graphml,csv,json
cp "$out/overview.png" "$out/graph.png"
# A screenshot of the report, when Chromium is installed (PIRACY_TRACE_WITH_BROWSER=1 Scripts/setup.sh).
if command -v chromium >/dev/null 2>&1; then
  bash Scripts/browser-check.sh "$out" Graphs/report.png >/dev/null || echo "demo: the browser check failed" >&2
fi
echo
echo "Outputs in $out/ (ring diagrams in $out/clusters/, ring pages in $out/report/)."
echo "Open the report:"
echo "  $(pwd)/$out/report.html"
