#!/usr/bin/env bash
# Installs the Debian 12 packages that StreamDesk's build, run, tests and scripts need, when any is missing.
# The list names everything itself: a bare Debian 12 (debootstrap --variant=minbase) is the baseline, and
# tools/fresh-root-check.sh proves the list on one. Packages only recommended by another (installed here
# without recommends) must be listed: Qt6Charts needs libqt6opengl6-dev, which qt6-base-dev only recommends.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ ccache pkg-config git clang-format
  qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev libqt6opengl6-dev
  libqt6sql6-sqlite qtkeychain-qt6-dev libssl-dev libhttp-parser-dev libgl-dev
  # run: the window's platform plugin and a font to draw with; QtKeychain loads libsecret at run time
  libqt6gui6 qt6-qpa-plugins fonts-dejavu-core libsecret-1-0
  # tests and scripts (GUI tests use the offscreen platform, no X server)
  ca-certificates curl jq openssl python3 python3-jsonschema
  # the keychain test: a private Secret Service (gnome-keyring) on a private session bus (dbus-run-session)
  dbus-daemon dbus-bin gnome-keyring libsecret-tools
)
for arg in "$@"; do
  case $arg in
    # screenshots of the real window, driven through AT-SPI (shared/tools/a11y.py) or xdotool
    --gui-tools) packages+=(xvfb xauth imagemagick dbus at-spi2-core python3-pyatspi xdotool) ;;
    --fresh-root) packages+=(debootstrap) ;;            # tools/fresh-root-check.sh
    --fuzz) packages+=(clang libclang-rt-14-dev) ;;     # tools/fuzz.sh: clang with libFuzzer and the sanitizers
    # tools/bench/compare.sh: the proxies it compares against, its plot and the metered-count check
    --bench) packages+=(nginx haproxy python3-matplotlib sqlite3) ;;
    *) echo "usage: install-deps.sh [--gui-tools] [--fresh-root] [--fuzz] [--bench]" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing missing packages: ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then
    SUDO=sudo
  else
    echo "error: these packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
${SUDO:-} apt-get update -qq
${SUDO:-} apt-get install -y -qq --no-install-recommends "${missing[@]}"
