# Sourced by scripts/stack.sh: the multi-arch busybox base image the end-to-end tests build FROM, made from
# Debian's busybox-static packages (Docker Hub is out of reach) and pushed to the stack's registry as one index.
# Uses stack.sh's settings (REGISTRY, USERNAME, PASSWORD, BASE_IMAGE, BASE_PLATFORMS, STATE) and helpers.

base_repository() { local path=${BASE_IMAGE#*/}; echo "${path%:*}"; }
base_platforms() {
  curl -sf --max-time 10 -u "$USERNAME:$PASSWORD" -H "Accept: $INDEX_TYPES" \
    "http://$REGISTRY/v2/$(base_repository)/manifests/${BASE_IMAGE##*:}" 2>/dev/null \
    | jq -r '[.manifests[]?.platform | select(.) | .os + "/" + .architecture + (if .variant then "/" + .variant else "" end)] | sort | join(",")' 2>/dev/null || true
}

# busybox-static for the three architectures through a private apt configuration (no `dpkg --add-architecture`)
download_busybox() {
  local w=$1
  ls "$w"/debs/busybox-static_*_{amd64,arm64,armhf}.deb >/dev/null 2>&1 && return 0
  step "  download busybox-static (amd64, arm64, armhf)"
  private_apt "$w/apt" amd64 arm64 armhf
  echo "deb [signed-by=$KEYRING] $(debian_mirror) $(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}") main" >"$w/apt/sources.list"
  apt_update "$STATE/logs/apt-update-busybox.log" "${APT[@]}"
  rm -f "$w"/debs/*.deb
  (cd "$w/debs" && logged apt-download apt-get "${APT[@]}" download busybox-static:amd64 busybox-static:arm64 busybox-static:armhf)
}

busybox_in() { local f; for f in "$1/usr/bin/busybox" "$1/bin/busybox"; do [ -f "$f" ] && { echo "$f"; return 0; }; done; die "no busybox in $1"; }

# import_base DIR DEBARCH PLATFORM TAG APPLETS: a busybox root filesystem imported and pushed as one platform
import_base() {
  local w=$1 debarch=$2 platform=$3 tag=$4 applets=$5 a
  local x=$w/x-$debarch r=$w/root-$debarch ref=$BASE_IMAGE-$tag
  step "  import $platform"
  rm -rf "$x" "$r"; mkdir -p "$x" "$r"/{bin,etc,tmp,root,proc,sys,dev,usr}
  dpkg -x "$w"/debs/busybox-static_*_"$debarch".deb "$x"
  cp "$(busybox_in "$x")" "$r/bin/busybox"
  for a in $applets; do [ -e "$r/bin/$a" ] || ln -s busybox "$r/bin/$a"; done
  ln -s bin "$r/sbin"; ln -s ../bin "$r/usr/bin"; ln -s ../bin "$r/usr/sbin"
  chmod 1777 "$r/tmp"; chmod 700 "$r/root"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$r/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
  tar -C "$r" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -c . \
    | logged "import-$tag" docker import --platform "$platform" \
        -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' -c 'CMD ["/bin/sh"]' - "$ref"
  logged "push-$tag" docker push --platform "$platform" "$ref"
  echo "$ref" >>"$w/refs"
}

ensure_base_image() {
  step "base image $BASE_IMAGE"
  if [ "$(base_platforms)" = "$BASE_PLATFORMS" ]; then echo "  present ($BASE_PLATFORMS)"; return 0; fi
  local w=$STATE/base-image applets spec debarch platform tag got refs
  mkdir -p "$w/debs"
  download_busybox "$w"
  rm -rf "$w/x-amd64" "$w/refs"; mkdir -p "$w/x-amd64"
  dpkg -x "$w"/debs/busybox-static_*_amd64.deb "$w/x-amd64"
  applets=$("$(busybox_in "$w/x-amd64")" --list)
  docker logout "$REGISTRY" >/dev/null 2>&1 || true
  printf '%s' "$PASSWORD" | logged docker-login docker login "$REGISTRY" -u "$USERNAME" --password-stdin
  for spec in amd64:linux/amd64:amd64 arm64:linux/arm64:arm64 armhf:linux/arm/v7:armv7; do
    IFS=: read -r debarch platform tag <<<"$spec"
    import_base "$w" "$debarch" "$platform" "$tag" "$applets"
  done
  step "  imagetools create $BASE_IMAGE"
  mapfile -t refs <"$w/refs"
  logged imagetools-create docker buildx imagetools create -t "$BASE_IMAGE" "${refs[@]}"
  docker logout "$REGISTRY" >/dev/null
  got=$(base_platforms)
  [ "$got" = "$BASE_PLATFORMS" ] || die "$BASE_IMAGE has platforms '$got', expected $BASE_PLATFORMS"
  rm -rf "$w"/x-* "$w"/root-* "$w/refs"
  echo "  pushed ($got)"
}
