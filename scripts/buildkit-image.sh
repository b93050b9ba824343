#!/usr/bin/env bash
# Makes the BuildKit image that `docker buildx create --driver docker-container` runs (buildkitd, buildctl, runc)
# from Debian's archive alone, for machines that cannot pull moby/buildkit from Docker Hub. It is tagged
# moby/buildkit:buildx-stable-1 by default, the image buildx asks for, so a plain docker-container builder uses it.
# A no-op when the tag exists (FORCE=1 rebuilds). The first build takes about 5 minutes and 5 GB of scratch space on
# 2 cores; the downloaded packages stay in the scratch directory for the next one.
#
#   [TAG=...] [W=scratch dir] [FORCE=1] [MIRROR=http://deb.debian.org/debian] scripts/buildkit-image.sh
#
# Needs root, a running Docker daemon, curl, and the machine's Debian mirror. Where the pieces come from:
#  * BuildKit's Go sources: golang-github-docker-docker-dev (sid; src:docker.io 28.5) carries the whole BuildKit
#    tree, cmd/buildkitd included; its dependencies are the other golang-*-dev packages of sid, built in GOPATH
#    mode as Debian builds them.
#  * github.com/moby/profiles/seccomp and github.com/tonistiigi/go-actions-cache are not packaged: they come from
#    engine/vendor/ in docker.io's Debian source tarball (same archive, same release).
#  * fuse-overlayfs-snapshotter is not packaged: a stub stands in (buildkitd only falls back to it when kernel
#    overlayfs is unusable). Debian's stargz-snapshotter predates containerd v2: the optional "stargz" snapshotter
#    is cut out of buildkitd.
#  * The root filesystem: runc, libseccomp2, libc6 and busybox-static from sid, and the machine's CA bundle.
# Unlike the upstream image there is no git, pigz or xz inside (no git build contexts), `# syntax=` lines need
# Docker Hub, and the image is amd64 only.
set -euo pipefail

TAG=${TAG:-moby/buildkit:buildx-stable-1}
W=${W:-/var/cache/buildkit-image}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
# BuildKit's dependencies that golang-github-docker-docker-dev does not pull in itself
EXTRA_GO_PKGS=(golang-github-azure-azure-sdk-for-go-dev golang-github-agext-levenshtein-dev
  golang-github-containerd-accelerated-container-image-dev golang-github-gofrs-flock-dev
  golang-github-google-shlex-dev golang-github-hashicorp-go-immutable-radix-v2-dev
  golang-github-package-url-packageurl-go-dev golang-github-pkg-profile-dev golang-github-spdx-tools-golang-dev
  golang-github-tonistiigi-go-archvariant-dev golang-github-coreos-go-systemd-dev)
ROOTFS_PKGS=(runc libseccomp2 libc6 busybox-static)
GO_TAGS="osusergo netgo static_build seccomp"

SCRIPT_NAME=buildkit-image.sh
LOG_DIR=$W/logs
. "$(dirname "${BASH_SOURCE[0]}")/log-helpers.sh"
. "$(dirname "${BASH_SOURCE[0]}")/debian-apt.sh"

setup_apt() {
  step "private apt configuration for sid in $W/apt"
  private_apt "$W/apt" amd64
  local mirror=${MIRROR:-}
  [ -n "$mirror" ] || mirror=$(debian_mirror)
  printf 'deb [signed-by=%s] %s sid main\ndeb-src [signed-by=%s] %s sid main\n' \
    "$KEYRING" "$mirror" "$KEYRING" "$mirror" >"$W/apt/sources.list"
  apt_update "$W/logs/apt-update.log" "${APT[@]}"
}

# The Go toolchain and every Go source package BuildKit needs, unpacked into $W/root (nothing is installed).
fetch_go_sources() {
  step "Go toolchain and sources from sid"
  apt-get "${APT[@]}" -s install --no-install-recommends golang-go golang-github-docker-docker-dev \
    "${EXTRA_GO_PKGS[@]}" >"$W/logs/resolve.log" 2>&1 || { tail -n 20 "$W/logs/resolve.log" >&2; die "resolving the golang packages failed"; }
  # "Inst golang-go (2:1.24~2 Debian:unstable [amd64])" -> the file apt-get download names it (epoch ':' as %3a)
  awk '/^Inst golang/ { v = $3; sub(/^\(/, "", v); gsub(/:/, "%3a", v); match($0, /\[[a-z0-9]+\]\)/)
                        print $2 "_" v "_" substr($0, RSTART + 1, RLENGTH - 3) ".deb" }' "$W/logs/resolve.log" | sort -u >"$W/golang-debs.txt"
  echo "  $(wc -l <"$W/golang-debs.txt") packages"
  local deb missing=()
  while read -r deb; do [ -s "$W/debs/$deb" ] || missing+=("${deb%%_*}"); done <"$W/golang-debs.txt"
  if [ ${#missing[@]} -gt 0 ]; then
    (cd "$W/debs" && logged download-go apt-get "${APT[@]}" download -q "${missing[@]}")
  fi
  rm -rf "$W/root"; mkdir -p "$W/root"
  while read -r deb; do
    [ -s "$W/debs/$deb" ] || die "$deb is not in $W/debs after the download"
    dpkg -x "$W/debs/$deb" "$W/root"
  done <"$W/golang-debs.txt"
}

# The two packages Debian does not ship, from engine/vendor/ in docker.io's source tarball.
fetch_vendored() {
  step "vendored leftovers from docker.io's source tarball"
  local uri tarball
  uri=$(apt-get "${APT[@]}" source --print-uris docker.io 2>"$W/logs/source-uris.log" \
          | grep -o "'[^']*/docker\.io_[^']*\.orig\.tar\.xz'" | tr -d "'" | sed -n 1p)
  [ -n "$uri" ] || { tail -n 10 "$W/logs/source-uris.log" >&2; die "no docker.io .orig.tar.xz in 'apt-get source --print-uris docker.io'"; }
  tarball=$W/src/${uri##*/}
  [ -s "$tarball" ] || logged download-orig curl -fsSL -o "$tarball" "$uri"
  rm -rf "$W/src/engine"; mkdir -p "$W/src/engine"
  logged untar-vendor tar -xJf "$tarball" -C "$W/src/engine" --wildcards '*/engine/vendor/modules.txt' \
    '*/engine/vendor/github.com/moby/profiles/*' '*/engine/vendor/github.com/tonistiigi/go-actions-cache/*'
  VENDOR=$(echo "$W"/src/engine/*/engine/vendor)
  [ -d "$VENDOR" ] || die "the tarball has no engine/vendor directory"
  BUILDKIT_VERSION=$(awk '$1 == "#" && $2 == "github.com/moby/buildkit" { print $3 }' "$VENDOR/modules.txt")
  [ -n "$BUILDKIT_VERSION" ] || die "engine/vendor/modules.txt names no github.com/moby/buildkit version"
}

# The stargz snapshotter's case returns an error instead, and the helpers only it used (from the label constants
# to the end of the file) go; its imports are dropped here, the ones that became unused by build_binaries.
cut_stargz() {
  local file=$1
  awk '
    /^\tcase "stargz":$/ { print; print "\t\treturn snFactory, errors.New(\"stargz snapshotter is not compiled into this buildkitd\")"; skip = 1; next }
    skip && /^\tdefault:$/ { skip = 0 }
    /^const \($/ { held = $0; next }
    held != "" { if ($0 ~ /targetRefLabel/) exit; print held; held = "" }
    /"github.com\/containerd\/stargz-snapshotter/ { next }
    !skip { print }' "$file" >"$file.new"
  grep -q 'stargz snapshotter is not compiled' "$file.new" && ! grep -q 'sgz[a-z]*\.\|remotesn\.' "$file.new" \
    || die "$file no longer has the shape cut_stargz expects (case \"stargz\" ... default:, const ( targetRefLabel)"
  mv "$file.new" "$file"
}

# A GOPATH laid over Debian's gocode: BuildKit's tree (patched), the vendored packages, the fuse-overlayfs stub.
prepare_gopath() {
  step "GOPATH overlay"
  local gp=$W/gopath/src
  rm -rf "$W/gopath"; mkdir -p "$gp/github.com/moby" "$gp/github.com/tonistiigi"
  cp -a "$W/root/usr/share/gocode/src/github.com/moby/buildkit" "$gp/github.com/moby/"
  # a go.mod turns on GOPATH mode's "minimal module compatibility", which resolves .../v2 and .../v22 imports
  printf 'module github.com/moby/buildkit\n\ngo 1.23.0\n' >"$gp/github.com/moby/buildkit/go.mod"
  cp -a "$VENDOR/github.com/moby/profiles" "$gp/github.com/moby/"
  cp -a "$VENDOR/github.com/tonistiigi/go-actions-cache" "$gp/github.com/tonistiigi/"
  mkdir -p "$gp/github.com/containerd/fuse-overlayfs-snapshotter/v2"
  cat >"$gp/github.com/containerd/fuse-overlayfs-snapshotter/v2/stub.go" <<'EOF'
// Package fuseoverlayfs stands in for fuse-overlayfs-snapshotter, which Debian does not package.
package fuseoverlayfs

import (
	"errors"

	"github.com/containerd/containerd/v2/core/snapshots"
)

var errNotCompiled = errors.New("fuse-overlayfs snapshotter is not compiled into this buildkitd")

func Supported(root string) error { return errNotCompiled }

func NewSnapshotter(root string, opts ...interface{}) (snapshots.Snapshotter, error) {
	return nil, errNotCompiled
}
EOF
  cut_stargz "$gp/github.com/moby/buildkit/cmd/buildkitd/main_oci_worker.go"
  BUILDKIT_SRC=$gp/github.com/moby/buildkit
}

# Static buildkitd and buildctl. Cutting stargz leaves imports only it used; the compiler names them (all at once
# with -gcflags=-e), they are removed from the import block, and the build runs again.
build_binaries() {
  local goroot; goroot=$(ls -d "$W"/root/usr/lib/go-1.* | sort -V | tail -n 1)
  export GOROOT=$goroot PATH=$goroot/bin:$PATH GOPATH=$W/gopath:$W/root/usr/share/gocode GO111MODULE=off \
    GOPROXY=off GOTOOLCHAIN=local GOFLAGS= GOCACHE=$W/gocache GOTELEMETRY=off CGO_ENABLED=0
  local ldflags="-s -w -extldflags -static -X github.com/moby/buildkit/version.Version=${BUILDKIT_VERSION}+debian"
  ldflags+=" -X github.com/moby/buildkit/version.Revision=debian-docker.io"
  ldflags+=" -X github.com/moby/buildkit/version.Package=github.com/moby/buildkit"
  local worker=cmd/buildkitd/main_oci_worker.go try unused path
  mkdir -p "$W/out"
  cd "$BUILDKIT_SRC"
  for try in 1 2 3 4; do
    step "go build buildkitd $BUILDKIT_VERSION with $(go version | awk '{ print $3 }') (try $try)"
    if go build -trimpath -tags "$GO_TAGS" -ldflags "$ldflags" -gcflags=-e -o "$W/out/buildkitd" ./cmd/buildkitd \
         >"$W/logs/go-build-buildkitd.log" 2>&1; then
      break
    fi
    unused=$(grep -o "main_oci_worker.go:[0-9:]* \"[^\"]*\" imported\( as [a-z0-9_]*\)\? and not used" \
               "$W/logs/go-build-buildkitd.log" | grep -o '"[^"]*"' || true)
    if [ -z "$unused" ] || [ "$try" = 4 ]; then
      echo "--- last lines of $W/logs/go-build-buildkitd.log:" >&2; tail -n 30 "$W/logs/go-build-buildkitd.log" >&2
      die "go build ./cmd/buildkitd failed"
    fi
    for path in $unused; do
      echo "  dropping the now unused import $path"
      awk -v p="$path" '/^import \($/ { inblock = 1 } inblock && /^\)$/ { inblock = 0 }
                        !(inblock && index($0, p)) { print }' "$worker" >"$worker.new" && mv "$worker.new" "$worker"
    done
  done
  step "go build buildctl"
  logged go-build-buildctl go build -trimpath -tags "$GO_TAGS" -ldflags "$ldflags" -o "$W/out/buildctl" ./cmd/buildctl
  cd - >/dev/null
  "$W/out/buildkitd" --version
}

# The image's root filesystem in $W/imgroot: usr-merged, busybox applets, runc with the libraries it links.
make_rootfs() {
  step "root filesystem"
  (cd "$W/debs-img" && logged download-rootfs apt-get "${APT[@]}" download -q "${ROOTFS_PKGS[@]}")
  local x=$W/x r=$W/imgroot lib=usr/lib/x86_64-linux-gnu pkg deb applet
  rm -rf "$x" "$r"; mkdir -p "$x"
  for pkg in "${ROOTFS_PKGS[@]}"; do
    deb=$(ls "$W/debs-img/${pkg}"_*.deb 2>/dev/null | sort -V | tail -n 1)
    [ -n "$deb" ] || die "$pkg was not downloaded to $W/debs-img"
    dpkg -x "$deb" "$x"
  done
  mkdir -p "$r"/{usr/bin,usr/sbin,$lib,usr/lib64,etc/buildkit,etc/ssl/certs,var/lib/buildkit,tmp,proc,sys,dev,run,root}
  chmod 1777 "$r/tmp"
  for d in bin sbin lib lib64; do ln -s "usr/$d" "$r/$d"; done
  install -m 755 "$W/out/buildkitd" "$W/out/buildctl" "$x/usr/sbin/runc" "$x/usr/bin/busybox" "$r/usr/bin/"
  cp -L "$x/$lib/libc.so.6" "$x/$lib/ld-linux-x86-64.so.2" "$x/$lib/libseccomp.so.2" "$r/$lib/"
  ln -s ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$r/usr/lib64/ld-linux-x86-64.so.2"
  for applet in $("$r/usr/bin/busybox" --list); do [ -e "$r/usr/bin/$applet" ] || ln -s busybox "$r/usr/bin/$applet"; done
  cp /etc/ssl/certs/ca-certificates.crt "$r/etc/ssl/certs/"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$r/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
  printf 'hosts: files dns\n' >"$r/etc/nsswitch.conf"
  # runc must run from inside the tree (its libraries are the copied ones). Its whole output is captured, never
  # piped into head: under pipefail head's early exit would kill runc with SIGPIPE and fail the step at random.
  local runc_version
  runc_version=$(chroot "$r" /usr/bin/runc --version) || die "runc does not run in the image's root filesystem"
  echo "  ${runc_version%%$'\n'*}"
}

import_image() {
  step "docker import -> $TAG"
  tar -C "$W/imgroot" --numeric-owner -c . | logged docker-import docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV BUILDKIT_SETUP_CGROUPV2_ROOT=1' -c 'VOLUME /var/lib/buildkit' -c 'ENTRYPOINT ["buildkitd"]' - "$TAG"
  local version
  version=$(docker run --rm "$TAG" --version) || die "the image $TAG does not run 'buildkitd --version'"
  echo "  $version"
}

main() {
  if [ -z "${FORCE:-}" ] && docker image inspect "$TAG" >/dev/null 2>&1; then
    echo "$TAG exists (FORCE=1 rebuilds it)"; return 0
  fi
  [ "$(id -u)" = 0 ] || die "must run as root (chroot, dpkg -x ownership, docker)"
  mkdir -p "$W"/{logs,debs,debs-img,src}
  setup_apt
  fetch_go_sources
  fetch_vendored
  prepare_gopath
  build_binaries
  make_rootfs
  import_image
  # the downloads stay for a rebuild; the unpacked trees and the Go cache (about 4 GB) go
  rm -rf "$W/root" "$W/gopath" "$W/gocache" "$W/x" "$W/imgroot" "$W/src/engine"
  step "done: $TAG"
}

# exit here: bash reads a script as it runs, so an edit made meanwhile must not be read past main
main "$@"; exit
