#!/usr/bin/env bash
# The whole test run, from a fresh clone on a Debian machine (root): node modules, lint, a stale-bundle check, the
# real stack (scripts/stack.sh), the other tools the tests spawn, unit tests, then the end-to-end tests once, with
# the action on Node 24, the runtime action.yml declares (GitHub's runners have no Node 20 since 2026-09-16). Jest
# itself runs on the machine's node (20 or later). Ends with one line for every run, `N passed, N failed`, and fails
# when the tests left the tree dirty.
set -euo pipefail
cd "$(dirname "$0")/.."
# outside the tree, so a fresh clone stays clean, and kept between runs
CACHE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/buildx-multiarch
NODE24_DIR=${NODE24_DIR:-$CACHE_DIR/node24}

SCRIPT_NAME=test.sh
LOG_DIR=$CACHE_DIR/logs
. scripts/log-helpers.sh
. scripts/debian-apt.sh

# What the tests spawn besides node and what scripts/stack.sh installs (docker, docker-registry, htpasswd, curl,
# jq), as command:Debian package. A minimal bookworm lacks openssh-client (peer-inputs' ssh-keygen, ssh-agent,
# ssh-add) and may lack openssl (distribution.ts's certificates); git-http-backend is git's (git-server.ts).
TEST_TOOLS=(ssh-keygen:openssh-client ssh-agent:openssh-client ssh-add:openssh-client openssl:openssl
            git:git /usr/lib/git-core/git-http-backend:git unshare:util-linux mount:mount)
STACK_TOOLS=(docker docker-registry htpasswd curl jq)

have() { [[ $1 == /* ]] && [ -x "$1" ] || command -v "$1" >/dev/null; }

# Installs the Debian packages of the TEST_TOOLS that are missing; only those go to apt.
install_test_tools() {
  local entry want=()
  for entry in "${TEST_TOOLS[@]}"; do
    have "${entry%%:*}" || [[ " ${want[*]} " == *" ${entry#*:} "* ]] || want+=("${entry#*:}")
  done
  [ ${#want[@]} = 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "the tests need ${want[*]}: run as root, or apt-get install -y ${want[*]}"
  mkdir -p "$LOG_DIR"
  step "apt-get install ${want[*]} (tools the tests spawn)"
  apt_update "$LOG_DIR/apt-update.log"
  logged apt-install env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${want[@]}"
  for entry in "${TEST_TOOLS[@]}"; do have "${entry%%:*}" || die "${entry%%:*} is still missing after installing ${entry#*:}"; done
}

# The stack's tools are scripts/stack.sh's to install; a missing one would fail tests one by one, far from here.
check_stack_tools() {
  local tool
  for tool in "${STACK_TOOLS[@]}"; do have "$tool" || die "$tool is missing after scripts/stack.sh"; done
}

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
check_stack_tools
install_test_tools
install_node24

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
jest() { NODE_OPTIONS=--experimental-vm-modules npx jest "$@" || status=$?; }
jest --selectProjects unit --json --outputFile "$results/unit.json"
# ACTION_NODE is the binary scripts/runner.mjs runs the action with; the harness checks every run really ran on
# ACTION_NODE_MAJOR, so a run that silently fell back to jest's own node fails
echo "== end-to-end tests, the action on Node 24"
ACTION_NODE=$NODE24 ACTION_NODE_MAJOR=24 jest --selectProjects e2e --runInBand --json --outputFile "$results/e2e-node24.json"

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
' "$results/unit.json" "$results/e2e-node24.json" || status=1
exit $status
