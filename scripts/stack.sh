#!/usr/bin/env bash
# Provisions the end-to-end test stack for buildx-multiarch on a Debian bookworm machine (root, no systemd, no
# Docker Hub): Docker Engine 28 + buildx 0.29 from sid (pinned low), dockerd with the containerd image store,
# QEMU user emulation, a registry with htpasswd auth on 127.0.0.1:5000 holding a multi-arch busybox base image, and
# the BuildKit image of the docker-container driver (scripts/buildkit-image.sh). What it is and why: docs/stack.md.
# Idempotent: whatever is installed or running already is reused; a second run takes a few seconds.
#
#   sudo scripts/stack.sh            # then: . scripts/stack-env.sh
#
# Logs: /var/log/dockerd.log, /var/lib/buildx-multiarch-stack/{registry.log,logs/*}
set -euo pipefail

STATE=/var/lib/buildx-multiarch-stack
REGISTRY=127.0.0.1:5000
USERNAME=e2e
BASE_IMAGE=$REGISTRY/base/busybox:1
BASE_PLATFORMS=linux/amd64,linux/arm/v7,linux/arm64
BUILDKIT_IMAGE=moby/buildkit:buildx-stable-1
DOCKERD_LOG=/var/log/dockerd.log
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
SID_PKGS=(docker.io docker-cli docker-buildx containerd tini-static)
# e2fsprogs: chattr, with which log.test makes a config.json that even root cannot rewrite
MAIN_PKGS=(qemu-user-static binfmt-support docker-registry apache2-utils curl jq ca-certificates iptables xz-utils e2fsprogs)
INDEX_TYPES='application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json'
SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

SCRIPT_NAME=stack.sh
LOG_DIR=$STATE/logs
. "$SCRIPTS/log-helpers.sh"
. "$SCRIPTS/debian-apt.sh"
. "$SCRIPTS/stack-base-image.sh"

# ------------------------------------------------------------------------------------------------ packages
# (outputs are captured and compared, not piped into grep -q: under pipefail a reader that stops early can fail
# the producer with SIGPIPE)
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
version_of() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null; }
min_version() { case $1 in docker.io|docker-cli) echo 28 ;; docker-buildx) echo 0.29 ;; containerd) echo 2 ;; *) echo 0 ;; esac; }

add_sid() {
  cat >/etc/apt/sources.list.d/buildx-multiarch-sid.sources <<EOF
# Debian sid for Docker Engine 28 / buildx 0.29 (scripts/stack.sh); pinned low in preferences.d
Types: deb
URIs: $1
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
}

# Only what is missing (or too old) goes to apt: installed bookworm packages are not upgraded behind one's back.
install_packages() {
  step "packages"
  local want=() p mirror i
  for p in "${SID_PKGS[@]}"; do
    installed "$p" && dpkg --compare-versions "$(version_of "$p")" ge "$(min_version "$p")" || want+=("$p/sid")
  done
  for p in "${MAIN_PKGS[@]}"; do installed "$p" || want+=("$p"); done
  if [ ${#want[@]} = 0 ]; then
    echo "  all installed (docker.io $(version_of docker.io), docker-buildx $(version_of docker-buildx))"; return 0
  fi
  mirror=$(debian_mirror)
  add_sid "$mirror"
  # No service may start during the install (no systemd here; an init script would start dockerd or the Debian
  # registry with their default configs): the standard policy-rc.d refusal, only if the machine has none.
  local policy=/usr/sbin/policy-rc.d own_policy=0
  if [ ! -e $policy ]; then
    printf '#!/bin/sh\nexit 101\n' >$policy; chmod 755 $policy; own_policy=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  step "apt-get update (mirror $mirror, + sid pinned at 100)"
  apt_update "$STATE/logs/apt-update.log"
  step "apt-get install ${want[*]}"
  for i in 1 2 3; do
    if DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${want[@]}" \
         >"$STATE/logs/apt-install.log" 2>&1; then break; fi
    if [ $i = 3 ]; then tail -n 30 "$STATE/logs/apt-install.log" >&2; die "apt-get install failed 3 times"; fi
    echo "  apt-get install failed (try $i/3), updating the lists again" >&2; sleep 5
    apt_update "$STATE/logs/apt-update.log"
  done
  if [ $own_policy = 1 ]; then rm -f $policy; trap - EXIT; fi
  command -v dockerd >/dev/null || die "dockerd not found after the install"
}

# ------------------------------------------------------------------------------------------------ dockerd
store_ok() { [[ $(docker info --format '{{json .DriverStatus}}' 2>/dev/null) == *io.containerd.snapshotter.v1* ]]; }

# Merges the containerd image store into daemon.json; DAEMON_JSON_CHANGED says whether the file changed.
configure_dockerd() {
  local want='{"features":{"containerd-snapshotter":true}}' merged
  mkdir -p /etc/docker
  if [ -s /etc/docker/daemon.json ]; then
    merged=$(jq -S --argjson w "$want" '. * $w' /etc/docker/daemon.json) || die "/etc/docker/daemon.json is not valid JSON"
  else
    merged=$(jq -S -n --argjson w "$want" '$w')
  fi
  DAEMON_JSON_CHANGED=0
  if [ "$merged" != "$(jq -S . /etc/docker/daemon.json 2>/dev/null || true)" ]; then
    printf '%s\n' "$merged" >/etc/docker/daemon.json; DAEMON_JSON_CHANGED=1
  fi
}

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

ensure_dockerd() {
  step "dockerd (containerd image store)"
  configure_dockerd
  if ! docker info >/dev/null 2>&1; then
    start_dockerd
  elif ! store_ok; then
    # running with the classic store: restart it if it is a plain (non-systemd) dockerd with a pid file
    local pid i; pid=$(cat /var/run/docker.pid 2>/dev/null || true)
    [ -n "$pid" ] && [ ! -d /run/systemd/system ] \
      || die "dockerd runs without the containerd image store and is not ours to restart (daemon.json changed: $DAEMON_JSON_CHANGED)"
    echo "  dockerd (pid $pid) runs with the classic image store: restarting it"
    kill "$pid"
    for i in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && die "dockerd (pid $pid) did not stop within 30s"
    start_dockerd
  fi
  store_ok || die "dockerd runs but 'docker info' DriverStatus lacks io.containerd.snapshotter.v1: $(docker info --format '{{json .DriverStatus}}')"
  echo "  $(docker version --format 'client {{.Client.Version}}, server {{.Server.Version}}'), buildx $(docker buildx version | awk '{print $2}'), $(docker info --format '{{json .DriverStatus}}')"
}

# ------------------------------------------------------------------------------------------------ binfmt_misc
# Mounted, registrations left as they are: the action under test registers them (docs/stack.md says why).
mount_binfmt() {
  step "binfmt_misc"
  if [ ! -e /proc/sys/fs/binfmt_misc/status ]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || die "cannot mount binfmt_misc on /proc/sys/fs/binfmt_misc"
  fi
  local f regs=""
  for f in /proc/sys/fs/binfmt_misc/*; do
    case ${f##*/} in register|status|'*') ;; *) regs+="${regs:+ }${f##*/}" ;; esac
  done
  echo "  mounted; registered: ${regs:-none} (left as is)"
}

# ------------------------------------------------------------------------------------------------ registry
registry_config() {
  [ -s "$STATE/password" ] || printf 'e2e-%s\n' "$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$STATE/password"
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
}

http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" || true; }

ensure_registry() {
  step "registry on $REGISTRY"
  registry_config
  local code rpid i
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
}

# ------------------------------------------------------------------------------------------------ the rest
# Read by scripts/stack-env.sh (shell) and scripts/stack-env.mjs (node); sourceable.
write_env() {
  cat >"$STATE/env.new" <<EOF
# written by scripts/stack.sh; sourceable
STACK_REGISTRY=$REGISTRY
STACK_USERNAME=$USERNAME
STACK_PASSWORD=$PASSWORD
STACK_BASE_IMAGE=$BASE_IMAGE
EOF
  chmod 600 "$STATE/env.new"; mv "$STATE/env.new" "$STATE/env"
}

ensure_buildkit_image() {
  step "BuildKit image $BUILDKIT_IMAGE (for the docker-container driver)"
  if docker image inspect "$BUILDKIT_IMAGE" >/dev/null 2>&1; then echo "  present"; return 0; fi
  # where Docker Hub answers, the real image is a pull away; where it does not, the pull fails or hangs (bounded)
  if timeout 120 docker pull -q "$BUILDKIT_IMAGE" >"$STATE/logs/buildkit-pull.log" 2>&1; then echo "  pulled"; return 0; fi
  echo "  cannot pull it ($(tail -n 1 "$STATE/logs/buildkit-pull.log"))"
  echo "  making it from Debian's archive with scripts/buildkit-image.sh (about 5 minutes; log $STATE/logs/buildkit-image.log)"
  TAG=$BUILDKIT_IMAGE logged buildkit-image bash "$SCRIPTS/buildkit-image.sh"
  docker image inspect "$BUILDKIT_IMAGE" >/dev/null 2>&1 || die "scripts/buildkit-image.sh did not produce $BUILDKIT_IMAGE"
  echo "  made"
}

main() {
  [ "$(id -u)" = 0 ] || die "must run as root"
  mkdir -p "$STATE/logs" "$STATE/registry"
  chmod 700 "$STATE"
  install_packages
  ensure_dockerd
  mount_binfmt
  ensure_registry
  ensure_base_image
  write_env
  ensure_buildkit_image
  step "stack up: registry $REGISTRY (user $USERNAME), base $BASE_IMAGE, docker $(docker version --format '{{.Server.Version}}') (containerd store), env in $STATE/env"
}

# sourced (a test of one phase), it only defines
if [ "${BASH_SOURCE[0]}" = "$0" ]; then main "$@"; exit; fi
