# Sourced by scripts/stack.sh and scripts/buildkit-image.sh: their progress lines, their one-line errors, and a
# way to run a noisy command with its output kept in a log file. The caller sets SCRIPT_NAME and LOG_DIR.
T0=$(date +%s)
step() { printf '[%4ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
die() { printf '%s: ERROR: %s\n' "$SCRIPT_NAME" "$*" >&2; exit 1; }
# logged NAME CMD...: the command's output goes to $LOG_DIR/NAME.log; a failure shows the log's tail and stops
logged() {
  local name=$1; shift
  if ! "$@" >"$LOG_DIR/$name.log" 2>&1; then
    echo "--- last lines of $LOG_DIR/$name.log:" >&2; tail -n 30 "$LOG_DIR/$name.log" >&2
    die "$name failed: $*"
  fi
}
