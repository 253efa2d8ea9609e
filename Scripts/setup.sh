#!/usr/bin/env bash
# Installs the system libraries and fonts piracy-trace needs. Idempotent: installs only what is missing.
set -euo pipefail

# zlib1g-dev: ZIPFoundation's zlib module, which `ZipWriter` (synth's workbooks) also uses.
packages=(libgraphviz-dev libigraph-dev zlib1g-dev pkg-config fonts-wqy-microhei)
# Optional extras, requested through the environment (the browser test and PNG checks use them).
if [[ "${PIRACY_TRACE_WITH_BROWSER:-0}" == "1" ]]; then packages+=(chromium); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup: all system packages present (${packages[*]})" >&2
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
# Graphviz registers its plugins on install; make sure the config exists for in-process rendering.
if command -v dot >/dev/null 2>&1; then $SUDO dot -c || true; fi
echo "setup: done" >&2
