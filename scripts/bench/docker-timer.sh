#!/bin/bash
# Put first on PATH as `docker` in the diagnostic runs: logs each docker command the action spawns with its start
# and end (epoch seconds), exit code, wall and user+sys (bash `time`, the command's whole tree), then its arguments.
start=$EPOCHREALTIME
TIMEFORMAT="%3R %3U %3S"
{ time "$BENCH_REAL_DOCKER" "$@" 2>&3 3>&-; } 3>&2 2>"$BENCH_DOCKER_LOG.$$"
rc=$?
printf '%s %s %s %s %s\n' "$start" "$EPOCHREALTIME" "$rc" "$(<"$BENCH_DOCKER_LOG.$$")" "$*" >> "$BENCH_DOCKER_LOG"
rm -f "$BENCH_DOCKER_LOG.$$"
exit $rc
