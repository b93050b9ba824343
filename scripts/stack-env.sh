#!/usr/bin/env bash
# The e2e stack's settings (written by scripts/stack.sh to /var/lib/buildx-multiarch-stack/env):
#   . scripts/stack-env.sh              # sourced: exports STACK_REGISTRY, STACK_USERNAME, STACK_PASSWORD, STACK_BASE_IMAGE
#   scripts/stack-env.sh npm test       # runs a command with them in its environment
#   scripts/stack-env.sh                # prints them as export lines (the password included)
STACK_ENV_FILE=${STACK_ENV_FILE:-/var/lib/buildx-multiarch-stack/env}
if [ ! -r "$STACK_ENV_FILE" ]; then
  echo "stack-env.sh: $STACK_ENV_FILE is missing or unreadable: run scripts/stack.sh (as root) first" >&2
  return 1 2>/dev/null || exit 1
fi
set -a
# shellcheck disable=SC1090
. "$STACK_ENV_FILE"
set +a
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  if [ $# -gt 0 ]; then exec "$@"; fi
  for v in STACK_REGISTRY STACK_USERNAME STACK_PASSWORD STACK_BASE_IMAGE; do printf 'export %s=%q\n' "$v" "${!v}"; done
fi
