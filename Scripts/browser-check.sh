#!/usr/bin/env bash
# Loads an analyze folder's report in headless Chromium, saves screenshots, and checks the
# rendered DOM: the ring table has a row per ring, ring pages inline their SVG diagram, and a
# hostile store name is shown as text with no script run.
#   Scripts/browser-check.sh OUT_DIR [SCREENSHOT.png]
# Exit 0 when every check passes, 1 when one fails, 77 when Chromium is not installed.
set -euo pipefail
out="${1:?usage: browser-check.sh OUT_DIR [SCREENSHOT.png]}"
shot="${2:-$out/report.png}"
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [[ -z "$browser" ]]; then echo "browser-check: no Chromium found (PIRACY_TRACE_WITH_BROWSER=1 Scripts/setup.sh installs it)" >&2; exit 77; fi
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
run() { timeout 120 "$browser" --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$work/profile" "$@" 2>>"$work/browser.log"; }
run --dump-dom "file://$out/report.html" >"$work/index.dom"
first="$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["clusters"]; print(c[0]["id"] if c else "")' "$out/clusters.json")"
if [[ -n "$first" ]]; then run --dump-dom "file://$out/report/$first.html" >"$work/ring.dom"; else : >"$work/ring.dom"; fi
run --window-size=1280,1800 --screenshot="$shot" "file://$out/report.html" >/dev/null
[[ -n "$first" ]] && run --window-size=1280,2400 --screenshot="${shot%.png}-$first.png" "file://$out/report/$first.html" >/dev/null
python3 - "$out" "$work/index.dom" "$work/ring.dom" <<'PY'
import csv, json, sys
from html.parser import HTMLParser

out, index_dom, ring_dom = sys.argv[1:4]
clusters = json.load(open(f"{out}/clusters.json"))["clusters"]
with open(f"{out}/stores.csv", encoding="utf-8", newline="") as f:
    rows = list(csv.DictReader(f))
first_ring = clusters[0]["id"] if clusters else None
stores = [r["store_name"] for r in rows if r["cluster_id"] == first_ring]

class DOM(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ring_rows, self.svg, self.svg_nodes, self.text = [], 0, 0, 0, []
        self.pwned, self.images, self.scripts = False, 0, 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if any(name.startswith("data-pwned") for name in a): self.pwned = True
        if tag == "tr" and "tbody" in self.stack and self.table == "ring-table": self.ring_rows += 1
        if tag == "table": self.table = a.get("id", "")
        if tag == "svg": self.svg += 1
        if tag == "g" and a.get("class") == "node": self.svg_nodes += 1
        if tag == "img": self.images += 1
        if tag == "script": self.scripts += 1
        self.stack.append(tag)
    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag: pass
    def handle_data(self, data): self.text.append(data)
    table = ""

def parse(path):
    dom = DOM(); dom.feed(open(path, encoding="utf-8").read()); dom.text = "".join(dom.text); return dom

failures = []
index = parse(index_dom)
expected_rows = min(len(clusters), 5000)
if index.ring_rows != expected_rows: failures.append(f"ring table has {index.ring_rows} rows, expected {expected_rows}")
if index.pwned: failures.append("a script from the leads ran in report.html")
if index.scripts != 1: failures.append(f"report.html has {index.scripts} script elements, expected only its own sorter")
if clusters:
    ring = parse(ring_dom)
    if ring.svg < 1 or ring.svg_nodes < 2: failures.append("the first ring's page has no inline SVG diagram")
    if ring.pwned: failures.append("a script from the leads ran in the ring page")
    if ring.images: failures.append("the ring page grew an <img> element from the leads")
    if ring.scripts: failures.append("the ring page has a script element")
    hostile = [s for s in stores if "<" in s and ring.text.find(s) >= 0]
    markup = [s for s in stores if "<script" in s or "<img" in s]
    if markup and not hostile: failures.append("no hostile store name is shown as text on the ring page")
for failure in failures: print("browser-check: FAIL " + failure, file=sys.stderr)
print(f"browser-check: ring table rows {index.ring_rows}, hostile names shown as text: "
      f"{'yes' if clusters and not failures else 'no'}", file=sys.stderr)
sys.exit(1 if failures else 0)
PY
echo "$shot"
