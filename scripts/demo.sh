#!/usr/bin/env bash
# `npm run demo`: on a fresh Debian machine, sets up everything (node modules, the stack of scripts/stack.sh) and
# runs the action for real: a 3-platform image pushed to the local registry, then the registry's view of it.
set -euo pipefail
cd "$(dirname "$0")/.."
# npm install, not npm ci: npm 11 writes locks without the other platforms' optional bindings (jest's unrs-resolver),
# which npm ci then calls out of sync; install still takes the locked versions
if ! npm ls --depth=0 >/dev/null 2>&1; then npm install --no-audit --no-fund; fi
bash scripts/stack.sh
node scripts/demo.mjs
