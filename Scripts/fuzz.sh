#!/usr/bin/env bash
# Runs one coverage-guided fuzzer (libFuzzer) for a while: Scripts/fuzz.sh TARGET [SECONDS]
# TARGET is sheet (CSV/TSV/JSON Lines readers), xlsx (the workbook reader) or label (DOT
# labels through Graphviz). The corpus grows in Fuzz/corpus/TARGET (commit what it adds that
# is small); a crash is written to Fuzz/findings/ and becomes a test and a corpus file.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: Scripts/fuzz.sh sheet|xlsx|label [SECONDS]}
seconds=${2:-1800}
swift build -c release --product piracy-trace-fuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING >&2
mkdir -p Fuzz/findings "/tmp/piracy-trace-fuzz-corpus/$target"
# New inputs go to a scratch corpus; the repository's is only read (merge by hand).
FUZZ_TARGET=$target .build-fuzz/release/piracy-trace-fuzz "/tmp/piracy-trace-fuzz-corpus/$target" "Fuzz/corpus/$target" \
  -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=262144 \
  -artifact_prefix="Fuzz/findings/$target-" -print_final_stats=1
