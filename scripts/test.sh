#!/usr/bin/env bash
# The whole test run, from a fresh clone on a Debian machine: node modules, lint, a stale-bundle check, the real
# stack (scripts/stack.sh: Docker + buildx + QEMU + registry), unit tests, end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# npm ci: the lock is installed exactly as committed (it lists every platform's optional bindings), so a fresh clone stays clean
if ! npm ls --depth=0 >/dev/null 2>&1; then npm ci --no-audit --no-fund; fi
npm run lint
npm run check-dist
bash scripts/stack.sh

results=$(mktemp -d)
status=0
NODE_OPTIONS=--experimental-vm-modules npx jest --selectProjects unit --json --outputFile "$results/unit.json" || status=$?
NODE_OPTIONS=--experimental-vm-modules npx jest --selectProjects e2e --runInBand --json --outputFile "$results/e2e.json" || status=$?

# one closing line for both jest runs, in the plain form CI reads
node -e '
  let passed = 0, failed = 0, total = 0;
  for (const f of process.argv.slice(1)) {
    try { const r = require(f); passed += r.numPassedTests; failed += r.numFailedTests; total += r.numTotalTests; }
    catch { failed += 1; console.error(`no results in ${f}`); }
  }
  if (total === 0) { console.error("no test ran"); failed += 1; }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
' "$results/unit.json" "$results/e2e.json" || status=1
rm -rf "$results"
exit $status
