#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the KTAP in a KUnit kernel's console log into one line per test.

Usage: ktap.py LOG

Prints, for every leaf test (a test case, or one parameter of a
parameterised case):
    ok - kunit <suite>.<case>[ <param>]
    not ok - kunit <suite>.<case>[ <param>]
with the kernel's diagnostic lines for a failure under it, indented, and
'# SKIP ...' after a skipped one. A test whose result line is missing (the
kernel crashed or was stopped), a plan that was not met, or a case that says
'not ok' though none of its parameters failed is one more failure.

The last line is 'N passed, N failed[, N skipped]'. Exit status: 0 if at
least one test ran and none failed, 1 otherwise; 2 if the log holds no KTAP
at all (the caller reports that).
"""
import re
import sys

KTAP_START = re.compile(r'K?TAP version [0-9]+\s*$')
# where kunit.py stops reading, plus the UML halt message
KTAP_END = re.compile(r'^\s*(List of all partitions:|'
                      r'Kernel panic - not syncing: VFS:|'
                      r'reboot: System halted)')
RESULT = re.compile(r'^(\s*)(ok|not ok) ([0-9]+)(?: -)? ?(.*?)\s*$')
SUBTEST = re.compile(r'^(\s*)# Subtest: (.*?)\s*$')
PLAN = re.compile(r'^(\s*)1\.\.([0-9]+)\s*$')
VERSION = re.compile(r'^(\s*)K?TAP version [0-9]+\s*$')
STATS = re.compile(r'^\s*# (?:.*: )?pass:[0-9]+ fail:[0-9]+ skip:[0-9]+ '
                   r'total:[0-9]+\s*$')
DIRECTIVE = re.compile(r'^(.*?)\s+#\s*(SKIP|TODO)\b\s*(.*)$', re.I)
NO_RESULT = 'no result line: the kernel crashed, hung or was stopped'
MAX_DIAG = 60  # diagnostic lines kept per failure


def clip(lines):
    if len(lines) <= MAX_DIAG:
        return list(lines)
    return lines[:MAX_DIAG] + ['... (%d more lines in the log)'
                               % (len(lines) - MAX_DIAG)]


def depth(indent):
    return len(indent.expandtabs(8)) // 4


class Node:
    def __init__(self, name=None, level=0):
        self.name = name        # from '# Subtest:' or the result line
        self.level = level      # indentation level of its children's lines
        self.plan = None
        self.children = []
        self.status = None      # 'ok', 'not ok' or None (no result line)
        self.directive = None   # ('SKIP'|'TODO', reason)
        self.diag = []


def ktap_lines(path):
    """The KTAP part of the console log, with its prefix taken off."""
    with open(path, errors='backslashreplace') as f:
        prefix = None
        for line in f:
            line = line.rstrip('\r\n')
            if prefix is None:
                m = KTAP_START.search(line)
                if m:
                    # what stands before the first version line (a
                    # timestamp, say) stands before every KTAP line
                    prefix = m.start()
                    yield line[prefix:]
                continue
            if KTAP_END.search(line):
                return
            yield line[prefix:]


def parse(path):
    root = Node(name='', level=0)
    stack = [root]
    pending = []            # diagnostics since the last result line
    seen = False

    def close_to(level):
        # pop the groups nested deeper than 'level' that never got a result
        while len(stack) > 1 and stack[-1].level > level:
            g = stack.pop()
            g.diag = clip(pending)
            stack[-1].children.append(g)

    for line in ktap_lines(path):
        seen = True
        m = VERSION.match(line)
        if m:
            lv = depth(m.group(1))
            if lv > stack[-1].level:
                stack.append(Node(level=lv))
            continue
        m = SUBTEST.match(line)
        if m:
            lv = depth(m.group(1))
            if lv > stack[-1].level:
                stack.append(Node(level=lv))
            elif lv < stack[-1].level:
                close_to(lv)
            if stack[-1].level == lv and stack[-1] is not root:
                stack[-1].name = m.group(2)
            pending = []
            continue
        m = PLAN.match(line)
        if m:
            lv = depth(m.group(1))
            if lv == stack[-1].level and stack[-1].plan is None:
                stack[-1].plan = int(m.group(2))
            continue
        m = RESULT.match(line)
        if m:
            lv = depth(m.group(1))
            status, desc = m.group(2), m.group(4)
            directive = None
            d = DIRECTIVE.match(desc)
            if d:
                desc, directive = d.group(1), (d.group(2).upper(), d.group(3))
            close_to(lv + 1)
            if stack[-1].level == lv + 1 and len(stack) > 1:
                node = stack.pop()          # the result of a group
                if not node.name:
                    node.name = desc
            else:
                node = Node(name=desc, level=lv + 1)
            node.status, node.directive = status, directive
            if status != 'ok':
                node.diag = clip(pending)
            pending = []
            stack[-1].children.append(node)
            continue
        if STATS.match(line) or not line.strip():
            continue
        pending.append(line.strip())
    close_to(-1)
    return root, seen


def report(root):
    counts = {'passed': 0, 'failed': 0, 'skipped': 0}

    def emit(ok, name, note=None, diag=()):
        if ok is None:
            counts['skipped'] += 1
            print('ok - kunit %s # SKIP%s' % (name, ' ' + note if note else ''))
            return
        counts['passed' if ok else 'failed'] += 1
        print('%s - kunit %s%s' % ('ok' if ok else 'not ok', name,
                                  ' (%s)' % note if note else ''))
        for d in diag:
            print('    ' + d)

    def join(parent, child, lvl):
        if not parent:
            return child
        return parent + ('.' if lvl == 2 else ' ') + child

    def walk(node, name, lvl):
        """Report the leaves under node; True if any of them failed.
        A group without a result line that did not meet its plan gets one
        failure for both, with the kernel's last words."""
        failed = False
        for i, c in enumerate(node.children):
            cname = join(name, c.name or '#%d' % (i + 1), lvl + 1)
            if c.children:
                sub = walk(c, cname, lvl + 1)
                if c.status != 'ok' and not sub and not (
                        c.status is None and c.plan is not None and
                        len(c.children) < c.plan):
                    emit(False, cname,
                         'failed, though none of its tests did'
                         if c.status else NO_RESULT, c.diag)
                    sub = True
                failed |= sub
            elif c.status is None:
                emit(False, cname, NO_RESULT, c.diag)
                failed = True
            elif c.directive and c.directive[0] == 'SKIP':
                emit(None, cname, c.directive[1])
            elif c.status == 'ok':
                emit(True, cname)
            else:
                emit(False, cname, None, c.diag)
                failed = True
        if node.plan is not None and len(node.children) < node.plan:
            note = 'planned %d tests, %d reported' % (node.plan,
                                                     len(node.children))
            if node.status is None:
                note += ': ' + NO_RESULT
            emit(False, name or '(all suites)', note, node.diag)
            failed = True
        return failed

    walk(root, '', 0)
    return counts


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root, seen = parse(sys.argv[1])
    if not seen:
        return 2
    c = report(root)
    if c['passed'] + c['failed'] + c['skipped'] == 0:
        print('not ok - kunit (KTAP found but no test ran)')
        c['failed'] += 1
    line = '%d passed, %d failed' % (c['passed'], c['failed'])
    if c['skipped']:
        line += ', %d skipped' % c['skipped']
    print(line)
    return 0 if c['failed'] == 0 and c['passed'] > 0 else 1


if __name__ == '__main__':
    sys.exit(main())
