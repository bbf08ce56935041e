#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Load the MIME package with update-mime-database in a scratch directory, the
# way an install does, and check both capture types come out with their globs
# and magic and that the database tool had nothing to complain about.
set -eu

xml=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

db=$tmp/mime
mkdir -p "$db/packages"
cp "$xml" "$db/packages/"
if ! XDG_DATA_DIRS="$tmp" XDG_DATA_HOME="$tmp" update-mime-database "$db" >"$tmp/log" 2>&1; then
  echo "update-mime-database failed on $xml:" >&2
  cat "$tmp/log" >&2
  exit 1
fi
if [ -s "$tmp/log" ]; then
  echo "update-mime-database complained about $xml:" >&2
  cat "$tmp/log" >&2
  exit 1
fi

status=0
for want in 'application/vnd.tcpdump.pcap:\*\.pcap$' 'application/x-pcapng:\*\.pcapng$'; do
  if ! grep -q "$want" "$db/globs2"; then
    echo "$xml: no glob matching $want in the compiled database" >&2
    status=1
  fi
done
for type in application/vnd.tcpdump.pcap application/x-pcapng; do
  if ! grep -aq "$type" "$db/magic"; then
    echo "$xml: no magic for $type in the compiled database" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "ok: $xml declares application/vnd.tcpdump.pcap and application/x-pcapng"
exit $status
