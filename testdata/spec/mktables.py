#!/usr/bin/env python3
"""Extracts the PDU field tables from the CMPP 3.0 wire reference into
tables.json beside this script, so the spec cross-check (spec_check.py) and CI
need nothing outside the repository.

    python3 testdata/spec/mktables.py PATH/TO/cmpp3-reference.md          # rewrite tables.json
    python3 testdata/spec/mktables.py --check PATH/TO/cmpp3-reference.md  # fail if it differs

tables.json holds, per layout version, one list of [offset, name, size] per
PDU (and "REPORT", the status report in a DELIVER's Msg_Content, §6.8.1, and
"MOREPORT", FWD's MO report, §7.1.1). Offsets and sizes are the spec's own
expressions in N (the number of destinations) and L (Msg_Length), from the
body's first octet: "129+32N", "32xN", "L".

- "3.0" comes from the field tables of §6, §7 and §8 (one table per heading
  "CMPP_X (0x…)").
- "2.0" comes from the one-row-per-PDU table of §12.1 ("Msg_Id 8, …,
  Dest_terminal_Id 21 × DestUsr_tl, …"); rows that say "same as 3.0" copy the
  3.0 table, and offsets are summed here.

The parser knows nothing of the Go code or of mkfixtures.py: it reads only
the reference.
"""
import json, os, re, sys

D = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(D, "tables.json")


def parse30(lines):
    tables = {}
    key = None
    for line in lines:
        m = re.match(r"^#{3,4} (\S+) (.*)$", line)
        if m:
            sec, head = m.group(1), m.group(2)
            cm = re.match(r"(CMPP_[A-Z_]+) \(0x", head)
            key = cm.group(1) if cm else None
            if sec == "6.8.1":
                key = "REPORT"
            elif sec == "7.1.1":
                key = "MOREPORT"
            elif sec == "6.12":
                key = "CMPP_ACTIVE_TEST_RESP"  # the heading names both; only the response has a body
            continue
        if key and line.startswith("| ") and not line.startswith(("| Off", "|---")):
            cols = [c.strip() for c in line.strip("|").split("|")]
            if len(cols) >= 3 and re.match(r"^[0-9+NL]+$", cols[0].replace(" ", "")):
                size = cols[2].replace("*", "").replace("×", "x").replace(" ", "")
                tables.setdefault(key, []).append([cols[0].replace(" ", ""), cols[1].strip("`"), size])
    return tables


def offset_expr(c, n, l):
    parts = [str(c)] if c or not (n or l) else []
    if n:
        parts.append("%dN" % n if n != 1 else "N")
    if l:
        parts.append("%dL" % l if l != 1 else "L")
    return "+".join(parts)


def parse20(lines, t30):
    """§12.1: | PDU | Body, in order (name width) | Body octets |"""
    tables = {}
    start = next(i for i, l in enumerate(lines) if l.startswith("### 12.1 "))
    for line in lines[start + 1:]:
        if line.startswith("#"):
            break
        if not line.startswith("| ") or line.startswith(("| PDU", "|---")):
            continue
        cols = [c.strip() for c in line.strip().strip("|").split("|")]
        pdu, body = cols[0], cols[1].replace("**", "")
        if pdu.startswith("status report"):
            names = ["REPORT"]
        else:
            first = pdu.split(" / ")[0]
            names = [first] + ([first + "_RESP"] if pdu.endswith("/ _RESP") else [])
        if body.startswith("empty"):
            for n in names:
                tables[n] = []
            continue
        if body.startswith("same as 3.0") and ":" not in body:
            for n in names:
                tables[n] = [list(r) for r in t30.get(n, [])]
            continue
        body = body.split(":", 1)[1] if body.startswith("same as 3.0:") else body
        body = body.split(". ")[0]  # a note after the list ("AuthenticatorISMG = MD5(…)")
        rows, c, n, l = [], 0, 0, 0
        for item in body.split(","):
            m = re.match(r"^\s*(\S+) (\d+|Msg_Length)( × DestUsr_tl)?\s*$", item)
            if not m:
                raise SystemExit("§12.1: cannot read %r in the row of %s" % (item, pdu))
            name, w = m.group(1), m.group(2)
            off = offset_expr(c, n, l)
            if w == "Msg_Length":
                rows.append([off, name, "L"]); l += 1
            elif m.group(3):
                rows.append([off, name, "%sxN" % w]); n += int(w)
            else:
                rows.append([off, name, w]); c += int(w)
        for nm in names:
            tables[nm] = rows
    return tables


def build(spec):
    lines = open(spec, encoding="utf-8").read().splitlines()
    t30 = parse30(lines)
    return {"3.0": t30, "2.0": parse20(lines, t30)}


def main(argv):
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    if len(args) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    text = json.dumps(build(args[0]), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if check:
        have = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else ""
        if have != text:
            print("testdata/spec/tables.json differs from the tables in %s: run mktables.py" % args[0], file=sys.stderr)
            return 1
        print("tables.json matches", args[0])
        return 0
    open(OUT, "w", encoding="utf-8").write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
