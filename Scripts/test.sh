#!/usr/bin/env bash
# Installs what the tests need (Chromium included, for the report's browser test), then runs
# the whole test suite. PIRACY_TRACE_WITH_BROWSER=0 skips installing Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
PIRACY_TRACE_WITH_BROWSER="${PIRACY_TRACE_WITH_BROWSER:-1}" bash Scripts/setup.sh
swift build --build-tests
swift test --skip-build "$@"
