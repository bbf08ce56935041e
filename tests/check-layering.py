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
"""
import os
import re
import sys

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


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else '.'
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


if __name__ == '__main__':
    sys.exit(main())
