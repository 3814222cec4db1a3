#!/usr/bin/env bash
# Compares the public API of every package's entry points (built .d.ts) with the reports in
# api-report/. `--local` rewrites the reports instead: commit them with the change that altered the API.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
for config in "$ROOT"/packages/*/api-extractor*.json; do
  dir="$(dirname "$config")"
  label="$(basename "$dir")/$(basename "$config")"
  if ! out="$(cd "$dir" && "$ROOT/node_modules/.bin/api-extractor" run --config "$(basename "$config")" ${1:-} 2>&1)"; then
    echo "$out"
    echo "The public API changed: run \`bash scripts/api-report.sh --local\` and commit api-report/."
    exit 1
  fi
  echo "$label: API report up to date"
done
