#!/usr/bin/env python3
"""Turns `go test -bench` output (several rounds, as scripts/bench.sh makes
them) into the tables of BENCHMARKS.md: for each workload the best ns/op
of Copy, Decode, Append and Report over the rounds (DESIGN §8: on a shared
machine the fastest round is the least disturbed one; benchstat shows the
medians and their spread beside it), each of the others as a multiple of
Copy of the same octets measured in the same run, the allocations of that
round, and the cost per SUBMIT destination (the slope from SubmitPad to
SubmitPad99).

    make bench            # runs this on bench.txt
    python3 scripts/benchtable.py bench.txt
"""
import re, sys
from collections import defaultdict

KINDS = ('Decode', 'Append', 'Report')
best = {}
allocs = {}
pat = re.compile(r'^Benchmark(\w+)/(\w+)-\d+\s+\d+\s+([\d.]+) ns/op.*?(\d+) allocs/op')
split = []
names = []
for line in open(sys.argv[1]):
    m = pat.match(line)
    if m:
        kind, name, v, al = m.groups()
        key = (kind, name)
        if key not in best or float(v) < best[key]:
            best[key], allocs[key] = float(v), int(al)
        if name not in names:
            names.append(name)
        continue
    m = re.match(r'^BenchmarkSplitPacket-\d+\s+\d+\s+([\d.]+) ns/op\s+([\d.]+) MB/s', line)
    if m:
        split.append(float(m.group(2)))

med = best
print('| Workload | Copy ns | ' + ' | '.join('%s ns | ×copy' % k for k in KINDS) + ' | allocs |')
print('|---|---:|' + '---:|---:|' * len(KINDS) + '---:|')
for n in names:
    c = med.get(('Copy', n))
    if c is None:
        continue
    row = ['`%s`' % n, '%.1f' % c]
    worst = 0
    for k in KINDS:
        v = med.get((k, n))
        if v is None:
            row += ['', '']
            continue
        row += ['%.1f' % v, '%.1f×' % (v / c)]
        worst = max(worst, allocs[(k, n)])
    row.append(str(worst))
    print('| ' + ' | '.join(row) + ' |')

pts = [(int(re.sub(r'\D', '', n) or 1), n) for n in names if n.startswith('SubmitPad')]
if len(pts) >= 2:
    (d0, n0), (d1, n1) = min(pts), max(pts)
    print()
    for k in ('Decode', 'Append', 'Copy'):
        if (k, n0) in med and (k, n1) in med:
            print('%s: %.2f ns per SUBMIT destination (%s %.1f ns → %s %.1f ns)' % (
                k, (med[(k, n1)] - med[(k, n0)]) / (d1 - d0), n0, med[(k, n0)], n1, med[(k, n1)]))
if split:
    print()
    print('`SplitPacket` over a stream of every fixture back to back: %.0f MB/s (best round).' % max(split))
