#!/usr/bin/env bash
# Fails when dist/ is not what the sources build to: the bundle is what runners execute, and it is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build >/dev/null
if ! git diff --quiet -- dist || [ -n "$(git ls-files --others --exclude-standard -- dist)" ]; then
  echo "dist/ is stale: run 'npm run build' and commit dist/ with the source change" >&2
  git --no-pager diff --stat -- dist >&2
  git ls-files --others --exclude-standard -- dist >&2
  exit 1
fi
echo "dist/ is current"
