#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check po/POTFILES.in against the source tree.

Fails when a file under app/, ui/ or data/ holds translatable strings
(_( N_( C_( NC_( ngettext, translatable="yes", or is a desktop file, metainfo
or GSettings schema) and is not listed, or when a listed file does not exist
(xgettext would stop on it). Usage: check-potfiles.py SOURCE_ROOT
"""
import os
import re
import sys

MARKERS = re.compile(rb'(?:^|[^A-Za-z0-9_])((?:N?C?_|ngettext|g_dngettext|g_dpgettext2?)\s*\()'
                     rb'|(translatable\s*=\s*"yes")')
# Files translatable by their type alone.
TYPED = ('.desktop.in', '.metainfo.xml.in', '.appdata.xml.in', '.gschema.xml')
DIRS = ('app', 'ui', 'data')
SKIP_DIRS = {'.git', '__pycache__'}
SKIP_SUFFIXES = ('.png', '.jpg', '.pcap', '.pcapng', '.gz', '.svg', '.sh', '.py',
                 'meson.build', '.md', '.txt', '.css')


def read_potfiles(path):
    listed = {}
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            # "[type: gettext/glade]ui/file.ui" or "[encoding: UTF-8]" style hints
            line = re.sub(r'^\[[^\]]*\]\s*', '', line)
            if line:
                listed[line] = number
    return listed


def translatable_files(root):
    found = []
    for top in DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames
                                 if d not in SKIP_DIRS and not d.startswith('_build'))
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root).replace(os.sep, '/')
                if name.endswith(TYPED):
                    found.append((rel, 'a translatable file type'))
                    continue
                if name.endswith(SKIP_SUFFIXES):
                    continue
                try:
                    with open(path, 'rb') as f:
                        data = f.read()
                except OSError:
                    continue
                if b'\0' in data[:8192]:
                    continue
                for number, line in enumerate(data.split(b'\n'), 1):
                    m = MARKERS.search(line)
                    if m:
                        found.append((rel, 'line %d: %s' % (number,
                                      (m.group(1) or m.group(2)).decode('utf-8', 'replace'))))
                        break
    return found


def main():
    if len(sys.argv) != 2:
        print('usage: check-potfiles.py SOURCE_ROOT', file=sys.stderr)
        return 2
    root = sys.argv[1]
    potfiles = os.path.join(root, 'po', 'POTFILES.in')
    listed = read_potfiles(potfiles)
    status = 0

    for rel, why in translatable_files(root):
        if rel not in listed:
            print('po/POTFILES.in: missing %s (%s)' % (rel, why), file=sys.stderr)
            status = 1
    for rel, number in sorted(listed.items(), key=lambda item: item[1]):
        if not os.path.isfile(os.path.join(root, rel)):
            print('po/POTFILES.in:%d: %s does not exist' % (number, rel), file=sys.stderr)
            status = 1

    if status == 0:
        print('ok: po/POTFILES.in lists all %d files with translatable strings' % len(listed))
    return status


if __name__ == '__main__':
    sys.exit(main())
