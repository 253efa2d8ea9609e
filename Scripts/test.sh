#!/usr/bin/env bash
# Installs what the tests need (Chromium included, for the report's browser test), then runs
# the whole test suite, replays the fuzzers' corpus (Fuzz/corpus: every input that ever
# found a bug, and what coverage found) and kills analyze at random moments (Scripts/kill-test.sh).
# PIRACY_TRACE_WITH_BROWSER=0 skips installing Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
PIRACY_TRACE_WITH_BROWSER="${PIRACY_TRACE_WITH_BROWSER:-1}" bash Scripts/setup.sh
swift build --build-tests
swift test --skip-build "$@"
.build/debug/piracy-trace-fuzz Fuzz/corpus
LEADS=20000 KILLS=10 bash Scripts/kill-test.sh .build/debug/piracy-trace
