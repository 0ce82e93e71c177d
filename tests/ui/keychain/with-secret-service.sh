#!/usr/bin/env bash
# Runs a command with a private Secret Service: its own D-Bus session (dbus-run-session) and gnome-keyring,
# in a throwaway HOME, so the user's keyring is never touched. The "login" collection is created and
# unlocked without any prompt and checked to be the unlocked default before the command runs.
# Usage: with-secret-service.sh COMMAND [ARGS...]
set -euo pipefail

if [[ ${1:-} != --inside ]]; then
  for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null; then
      echo "error: $tool is missing; install the test packages with tools/install-deps.sh" >&2
      exit 1
    fi
  done
  home=$(mktemp -d "${TMPDIR:-/tmp}/sd-keychain.XXXXXX")
  trap 'rm -rf "$home"' EXIT
  # Set before the bus starts, so that whatever it activates lives in the throwaway HOME too.
  export HOME=$home XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_CACHE_HOME=$home/cache
  export XDG_RUNTIME_DIR=$home/run STREAMDESK_TEST_SECRET_SERVICE=1
  mkdir -m 700 "$XDG_RUNTIME_DIR"
  # No display: nothing may ever show a prompt.
  unset DISPLAY WAYLAND_DISPLAY
  status=0
  dbus-run-session -- "$0" --inside "$@" || status=$?
  exit "$status"
fi
shift

# gnome-keyring 42 ignores an empty password on stdin, so the throwaway collection gets a fixed one. As at
# a desktop login: --unlock creates and unlocks the login collection, --start puts the daemon on the bus.
printf %s streamdesk-test |
  gnome-keyring-daemon --unlock --daemonize --components=secrets >"$HOME/gnome-keyring.log" 2>&1
gnome-keyring-daemon --start --components=secrets >>"$HOME/gnome-keyring.log" 2>&1
bus() { dbus-send --session --print-reply=literal "$@"; }
daemon=$(bus --dest=org.freedesktop.DBus / org.freedesktop.DBus.GetConnectionUnixProcessID \
  string:org.freedesktop.secrets | awk '{print $2}')
trap 'kill "$daemon" 2>/dev/null || true' EXIT
collection=$(bus --dest=org.freedesktop.secrets /org/freedesktop/secrets \
  org.freedesktop.Secret.Service.ReadAlias string:default | tr -d ' ')
locked=$(bus --dest=org.freedesktop.secrets "$collection" org.freedesktop.DBus.Properties.Get \
  string:org.freedesktop.Secret.Collection string:Locked | awk '{print $NF}')
if [[ $collection != /org/freedesktop/secrets/collection/login || $locked != false ]]; then
  echo "error: gnome-keyring did not create an unlocked default login collection" \
    "(default: '$collection', locked: '$locked'); its log:" >&2
  cat "$HOME/gnome-keyring.log" >&2
  exit 1
fi
status=0
"$@" || status=$?
exit "$status"
