#!/usr/bin/env bash
# Rendering budgets, release build:
#   1. a DOT star of 2,000 leaves drawn by `render` (dot, bounded by the wrapper);
#   2. 2,000 stores around one warehouse as leads, through `analyze`;
#   3. a synth world of LEADS leads (default 200,000) through `analyze`: overview and the
#      best 25 ring diagrams.
# Prints wall times from `analyze --timings`; a budget is met or missed, it does not fail.
# Usage: Scripts/bench-render.sh [LEADS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
leads="${1:-200000}"
seed="${2:-7}"
bash Scripts/setup.sh
swift build -c release --product piracy-trace >&2
bin="$(swift build -c release --show-bin-path)/piracy-trace"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
with open(f"{work}/star.dot", "w") as f:
    f.write("digraph star {\n" + "".join(f"  hub -> leaf{i};\n" for i in range(2000)) + "}\n")
with open(f"{work}/star-leads.csv", "w", encoding="utf-8") as f:
    f.write("lead_id,publisher,platform,store_id,store_name,sender_phone,origin_address\n")
    for i in range(2000):
        f.write(f"S{i},星光出版社,抖音,DY{i:06d},书店{i},139{i:08d},河北省保定市高碑店市白沟镇建设路12号\n")
PY

start=$(date +%s.%N)
"$bin" render "$work/star.dot" --format svg --out "$work" >/dev/null
end=$(date +%s.%N)
echo "star DOT, 2,000 leaves, render (dot, bounded): $(python3 -c "print(round($end - $start, 2))") s wall, process included"

summary() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
t = json.load(open(sys.argv[1])); m = json.load(open(sys.argv[2]))
s = t["stages"]; rings = len(m["diagrams"])
per = 1000 * s["render rings"] / rings if rings else 0
print(f"{sys.argv[3]}: {t['leads']} leads, {t['rings']} rings; overview {s['render overview']:.2f} s; "
      f"{rings} ring diagrams {s['render rings']:.2f} s ({per:.0f} ms each); DOT built {s['diagrams']:.2f} s; "
      f"report {s.get('report', 0):.2f} s; total {t['total_s']:.2f} s; peak RSS {t['peak_rss_mb']} MB")
for note in m["notes"]: print("  note: " + note)
PY
}
"$bin" analyze "$work/star-leads.csv" --out "$work/star-out" --timings "$work/star.json" >/dev/null 2>&1
summary "$work/star.json" "$work/star-out/manifest.json" "star leads"

"$bin" synth --leads "$leads" --seed "$seed" --out "$work/world" >/dev/null
"$bin" analyze "$work"/world/synth-0* --out "$work/world-out" --timings "$work/world.json" >/dev/null 2>&1
summary "$work/world.json" "$work/world-out/manifest.json" "synth $leads"
du -sh "$work/world-out/report.html" "$work/world-out/report" | sed 's/^/  size: /'
