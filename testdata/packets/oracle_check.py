#!/usr/bin/env python3
"""Checks fixtures against Wireshark's CMPP dissector, an optional local
check (it needs tshark and a `dissect` wrapper that prints the dissector's
fields as JSON; CI does not run it): runs `dissect --raw` on each named fixture and
compares every field Wireshark dissects, octet for octet and value for
value, with the fixture's .golden dump, allowing for the dissector's
documented bugs (Src_Id shown as 17 octets, ismg_code shifted, reports
always read as 71 octets). Needs tshark (see the oracle's README).

    DISSECT=/path/to/dissect python3 testdata/packets/oracle_check.py connect submit deliver_report71 ...
    python3 testdata/packets/oracle_check.py --dissect /path/to/dissect connect submit ...
"""
import json, subprocess, sys, os
D = os.path.dirname(os.path.abspath(__file__))
args = sys.argv[1:]
DISSECT = os.environ.get("DISSECT", "")
if args[:1] == ["--dissect"] and len(args) > 1:
    DISSECT, args = args[1], args[2:]
if not DISSECT or not args:
    sys.exit(__doc__.strip() + "\n\noracle_check.py: give the dissector's path (DISSECT=… or --dissect PATH) and fixture names")
CMD = {"CMPP_CONNECT":1,"CMPP_CONNECT_RESP":0x80000001,"CMPP_TERMINATE":2,"CMPP_TERMINATE_RESP":0x80000002,
"CMPP_SUBMIT":4,"CMPP_SUBMIT_RESP":0x80000004,"CMPP_DELIVER":5,"CMPP_DELIVER_RESP":0x80000005,"CMPP_QUERY":6,
"CMPP_QUERY_RESP":0x80000006,"CMPP_CANCEL":7,"CMPP_CANCEL_RESP":0x80000007,"CMPP_ACTIVE_TEST":8,
"CMPP_ACTIVE_TEST_RESP":0x80000008,"CMPP_FWD":9,"CMPP_FWD_RESP":0x80000009}
for _n,_v in [("MT_ROUTE",0x10),("MO_ROUTE",0x11),("GET_MT_ROUTE",0x12),("MT_ROUTE_UPDATE",0x13),("MO_ROUTE_UPDATE",0x14),("PUSH_MT_ROUTE_UPDATE",0x15),("PUSH_MO_ROUTE_UPDATE",0x16),("GET_MO_ROUTE",0x17)]:
    CMD["CMPP_"+_n]=_v; CMD["CMPP_"+_n+"_RESP"]=_v|0x80000000
BODY = {"CMPP_CONNECT","CMPP_CONNECT_RESP","CMPP_SUBMIT","CMPP_SUBMIT_RESP","CMPP_DELIVER","CMPP_DELIVER_RESP",
        "CMPP_TERMINATE","CMPP_TERMINATE_RESP","CMPP_ACTIVE_TEST"}
MAP = {
 'cmpp.Total_Length':['Total_Length'],'cmpp.Command_Id':['Command_Id'],'cmpp.Sequence_Id':['Sequence_Id'],
 'cmpp.connect.Source_Addr':['Source_Addr'],'cmpp.connect.AuthenticatorSource':['AuthenticatorSource'],
 'cmpp.Version':['Version'],'cmpp.connect.Timestamp':['Timestamp'],'cmpp.connect_resp.Status':['Status'],
 'cmpp.connect_resp.AuthenticatorISMG':['AuthenticatorISMG'],'cmpp.Msg_Id':['Msg_Id','Report.Msg_Id'],
 'cmpp.submit.Pk_total':['Pk_total'],'cmpp.submit.Pk_number':['Pk_number'],
 'cmpp.submit.Registered_Delivery':['Registered_Delivery'],'cmpp.submit.Msg_level':['Msg_level'],
 'cmpp.Servicd_Id':['Service_Id'],'cmpp.submit.Fee_UserType':['Fee_UserType'],
 'cmpp.submit.Fee_terminal_Id':['Fee_terminal_Id'],'cmpp.submit.Fee_terminal_type':['Fee_terminal_type'],
 'cmpp.TP_pId':['TP_pId','TP_pid'],'cmpp.TP_udhi':['TP_udhi'],'cmpp.Msg_Fmt':['Msg_Fmt'],
 'cmpp.submit.Msg_src':['Msg_src'],'cmpp.submit.FeeType':['FeeType'],'cmpp.submit.FeeCode':['FeeCode'],
 'cmpp.submit.Valld_Time':['ValId_Time'],'cmpp.submit.At_time':['At_Time'],'cmpp.submit.Src_Id':['Src_Id'],
 'cmpp.submit.DestUsr_tl':['DestUsr_tl'],'cmpp.Dest_terminal_Id':['Dest_terminal_Id','Report.Dest_terminal_Id'],
 'cmpp.submit.Dest_terminal_type':['Dest_terminal_type'],'cmpp.Msg_Length':['Msg_Length'],
 'cmpp.Msg_Content':['Msg_Content'],'cmpp.LinkID':['LinkID'],'cmpp.submit_resp.Result':['Result'],
 'cmpp.deliver.Dest_Id':['Dest_Id'],'cmpp.deliver.Src_terminal_Id':['Src_terminal_Id'],
 'cmpp.deliver.Src_terminal_type':['Src_terminal_type'],'cmpp.deliver.Registered_Delivery':['Registered_Delivery'],
 'cmpp.deliver.Report':['Msg_Content'],'cmpp.deliver.Report.Status':['Report.Stat'],
 'cmpp.deliver.Report.Submit_time':['Report.Submit_time'],'cmpp.deliver.Report.Done_time':['Report.Done_time'],
 'cmpp.Report.SMSC_sequence':['Report.SMSC_sequence'],'cmpp.deliver_resp.Result':['Result'],
}
BOOL = {'cmpp.submit.Registered_Delivery','cmpp.submit.Fee_terminal_type','cmpp.submit.Dest_terminal_type',
        'cmpp.deliver.Src_terminal_type','cmpp.deliver.Registered_Delivery'}
def ts(n): s="%010d"%n; return "%s/%s %s:%s:%s"%(s[0:2],s[2:4],s[4:6],s[6:8],s[8:10])
def expect(ws, g):
    v = g[3]
    if ws == 'cmpp.Command_Id': return "0x%08x" % CMD[v]
    if ws == 'cmpp.Version': n=int(v); return "%02u.%02u"%(n>>4,n&15)
    if ws == 'cmpp.connect.Timestamp': return ts(int(v))
    if ws in BOOL: return "1" if int(v) else "0"
    if ws == 'cmpp.deliver.Report': return ""
    if v.startswith('"'):
        s = v[1:-1]
        return s[:17] if ws == 'cmpp.submit.Src_Id' else s
    if v.startswith('hex:'): return None   # placeholder; compare raw octets
    return v
total_bad = 0
for name in args:
    hexf = os.path.join(D, name + ".hex")
    rows = []
    for line in open(os.path.join(D, name + ".golden")):
        off, w, fname, val = line.rstrip("\n").split(" ", 3)
        rows.append((int(off), int(w), fname, val))
    cmd = rows[1][3]
    out = subprocess.run([DISSECT, "--raw", hexf], capture_output=True, text=True, check=True).stdout
    objs = [json.loads(l) for l in out.splitlines()]
    assert len(objs) == 1
    o = objs[0]
    bad = []
    meta = {k: o.get(k) for k in ("_cmpp", "_malformed", "_trailing", "_undissected", "_expert", "_why", "_command")}
    if o.get("_cmpp") != 1: bad.append("meta %r" % meta)
    else:
        if o["_malformed"] or o["_trailing"] != 0 or o.get("_expert"): bad.append("meta %r" % meta)
        body = rows[0][3] and int(rows[0][3]) - 12
        if cmd in BODY and o["_undissected"] != 0: bad.append("undissected %r" % o["_undissected"])
        if cmd not in BODY and o["_undissected"] != body: bad.append("undissected %r != body %d" % (o["_undissected"], body))
    seen = set(); checked = 0
    raw = o.get("_raw", {})
    for ws, occ in raw.items():
        if ws.startswith("cmpp.Msg_Id."):
            continue
        if ws not in MAP: bad.append("unmapped %s" % ws); continue
        cands = [r for r in rows if r[2] in MAP[ws]]
        for k, (roff, rlen, rhex) in enumerate(occ):
            if k >= len(cands): bad.append("%s occurrence %d has no golden row" % (ws, k)); continue
            g = cands[k]; seen.add((g[0], g[2]))
            wantlen = g[1]
            if ws == 'cmpp.submit.Src_Id': wantlen = 17
            if ws == 'cmpp.deliver.Report': wantlen = 71
            if roff != g[0] or rlen != wantlen:
                bad.append("%s#%d at %d/%d, golden %s at %d/%d" % (ws, k, roff, rlen, g[2], g[0], wantlen))
            shown = o[ws][k]; e = expect(ws, g)
            if e is None:
                if g[3] != "hex:" + rhex: bad.append("%s raw %s != golden %s" % (ws, rhex, g[3]))
            elif shown != e:
                bad.append("%s shown %r, expected %r (golden %s)" % (ws, shown, e, g[2]))
            checked += 1
    # Msg_Id sub-fields
    for k, g in enumerate([r for r in rows if r[2] in ('Msg_Id', 'Report.Msg_Id')]):
        if 'cmpp.Msg_Id.timestamp' not in o: break
        m = int(g[3], 16)
        et = "%02d/%02d %02d:%02d:%02d" % (m >> 60, (m >> 55) & 31, (m >> 50) & 31, (m >> 44) & 63, (m >> 38) & 63)
        ei = str(((m >> 16) & 0x3FFFFF) >> 8); es = str(m & 0xFFFF)
        got = (o['cmpp.Msg_Id.timestamp'][k], o['cmpp.Msg_Id.ismg_code'][k], o['cmpp.Msg_Id.sequence_id'][k])
        if got != (et, ei, es): bad.append("Msg_Id#%d sub %r != %r" % (k, got, (et, ei, es)))
        checked += 3
    uncovered = [r[2] for r in rows if (r[0], r[2]) not in seen]
    if cmd not in BODY or cmd in ("CMPP_TERMINATE","CMPP_TERMINATE_RESP","CMPP_ACTIVE_TEST"):
        uncovered = [u for u in uncovered]
    status = "OK " if not bad else "BAD"
    total_bad += bool(bad)
    print("%s %-22s %-22s cmpp=%s len=%s undiss=%s checked=%d uncovered=%s" % (status, name, cmd, o.get("_cmpp"), o.get("_len"), o.get("_undissected"), checked, uncovered if cmd in BODY else "(body not dissected)"))
    for b in bad: print("     ", b)
sys.exit(1 if total_bad else 0)
