#!/usr/bin/env bash
# Installs what the project needs on a fresh machine: Node 24 and pnpm into .tools/
# and Node 22 into .tools/node22/ (the oldest supported Node, for the smoke test of the
# built packages), all from the npm registry; Chromium from Debian when --browser is
# given; PHP from Debian (for the External Module kit's tests); tmux from Debian (the CLI's terminal test); and the workspace's dependencies (Deno and Bun among them, from npm).
# Safe to run again: each step is skipped when done.
set -euo pipefail
NODE_VERSION=24.21.0
PNPM_VERSION=12.4.2
NODE22_VERSION=22.23.3
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"

if [ "$("$TOOLS/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ] || [ "$("$TOOLS/bin/pnpm" --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "bootstrap: installing Node $NODE_VERSION and pnpm $PNPM_VERSION into .tools/"
  npm install -g --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "node@$NODE_VERSION" "pnpm@$PNPM_VERSION"
fi
export PATH="$TOOLS/bin:$PATH"

if [ "$("$TOOLS/node22/bin/node" --version 2>/dev/null)" != "v$NODE22_VERSION" ]; then
  echo "bootstrap: installing Node $NODE22_VERSION into .tools/node22/"
  npm install -g --prefix "$TOOLS/node22" --no-audit --no-fund --loglevel=error "node@$NODE22_VERSION"
fi

if [ "${1:-}" = "--browser" ] && [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "bootstrap: installing Chromium from Debian"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# PHP runs the External Module kit's server side in its tests (php -S); Debian's packages.
if ! php -r 'exit(function_exists("curl_init") && function_exists("mb_check_encoding") ? 0 : 1);' 2>/dev/null; then
  echo "bootstrap: installing PHP (cli, curl, xml, mbstring) from Debian"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq php-cli php-curl php-xml php-mbstring >/dev/null
fi

# tmux gives the CLI's progress test a real pseudo-terminal (packages/cli/test/progress-tty.test.ts); Debian's package.
if ! command -v tmux >/dev/null 2>&1; then
  echo "bootstrap: installing tmux from Debian"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq tmux >/dev/null
fi

cd "$ROOT"
pnpm install --frozen-lockfile --reporter=silent
echo "bootstrap: node $(node --version), pnpm $(pnpm --version)"
