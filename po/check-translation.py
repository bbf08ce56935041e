#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that a translation is valid and complete.

1. `msgfmt --check --statistics` on po/LANG.po: fails on any msgfmt error, any
   fuzzy and any untranslated message.
2. The strings in the sources listed in po/POTFILES.in (extracted with
   xgettext and the glib keywords, as `ninja synack-pot` does) must all be in
   po/LANG.po and translated: a stale .po that misses new strings fails too.

Usage: check-translation.py SOURCE_ROOT LANG
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
]
MAX_LISTED = 25


def statistics(text):
    counts = {'translated': 0, 'fuzzy': 0, 'untranslated': 0}
    for number, kind in re.findall(r'(\d+) (translated|fuzzy|untranslated)', text):
        counts[kind] = int(number)
    return counts


def msgfmt_stats(po):
    proc = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull, po],
                          capture_output=True, text=True)
    # The statistics are the last line; header warnings come before it.
    lines = [l for l in proc.stderr.splitlines() if re.search(r'\d+ (translated|fuzzy|untranslated)', l)]
    if proc.returncode != 0:
        return proc.returncode, proc.stderr.strip()
    return 0, lines[-1] if lines else proc.stderr.strip()


def unfinished_msgids(po):
    """msgids of fuzzy or untranslated entries, via msgattrib."""
    out = []
    for flag in ('--only-fuzzy', '--untranslated'):
        proc = subprocess.run(['msgattrib', flag, '--no-obsolete', '--no-wrap', po],
                              capture_output=True, text=True)
        for m in re.finditer(r'^msgid "(.+)"$', proc.stdout, re.M):
            out.append(('fuzzy: ' if flag == '--only-fuzzy' else 'untranslated: ') + m.group(1))
    return out


def potfiles(root):
    files = []
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for line in f:
            line = re.sub(r'^\[[^\]]*\]\s*', '', line.strip())
            if line and not line.startswith('#'):
                files.append(line)
    return files


def main():
    if len(sys.argv) != 3:
        print('usage: check-translation.py SOURCE_ROOT LANG', file=sys.stderr)
        return 2
    root, lang = sys.argv[1], sys.argv[2]
    po = os.path.join(root, 'po', lang + '.po')
    name = 'po/%s.po' % lang
    status = 0

    rc, text = msgfmt_stats(po)
    print('%s: %s' % (name, text))
    if rc != 0:
        print('%s: msgfmt --check failed' % name, file=sys.stderr)
        return 1
    counts = statistics(text)
    if counts['fuzzy'] or counts['untranslated']:
        print('%s: %d fuzzy and %d untranslated messages' %
              (name, counts['fuzzy'], counts['untranslated']), file=sys.stderr)
        for line in unfinished_msgids(po)[:MAX_LISTED]:
            print('  ' + line, file=sys.stderr)
        status = 1

    if shutil.which('xgettext') is None or shutil.which('msgmerge') is None:
        print('xgettext or msgmerge missing: cannot compare with the sources', file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'template.pot')
        merged = os.path.join(tmp, lang + '.po')
        proc = subprocess.run(['xgettext', '--package-name=synack', '-o', pot] + XGETTEXT_ARGS +
                              potfiles(root), cwd=root, capture_output=True, text=True)
        if proc.returncode != 0:
            print('xgettext failed on the files in po/POTFILES.in:\n' + proc.stderr,
                  file=sys.stderr)
            return 1
        if not os.path.exists(pot):
            print('the files in po/POTFILES.in hold no translatable strings yet')
            return status
        proc = subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching', '-o', merged,
                               po, pot], capture_output=True, text=True)
        if proc.returncode != 0:
            print('msgmerge %s failed:\n%s' % (name, proc.stderr), file=sys.stderr)
            return 1
        rc, text = msgfmt_stats(merged)
        counts = statistics(text)
        print('%s against the current sources: %s' % (name, text))
        if rc != 0 or counts['fuzzy'] or counts['untranslated']:
            print('%s lacks %d of the sources\' strings (run "ninja -C _build synack-update-po"'
                  ' and translate them):' % (name, counts['fuzzy'] + counts['untranslated']),
                  file=sys.stderr)
            for line in unfinished_msgids(merged)[:MAX_LISTED]:
                print('  ' + line, file=sys.stderr)
            status = 1

    if status == 0:
        print('ok: %s is complete (%d messages)' % (name, counts['translated']))
    return status


if __name__ == '__main__':
    sys.exit(main())
