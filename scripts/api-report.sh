#!/usr/bin/env bash
# Compares the public API of core's entry points (built .d.ts) with the reports in api-report/.
# `--local` rewrites the reports instead: commit them with the change that altered the API.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../packages/core"
for config in api-extractor.json api-extractor.methods.json; do
  if ! out="$(../../node_modules/.bin/api-extractor run --config "$config" ${1:-} 2>&1)"; then
    echo "$out"
    echo "The public API changed: run \`bash scripts/api-report.sh --local\` and commit api-report/."
    exit 1
  fi
  echo "$config: API report up to date"
done
