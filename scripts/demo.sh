#!/usr/bin/env bash
# `npm run demo`: on a fresh Debian machine, sets up everything (node modules, the stack of scripts/stack.sh) and
# runs the action for real: a 3-platform image pushed to the local registry, then the registry's view of it.
set -euo pipefail
cd "$(dirname "$0")/.."
# npm ci: the lock is installed exactly as committed (it lists every platform's optional bindings), so a fresh clone stays clean
if ! npm ls --depth=0 >/dev/null 2>&1; then npm ci --no-audit --no-fund; fi
bash scripts/stack.sh
node scripts/demo.mjs
