# Sourced by scripts/stack.sh and scripts/buildkit-image.sh: the machine's Debian mirror, an `apt-get update` that
# survives a mirror in the middle of a sync, and a private apt configuration (its own lists, cache and
# architectures) that downloads packages without touching the machine's dpkg database or sources.
# The caller sources log-helpers.sh first (die).

# The first URI of a source that serves the machine's own release, deb822 (*.sources) or one-line format.
debian_mirror() {
  local codename m=
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # deb822 stanzas are separated by blank lines; a stanza counts when it has Types: deb and Suites: <codename>
    m=$(awk -v c="$codename" '
          function flush() { if (ok && deb && uri != "") { print uri; found = 1; exit } uri = ""; ok = 0; deb = 0 }
          /^[[:space:]]*$/        { flush(); next }
          tolower($1) == "uris:"   { uri = $2 }
          tolower($1) == "types:"  { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
          tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == c) ok = 1 }
          END { if (!found) flush() }' "$f")
    [ -n "$m" ] && break
  done
  if [ -z "$m" ]; then
    m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | sed 's/\[[^]]*\]//' \
          | awk -v c="$codename" '!found && $1 == "deb" && $3 == c { print $2; found = 1 }')  # reads to the end: no SIGPIPE upstream
  fi
  [ -n "$m" ] || die "no Debian mirror serving '$codename' found in /etc/apt/sources.list{,.d/*}"
  echo "${m%/}"
}

# apt_update LOG [apt-get options...]: five tries, the log's error lines on the way, its tail at the end.
apt_update() {
  local log=$1 i; shift
  for i in 1 2 3 4 5; do
    if apt-get "$@" -o APT::Update::Error-Mode=any update -qq >"$log" 2>&1; then return 0; fi
    echo "  apt-get update failed (try $i/5): $(grep -m 1 -E '^(E|W):' "$log")" >&2
    [ "$i" = 5 ] || sleep $(( i * 5 ))
  done
  echo "--- last lines of $log:" >&2; tail -n 20 "$log" >&2
  die "apt-get update failed 5 times"
}

# private_apt DIR ARCH... : apt state under DIR for the architectures given (the first is the native one), sources
# from DIR/sources.list (the caller writes it). Sets the array APT of apt-get options.
private_apt() {
  local dir=$1 arch; shift
  mkdir -p "$dir"/{lists/partial,cache/archives/partial,parts,prefs.d}
  : >"$dir/status"
  APT=(-o Dir::Etc::sourcelist="$dir/sources.list" -o Dir::Etc::sourceparts="$dir/parts"
       -o Dir::State::Lists="$dir/lists" -o Dir::State::status="$dir/status" -o Dir::Cache="$dir/cache"
       -o Dir::Etc::preferences=/dev/null -o Dir::Etc::preferencesparts="$dir/prefs.d"
       -o APT::Sandbox::User=root -o Acquire::Languages=none -o APT::Architecture="$1")
  for arch in "$@"; do APT+=(-o APT::Architectures::="$arch"); done
}
