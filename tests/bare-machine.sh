#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the widget tests given as arguments the way a bare Debian 12 machine
# would run them, and reports one TAP line for each way:
#   1. a session bus that offers no services: no accessibility bus, as on a
#      machine without at-spi2-core, where GTK used to warn (a fatal warning
#      in the tests);
#   2. no session bus at all;
#   3. no display: the widget tests must skip (a TAP skip, not exit status
#      77, which TAP reports as an error), and nothing may fail.
# Ways 1 and 2 need the display that build-aux/dev test provides; without one
# they are skipped and say why.
set -u

tests="$*"
[ -n "$tests" ] || { echo "usage: bare-machine.sh TEST-EXECUTABLE..." >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/session.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=$work</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF
mkdir -p "$work/runtime"
chmod 700 "$work/runtime"

# run_all NAME COMMAND...: run every test through COMMAND; print the log of
# the first failure. Returns 0 when all passed.
run_all ()
{
  name=$1
  shift
  for t in $tests; do
    if ! "$@" "$t" --tap > "$work/out" 2>&1; then
      echo "# $name: $(basename "$t") failed; its output:"
      sed 's/^/#   /' "$work/out"
      return 1
    fi
    if grep -q '^not ok' "$work/out"; then
      echo "# $name: $(basename "$t") reported a failure:"
      sed 's/^/#   /' "$work/out"
      return 1
    fi
  done
  return 0
}

no_display ()
{
  env -u DISPLAY -u WAYLAND_DISPLAY "$@"
}

echo "1..3"
status=0
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "ok 1 # SKIP no display to run the widget tests on (build-aux/dev test provides one)"
  echo "ok 2 # SKIP no display to run the widget tests on (build-aux/dev test provides one)"
else
  if ! command -v dbus-run-session >/dev/null; then
    echo "ok 1 # SKIP dbus-run-session is not installed"
  elif run_all "session bus without accessibility bus" \
         env -u AT_SPI_BUS_ADDRESS XDG_RUNTIME_DIR="$work/runtime" \
         dbus-run-session --config-file="$work/session.conf" --; then
    echo "ok 1 - widget tests pass on a session bus without an accessibility bus"
  else
    echo "not ok 1 - widget tests pass on a session bus without an accessibility bus"
    status=1
  fi
  if run_all "no session bus" \
       env -u DBUS_SESSION_BUS_ADDRESS -u AT_SPI_BUS_ADDRESS XDG_RUNTIME_DIR="$work/runtime"; then
    echo "ok 2 - widget tests pass with no session bus"
  else
    echo "not ok 2 - widget tests pass with no session bus"
    status=1
  fi
fi
if run_all "no display" no_display; then
  echo "ok 3 - with no display the widget tests skip, and nothing fails"
else
  echo "not ok 3 - with no display the widget tests skip, and nothing fails"
  status=1
fi
exit $status
