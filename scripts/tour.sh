#!/usr/bin/env bash
# The SDK tour against the embedded REDCap simulator (or a real server when
# REDCAP_URL and REDCAP_TOKEN are set; add --write to let it change data).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh" >&2
export PATH="$ROOT/.tools/bin:$PATH"
cd "$ROOT"
pnpm --silent build >&2
node examples/tour.ts "$@"
