#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The schema the build compiled (BUILDDIR/gschemas.compiled) must hold every key
# the application reads, with the documented type and default.
# Usage: check-schema.sh BUILDDIR SCHEMA_ID [SCHEMA_XML]
set -eu

builddir=$1
schema=$2
source_xml=${3:-}

if [ ! -f "$builddir/gschemas.compiled" ]; then
  echo "$builddir/gschemas.compiled is missing: the build did not compile the schemas" >&2
  exit 1
fi

expected="label-mode 'relative'
theme 'system'
speed 1.0
skip-idle true
presentation-scale 1.0
show-explanation true
language ''
window-width 1400
window-height 900
window-maximized false
recent-files @as []
live-memory-budget uint32 256"

actual=$(GSETTINGS_SCHEMA_DIR="$builddir" GSETTINGS_BACKEND=memory \
         gsettings list-recursively "$schema" | sed "s/^$schema //")

status=0
echo "$expected" | while IFS= read -r line; do
  if ! printf '%s\n' "$actual" | grep -qxF -- "$line"; then
    echo "$schema: expected key and default “$line”; the compiled schema has:" >&2
    printf '%s\n' "$actual" >&2
    exit 1
  fi
done || status=1

n_expected=$(printf '%s\n' "$expected" | wc -l)
n_actual=$(printf '%s\n' "$actual" | wc -l)
if [ "$n_expected" -ne "$n_actual" ]; then
  echo "$schema: $n_actual keys, expected $n_expected" >&2
  status=1
fi

# Enum keys refuse values outside their nicks.
if GSETTINGS_SCHEMA_DIR="$builddir" GSETTINGS_BACKEND=memory \
   gsettings set "$schema" theme 'purple' 2>/dev/null; then
  echo "$schema: key theme accepted 'purple'" >&2
  status=1
fi
for key_range in "label-mode:enum 'relative' 'absolute' 'textbook'" \
                 "theme:enum 'system' 'light' 'dark'" \
                 "live-memory-budget:range u 1 1048576"; do
  key=${key_range%%:*}
  want=${key_range#*:}
  range=$(GSETTINGS_SCHEMA_DIR="$builddir" GSETTINGS_BACKEND=memory \
          gsettings range "$schema" "$key" | tr '\n' ' ' | sed 's/ *$//')
  if [ "$range" != "$want" ]; then
    echo "$schema: $key has range “$range”, expected “$want”" >&2
    status=1
  fi
done

# Every key says what it is for, in a summary and a description (the
# preferences dialog and dconf-editor show them, translators translate them).
if [ -n "$source_xml" ]; then
  bare=$(xmllint --xpath \
         "//key[not(normalize-space(summary)) or not(normalize-space(description))]/@name" \
         "$source_xml" 2>/dev/null || true)
  if [ -n "$bare" ]; then
    echo "$source_xml: keys without a summary or a description:$bare" >&2
    status=1
  fi
fi

[ $status -eq 0 ] && echo "ok: $schema has its $n_expected keys with their defaults"
exit $status
