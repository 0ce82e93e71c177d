#!/usr/bin/env bash
# Proves the Quick start on a bare Debian 12: in a minimal root made by debootstrap, the README's first command
# installs what it needs, builds and starts StreamDesk headless and the gateway answers; then every target of the
# test configuration builds there and the curl tutorial passes. A package missing from tools/install-deps.sh fails
# here, whatever this machine has installed.
#
# usage: tools/fresh-root-check.sh   (as root; debootstrap comes with tools/install-deps.sh --fresh-root)
# The pristine base root is kept in $STREAMDESK_FRESH_ROOT_CACHE (default /var/cache/streamdesk/fresh-root) and each
# run works on a copy, into which the repository's committed HEAD is cloned.
# The apt sources come from this machine's own configuration; compilation reuses this machine's ccache.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${STREAMDESK_FRESH_ROOT_CACHE:-/var/cache/streamdesk/fresh-root}
base=$cache/bookworm-minbase
step="prerequisites"
log=""

fail() {
  [[ -n "$log" && -s "$log" ]] && { echo "--- last lines of $log" >&2; tail -n 25 "$log" >&2; }
  echo "fresh-root-check: FAILED at step '$step': $*" >&2
  exit 1
}
# Never end silently: a command that fails outside an explicit check names itself.
trap 'fail "command failed (line $LINENO): $BASH_COMMAND"' ERR

# --inside ROOT: mounts what the root needs (in the private namespaces made below), then runs the steps in the root.
if [[ "${1:-}" == "--inside" ]]; then
  root=$2
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  if [[ -n "${HOST_CCACHE_DIR:-}" ]]; then
    mkdir -p "$HOST_CCACHE_DIR" "$root/root/.cache/ccache"
    mount --bind "$HOST_CCACHE_DIR" "$root/root/.cache/ccache"
  fi
  env=(HOME=/root TERM=dumb LANG=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin)
  for name in CCACHE_BASEDIR CCACHE_NOHASHDIR; do
    if [[ -n "${!name:-}" ]]; then env+=("$name=${!name}"); fi
  done
  exec chroot "$root" /usr/bin/env -i "${env[@]}" /bin/bash "$repo/tools/lib/fresh-root-steps.sh" /tmp/fresh-root-logs
fi

[[ $(id -u) -eq 0 ]] || fail "needs root (debootstrap, chroot and mount); run it as root or with sudo"
command -v debootstrap >/dev/null || fail "debootstrap is missing: run tools/install-deps.sh --fresh-root"
command -v unshare >/dev/null || fail "unshare (util-linux) is missing"

# The Debian mirror that this machine's apt uses for bookworm (deb822 .sources first, then sources.list).
debian_mirror() {
  local file
  for file in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$file" ]] || continue
    awk 'BEGIN { RS = ""; FS = "\n" }
      { uri = ""; suites = ""; types = ""
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { split(substr($i, 6), u, " "); uri = u[1] }
          if ($i ~ /^Suites:/) suites = " " substr($i, 8) " "
          if ($i ~ /^Types:/) types = " " substr($i, 7) " "
        }
        if (types ~ /[ \t]deb[ \t]/ && suites ~ /[ \t]bookworm[ \t]/ && uri != "") { print uri; exit } }' "$file"
  done
  { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true; } |
    sed -E 's/\[[^]]*\]//' | awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }'
}

started_all=$SECONDS
mkdir -p "$cache"
# One check at a time per cache: a second one waits, so that the stale-copy cleanup below never meets a live run.
exec 9>"$cache/lock"
flock 9
if [[ ! -d "$base" ]]; then
  step="debootstrap --variant=minbase bookworm"
  mirror=$(debian_mirror | head -n1) || true
  [[ -n "$mirror" ]] || fail "no bookworm 'deb' source in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list"
  rm -rf --one-file-system "$base.partial"
  log=$cache/debootstrap.log
  debootstrap --variant=minbase bookworm "$base.partial" "$mirror" >"$log" 2>&1 || fail "debootstrap failed"
  mv "$base.partial" "$base"
  echo "fresh-root-check: made the base root in $((SECONDS - started_all)) s (kept in $base)"
fi

# Removes a work copy unless something is mounted in it: mounts live in the inner namespace only, but never
# delete through one that is somehow still there.
remove_copy() {
  if grep -qF " $1/" /proc/mounts; then
    echo "fresh-root-check: $1 still has mounts; not removing it" >&2
  else
    rm -rf --one-file-system "$1"
  fi
}
# Copies left by a run that was killed.
for stale in "$cache"/run.*; do
  [[ -d "$stale" ]] && remove_copy "$stale"
done
work=$(mktemp -d "$cache/run.XXXXXX")
root=$work/root
trap 'remove_copy "$work"' EXIT
trap 'exit 130' INT TERM HUP

step="copy the base root and clone the repository"
cp -a "$base" "$root"
# This machine's apt sources and network settings, as a new machine of this kind has them.
rm -f "$root/etc/apt/sources.list"
cp -a /etc/apt/sources.list.d/. "$root/etc/apt/sources.list.d/"
[[ -f /etc/apt/sources.list ]] && cp /etc/apt/sources.list "$root/etc/apt/sources.list"
grep -lsE '^[[:space:]]*Acquire::' /etc/apt/apt.conf.d/* | xargs -r cp -t "$root/etc/apt/apt.conf.d/"
cp /etc/resolv.conf /etc/hosts "$root/etc/"
# The same absolute path inside, so that ccache's results from this machine's build apply there.
mkdir -p "$(dirname "$root$repo")"
git clone -q "$repo" "$root$repo"
git -C "$repo" diff --quiet HEAD || echo "fresh-root-check: note: uncommitted changes are not part of the check"

host_ccache_dir=""
if command -v ccache >/dev/null; then
  host_ccache_dir=$(ccache -k cache_dir)
  if [[ $(ccache -k hash_dir) == false ]]; then export CCACHE_NOHASHDIR=1; fi
  CCACHE_BASEDIR=$(ccache -k base_dir)
  export CCACHE_BASEDIR
fi
# A private mount and PID namespace: when the check ends, however it ends, its mounts and processes go with it.
HOST_CCACHE_DIR=$host_ccache_dir unshare --mount --propagation private --pid --fork --kill-child \
  bash "$0" --inside "$root" ||
  {
    # Keep the logs of a failed run beside the cache for a closer look.
    rm -rf "$cache/last-failure" && cp -r "$root/tmp/fresh-root-logs" "$cache/last-failure"
    echo "fresh-root-check: logs kept in $cache/last-failure" >&2
    exit 1
  }
echo "fresh-root-check: passed in $((SECONDS - started_all)) s"
