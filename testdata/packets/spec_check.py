#!/usr/bin/env python3
"""Checks every .golden dump against the spec's field tables: each field's
name, offset and width, computed from the spec's offset and size
expressions with the fixture's own N and L. Independent of both
mkfixtures.py and the Go code.

The tables are testdata/spec/tables.json, extracted from the wire reference
(cmpp3-reference.md) by testdata/spec/mktables.py. Goldens in this directory
are 3.0 layouts, except those named v20_* or v21_*; goldens in a sibling
testdata/packets20/ directory, if there is one, are 2.0/2.1 layouts.

    python3 testdata/packets/spec_check.py
"""
import glob, json, os, re, sys

D = os.path.dirname(os.path.abspath(__file__))
TABLES = json.load(open(os.path.join(D, "..", "spec", "tables.json"), encoding="utf-8"))


def ev(expr, N, L):
    e = expr.replace(" ", "")
    e = re.sub(r"(\d)N", r"\1*N", e)
    e = re.sub(r"(\d)L", r"\1*L", e)
    return eval(e, {"__builtins__": {}}, {"N": N, "L": L})


def expand(tab, N, L, base):
    out = []
    for off, name, size in tab:
        o = ev(off, N, L) + base
        if size in ("L", "Msg_length"):
            out.append((o, L, name))
        elif "x" in size:
            w = int(size.split("x")[0])
            for i in range(N):
                out.append((o + i * w, w, name))
        else:
            out.append((o, int(size), name))
    return out


def expected(rows, tables):
    cmd = rows[1][3]
    dest = [r for r in rows if r[2] == "DestUsr_tl"]
    N = int(dest[0][3]) if dest else 0
    ml = [r for r in rows if r[2] == "Msg_Length"]
    L = int(ml[0][3]) if ml else 0
    exp = [(0, 4, "Total_Length"), (4, 4, "Command_Id"), (8, 4, "Sequence_Id")]
    exp += expand(tables.get(cmd, []), N, L, 12)
    sub = [r for r in rows if "." in r[2]]  # a report's rows, after Msg_Content
    if sub:
        c = [r for r in rows if r[2] == "Msg_Content"][0]
        pre = sub[0][2].split(".")[0]
        if pre == "Report":
            # chosen by length (§6.8.1): the 71-octet 3.0 form or the 60-octet 2.0 form
            tab = TABLES["3.0"]["REPORT"] if c[1] == 71 else TABLES["2.0"]["REPORT"]
        else:
            tab = TABLES["3.0"]["MOREPORT"]
        se = [(o, w, pre + "." + n) for o, w, n in expand(tab, 0, 0, c[0])]
        i = [e[2] for e in exp].index("Msg_Content")
        exp = exp[:i + 1] + se + exp[i + 1:]
    return cmd, exp


def goldens():
    for path in sorted(glob.glob(os.path.join(D, "*.golden"))):
        b = os.path.basename(path)
        yield path, "2.0" if b.startswith(("v20_", "v21_")) else "3.0"
    for path in sorted(glob.glob(os.path.join(D, "..", "packets20", "*.golden"))):
        yield path, "2.0"


bad = n = 0
for path, version in goldens():
    rows = []
    for line in open(path, encoding="utf-8"):
        off, w, name, val = line.rstrip("\n").split(" ", 3)
        rows.append((int(off), int(w), name, val))
    cmd, exp = expected(rows, TABLES[version])
    got = [(r[0], r[1], r[2]) for r in rows]
    ok = got == exp
    bad += not ok
    n += 1
    print("%s %s %-32s %-32s rows=%d" % ("OK " if ok else "BAD", version, os.path.basename(path), cmd, len(rows)))
    if not ok:
        for a, b in zip(got, exp):
            if a != b:
                print("    got", a, "spec", b)
        if len(got) != len(exp):
            print("    len", len(got), len(exp))
print("%d goldens, %d disagree with testdata/spec/tables.json" % (n, bad))
sys.exit(1 if bad or n == 0 else 0)
