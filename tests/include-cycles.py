#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Include cycles between nestbox's modules (make check's docs stage).

A module is a source and its header (mount.c and mount.h; a header alone,
such as nb_limits.h, is a module too).  Module A depends on B when A's
source or header includes B's header.  A cycle is a set of modules each of
which reaches the others: none of them can be read, tested or moved
without the rest.  Prints each cycle and exits 1 if there is one that
KNOWN (below) does not list, or one that grew beyond its entry; a listed
cycle that has gone is reported so that its entry is removed.

usage: include-cycles.py ROOT
"""
import glob
import os
import re
import sys

# The cycles left of those the tree had when this check came (issue #21);
# each would be a to-do, not a licence.  A cycle must be a subset of one of
# these.  None is left: the policy's parts' types are in policy_parts.h and
# its path check in policy_path.h, which their modules include instead of
# policy.h.
KNOWN = []

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def module(path):
    return os.path.splitext(os.path.basename(path))[0]


def graph(root):
    files = glob.glob(os.path.join(root, "src", "**", "*.[ch]"), recursive=True)
    files += glob.glob(os.path.join(root, "include", "*.h"))
    deps = {}
    for f in files:
        m = module(f)
        deps.setdefault(m, set())
        with open(f, encoding="utf-8", errors="replace") as text:
            for line in text:
                inc = INCLUDE.match(line)
                if inc and module(inc.group(1)) != m:
                    deps[m].add(module(inc.group(1)))
    return {m: {d for d in ds if d in deps} for m, ds in deps.items()}


def cycles(deps):
    """Tarjan's strongly connected components of more than one module."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(deps[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = set()
            while True:
                w = stack.pop()
                on.discard(w)
                scc.add(w)
                if w == v:
                    break
            if len(scc) > 1:
                out.append(scc)

    sys.setrecursionlimit(10000)
    for v in sorted(deps):
        if v not in index:
            visit(v)
    return out


def main():
    found = cycles(graph(sys.argv[1]))
    bad = [c for c in found if not any(c <= k for k in KNOWN)]
    for c in bad:
        print("#   include cycle: " + " ".join(sorted(c)))
    for k in KNOWN:
        if not any(c & k for c in found):
            print("#   gone, remove from KNOWN: " + " ".join(sorted(k)))
            bad.append(k)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
