#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check every #include "..." in app/ and ui/ against the layering table of
ARCHITECTURE.md.

The table is the one under the heading "## Parts and their arrows": rows
"| `part` | `other`, `other` | ... |" where the second column lists the parts
the first may include besides itself ("nothing" for none). A header belongs
to the part whose folder holds it (app/PART/ or ui/). The table under
"### Includes still to remove" lists, one row each, "| `file` | `header` |
why |": includes that break the layering today and are known. The table
under "### Headers for their own part" lists "| `header` | ... |": headers
that only their own part and app/cli may include. The check
fails on any other include that crosses the table the wrong way, on a part
missing from the table, and on a listed exception that is no longer there
(so the list only shrinks). Usage: check-layering.py SOURCE_ROOT

check-layering.py --self-test SOURCE_ROOT checks the check: in a copy of
the table with a small tree, a ui/ file that includes an engine header, and
one that includes a capture header, must each fail, and the tree without
them must pass.
"""
import contextlib
import io
import os
import re
import shutil
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
CODE = re.compile(r'`([^`]+)`')


def table_rows(text, heading):
    """The rows of the first table after heading, as lists of cells."""
    at = text.find('\n' + heading + '\n')
    if at < 0:
        sys.exit('ARCHITECTURE.md: no "%s" heading' % heading)
    rows = []
    started = False
    for line in text[at + len(heading) + 2:].splitlines():
        if line.startswith('|'):
            started = True
            cells = [c.strip() for c in line.strip().strip('|').split('|')]
            if set(cells[0]) <= set('-: '):
                continue
            rows.append(cells)
        elif started:
            break
        elif line.startswith('#'):
            break
    return rows[1:]  # the header row


def check(root):
    with open(os.path.join(root, 'ARCHITECTURE.md'), encoding='utf-8') as f:
        text = f.read()

    allowed = {}
    for cells in table_rows(text, '## Parts and their arrows'):
        names = CODE.findall(cells[0])
        if not names:
            continue
        allowed[names[0]] = set(CODE.findall(cells[1]))
    private = set()
    for cells in table_rows(text, '### Headers for their own part'):
        names = CODE.findall(cells[0])
        if names:
            private.add(names[0])
    exceptions = set()
    for cells in table_rows(text, '### Includes still to remove'):
        names = CODE.findall(cells[0]) + CODE.findall(cells[1])
        if len(names) == 2:
            exceptions.add((names[0], names[1]))

    # Which part each header belongs to.
    owner = {}
    sources = []
    for top in ('app', 'ui'):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            rel = os.path.relpath(dirpath, root)
            part = 'ui' if top == 'ui' else '/'.join(rel.split(os.sep)[:2])
            for name in files:
                if name.endswith('.h'):
                    owner.setdefault(name, part)
                if name.endswith(('.c', '.h')):
                    sources.append((part, os.path.join(rel, name)))

    failures = []
    for part in sorted({p for p, _ in sources}):
        if part not in allowed:
            failures.append('%s: not in the table of ARCHITECTURE.md' % part)
    seen = set()
    for part, path in sorted(sources):
        with open(os.path.join(root, path), encoding='utf-8', errors='replace') as f:
            includes = INCLUDE.findall(f.read())
        for header in includes:
            other = owner.get(os.path.basename(header))
            if other is None or other == part:
                continue
            if other in allowed.get(part, set()) and (
                    os.path.basename(header) not in private or part == 'app/cli'):
                continue
            key = (path, os.path.basename(header))
            if key in exceptions:
                seen.add(key)
                continue
            if other in allowed.get(part, set()):
                failures.append('%s includes %s, a header for %s itself'
                                % (path, header, other))
            else:
                failures.append('%s includes %s (%s): %s may include only %s'
                                % (path, header, other, part,
                                   ', '.join(sorted(allowed.get(part, set()))) or 'nothing'))
    for path, header in sorted(exceptions - seen):
        failures.append('ARCHITECTURE.md lists %s including %s, which it no longer does: '
                        'take the row out' % (path, header))

    for line in failures:
        print(line, file=sys.stderr)
    n = sum(1 for _ in sources)
    print('%d files checked against %d parts; %d known exceptions'
          % (n, len(allowed), len(seen)))
    return 1 if failures else 0


def self_test(root):
    """A ui/ file including an engine or a capture header fails the check."""
    files = {
        'app/core/synack-segment.h': '',
        'app/engine/synack-engine.h': '#include "synack-segment.h"\n',
        'app/capture/synack-pcap-source.h': '#include "synack-segment.h"\n',
        'app/document/synack-document.h': '#include "synack-engine.h"\n',
        'ui/synack-window.c': '#include "synack-document.h"\n',
    }
    cases = [
        ('clean', None, 0),
        ('engine', '#include "synack-engine.h"\n', 1),
        ('capture', '#include "synack-pcap-source.h"\n', 1),
    ]
    bad = 0
    for name, extra, expected in cases:
        tree = tempfile.mkdtemp(prefix='synack-layering-')
        try:
            shutil.copy(os.path.join(root, 'ARCHITECTURE.md'), tree)
            for path, text in files.items():
                os.makedirs(os.path.dirname(os.path.join(tree, path)), exist_ok=True)
                with open(os.path.join(tree, path), 'w', encoding='utf-8') as f:
                    f.write(text)
            if extra is not None:
                with open(os.path.join(tree, 'ui', 'synack-panel.c'), 'w', encoding='utf-8') as f:
                    f.write(extra)
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                got = check(tree)
            if got != expected or (expected and 'ui/synack-panel.c includes' not in err.getvalue()):
                print('self-test %s: the check returned %d, expected %d: %s'
                      % (name, got, expected, err.getvalue().strip()), file=sys.stderr)
                bad += 1
        finally:
            shutil.rmtree(tree)
    print('%d of %d self-test cases as expected' % (len(cases) - bad, len(cases)))
    return 1 if bad else 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == '--self-test':
        return self_test(sys.argv[2] if len(sys.argv) > 2 else '.')
    return check(sys.argv[1] if len(sys.argv) > 1 else '.')


if __name__ == '__main__':
    sys.exit(main())
