#!/usr/bin/env python3
"""Checks every .golden dump against the field tables parsed straight out
of the spec reference (shared/spec/cmpp3-reference.md): each field's name,
offset and width, computed from the spec's Off/Size columns with the
fixture's own N and L. Independent of both mkfixtures.py and the Go code.

    python3 testdata/packets/spec_check.py [SPEC]
"""
import re, os, sys, glob
D = os.path.dirname(os.path.abspath(__file__))
SPEC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(D, "..", "..", "..", "shared", "spec", "cmpp3-reference.md")
text = open(SPEC, encoding="utf-8").read().splitlines()
tables = {}   # key -> list of (off_expr, name, size_expr)
key = None
for line in text:
    m = re.match(r"^#{3,4} (\S+) (.*)$", line)
    if m:
        head = m.group(2)
        cm = re.match(r"(CMPP_[A-Z_]+) \(0x", head)
        key = cm.group(1) if cm else None
        if m.group(1) == "6.8.1": key = "REPORT"
        if m.group(1) == "7.1.1": key = "MOREPORT_SECTION"
        if m.group(1) == "6.12": key = "CMPP_ACTIVE_TEST_RESP"
        continue
    if key and line.startswith("| ") and not line.startswith("| Off") and not line.startswith("|---"):
        cols = [c.strip() for c in line.strip("|").split("|")]
        if len(cols) >= 3 and re.match(r"^[0-9+NL]+$", cols[0].replace(" ", "")):
            name = cols[1].strip("`")
            k = key
            if key == "MOREPORT_SECTION": k = "MOREPORT"
            tables.setdefault(k, []).append((cols[0], name, cols[2].replace("*", "")))
def ev(expr, N, L):
    e = expr.replace(" ", "")
    e = re.sub(r"(\d)N", r"\1*N", e); e = re.sub(r"(\d)L", r"\1*L", e)
    return eval(e, {}, {"N": N, "L": L})
def expand(tab, N, L, base):
    out = []
    for off, name, size in tab:
        o = ev(off, N, L) + base
        s = size.replace("×", "x")
        if s in ("L", "Msg_length"):
            out.append((o, L, name))
        elif "x" in s:
            w = int(s.split("x")[0].strip())
            for i in range(N): out.append((o + i * w, w, name))
        else:
            out.append((o, int(s), name))
    return out
bad = 0
for path in sorted(glob.glob(os.path.join(D, "*.golden"))):
    rows = []
    for line in open(path):
        off, w, name, val = line.rstrip("\n").split(" ", 3)
        rows.append((int(off), int(w), name, val))
    cmd = rows[1][3]
    N = sum(1 for r in rows if r[2] == "DestUsr_tl" and True) and int([r for r in rows if r[2] == "DestUsr_tl"][0][3])
    L = int([r for r in rows if r[2] == "Msg_Length"][0][3]) if any(r[2] == "Msg_Length" for r in rows) else 0
    exp = [(0, 4, "Total_Length"), (4, 4, "Command_Id"), (8, 4, "Sequence_Id")]
    exp += expand(tables.get(cmd, []), N, L, 12)
    # insert report sub-rows after Msg_Content
    sub = [r for r in rows if "." in r[2]]
    if sub:
        c = [r for r in rows if r[2] == "Msg_Content"][0]
        pre = sub[0][2].split(".")[0]
        tab = tables["REPORT" if pre == "Report" else "MOREPORT"]
        if pre == "Report" and c[1] == 60:
            tab = [(o, n, ("21" if n == "Dest_terminal_Id" else s)) for o, n, s in tab]
            tab = [(o if n != "SMSC_sequence" else "56", n, s) for o, n, s in tab]
        se = [(o, w, pre + "." + n) for o, w, n in expand(tab, 0, 0, c[0])]
        i = [e[2] for e in exp].index("Msg_Content")
        exp = exp[:i + 1] + se + exp[i + 1:]
    got = [(r[0], r[1], r[2]) for r in rows]
    ok = got == exp
    bad += not ok
    print("%s %-28s %-32s rows=%d" % ("OK " if ok else "BAD", os.path.basename(path), cmd, len(rows)))
    if not ok:
        for a, b in zip(got, exp):
            if a != b: print("    got", a, "spec", b)
        if len(got) != len(exp): print("    len", len(got), len(exp))
print("tables parsed:", sorted(tables))
sys.exit(1 if bad else 0)
