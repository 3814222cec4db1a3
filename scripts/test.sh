#!/usr/bin/env bash
# Every test, from a fresh clone: installs what is missing, builds, type-checks,
# then runs the Node and Chromium suites.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh" --browser
export PATH="$ROOT/.tools/bin:$PATH"
cd "$ROOT"
pnpm test
