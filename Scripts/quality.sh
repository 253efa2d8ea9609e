#!/usr/bin/env bash
# Ring and source quality over several families of lead worlds, at 20k and 200k leads: one
# table of ARI, pair F1, source first, source in top 3 (per planted ring, in every family:
# its source among the first candidates of the found ring most of its stores are in), rejects
# (recall / precision) and the wall time and peak RSS of `analyze`.
#
# Families:
#   synth         `piracy-trace synth` as before hazards (scored by Scripts/quality.py)
#   synth-hazards `synth --hazards`: bridge stores, shared trade names, dropshipping fronts,
#                 printers feeding several rings, phones that change, renamed stores
#   A             the outside generator in ../shared/eval (gen_world.py, scored by its own
#                 score.py, both run from there, never copied here)
# A change that gains on one row and loses on another has learned a generator, not the job.
#
# Usage: Scripts/quality.sh [SEED...]   (default seeds 101 202 303, never used for tuning)
#   QUALITY_SIZES="20000 200000"  sizes        QUALITY_METHOD=rings  analyze --method
#   QUALITY_FAMILIES="synth synth-hazards A"
#   QUALITY_BIN=PATH  analyze with another build (a reference run in the same session, say the
#                     release binary of an earlier commit); worlds are still made by this one
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=("${@:-101 202 303}")
read -r -a seeds <<< "${seeds[*]}"
read -r -a sizes <<< "${QUALITY_SIZES:-20000 200000}"
read -r -a families <<< "${QUALITY_FAMILIES:-synth synth-hazards A}"
method="${QUALITY_METHOD:-}"
eval_dir="../shared/eval"
bash Scripts/setup.sh
swift build -c release --product piracy-trace >&2
bin="$(swift build -c release --show-bin-path)/piracy-trace"
analyze_bin="${QUALITY_BIN:-$bin}"
method_flag=()
[[ -n "${QUALITY_METHOD:-}" ]] && method_flag=(--method "$method")
venv=""
if [[ " ${families[*]} " == *" A "* ]]; then
  [[ -d "$eval_dir" ]] || { echo "quality.sh: $eval_dir is missing (family A needs it)" >&2; exit 2; }
  venv="$(bash "$eval_dir/setup.sh")"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

printf '| family | leads | seed | ARI | pair F1 | source first | top 3 | rejects R / P | analyze s | peak MB |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n'
for family in "${families[@]}"; do
  for leads in "${sizes[@]}"; do
    for seed in "${seeds[@]}"; do
      world="$work/$family-$leads-$seed"
      out="$world.out"
      case "$family" in
        synth) "$bin" synth --leads "$leads" --seed "$seed" --out "$world" > /dev/null; inputs=("$world"/synth-0*) ;;
        synth-hazards) "$bin" synth --hazards --leads "$leads" --seed "$seed" --out "$world" > /dev/null; inputs=("$world"/synth-0*) ;;
        A) (cd "$eval_dir" && "$venv/bin/python" gen_world.py --seed "$seed" --leads "$leads" --out "$world" > /dev/null)
           inputs=("$world"/*.csv) ;;
        *) echo "quality.sh: unknown family $family" >&2; exit 2 ;;
      esac
      /usr/bin/time -f '%e %M' -o "$world.time" "$analyze_bin" analyze "${inputs[@]}" --out "$out" "${method_flag[@]}" > /dev/null 2>&1
      read -r seconds kilobytes < "$world.time"
      if [[ "$family" == A ]]; then
        line="$(cd "$eval_dir" && "$venv/bin/python" score.py "$world" "$out" | tail -1)"
        scores="$(python3 - "$line" <<'EOF'
import sys
f = dict(part.split("=") for part in sys.argv[1].split())
print("| %s | %s | %s | %s | %s / %s |" % (f["ARI"], f["pairF1"], f["up@1"], f["up@3"], f["rejR"], f["rejP"]))
EOF
)"
      else
        scores="$(python3 Scripts/quality.py "$world/truth.json" "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("| %.4f | %.4f | %.4f | %.4f | %s / %s |" % (d["ari"], d["f1"], d["top1_planted"], d["top3_planted"], d.get("reject_recall", "-"), d.get("reject_precision", "-")))')"
      fi
      printf '| %s | %s | %s %s %s | %s |\n' "$family" "$leads" "$seed" "$scores" "$seconds" "$((kilobytes / 1024))"
      rm -rf "$world" "$out"
    done
  done
done
