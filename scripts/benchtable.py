#!/usr/bin/env python3
"""Turns `go test -bench` output (several -count rounds) into the table of
BENCHMARKS.md: for each PDU, the best ns/op of Decode, Append and Copy
across rounds (the machine is shared and noisy; the fastest round is the
one least disturbed), MB/s, B/op and allocs/op, and each as a multiple of
Copy measured in the same run.

    go test -run '^$' -bench . -count 10 . > bench.txt
    python3 scripts/benchtable.py bench.txt
"""
import re, sys
from collections import defaultdict

best = defaultdict(lambda: None)
extra = {}
pat = re.compile(r'^Benchmark(\w+)/(\w+)-\d+\s+\d+\s+([\d.]+) ns/op\s+([\d.]+) MB/s\s+(\d+) B/op\s+(\d+) allocs/op')
split = re.compile(r'^BenchmarkSplitPacket-\d+\s+\d+\s+([\d.]+) ns/op\s+([\d.]+) MB/s\s+(\d+) B/op\s+(\d+) allocs/op')
sp = None
for line in open(sys.argv[1]):
    m = pat.match(line)
    if m:
        kind, name, ns, mbs, bop, allocs = m.groups()
        key = (kind, name)
        if best[key] is None or float(ns) < best[key]:
            best[key] = float(ns)
            extra[key] = (float(mbs), int(bop), int(allocs))
        continue
    m = split.match(line)
    if m and (sp is None or float(m.group(1)) < sp[0]):
        sp = (float(m.group(1)), float(m.group(2)), int(m.group(3)), int(m.group(4)))

names = []
for kind, name in best:
    if name not in names:
        names.append(name)
print('| PDU | Decode ns/op | MB/s | B/op | allocs | ×copy | Append ns/op | MB/s | B/op | allocs | ×copy | Copy ns/op |')
print('|---|---|---|---|---|---|---|---|---|---|---|---|')
for n in names:
    c = best[('Copy', n)]
    row = ['`%s`' % n]
    for kind in ('Decode', 'Append'):
        v = best[(kind, n)]
        mbs, bop, al = extra[(kind, n)]
        row += ['%.1f' % v, '%.0f' % mbs, str(bop), str(al), '%.1f×' % (v / c)]
    row.append('%.1f' % c)
    print('| ' + ' | '.join(row) + ' |')
if sp:
    print()
    print('`SplitPacket` over a stream of every fixture back to back: %.0f ns/op, %.0f MB/s, %d B/op, %d allocs/op.' % sp)
