#!/usr/bin/env bash
# Kills `analyze` with SIGKILL at random moments and checks the output folder each time: it
# must hold the earlier result or the new one, whole, byte for byte; never a mix, never
# half a file. Runs alternate between two settings (--diagrams 5 and 15), so "old" and
# "new" differ in files and bytes.
#
#   Scripts/kill-test.sh [BINARY]       (KILLS=20 LEADS=200000 SEED=5 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/release/piracy-trace}
kills=${KILLS:-20}; leads=${LEADS:-200000}; seed=${SEED:-5}
work=$(mktemp -d /tmp/piracy-trace-kill.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$bin" synth --leads "$leads" --seed "$seed" --out "$work/world" >/dev/null
inputs=$(find "$work/world" -maxdepth 1 \( -name '*.csv' -o -name '*.tsv' -o -name '*.jsonl' -o -name '*.xlsx' -o -name '*.txt' \) | sort)
out="$work/out"
settings=("--diagrams 5" "--diagrams 15")
# Every file of the folder with its SHA-256, hidden files included, in a stable order.
listing() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
run() { # setting index
  # shellcheck disable=SC2086
  "$bin" analyze $inputs --out "$out" ${settings[$1]} >/dev/null 2>&1
}
start=$(date +%s.%N)
run 1; listing "$out" > "$work/expected-1"
end=$(date +%s.%N)
run 0; listing "$out" > "$work/expected-0"
duration=$(awk "BEGIN { print $end - $start }")
cmp -s "$work/expected-0" "$work/expected-1" && { echo "the two settings give the same files" >&2; exit 1; }
echo "one run: ${duration}s; killing $kills runs at random moments within it"
failures=0; old=0; new=0
current=0
for i in $(seq 1 "$kills"); do
  next=$((1 - current))
  # shellcheck disable=SC2086
  "$bin" analyze $inputs --out "$out" ${settings[$next]} >/dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v seed="$((seed * 1000 + i))" -v d="$duration" 'BEGIN { srand(seed); printf "%.3f", 0.05 + rand() * (d * 1.1 - 0.05) }')"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  listing "$out" > "$work/found"
  if cmp -s "$work/found" "$work/expected-$current"; then
    old=$((old + 1)); state=old
  elif cmp -s "$work/found" "$work/expected-$next"; then
    new=$((new + 1)); state=new; current=$next
  else
    failures=$((failures + 1)); state=MIXED
    diff "$work/expected-$current" "$work/found" | head -5 >&2 || true
  fi
  echo "kill $i: folder holds the $state result"
done
# A run after the kills clears what they left beside the folder.
run "$current"
leftovers=$(find "$work" -maxdepth 1 -name '.out.*' ! -name '.out.piracy-trace-lock' | wc -l)
echo "old $old, new $new, mixed $failures; leftovers after the next run: $leftovers"
[ "$failures" -eq 0 ] && [ "$leftovers" -eq 0 ]
