#!/usr/bin/env bash
# Provisions the end-to-end test stack for buildx-multiarch on a Debian bookworm machine (root, no systemd, no
# Docker Hub): Docker Engine 28 + buildx 0.29 from sid (pinned low), dockerd with the containerd image store,
# a local registry with htpasswd auth on 127.0.0.1:5000, and a multi-arch busybox base image in it.
# Idempotent: whatever is installed/running already is reused; a second run takes a few seconds.
#
#   sudo scripts/stack.sh            # then: . /var/lib/buildx-multiarch-stack/env  (or scripts/stack-env.sh)
#
# Logs: /var/log/dockerd.log, /var/lib/buildx-multiarch-stack/{registry.log,logs/*}
#
# binfmt_misc facts, observed on this machine (Debian bookworm, qemu-user-static 1:7.2+dfsg-7+deb12u18+b3,
# binfmt-support 2.2.2-2, kernel 6.18, a VM that `systemd-detect-virt --container` reports as "docker"):
#  * Installing qemu-user-static + binfmt-support (one apt run, binfmt_misc not mounted) registers NOTHING in the
#    kernel. qemu-user-static's postinst skips `update-binfmts --import` when systemd-detect-virt says container;
#    binfmt-support's postinst (configured after qemu-user-static was unpacked) runs `update-binfmts --import`,
#    which put every qemu-* format into its database (/var/lib/binfmts/qemu-*) but left them "disabled".
#    (Per the postinst code, were binfmt-support configured in an earlier apt run, the qemu formats would not be in
#    the database either, and `update-binfmts --enable qemu-aarch64` would fail like it does for an unknown name:
#    "warning: qemu-xyz not in database of installed binary formats", exit 2.)
#  * Register by hand (binfmt_misc mounted):
#      update-binfmts --enable qemu-aarch64; update-binfmts --enable qemu-arm        (needs the database entry)
#      update-binfmts --import qemu-aarch64   (imports /usr/share/binfmts/qemu-aarch64 if needed AND enables; rc 0)
#      or raw: cat /usr/lib/binfmt.d/qemu-aarch64.conf > /proc/sys/fs/binfmt_misc/register
#  * /proc/sys/fs/binfmt_misc/qemu-aarch64 once registered by update-binfmts:
#      enabled / interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P / flags: PF / offset 0 / magic ... / mask ...
#    F (fix-binary: the kernel opens the interpreter at registration, so it runs inside containers that have no
#    qemu) comes from `fix_binary yes` in Debian's format files; P = preserve-argv0. The raw binfmt.d line gives
#    "flags: POF" (O = open-binary). qemu-arm: same, interpreter /usr/libexec/qemu-binfmt/arm-binfmt-P, flags: PF.
#  * Unregister: echo -1 > /proc/sys/fs/binfmt_misc/qemu-aarch64 (entry disappears), or
#    update-binfmts --disable qemu-aarch64 (same effect, rc 0 even when not registered). echo 0 > ... only marks
#    it "disabled" (the file stays); echo -1 > /proc/sys/fs/binfmt_misc/status removes every entry.
# This script mounts binfmt_misc but leaves the registrations as they are: the action under test registers them.
set -euo pipefail

STATE=/var/lib/buildx-multiarch-stack
REGISTRY=127.0.0.1:5000
USERNAME=e2e
BASE_IMAGE=$REGISTRY/base/busybox:1
BUILDKIT_IMAGE=moby/buildkit:buildx-stable-1
DOCKERD_LOG=/var/log/dockerd.log
SID_PKGS=(docker.io docker-cli docker-buildx containerd tini-static)
MAIN_PKGS=(qemu-user-static binfmt-support docker-registry apache2-utils curl jq ca-certificates iptables xz-utils
           python3)
INDEX_TYPES='application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json'

T0=$(date +%s)
step() { printf '[%4ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
die() { printf 'stack.sh: ERROR: %s\n' "$*" >&2; exit 1; }
# run a noisy command with its output in $STATE/logs/NAME.log; on failure show the log's tail and stop
quiet() {
  local name=$1; shift
  if ! "$@" >"$STATE/logs/$name.log" 2>&1; then
    echo "--- last lines of $STATE/logs/$name.log:" >&2; tail -n 30 "$STATE/logs/$name.log" >&2
    die "$name failed: $*"
  fi
}

[ "$(id -u)" = 0 ] || die "must run as root"
mkdir -p "$STATE/logs" "$STATE/registry"
chmod 700 "$STATE"
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# ------------------------------------------------------------------------------------------------ apt helpers
. /etc/os-release
CODENAME=${VERSION_CODENAME:-bookworm}
# The machine's Debian mirror: the first URI of a source that serves "$CODENAME" (deb822 or one-line format).
mirror() {
  local m
  m=$(for f in /etc/apt/sources.list.d/*.sources; do [ -f "$f" ] && cat "$f"; echo; done 2>/dev/null | awk -v c="$CODENAME" '
        /^[[:space:]]*$/ { if (ok && uri != "" && deb) { print uri; exit } uri=""; ok=0; deb=0; next }
        tolower($1) == "uris:"   { uri=$2 }
        tolower($1) == "types:"  { for (i = 2; i <= NF; i++) if ($i == "deb") deb=1 }
        tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == c) ok=1 }
        END { if (ok && uri != "" && deb) print uri }' | head -n 1)
  if [ -z "$m" ]; then
    m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | sed 's/\[[^]]*\]//' | awk -v c="$CODENAME" '
          $1 == "deb" && $3 == c { print $2; exit }')
  fi
  [ -n "$m" ] || die "no Debian mirror serving '$CODENAME' found in /etc/apt/sources.list{,.d/*}"
  echo "${m%/}"
}
apt_update() {  # a mirror in the middle of a sync fails an index now and then: retry
  local i
  for i in 1 2 3 4 5; do
    if apt-get "$@" -o APT::Update::Error-Mode=any update -qq >"$STATE/logs/apt-update.log" 2>&1; then return 0; fi
    echo "  apt-get update failed (try $i/5): $(grep -E '^(E|W):' "$STATE/logs/apt-update.log" | head -n 1)" >&2
    [ $i = 5 ] || sleep $(( i * 5 ))
  done
  tail -n 20 "$STATE/logs/apt-update.log" >&2
  die "apt-get update failed 5 times"
}
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed'; }
version_of() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null; }

# ------------------------------------------------------------------------------------------------ 1. packages
step "packages"
# only what is missing (or too old) goes to apt: installed bookworm packages are not upgraded behind one's back
min_version() { case $1 in docker.io|docker-cli) echo 28;; docker-buildx) echo 0.29;; containerd) echo 2;; *) echo 0;; esac; }
want=()
for p in "${SID_PKGS[@]}"; do
  installed "$p" && dpkg --compare-versions "$(version_of "$p")" ge "$(min_version "$p")" || want+=("$p/sid")
done
for p in "${MAIN_PKGS[@]}"; do installed "$p" || want+=("$p"); done
if [ ${#want[@]} -gt 0 ]; then
  MIRROR=$(mirror)
  KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
  cat >/etc/apt/sources.list.d/buildx-multiarch-sid.sources <<EOF
# Debian sid for Docker Engine 28 / buildx 0.29 (scripts/stack.sh); pinned low in preferences.d
Types: deb
URIs: $MIRROR
Suites: sid
Components: main
Signed-By: $KEYRING
EOF
  cat >/etc/apt/preferences.d/buildx-multiarch-sid <<'EOF'
# scripts/stack.sh: never take a package from sid unless asked for by name (pkg/sid)
Package: *
Pin: release n=sid
Pin-Priority: 100
EOF
  # No service may start during the install (no systemd here; an init script would start dockerd / the Debian
  # registry with their default configs): the standard policy-rc.d refusal, only if the machine has none.
  POLICY=/usr/sbin/policy-rc.d; own_policy=0
  if [ ! -e $POLICY ]; then
    printf '#!/bin/sh\nexit 101\n' >$POLICY; chmod 755 $POLICY; own_policy=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  step "apt-get update (mirror $MIRROR, + sid pinned at 100)"
  apt_update
  step "apt-get install ${want[*]}"
  export DEBIAN_FRONTEND=noninteractive
  for i in 1 2 3; do
    if apt-get install -y -q --no-install-recommends "${want[@]}" \
         >"$STATE/logs/apt-install.log" 2>&1; then break; fi
    if [ $i = 3 ]; then tail -n 30 "$STATE/logs/apt-install.log" >&2; die "apt-get install failed 3 times"; fi
    echo "  apt-get install failed (try $i/3), updating the lists again" >&2; sleep 5; apt_update
  done
  if [ $own_policy = 1 ]; then rm -f $POLICY; trap - EXIT; fi
else
  echo "  all installed (docker.io $(version_of docker.io), docker-buildx $(version_of docker-buildx))"
fi
command -v dockerd >/dev/null || die "dockerd not found after the install"

# ------------------------------------------------------------------------------------------------ 2. dockerd
step "dockerd (containerd image store)"
mkdir -p /etc/docker
want_json='{"features":{"containerd-snapshotter":true}}'
if [ -s /etc/docker/daemon.json ]; then
  merged=$(jq -S --argjson w "$want_json" '. * $w' /etc/docker/daemon.json) || die "/etc/docker/daemon.json is not valid JSON"
else
  merged=$(jq -S -n --argjson w "$want_json" '$w')
fi
daemon_json_changed=0
if [ "$merged" != "$(jq -S . /etc/docker/daemon.json 2>/dev/null || true)" ]; then
  printf '%s\n' "$merged" >/etc/docker/daemon.json; daemon_json_changed=1
fi
store_ok() { docker info --format '{{json .DriverStatus}}' 2>/dev/null | grep -q 'io.containerd.snapshotter.v1'; }
start_dockerd() {
  local pid i
  [ -S /var/run/docker.sock ] && ! docker info >/dev/null 2>&1 && rm -f /var/run/docker.pid  # stale leftovers
  echo "--- $(date -u +%FT%TZ) started by stack.sh" >>"$DOCKERD_LOG"
  nohup setsid dockerd </dev/null >>"$DOCKERD_LOG" 2>&1 &
  pid=$!
  for i in $(seq 60); do
    docker info >/dev/null 2>&1 && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 25 "$DOCKERD_LOG" >&2; die "dockerd exited during start-up (log: $DOCKERD_LOG)"
    fi
    sleep 1
  done
  tail -n 25 "$DOCKERD_LOG" >&2; die "dockerd did not answer 'docker info' within 60s (log: $DOCKERD_LOG)"
}
if docker info >/dev/null 2>&1; then
  if ! store_ok; then
    # running with the classic store: restart it if it is a plain (non-systemd) dockerd with a pid file
    pid=$(cat /var/run/docker.pid 2>/dev/null || true)
    [ -n "$pid" ] && [ ! -d /run/systemd/system ] \
      || die "dockerd runs without the containerd image store and is not ours to restart (daemon.json changed: $daemon_json_changed)"
    echo "  dockerd (pid $pid) runs with the classic image store: restarting it"
    kill "$pid"
    for i in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && die "dockerd (pid $pid) did not stop within 30s"
    start_dockerd
  fi
else
  start_dockerd
fi
store_ok || die "dockerd runs but 'docker info' DriverStatus lacks io.containerd.snapshotter.v1: $(docker info --format '{{json .DriverStatus}}')"
echo "  $(docker version --format 'client {{.Client.Version}}, server {{.Server.Version}}'), buildx $(docker buildx version | awk '{print $2}'), $(docker info --format '{{json .DriverStatus}}')"

# ------------------------------------------------------------------------------------------------ 3. binfmt_misc
step "binfmt_misc"
if [ ! -e /proc/sys/fs/binfmt_misc/status ]; then
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || die "cannot mount binfmt_misc on /proc/sys/fs/binfmt_misc"
fi
regs=""
for f in /proc/sys/fs/binfmt_misc/*; do
  case ${f##*/} in register|status|'*') ;; *) regs+="${regs:+ }${f##*/}" ;; esac
done
echo "  mounted; registered: ${regs:-none} (left as is)"

# ------------------------------------------------------------------------------------------------ 4. registry
step "registry on $REGISTRY"
[ -s "$STATE/password" ] || { printf 'e2e-%s\n' "$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$STATE/password"; }
chmod 600 "$STATE/password"
PASSWORD=$(cat "$STATE/password")
if ! [ -s "$STATE/htpasswd" ] || ! htpasswd -vb "$STATE/htpasswd" "$USERNAME" "$PASSWORD" >/dev/null 2>&1; then
  htpasswd -Bbn "$USERNAME" "$PASSWORD" | sed '/^$/d' >"$STATE/htpasswd"
fi
[ -s "$STATE/http-secret" ] || head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$STATE/http-secret"
cat >"$STATE/registry.yml.new" <<EOF
# written by scripts/stack.sh
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $STATE/registry
  delete:
    enabled: true
http:
  addr: $REGISTRY
  secret: $(cat "$STATE/http-secret")
auth:
  htpasswd:
    realm: buildx-multiarch-stack
    path: $STATE/htpasswd
EOF
mv "$STATE/registry.yml.new" "$STATE/registry.yml"
http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" || true; }
code=$(http_code "http://$REGISTRY/v2/")
if [ "$code" = 000 ]; then
  echo "--- $(date -u +%FT%TZ) started by stack.sh" >>"$STATE/registry.log"
  nohup setsid docker-registry serve "$STATE/registry.yml" </dev/null >>"$STATE/registry.log" 2>&1 &
  rpid=$!
  echo $rpid >"$STATE/registry.pid"
  for i in $(seq 30); do
    code=$(http_code "http://$REGISTRY/v2/"); [ "$code" != 000 ] && break
    kill -0 $rpid 2>/dev/null || { tail -n 20 "$STATE/registry.log" >&2; die "docker-registry exited during start-up"; }
    sleep 1
  done
  [ "$code" != 000 ] || { tail -n 20 "$STATE/registry.log" >&2; die "registry did not answer on $REGISTRY within 30s"; }
  echo "  started (pid $rpid, log $STATE/registry.log)"
fi
[ "$code" = 401 ] || die "http://$REGISTRY/v2/ answers $code without credentials (expected 401): another registry on that port?"
code=$(http_code -u "$USERNAME:$PASSWORD" "http://$REGISTRY/v2/")
[ "$code" = 200 ] || die "http://$REGISTRY/v2/ answers $code with the $USERNAME credentials (expected 200): a registry with another htpasswd?"
echo "  up: 401 without auth, 200 as $USERNAME"

# ------------------------------------------------------------------------------------------------ 5. base image
step "base image $BASE_IMAGE"
index_platforms() {
  curl -sf --max-time 10 -u "$USERNAME:$PASSWORD" -H "Accept: $INDEX_TYPES" \
    "http://$REGISTRY/v2/base/busybox/manifests/1" 2>/dev/null \
    | jq -r '[.manifests[]?.platform | select(.) | .os + "/" + .architecture + (if .variant then "/" + .variant else "" end)] | sort | join(",")' 2>/dev/null || true
}
WANT_PLATFORMS=linux/amd64,linux/arm/v7,linux/arm64
if [ "$(index_platforms)" = "$WANT_PLATFORMS" ]; then
  echo "  present ($WANT_PLATFORMS)"
else
  # busybox-static for the three architectures from the machine's mirror, through a private apt configuration
  # (no `dpkg --add-architecture` on the machine itself)
  W=$STATE/base-image
  mkdir -p "$W"/apt/{lists/partial,cache/archives/partial,parts,prefs.d} "$W/debs"
  : >"$W/apt/status"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(mirror) $CODENAME main" >"$W/apt/sources.list"
  APT=(-o Dir::Etc::sourcelist="$W/apt/sources.list" -o Dir::Etc::sourceparts="$W/apt/parts"
       -o Dir::State::Lists="$W/apt/lists" -o Dir::State::status="$W/apt/status" -o Dir::Cache="$W/apt/cache"
       -o Dir::Etc::preferences=/dev/null -o Dir::Etc::preferencesparts="$W/apt/prefs.d"
       -o APT::Architecture=amd64 -o APT::Architectures::=amd64 -o APT::Architectures::=arm64
       -o APT::Architectures::=armhf -o APT::Sandbox::User=root -o Acquire::Languages=none)
  if ! ls "$W"/debs/busybox-static_*_amd64.deb "$W"/debs/busybox-static_*_arm64.deb \
         "$W"/debs/busybox-static_*_armhf.deb >/dev/null 2>&1; then
    step "  download busybox-static (amd64, arm64, armhf)"
    apt_update "${APT[@]}"
    rm -f "$W"/debs/*.deb
    (cd "$W/debs" && quiet apt-download apt-get "${APT[@]}" download busybox-static:amd64 busybox-static:arm64 busybox-static:armhf)
  fi
  rm -rf "$W/x-amd64"; mkdir -p "$W/x-amd64"
  dpkg -x "$W"/debs/busybox-static_*_amd64.deb "$W/x-amd64"
  bb_in() { local f; for f in "$1/usr/bin/busybox" "$1/bin/busybox"; do [ -f "$f" ] && { echo "$f"; return 0; }; done
             die "no busybox in $1"; }
  APPLETS=$("$(bb_in "$W/x-amd64")" --list)
  docker logout "$REGISTRY" >/dev/null 2>&1 || true
  printf '%s' "$PASSWORD" | quiet docker-login docker login "$REGISTRY" -u "$USERNAME" --password-stdin
  refs=()
  for spec in amd64:linux/amd64:amd64 arm64:linux/arm64:arm64 armhf:linux/arm/v7:armv7; do
    IFS=: read -r debarch platform tag <<<"$spec"
    step "  import $platform"
    X=$W/x-$debarch R=$W/root-$debarch
    rm -rf "$R"; mkdir -p "$X" "$R"/{bin,etc,tmp,root,proc,sys,dev,usr}
    dpkg -x "$W"/debs/busybox-static_*_"$debarch".deb "$X"
    cp "$(bb_in "$X")" "$R/bin/busybox"
    for a in $APPLETS; do [ -e "$R/bin/$a" ] || ln -s busybox "$R/bin/$a"; done
    ln -s bin "$R/sbin"; ln -s ../bin "$R/usr/bin"; ln -s ../bin "$R/usr/sbin"
    chmod 1777 "$R/tmp"; chmod 700 "$R/root"
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$R/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$R/etc/group"
    ref=$REGISTRY/base/busybox:1-$tag
    tar -C "$R" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -c . \
      | quiet "import-$tag" docker import --platform "$platform" \
          -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' -c 'CMD ["/bin/sh"]' - "$ref"
    quiet "push-$tag" docker push --platform "$platform" "$ref"
    refs+=("$ref")
  done
  step "  imagetools create $BASE_IMAGE"
  quiet imagetools-create docker buildx imagetools create -t "$BASE_IMAGE" "${refs[@]}"
  docker logout "$REGISTRY" >/dev/null
  got=$(index_platforms)
  [ "$got" = "$WANT_PLATFORMS" ] || die "$BASE_IMAGE has platforms '$got', expected $WANT_PLATFORMS"
  rm -rf "$W"/x-* "$W"/root-*
  echo "  pushed ($got)"
fi

# ------------------------------------------------------------------------------------------------ 6. env file
cat >"$STATE/env.new" <<EOF
# written by scripts/stack.sh; sourceable
STACK_REGISTRY=$REGISTRY
STACK_USERNAME=$USERNAME
STACK_PASSWORD=$PASSWORD
STACK_BASE_IMAGE=$BASE_IMAGE
EOF
chmod 600 "$STATE/env.new"; mv "$STATE/env.new" "$STATE/env"

# ------------------------------------------------------------------------------------------------ 7. BuildKit image
step "BuildKit image $BUILDKIT_IMAGE (for the docker-container driver)"
BK_SCRIPT=$(cd "$SCRIPT_DIR/../.." && pwd)/shared/buildkit-image.sh
if docker image inspect "$BUILDKIT_IMAGE" >/dev/null 2>&1; then
  echo "  present"
elif [ -f "$BK_SCRIPT" ]; then
  echo "  building it with $BK_SCRIPT (about 4 minutes; log $STATE/logs/buildkit-image.log)"
  quiet buildkit-image bash "$BK_SCRIPT"
  docker image inspect "$BUILDKIT_IMAGE" >/dev/null 2>&1 || die "$BK_SCRIPT did not produce $BUILDKIT_IMAGE"
  echo "  built"
else
  echo "  NOTE: absent, and $BK_SCRIPT does not exist: a docker-container builder will try to pull it from Docker Hub"
fi

step "stack up: registry $REGISTRY (user $USERNAME), base $BASE_IMAGE, docker $(docker version --format '{{.Server.Version}}') (containerd store), env in $STATE/env"
