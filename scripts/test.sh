#!/usr/bin/env bash
# The whole test run, from a fresh clone on a Debian machine (root): node modules, lint, a stale-bundle check, the
# real stack (scripts/stack.sh), unit tests, then the end-to-end tests twice: with the action on Node 24, the
# runtime action.yml declares, and on the machine's node (20). Jest itself runs on the machine's node both times.
# Ends with one line for every run, `N passed, N failed`, and fails when the tests left the tree dirty.
set -euo pipefail
cd "$(dirname "$0")/.."
# outside the tree, so a fresh clone stays clean, and kept between runs
NODE24_DIR=${NODE24_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/buildx-multiarch/node24}

die() { printf 'test.sh: ERROR: %s\n' "$*" >&2; exit 1; }

# Sets NODE24 to a Node 24 binary: the npm registry ships each release as a package with the binary inside.
install_node24() {
  local arch version
  case $(uname -m) in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) die "no node-linux package for $(uname -m)" ;; esac
  NODE24=$NODE24_DIR/node_modules/node-linux-$arch/bin/node
  version=$("$NODE24" --version 2>/dev/null || true)
  if [[ $version != v24.* ]]; then
    echo "installing Node 24 (npm package node-linux-$arch@24) into $NODE24_DIR"
    rm -rf "$NODE24_DIR"; mkdir -p "$NODE24_DIR"
    if ! npm install --prefix "$NODE24_DIR" --no-save --no-package-lock --no-audit --no-fund "node-linux-$arch@24" \
         >"$NODE24_DIR/install.log" 2>&1; then
      tail -n 20 "$NODE24_DIR/install.log" >&2; die "installing node-linux-$arch@24 failed"
    fi
    version=$("$NODE24" --version 2>&1) || die "$NODE24 does not run: $version"
  fi
  [[ $version == v24.* ]] || die "$NODE24 reports $version, not v24"
  echo "Node 24 for the action: $NODE24 ($version)"
}

# npm ci: the lock is installed exactly as committed (it lists every platform's optional bindings), so a fresh clone stays clean
if ! npm ls --depth=0 >/dev/null 2>&1; then npm ci --no-audit --no-fund; fi
npm run lint
npm run check-dist
bash scripts/stack.sh
install_node24
SYSTEM_MAJOR=$(node -p 'process.versions.node.split(".")[0]')

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
jest() { NODE_OPTIONS=--experimental-vm-modules npx jest "$@" || status=$?; }
jest --selectProjects unit --json --outputFile "$results/unit.json"
# ACTION_NODE is the binary scripts/runner.mjs runs the action with; the harness checks every run really ran on
# ACTION_NODE_MAJOR, so a run that silently fell back to jest's own node fails
echo "== end-to-end tests, the action on Node 24"
ACTION_NODE=$NODE24 ACTION_NODE_MAJOR=24 jest --selectProjects e2e --runInBand --json --outputFile "$results/e2e-node24.json"
echo "== end-to-end tests, the action on Node $SYSTEM_MAJOR ($(command -v node))"
ACTION_NODE=$(command -v node) ACTION_NODE_MAJOR=$SYSTEM_MAJOR \
  jest --selectProjects e2e --runInBand --json --outputFile "$results/e2e-node$SYSTEM_MAJOR.json"

# Neither the tests nor the tools they run may leave files in the tree (a fresh clone must stay clean).
dirty=$(git status --porcelain --untracked-files=all)
if [ -n "$dirty" ]; then
  printf 'test.sh: the tree is not clean after the tests:\n%s\n' "$dirty" >&2
  status=1
fi

# one closing line for every jest run, in the plain form CI reads
node -e '
  let passed = 0, failed = 0, total = 0;
  for (const f of process.argv.slice(1)) {
    // a file that could not even load counts as a failure: it has no failed tests of its own
    try { const r = require(f); passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites; total += r.numTotalTests; }
    catch { failed += 1; console.error(`no results in ${f}`); }
  }
  if (total === 0) { console.error("no test ran"); failed += 1; }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
' "$results/unit.json" "$results/e2e-node24.json" "$results/e2e-node$SYSTEM_MAJOR.json" || status=1
exit $status
