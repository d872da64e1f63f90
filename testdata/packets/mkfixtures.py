#!/usr/bin/env python3
"""mkfixtures.py - build the golden CMPP 3.0 wire fixtures in this directory,
and the CMPP 2.0 ones in ../packets20.

Every PDU below is written by hand as a list of
    (spec field name, width in octets, kind, value)
in wire order, taken from the field tables of the CMPP 3.0 wire reference
(cmpp3-reference.md: §3 header, §4 command ids, §5 encodings, §6 SP-ISMG,
§7 CMPP_FWD, §8 GNS, §10 lengths).  Nothing here comes from the Go codec:
these files exist to check that codec.

Derived values are computed from the data itself: Total_Length from the
encoded octets, DestUsr_tl from the number of recipient fields, Msg_Length
from the content.  A self-check compares each PDU's length with the §10
formula, the CONNECT PDU with the §5.4 test vector and the Msg_Id packing
with the §5.5 example.

The CMPP 2.0 fixtures (../packets20) are written the same way from the 2.0
field tables of cmpp3-reference.md §12.1: 21-octet numbers, no *_type
flags, an 8-octet Reserve (Reserved in DELIVER) where 3.0 has LinkID, and
1-octet Status / Result / Success_Id; their lengths are checked against
the §12.1 body-length column.

For every fixture NAME two files are written:
  NAME.hex     '#' comments (the PDU, its notable values, one line per field:
               offset, name, width, octets) and one line of hex for the PDU;
               readable unchanged by the Wireshark oracle (`dissect`).
  NAME.golden  the expected decoded dump, one line per field in wire order:
               "%04d %d %s %s" % (offset, width, name, value).

Usage:  python3 mkfixtures.py          write the files next to this script
        python3 mkfixtures.py --check  only compare; exit 1 if any differs
Python 3 standard library only; the output is deterministic.
"""

import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------
# §4 Command_Id table
# ---------------------------------------------------------------------------
COMMAND_ID = {
    "CMPP_CONNECT": 0x00000001,
    "CMPP_CONNECT_RESP": 0x80000001,
    "CMPP_TERMINATE": 0x00000002,
    "CMPP_TERMINATE_RESP": 0x80000002,
    "CMPP_SUBMIT": 0x00000004,
    "CMPP_SUBMIT_RESP": 0x80000004,
    "CMPP_DELIVER": 0x00000005,
    "CMPP_DELIVER_RESP": 0x80000005,
    "CMPP_QUERY": 0x00000006,
    "CMPP_QUERY_RESP": 0x80000006,
    "CMPP_CANCEL": 0x00000007,
    "CMPP_CANCEL_RESP": 0x80000007,
    "CMPP_ACTIVE_TEST": 0x00000008,
    "CMPP_ACTIVE_TEST_RESP": 0x80000008,
    "CMPP_FWD": 0x00000009,
    "CMPP_FWD_RESP": 0x80000009,
    "CMPP_MT_ROUTE": 0x00000010,
    "CMPP_MT_ROUTE_RESP": 0x80000010,
    "CMPP_MO_ROUTE": 0x00000011,
    "CMPP_MO_ROUTE_RESP": 0x80000011,
    "CMPP_GET_MT_ROUTE": 0x00000012,
    "CMPP_GET_MT_ROUTE_RESP": 0x80000012,
    "CMPP_MT_ROUTE_UPDATE": 0x00000013,
    "CMPP_MT_ROUTE_UPDATE_RESP": 0x80000013,
    "CMPP_MO_ROUTE_UPDATE": 0x00000014,
    "CMPP_MO_ROUTE_UPDATE_RESP": 0x80000014,
    "CMPP_PUSH_MT_ROUTE_UPDATE": 0x00000015,
    "CMPP_PUSH_MT_ROUTE_UPDATE_RESP": 0x80000015,
    "CMPP_PUSH_MO_ROUTE_UPDATE": 0x00000016,
    "CMPP_PUSH_MO_ROUTE_UPDATE_RESP": 0x80000016,
    "CMPP_GET_MO_ROUTE": 0x00000017,
    "CMPP_GET_MO_ROUTE_RESP": 0x80000017,
}

# ---------------------------------------------------------------------------
# §10 length summary: body length as a function of N (DestUsr_tl) and
# L (Msg_Length).  Used only to check the PDUs built from the field lists.
# ---------------------------------------------------------------------------
BODY_LENGTH = {
    "CMPP_CONNECT": lambda n, l: 27,
    "CMPP_CONNECT_RESP": lambda n, l: 21,
    "CMPP_TERMINATE": lambda n, l: 0,
    "CMPP_TERMINATE_RESP": lambda n, l: 0,
    "CMPP_SUBMIT": lambda n, l: 151 + 32 * n + l,
    "CMPP_SUBMIT_RESP": lambda n, l: 12,
    "CMPP_DELIVER": lambda n, l: 97 + l,
    "CMPP_DELIVER_RESP": lambda n, l: 12,
    "CMPP_QUERY": lambda n, l: 27,
    "CMPP_QUERY_RESP": lambda n, l: 51,
    "CMPP_CANCEL": lambda n, l: 8,
    "CMPP_CANCEL_RESP": lambda n, l: 4,
    "CMPP_ACTIVE_TEST": lambda n, l: 0,
    "CMPP_ACTIVE_TEST_RESP": lambda n, l: 1,
    "CMPP_FWD": lambda n, l: 252 + 21 * n + l,
    "CMPP_FWD_RESP": lambda n, l: 14,
    "CMPP_MT_ROUTE": lambda n, l: 27,
    "CMPP_MT_ROUTE_RESP": lambda n, l: 65,
    "CMPP_MO_ROUTE": lambda n, l: 41,
    "CMPP_MO_ROUTE_RESP": lambda n, l: 78,
    "CMPP_GET_MT_ROUTE": lambda n, l: 14,
    "CMPP_GET_MT_ROUTE_RESP": lambda n, l: 73,
    "CMPP_GET_MO_ROUTE": lambda n, l: 14,
    "CMPP_GET_MO_ROUTE_RESP": lambda n, l: 96,
    "CMPP_MT_ROUTE_UPDATE": lambda n, l: 51,
    "CMPP_MT_ROUTE_UPDATE_RESP": lambda n, l: 19,
    "CMPP_MO_ROUTE_UPDATE": lambda n, l: 74,
    "CMPP_MO_ROUTE_UPDATE_RESP": lambda n, l: 19,
    "CMPP_PUSH_MT_ROUTE_UPDATE": lambda n, l: 65,
    "CMPP_PUSH_MT_ROUTE_UPDATE_RESP": lambda n, l: 1,
    "CMPP_PUSH_MO_ROUTE_UPDATE": lambda n, l: 88,
    "CMPP_PUSH_MO_ROUTE_UPDATE_RESP": lambda n, l: 1,
}
HEADER_LEN = 12

# §12.1: the CMPP 2.0 / 2.1 body lengths of the PDUs whose layout differs
# from 3.0 (and of CONNECT, which does not).
BODY_LENGTH_20 = {
    "CMPP_CONNECT": lambda n, l: 27,
    "CMPP_CONNECT_RESP": lambda n, l: 18,
    "CMPP_SUBMIT": lambda n, l: 126 + 21 * n + l,
    "CMPP_SUBMIT_RESP": lambda n, l: 9,
    "CMPP_DELIVER": lambda n, l: 73 + l,
    "CMPP_DELIVER_RESP": lambda n, l: 9,
    "CMPP_CANCEL_RESP": lambda n, l: 1,
}

# ---------------------------------------------------------------------------
# Field kinds (how a value is put on the wire and how the golden shows it)
# ---------------------------------------------------------------------------
UINT = "uint"        # Unsigned Integer, big-endian; golden: decimal
INT = "int"          # Integer (signed, two's complement); golden: decimal
MSGID = "msgid"      # 8-octet Unsigned Integer Msg_Id; golden: 0x%016x
STR = "str"          # Octet String, left-aligned, 0x00-padded; golden: trailing NULs cut
STR0 = "str0"        # Octet String, right-aligned, '0'-padded (FWD Source_Id /
                     # Destination_Id); golden: all octets, not trimmed
HEXF = "hex"         # octets shown as hex: (authenticators, MO-report Reserved)
CONTENT = "content"  # Msg_Content, width = its length; golden: hex: + all octets
REPORT = "report"    # Msg_Content that holds a report; value = (prefix, fields)
COUNT = "count"      # DestUsr_tl; value = name of the repeated field it counts
LENGTH = "length"    # Msg_Length; value = name of the content field it measures


def F(name, width, kind, value):
    return (name, width, kind, value)


# ---------------------------------------------------------------------------
# Helpers for values (§5.3, §5.4, §5.5)
# ---------------------------------------------------------------------------
def msg_id(mon, day, hour, minute, sec, gateway, seq):
    """§5.5: mon<<60 | day<<55 | hour<<50 | min<<44 | sec<<38 | gw<<16 | seq."""
    assert 1 <= mon <= 12 and 1 <= day <= 31 and hour <= 23 and minute <= 59 and sec <= 59
    assert gateway < (1 << 22) and seq < (1 << 16)
    return (mon << 60) | (day << 55) | (hour << 50) | (minute << 44) | (sec << 38) \
        | (gateway << 16) | seq


def authenticator_source(source_addr, secret, timestamp10):
    """§5.3: MD5(Source_Addr || 9 x 0x00 || secret || 'MMDDHHMMSS')."""
    return hashlib.md5(source_addr + b"\x00" * 9 + secret + timestamp10).digest()


def authenticator_ismg(status, auth_source, secret):
    """§5.4: MD5(Status as 4-octet big-endian || AuthenticatorSource || secret)."""
    return hashlib.md5(status.to_bytes(4, "big") + auth_source + secret).digest()


def authenticator_ismg20(status, auth_source, secret):
    """§12.1: MD5(Status as 1 octet || AuthenticatorSource || secret)."""
    return hashlib.md5(bytes([status]) + auth_source + secret).digest()


def ucs2(text):
    """Msg_Fmt 8: UTF-16BE without BOM (§5.6); only BMP characters here."""
    assert all(ord(c) < 0x10000 for c in text)
    return text.encode("utf-16-be")


def gbk(text):
    """Msg_Fmt 15: GB Chinese (GBK, a subset of GB18030) (§5.6)."""
    return text.encode("gbk")


def udh8(ref, total, part):
    """§5.7: 8-bit-reference concatenation UDH 05 00 03 RR TT SS."""
    return bytes([0x05, 0x00, 0x03, ref, total, part])


# §5.5 example, checked below
MSGID_EXAMPLE = msg_id(1, 2, 3, 4, 5, 1001, 1)
assert MSGID_EXAMPLE == 0x110C414003E90001, hex(MSGID_EXAMPLE)

# §5.4 test vector
SP_ID = b"901234"
SECRET = b"secret"
CONNECT_TS = 102030405          # 01-02 03:04:05 as the integer MMDDHHMMSS (§5.2)
AUTH_SRC = authenticator_source(SP_ID, SECRET, b"%010d" % CONNECT_TS)
AUTH_ISMG = authenticator_ismg(0, AUTH_SRC, SECRET)
AUTH_ISMG20 = authenticator_ismg20(0, AUTH_SRC, SECRET)
assert AUTH_ISMG20 != AUTH_ISMG
assert AUTH_SRC.hex() == "1c39df8b9c01798a8f35c3c785cf91ce", AUTH_SRC.hex()
assert AUTH_ISMG.hex() == "e9ed198350952cc89cfdfb0c747e8438", AUTH_ISMG.hex()
CONNECT_VECTOR = ("00000027 00000001 00000001 393031323334 "
                  "1c39df8b9c01798a8f35c3c785cf91ce 30 0614dc45")

# ---------------------------------------------------------------------------
# Realistic values shared by several fixtures
# ---------------------------------------------------------------------------
SRC_ID = "1065712345"            # SP_Code-based long number (Src_Id / Dest_Id)
MSISDN_A = "13800138000"
MSISDN_B = "13900139000"
MSISDN_C = "8613700137000"       # '86'-prefixed MSISDN (allowed since V2.0)
LINK_ID = "A1B2C3D4E5F607182930"  # 20 characters: fills LinkID exactly
GW_BJ = "001001"                 # Beijing gateway no. 1 (§2.4)
GW_JX = "079101"                 # Jiangxi gateway no. 1
GW_GD = "002001"                 # Guangdong (020) gateway no. 1
SUBMIT_MSG_ID = MSGID_EXAMPLE     # Msg_Id the ISMG returns for `submit`
MO_MSG_ID = msg_id(1, 2, 3, 10, 20, 1001, 0x2A7C)
TEXT_70 = ("中国移动互联网短信网关接口协议第三版规定：UCS2编码的短消息最多包含七十个字符，"
           "本条消息恰好七十个字符，专门用于测试长度的边界，请勿回复。")
assert len(TEXT_70) == 70, len(TEXT_70)


# ---------------------------------------------------------------------------
# Report structures carried in Msg_Content
# ---------------------------------------------------------------------------
def status_report(msgid, stat, submit_time, done_time, dest, smsc_seq, dest_width=32):
    """§6.8.1 (71 octets; 60 with the 2.0-layout 21-octet Dest_terminal_Id)."""
    return ("Report.", [
        F("Msg_Id", 8, MSGID, msgid),
        F("Stat", 7, STR, stat),
        F("Submit_time", 10, STR, submit_time),
        F("Done_time", 10, STR, done_time),
        F("Dest_terminal_Id", dest_width, STR, dest),
        F("SMSC_sequence", 4, UINT, smsc_seq),
    ])


def mo_report(msgid, stat, deliver_time, deliver_resp_time, dest_id, reserved):
    """§7.1.1 MO status report in CMPP_FWD (60 octets)."""
    return ("MOReport.", [
        F("Msg_Id", 8, MSGID, msgid),
        F("Stat", 7, STR, stat),
        F("CMPP_DELIVER_time", 10, STR, deliver_time),
        F("CMPP_DELIVER_RESP_time", 10, STR, deliver_resp_time),
        F("Dest_Id", 21, STR, dest_id),
        F("Reserved", 4, HEXF, reserved),
    ])


# ---------------------------------------------------------------------------
# PDU body builders: the spec tables, in wire order
# ---------------------------------------------------------------------------
def submit_body(v):
    """§6.4 CMPP_SUBMIT."""
    f = [
        F("Msg_Id", 8, MSGID, v["Msg_Id"]),
        F("Pk_total", 1, UINT, v["Pk_total"]),
        F("Pk_number", 1, UINT, v["Pk_number"]),
        F("Registered_Delivery", 1, UINT, v["Registered_Delivery"]),
        F("Msg_level", 1, UINT, v["Msg_level"]),
        F("Service_Id", 10, STR, v["Service_Id"]),
        F("Fee_UserType", 1, UINT, v["Fee_UserType"]),
        F("Fee_terminal_Id", 32, STR, v["Fee_terminal_Id"]),
        F("Fee_terminal_type", 1, UINT, v["Fee_terminal_type"]),
        F("TP_pId", 1, UINT, v["TP_pId"]),
        F("TP_udhi", 1, UINT, v["TP_udhi"]),
        F("Msg_Fmt", 1, UINT, v["Msg_Fmt"]),
        F("Msg_src", 6, STR, v["Msg_src"]),
        F("FeeType", 2, STR, v["FeeType"]),
        F("FeeCode", 6, STR, v["FeeCode"]),
        F("ValId_Time", 17, STR, v["ValId_Time"]),
        F("At_Time", 17, STR, v["At_Time"]),
        F("Src_Id", 21, STR, v["Src_Id"]),
        F("DestUsr_tl", 1, COUNT, "Dest_terminal_Id"),
    ]
    f += [F("Dest_terminal_Id", 32, STR, d) for d in v["Dest_terminal_Id"]]
    f += [
        F("Dest_terminal_type", 1, UINT, v["Dest_terminal_type"]),
        F("Msg_Length", 1, LENGTH, "Msg_Content"),
        F("Msg_Content", None, CONTENT, v["Msg_Content"]),
        F("LinkID", 20, STR, v["LinkID"]),
    ]
    return f


def deliver_body(v):
    """§6.8 CMPP_DELIVER (Msg_Content may be a §6.8.1 report)."""
    content = v["Msg_Content"]
    kind = REPORT if isinstance(content, tuple) else CONTENT
    return [
        F("Msg_Id", 8, MSGID, v["Msg_Id"]),
        F("Dest_Id", 21, STR, v["Dest_Id"]),
        F("Service_Id", 10, STR, v["Service_Id"]),
        F("TP_pid", 1, UINT, v["TP_pid"]),
        F("TP_udhi", 1, UINT, v["TP_udhi"]),
        F("Msg_Fmt", 1, UINT, v["Msg_Fmt"]),
        F("Src_terminal_Id", 32, STR, v["Src_terminal_Id"]),
        F("Src_terminal_type", 1, UINT, v["Src_terminal_type"]),
        F("Registered_Delivery", 1, UINT, v["Registered_Delivery"]),
        F("Msg_Length", 1, LENGTH, "Msg_Content"),
        F("Msg_Content", None, kind, content),
        F("LinkID", 20, STR, v["LinkID"]),
    ]


def fwd_body(v):
    """§7.1 CMPP_FWD (Msg_Content may be a §6.8.1 or §7.1.1 report)."""
    content = v["Msg_Content"]
    kind = REPORT if isinstance(content, tuple) else CONTENT
    f = [
        F("Source_Id", 6, STR0, v["Source_Id"]),
        F("Destination_Id", 6, STR0, v["Destination_Id"]),
        F("NodesCount", 1, UINT, v["NodesCount"]),
        F("Msg_Fwd_Type", 1, UINT, v["Msg_Fwd_Type"]),
        F("Msg_Id", 8, MSGID, v["Msg_Id"]),
        F("Pk_total", 1, UINT, v["Pk_total"]),
        F("Pk_number", 1, UINT, v["Pk_number"]),
        F("Registered_Delivery", 1, UINT, v["Registered_Delivery"]),
        F("Msg_level", 1, UINT, v["Msg_level"]),
        F("Service_Id", 10, STR, v["Service_Id"]),
        F("Fee_UserType", 1, UINT, v["Fee_UserType"]),
        F("Fee_terminal_Id", 21, STR, v["Fee_terminal_Id"]),
        F("Fee_terminal_Pseudo", 32, STR, v["Fee_terminal_Pseudo"]),
        F("Fee_terminal_UserType", 1, UINT, v["Fee_terminal_UserType"]),
        F("TP_pid", 1, UINT, v["TP_pid"]),
        F("TP_udhi", 1, UINT, v["TP_udhi"]),
        F("Msg_Fmt", 1, UINT, v["Msg_Fmt"]),
        F("Msg_src", 6, STR, v["Msg_src"]),
        F("FeeType", 2, STR, v["FeeType"]),
        F("FeeCode", 6, STR, v["FeeCode"]),
        F("Valid_Time", 17, STR, v["Valid_Time"]),
        F("At_Time", 17, STR, v["At_Time"]),
        F("Src_Id", 21, STR, v["Src_Id"]),
        F("Src_Pseudo", 32, STR, v["Src_Pseudo"]),
        F("Src_UserType", 1, UINT, v["Src_UserType"]),
        F("Src_type", 1, UINT, v["Src_type"]),
        F("DestUsr_tl", 1, COUNT, "Dest_Id"),
    ]
    f += [F("Dest_Id", 21, STR, d) for d in v["Dest_Id"]]
    f += [
        F("Dest_Pseudo", 32, STR, v["Dest_Pseudo"]),
        F("Dest_UserType", 1, UINT, v["Dest_UserType"]),
        F("Msg_Length", 1, LENGTH, "Msg_Content"),
        F("Msg_Content", None, kind, content),
        F("LinkID", 20, STR, v["LinkID"]),
    ]
    return f


def submit20_body(v):
    """§12.1 CMPP 2.0 CMPP_SUBMIT."""
    f = [
        F("Msg_Id", 8, MSGID, v["Msg_Id"]),
        F("Pk_total", 1, UINT, v["Pk_total"]),
        F("Pk_number", 1, UINT, v["Pk_number"]),
        F("Registered_Delivery", 1, UINT, v["Registered_Delivery"]),
        F("Msg_level", 1, UINT, v["Msg_level"]),
        F("Service_Id", 10, STR, v["Service_Id"]),
        F("Fee_UserType", 1, UINT, v["Fee_UserType"]),
        F("Fee_terminal_Id", 21, STR, v["Fee_terminal_Id"]),
        F("TP_pId", 1, UINT, v["TP_pId"]),
        F("TP_udhi", 1, UINT, v["TP_udhi"]),
        F("Msg_Fmt", 1, UINT, v["Msg_Fmt"]),
        F("Msg_src", 6, STR, v["Msg_src"]),
        F("FeeType", 2, STR, v["FeeType"]),
        F("FeeCode", 6, STR, v["FeeCode"]),
        F("ValId_Time", 17, STR, v["ValId_Time"]),
        F("At_Time", 17, STR, v["At_Time"]),
        F("Src_Id", 21, STR, v["Src_Id"]),
        F("DestUsr_tl", 1, COUNT, "Dest_terminal_Id"),
    ]
    f += [F("Dest_terminal_Id", 21, STR, d) for d in v["Dest_terminal_Id"]]
    f += [
        F("Msg_Length", 1, LENGTH, "Msg_Content"),
        F("Msg_Content", None, CONTENT, v["Msg_Content"]),
        F("Reserve", 8, STR, v["Reserve"]),
    ]
    return f


def deliver20_body(v):
    """§12.1 CMPP 2.0 CMPP_DELIVER (Msg_Content may be a 60-octet report)."""
    content = v["Msg_Content"]
    kind = REPORT if isinstance(content, tuple) else CONTENT
    return [
        F("Msg_Id", 8, MSGID, v["Msg_Id"]),
        F("Dest_Id", 21, STR, v["Dest_Id"]),
        F("Service_Id", 10, STR, v["Service_Id"]),
        F("TP_pid", 1, UINT, v["TP_pid"]),
        F("TP_udhi", 1, UINT, v["TP_udhi"]),
        F("Msg_Fmt", 1, UINT, v["Msg_Fmt"]),
        F("Src_terminal_Id", 21, STR, v["Src_terminal_Id"]),
        F("Registered_Delivery", 1, UINT, v["Registered_Delivery"]),
        F("Msg_Length", 1, LENGTH, "Msg_Content"),
        F("Msg_Content", None, kind, content),
        F("Reserved", 8, STR, v["Reserved"]),
    ]


# ---------------------------------------------------------------------------
# The fixtures: (name, command, Sequence_Id, notes, body fields)
# ---------------------------------------------------------------------------
FIXTURES = []
FIXTURES20 = []  # CMPP 2.0 layouts, written to ../packets20


def fixture(name, command, seq, notes, body):
    FIXTURES.append((name, command, seq, notes, body))


def fixture20(name, command, seq, notes, body):
    FIXTURES20.append((name, command, seq, notes, body))


# --- §6.1 / §6.2 / §6.3 -----------------------------------------------------
fixture("connect", "CMPP_CONNECT", 1,
        ["§5.4 test vector: Source_Addr=901234, secret='secret', Timestamp 0102030405 "
         "(int 102030405 = 0x0614DC45), Version 0x30",
         "AuthenticatorSource = MD5('901234' + 9 x 00 + 'secret' + '0102030405')"],
        [F("Source_Addr", 6, STR, "901234"),
         F("AuthenticatorSource", 16, HEXF, AUTH_SRC),
         F("Version", 1, UINT, 0x30),
         F("Timestamp", 4, UINT, CONNECT_TS)])

fixture("connect_resp", "CMPP_CONNECT_RESP", 1,
        ["Status 0 (4 octets), AuthenticatorISMG = MD5(00000000 + AuthenticatorSource + "
         "'secret') from the §5.4 vector, Version 0x30"],
        [F("Status", 4, UINT, 0),
         F("AuthenticatorISMG", 16, HEXF, AUTH_ISMG),
         F("Version", 1, UINT, 0x30)])

fixture("terminate", "CMPP_TERMINATE", 9, ["header only"], [])
fixture("terminate_resp", "CMPP_TERMINATE_RESP", 9, ["header only"], [])

# --- §6.4 CMPP_SUBMIT ---------------------------------------------------------
fixture("submit", "CMPP_SUBMIT", 2,
        ["1 destination, Msg_Fmt 8 (UCS2) '您好，欢迎使用移动梦网！', Registered_Delivery 1, "
         "Fee_UserType 3, LinkID set (answers deliver_mo)"],
        submit_body({
            "Msg_Id": 0, "Pk_total": 1, "Pk_number": 1, "Registered_Delivery": 1,
            "Msg_level": 1, "Service_Id": "MNEWS", "Fee_UserType": 3,
            "Fee_terminal_Id": MSISDN_B, "Fee_terminal_type": 0, "TP_pId": 0,
            "TP_udhi": 0, "Msg_Fmt": 8, "Msg_src": "901234", "FeeType": "02",
            "FeeCode": "000010", "ValId_Time": "250103030405032+",
            "At_Time": "250102040000032+", "Src_Id": SRC_ID,
            "Dest_terminal_Id": [MSISDN_A], "Dest_terminal_type": 0,
            "Msg_Content": ucs2("您好，欢迎使用移动梦网！"), "LinkID": LINK_ID}))

fixture("submit_ucs2_70", "CMPP_SUBMIT", 3,
        ["1 destination, exactly 70 UCS2 characters = 140 octets (the Msg_Fmt != 0 limit)",
         "Fee_terminal_Id and Dest_terminal_Id are 32-character pseudo-numbers (type 1) that "
         "fill their fields; Service_Id fills its 10 octets; Src_Id fills its 21 octets; "
         "TP_pId 0x41; relative ValId_Time"],
        submit_body({
            "Msg_Id": 0, "Pk_total": 1, "Pk_number": 1, "Registered_Delivery": 0,
            "Msg_level": 2, "Service_Id": "NEWS123456", "Fee_UserType": 3,
            "Fee_terminal_Id": "F7A3C9E2B1D04856A7C3E9F2B1D04857", "Fee_terminal_type": 1,
            "TP_pId": 0x41, "TP_udhi": 0, "Msg_Fmt": 8, "Msg_src": "901234",
            "FeeType": "03", "FeeCode": "000500", "ValId_Time": "000002000000000R",
            "At_Time": "250102080000032+", "Src_Id": "106571234567890123456",
            "Dest_terminal_Id": ["D2C4E6F80A1B3C5D7E9F0A2B4C6D8E0F"], "Dest_terminal_type": 1,
            "Msg_Content": ucs2(TEXT_70), "LinkID": "LNK-0102-0304-0506-7"}))

fixture("submit_3dest_udh", "CMPP_SUBMIT", 4,
        ["3 destinations, Msg_Fmt 8, TP_udhi 1, Pk_total 2, Pk_number 1, content = UDH "
         "05 00 03 5A 02 01 + UCS2 text",
         "Msg_Id is non-zero here (an SP normally sends 0; any value is legal on the wire)"],
        submit_body({
            "Msg_Id": msg_id(1, 2, 3, 4, 30, 1001, 0x00FF), "Pk_total": 2, "Pk_number": 1,
            "Registered_Delivery": 1, "Msg_level": 3, "Service_Id": "PROMO01",
            "Fee_UserType": 2, "Fee_terminal_Id": "", "Fee_terminal_type": 0,
            "TP_pId": 0, "TP_udhi": 1, "Msg_Fmt": 8, "Msg_src": "901234",
            "FeeType": "01", "FeeCode": "000000", "ValId_Time": "250104000000032+",
            "At_Time": "", "Src_Id": "10657123450001",
            "Dest_terminal_Id": [MSISDN_A, MSISDN_B, MSISDN_C], "Dest_terminal_type": 0,
            "Msg_Content": udh8(0x5A, 2, 1) + ucs2("新春快乐！本店全场八折优惠活动即将开始，详情请见第二条短信。"),
            "LinkID": ""}))

fixture("submit_99dest", "CMPP_SUBMIT", 5,
        ["99 destinations 13800138000 .. 13800138098 (the maximum, 'below 100'), "
         "Msg_Fmt 0 ASCII content; longer than the 1000 octets Wireshark accepts"],
        submit_body({
            "Msg_Id": 0, "Pk_total": 1, "Pk_number": 1, "Registered_Delivery": 0,
            "Msg_level": 1, "Service_Id": "NOTICE", "Fee_UserType": 2,
            "Fee_terminal_Id": "", "Fee_terminal_type": 0, "TP_pId": 0, "TP_udhi": 0,
            "Msg_Fmt": 0, "Msg_src": "901234", "FeeType": "01", "FeeCode": "000000",
            "ValId_Time": "", "At_Time": "", "Src_Id": "106571234599",
            "Dest_terminal_Id": ["13800%06d" % (138000 + i) for i in range(99)],
            "Dest_terminal_type": 0,
            "Msg_Content": b"Meeting moved to 15:00 in room 3.", "LinkID": ""}))

fixture("submit_resp", "CMPP_SUBMIT_RESP", 2,
        ["Msg_Id = the §5.5 example 0x110C414003E90001 (01-02 03:04:05, gateway 1001, seq 1), "
         "Result 0 (4 octets)"],
        [F("Msg_Id", 8, MSGID, SUBMIT_MSG_ID),
         F("Result", 4, UINT, 0)])

# --- §6.8 CMPP_DELIVER --------------------------------------------------------
fixture("deliver_mo", "CMPP_DELIVER", 100001,
        ["MO message: Registered_Delivery 0, Msg_Fmt 8, part 1 of 2 of a long MO: TP_udhi 1, "
         "content = UDH 05 00 03 7E 02 01 + UCS2 '查询今日新闻头条', TP_pid 0x41, "
         "Src_terminal_Id 13800138000, LinkID set"],
        deliver_body({
            "Msg_Id": MO_MSG_ID, "Dest_Id": SRC_ID, "Service_Id": "MNEWS", "TP_pid": 0x41,
            "TP_udhi": 1, "Msg_Fmt": 8, "Src_terminal_Id": MSISDN_A,
            "Src_terminal_type": 0, "Registered_Delivery": 0,
            "Msg_Content": udh8(0x7E, 2, 1) + ucs2("查询今日新闻头条"), "LinkID": LINK_ID}))

fixture("deliver_report71", "CMPP_DELIVER", 100002,
        ["status report (Registered_Delivery 1), 71-octet §6.8.1 report: Msg_Id "
         "0x110C414003E90001, Stat DELIVRD, Submit_time 2501020304, Done_time 2501020306, "
         "Dest_terminal_Id 13800138000 (32), SMSC_sequence 305419896 (0x12345678)"],
        deliver_body({
            "Msg_Id": msg_id(1, 2, 3, 6, 11, 1001, 0x2A7D), "Dest_Id": SRC_ID,
            "Service_Id": "MNEWS", "TP_pid": 0, "TP_udhi": 0, "Msg_Fmt": 0,
            "Src_terminal_Id": MSISDN_A, "Src_terminal_type": 0, "Registered_Delivery": 1,
            "Msg_Content": status_report(SUBMIT_MSG_ID, "DELIVRD", "2501020304", "2501020306",
                                         MSISDN_A, 0x12345678),
            "LinkID": LINK_ID}))

fixture("deliver_report60", "CMPP_DELIVER", 100003,
        ["status report in a 3.0 DELIVER but with the 2.0-layout 60-octet report "
         "(Msg_Length 60, report Dest_terminal_Id 21 octets), as some gateways send (§13 item 1)",
         "Stat UNDELIV, SMSC_sequence 3735928559 (0xDEADBEEF); Src_terminal_type 1 "
         "(pseudo-number in Src_terminal_Id)"],
        deliver_body({
            "Msg_Id": msg_id(12, 31, 23, 59, 58, 79101, 0xBEEF), "Dest_Id": "10657123450001",
            "Service_Id": "PROMO01", "TP_pid": 0, "TP_udhi": 0, "Msg_Fmt": 0,
            "Src_terminal_Id": "D2C4E6F80A1B3C5D7E9F0A2B4C6D8E0F", "Src_terminal_type": 1,
            "Registered_Delivery": 1,
            "Msg_Content": status_report(msg_id(12, 31, 23, 50, 1, 79101, 0x0102), "UNDELIV",
                                         "2412312350", "2412312359", MSISDN_B, 0xDEADBEEF,
                                         dest_width=21),
            "LinkID": "LNK-0102-0304-0506-7"}))

fixture("deliver_resp", "CMPP_DELIVER_RESP", 100001,
        ["answers deliver_mo: Msg_Id echoed, Result 8 (flow-control error, §9.3; 4 octets)"],
        [F("Msg_Id", 8, MSGID, MO_MSG_ID),
         F("Result", 4, UINT, 8)])

fixture("deliver_report_resp", "CMPP_DELIVER_RESP", 100002,
        ["answers deliver_report71: its Msg_Id echoed (the DELIVER's own, not the report's), Result 0"],
        [F("Msg_Id", 8, MSGID, msg_id(1, 2, 3, 6, 11, 1001, 0x2A7D)),
         F("Result", 4, UINT, 0)])

# --- §6.6 / §6.7 / §6.10 / §6.11 / §6.12 -------------------------------------
fixture("query", "CMPP_QUERY", 6,
        ["Time 20250102, Query_Type 1 (by service), Query_Code MNEWS, Reserve 8 x 00"],
        [F("Time", 8, STR, "20250102"),
         F("Query_Type", 1, UINT, 1),
         F("Query_Code", 10, STR, "MNEWS"),
         F("Reserve", 8, STR, "")])

fixture("query_resp", "CMPP_QUERY_RESP", 6,
        ["eight different non-zero counters"],
        [F("Time", 8, STR, "20250102"),
         F("Query_Type", 1, UINT, 1),
         F("Query_Code", 10, STR, "MNEWS"),
         F("MT_TLMsg", 4, UINT, 123456),
         F("MT_Tlusr", 4, UINT, 98765),
         F("MT_Scs", 4, UINT, 120001),
         F("MT_WT", 4, UINT, 3210),
         F("MT_FL", 4, UINT, 245),
         F("MO_Scs", 4, UINT, 54321),
         F("MO_WT", 4, UINT, 67),
         F("MO_FL", 4, UINT, 16909060)])

fixture("cancel", "CMPP_CANCEL", 7,
        ["Msg_Id 0x110C414003E90001 (the message of submit_resp)"],
        [F("Msg_Id", 8, MSGID, SUBMIT_MSG_ID)])

fixture("cancel_resp", "CMPP_CANCEL_RESP", 7,
        ["Success_Id 1 (failure; 4 octets)"],
        [F("Success_Id", 4, UINT, 1)])

fixture("active_test", "CMPP_ACTIVE_TEST", 0x80000000,
        ["header only; Sequence_Id 2147483648 (top bit set)"], [])

fixture("active_test_resp", "CMPP_ACTIVE_TEST_RESP", 0x80000000,
        ["Reserved 0x00 (1 octet, 'send 0x00'; shown as an unsigned integer)"],
        [F("Reserved", 1, UINT, 0)])

# --- §7 CMPP_FWD / CMPP_FWD_RESP ----------------------------------------------
FWD_MT_MSG_ID = msg_id(1, 2, 3, 4, 40, 1001, 0x0A0B)
FWD_MO_MSG_ID = msg_id(1, 2, 3, 9, 59, 79101, 0x0C0D)

fixture("fwd_mt", "CMPP_FWD", 1001,
        ["Msg_Fwd_Type 0 (MT forward) 001001 -> 079101, part 1 of 2 (TP_udhi 1, UDH "
         "05 00 03 C3 02 01 + UCS2), Src_Id = SP code, Dest_Id = MSISDN",
         "Fee_terminal_Pseudo / Dest_Pseudo set, Fee_terminal_UserType 1, Dest_UserType 1, "
         "TP_pid 0x41"],
        fwd_body({
            "Source_Id": GW_BJ, "Destination_Id": GW_JX, "NodesCount": 1, "Msg_Fwd_Type": 0,
            "Msg_Id": FWD_MT_MSG_ID, "Pk_total": 2, "Pk_number": 1, "Registered_Delivery": 1,
            "Msg_level": 2, "Service_Id": "MNEWS", "Fee_UserType": 3,
            "Fee_terminal_Id": MSISDN_B, "Fee_terminal_Pseudo": "F7A3C9E2B1D04856",
            "Fee_terminal_UserType": 1, "TP_pid": 0x41, "TP_udhi": 1, "Msg_Fmt": 8,
            "Msg_src": "901234", "FeeType": "02", "FeeCode": "000010",
            "Valid_Time": "250103030405032+", "At_Time": "250102040000032+",
            "Src_Id": SRC_ID, "Src_Pseudo": "", "Src_UserType": 0, "Src_type": 0,
            "Dest_Id": ["13907910001"], "Dest_Pseudo": "A9B8C7D6E5F40312",
            "Dest_UserType": 1,
            "Msg_Content": udh8(0xC3, 2, 1) + ucs2("今日头条：南昌地铁新线路开通运营"),
            "LinkID": LINK_ID}))

fixture("fwd_mo", "CMPP_FWD", 1002,
        ["Msg_Fwd_Type 1 (MO forward) 079101 -> 001001, NodesCount 2, Msg_Fmt 15 "
         "(GBK '订阅新闻'), Src_Id = MSISDN with Src_Pseudo, Src_UserType 1, Src_type 1, "
         "Dest_Id = SP code"],
        fwd_body({
            "Source_Id": GW_JX, "Destination_Id": GW_BJ, "NodesCount": 2, "Msg_Fwd_Type": 1,
            "Msg_Id": FWD_MO_MSG_ID, "Pk_total": 1, "Pk_number": 1, "Registered_Delivery": 0,
            "Msg_level": 1, "Service_Id": "MNEWS", "Fee_UserType": 1,
            "Fee_terminal_Id": "13907910001", "Fee_terminal_Pseudo": "C1D2E3F4A5B60789",
            "Fee_terminal_UserType": 1, "TP_pid": 0, "TP_udhi": 0, "Msg_Fmt": 15,
            "Msg_src": "901234", "FeeType": "01", "FeeCode": "000000",
            "Valid_Time": "", "At_Time": "", "Src_Id": "13907910001",
            "Src_Pseudo": "E5F40312A9B8C7D6E5F40312A9B8C7D6", "Src_UserType": 1,
            "Src_type": 1, "Dest_Id": [SRC_ID], "Dest_Pseudo": "", "Dest_UserType": 0,
            "Msg_Content": gbk("订阅新闻"), "LinkID": "MOLINK00000000000042"}))

fixture("fwd_report", "CMPP_FWD", 1003,
        ["Msg_Fwd_Type 2 (status report for an MT) 079101 -> 001001, 71-octet report: "
         "Msg_Id 0x%016x, Stat DELIVRD, SMSC_sequence 87654321" % FWD_MT_MSG_ID,
         "Src_Id = MSISDN that received the MT, Dest_Id = SP code"],
        fwd_body({
            "Source_Id": GW_JX, "Destination_Id": GW_BJ, "NodesCount": 1, "Msg_Fwd_Type": 2,
            "Msg_Id": msg_id(1, 2, 3, 5, 2, 79101, 0x0E0F), "Pk_total": 1, "Pk_number": 1,
            "Registered_Delivery": 0, "Msg_level": 1, "Service_Id": "MNEWS",
            "Fee_UserType": 3, "Fee_terminal_Id": MSISDN_B,
            "Fee_terminal_Pseudo": "F7A3C9E2B1D04856", "Fee_terminal_UserType": 0,
            "TP_pid": 0, "TP_udhi": 0, "Msg_Fmt": 0, "Msg_src": "901234", "FeeType": "02",
            "FeeCode": "000010", "Valid_Time": "", "At_Time": "",
            "Src_Id": "13907910001", "Src_Pseudo": "A9B8C7D6E5F40312", "Src_UserType": 1,
            "Src_type": 0, "Dest_Id": [SRC_ID], "Dest_Pseudo": "", "Dest_UserType": 0,
            "Msg_Content": status_report(FWD_MT_MSG_ID, "DELIVRD", "2501020304", "2501020305",
                                         "13907910001", 87654321),
            "LinkID": ""}))

fixture("fwd_moreport", "CMPP_FWD", 1004,
        ["Msg_Fwd_Type 3 (status report for an MO) 001001 -> 079101, 60-octet §7.1.1 "
         "MO report: Msg_Id 0x%016x (fwd_mo), Stat DELIVRD, times 2501020310/2501020311, "
         "Dest_Id 1065712345, Reserved 00000000" % FWD_MO_MSG_ID,
         "Src_Id = SP code, Dest_Id = the MSISDN that sent the MO (with Dest_Pseudo, "
         "Dest_UserType 1)"],
        fwd_body({
            "Source_Id": GW_BJ, "Destination_Id": GW_JX, "NodesCount": 1, "Msg_Fwd_Type": 3,
            "Msg_Id": msg_id(1, 2, 3, 11, 1, 1001, 0x1011), "Pk_total": 1, "Pk_number": 1,
            "Registered_Delivery": 0, "Msg_level": 1, "Service_Id": "MNEWS",
            "Fee_UserType": 2, "Fee_terminal_Id": "", "Fee_terminal_Pseudo": "",
            "Fee_terminal_UserType": 0, "TP_pid": 0, "TP_udhi": 0, "Msg_Fmt": 0,
            "Msg_src": "901234", "FeeType": "01", "FeeCode": "000000", "Valid_Time": "",
            "At_Time": "", "Src_Id": SRC_ID, "Src_Pseudo": "", "Src_UserType": 0,
            "Src_type": 0, "Dest_Id": ["13907910001"],
            "Dest_Pseudo": "E5F40312A9B8C7D6E5F40312A9B8C7D6", "Dest_UserType": 1,
            "Msg_Content": mo_report(FWD_MO_MSG_ID, "DELIVRD", "2501020310", "2501020311",
                                     SRC_ID, b"\x00\x00\x00\x00"),
            "LinkID": ""}))

fixture("fwd_resp", "CMPP_FWD_RESP", 1001,
        ["answers fwd_mt: Msg_Id echoed, Pk_total 2, Pk_number 1, "
         "Result 9 (wrong forward decision, §9.5; 4 octets)"],
        [F("Msg_Id", 8, MSGID, FWD_MT_MSG_ID),
         F("Pk_total", 1, UINT, 2),
         F("Pk_number", 1, UINT, 1),
         F("Result", 4, UINT, 9)])

# --- §8 GNS PDUs --------------------------------------------------------------
fixture("mt_route", "CMPP_MT_ROUTE", 3001,
        ["Source_Id 001001 asks the MT route of 13907910001"],
        [F("Source_Id", 6, STR, GW_BJ),
         F("Terminal_Id", 21, STR, "13907910001")])

fixture("mt_route_resp", "CMPP_MT_ROUTE_RESP", 3001,
        ["Route_Id 17 -> 079101 at 10.1.2.3:7930, range 1390791..1390791, Area_code 0791, "
         "Result 0, User_type 2 (M-Zone)"],
        [F("Route_Id", 4, UINT, 17),
         F("Destination_Id", 6, STR, GW_JX),
         F("Gateway_IP", 15, STR, "10.1.2.3"),
         F("Gateway_port", 2, UINT, 7930),
         F("Start_Id", 9, STR, "1390791"),
         F("End_Id", 9, STR, "1390791"),
         F("Area_code", 4, STR, "0791"),
         F("Result", 1, UINT, 0),
         F("User_type", 1, UINT, 2),
         F("Time_stamp", 14, STR, "20250102030405")])

fixture("mo_route", "CMPP_MO_ROUTE", 3002,
        ["Source_Id 079101, SP_Code 1065712345, Service_Id TPCQ, Service_Code 1500"],
        [F("Source_Id", 6, STR, GW_JX),
         F("SP_Code", 21, STR, SRC_ID),
         F("Service_Id", 10, STR, "TPCQ"),
         F("Service_Code", 4, UINT, 1500)])

fixture("mo_route_resp", "CMPP_MO_ROUTE_RESP", 3002,
        ["Route_Id 42 -> 002001 at 192.168.100.200 (15 octets, fills Gateway_IP):7930, "
         "SP 901234 / 1065712345, SP_AcessType 1, codes 1000..2000, Result 0"],
        [F("Route_Id", 4, UINT, 42),
         F("Destination_Id", 6, STR, GW_GD),
         F("Gateway_IP", 15, STR, "192.168.100.200"),
         F("Gateway_port", 2, UINT, 7930),
         F("SP_Id", 6, STR, "901234"),
         F("SP_Code", 21, STR, SRC_ID),
         F("SP_AcessType", 1, UINT, 1),
         F("Start_code", 4, UINT, 1000),
         F("End_code", 4, UINT, 2000),
         F("Result", 1, UINT, 0),
         F("Time_stamp", 14, STR, "20030117014512")])

fixture("get_mt_route", "CMPP_GET_MT_ROUTE", 3003,
        ["first request: Route_type 'MT' + 00 00, Last_route_Id -1 (FFFFFFFF)"],
        [F("Source_Id", 6, STR, GW_JX),
         F("Route_type", 4, STR, "MT"),
         F("Last_route_Id", 4, INT, -1)])

fixture("get_mt_route_resp", "CMPP_GET_MT_ROUTE_RESP", 3003,
        ["Route_Id 5 -> 001001 at 10.1.2.3:7930, range 1380013, Area_code 010, Result 0, "
         "User_type 1, Route_total 1234, Route_number 1"],
        [F("Route_Id", 4, UINT, 5),
         F("Destination_Id", 6, STR, GW_BJ),
         F("Gateway_IP", 15, STR, "10.1.2.3"),
         F("Gateway_port", 2, UINT, 7930),
         F("Start_Id", 9, STR, "1380013"),
         F("End_Id", 9, STR, "1380013"),
         F("Area_code", 4, STR, "010"),
         F("Result", 1, UINT, 0),
         F("User_type", 1, UINT, 1),
         F("Route_total", 4, UINT, 1234),
         F("Route_number", 4, UINT, 1),
         F("Time_stamp", 14, STR, "20241231235959")])

fixture("get_mo_route", "CMPP_GET_MO_ROUTE", 3004,
        ["Route_type 'MO' + 00 00, Last_route_Id 41 (continues after route 41)"],
        [F("Source_Id", 6, STR, GW_JX),
         F("Route_type", 4, STR, "MO"),
         F("Last_route_Id", 4, INT, 41)])

fixture("get_mo_route_resp", "CMPP_GET_MO_ROUTE_RESP", 3004,
        ["Route_Id 42 -> 002001 at 192.168.100.200:7930, SP 901234 / 1065712345, "
         "SP_AcessType 1, Service_Id TPCQ, codes 1000..2000, Result 0, Route_total 310, "
         "Route_number 43"],
        [F("Route_Id", 4, UINT, 42),
         F("Destination_Id", 6, STR, GW_GD),
         F("Gateway_IP", 15, STR, "192.168.100.200"),
         F("Gateway_port", 2, UINT, 7930),
         F("SP_Id", 6, STR, "901234"),
         F("SP_Code", 21, STR, SRC_ID),
         F("SP_AcessType", 1, UINT, 1),
         F("Service_Id", 10, STR, "TPCQ"),
         F("Start_code", 4, UINT, 1000),
         F("End_code", 4, UINT, 2000),
         F("Result", 1, UINT, 0),
         F("Route_total", 4, UINT, 310),
         F("Route_number", 4, UINT, 43),
         F("Time_stamp", 14, STR, "20250101120000")])

fixture("mt_route_update", "CMPP_MT_ROUTE_UPDATE", 3005,
        ["Update_type 2 (update) of Route_Id 17 -> 079101 at 10.1.2.3:7931, range 1390791, "
         "Area_code 0791, User_type 1"],
        [F("Update_type", 1, UINT, 2),
         F("Route_Id", 4, UINT, 17),
         F("Destination_Id", 6, STR, GW_JX),
         F("Gateway_IP", 15, STR, "10.1.2.3"),
         F("Gateway_port", 2, UINT, 7931),
         F("Start_Id", 9, STR, "1390791"),
         F("End_Id", 9, STR, "1390791"),
         F("Area_code", 4, STR, "0791"),
         F("User_type", 1, UINT, 1)])

fixture("mt_route_update_resp", "CMPP_MT_ROUTE_UPDATE_RESP", 3005,
        ["Result 0 (valid, awaiting verification), Route_Id 17, Time_stamp 20250102030406"],
        [F("Result", 1, UINT, 0),
         F("Route_Id", 4, UINT, 17),
         F("Time_stamp", 14, STR, "20250102030406")])

fixture("mo_route_update", "CMPP_MO_ROUTE_UPDATE", 3006,
        ["Update_type 1 (delete) of Route_Id 42 -> 002001 at 192.168.100.200:7930, "
         "SP 901234 / 1065712345, SP_AcessType 1, Service_Id TPCQ, codes 1000..2000"],
        [F("Update_type", 1, UINT, 1),
         F("Route_Id", 4, UINT, 42),
         F("Destination_Id", 6, STR, GW_GD),
         F("Gateway_IP", 15, STR, "192.168.100.200"),
         F("Gateway_port", 2, UINT, 7930),
         F("SP_Id", 6, STR, "901234"),
         F("SP_Code", 21, STR, SRC_ID),
         F("SP_AcessType", 1, UINT, 1),
         F("Service_Id", 10, STR, "TPCQ"),
         F("Start_code", 4, UINT, 1000),
         F("End_code", 4, UINT, 2000)])

fixture("mo_route_update_resp", "CMPP_MO_ROUTE_UPDATE_RESP", 3006,
        ["Result 4 (this node does not accept updates), Route_Id 42, Time_stamp 20250102030407"],
        [F("Result", 1, UINT, 4),
         F("Route_Id", 4, UINT, 42),
         F("Time_stamp", 14, STR, "20250102030407")])

fixture("push_mt_route_update", "CMPP_PUSH_MT_ROUTE_UPDATE", 5001,
        ["GNS pushes Update_type 1 (delete) of Route_Id 18 -> 079101 at 10.1.2.4:7930, "
         "range 1590791, Area_code 0791, User_type 2"],
        [F("Update_type", 1, UINT, 1),
         F("Route_Id", 4, UINT, 18),
         F("Destination_Id", 6, STR, GW_JX),
         F("Gateway_IP", 15, STR, "10.1.2.4"),
         F("Gateway_port", 2, UINT, 7930),
         F("Start_Id", 9, STR, "1590791"),
         F("End_Id", 9, STR, "1590791"),
         F("Area_code", 4, STR, "0791"),
         F("User_type", 1, UINT, 2),
         F("Time_stamp", 14, STR, "20250102030408")])

fixture("push_mt_route_update_resp", "CMPP_PUSH_MT_ROUTE_UPDATE_RESP", 5001,
        ["Result 5 (route update failed)"],
        [F("Result", 1, UINT, 5)])

fixture("push_mo_route_update", "CMPP_PUSH_MO_ROUTE_UPDATE", 5002,
        ["GNS pushes Update_type 2 (update) of Route_Id 43 -> 001001 at 10.1.2.3:7930, "
         "SP 901234 / 10657123, SP_AcessType 1, Service_Id TPCQ, codes 1000..2000, "
         "time_stamp (lower case) 20250102030409"],
        [F("Update_type", 1, UINT, 2),
         F("Route_Id", 4, UINT, 43),
         F("Destination_Id", 6, STR, GW_BJ),
         F("Gateway_IP", 15, STR, "10.1.2.3"),
         F("Gateway_port", 2, UINT, 7930),
         F("SP_Id", 6, STR, "901234"),
         F("SP_Code", 21, STR, "10657123"),
         F("SP_AcessType", 1, UINT, 1),
         F("Service_Id", 10, STR, "TPCQ"),
         F("Start_code", 4, UINT, 1000),
         F("End_code", 4, UINT, 2000),
         F("time_stamp", 14, STR, "20250102030409")])

fixture("push_mo_route_update_resp", "CMPP_PUSH_MO_ROUTE_UPDATE_RESP", 5002,
        ["Result 6 (the GNS's timestamp is older than the local one)"],
        [F("Result", 1, UINT, 6)])


# --- CMPP 2.0 (§12.1) ---------------------------------------------------------
SUBMIT20_MSG_ID = msg_id(3, 4, 5, 6, 7, 1001, 2)
MO20_MSG_ID = msg_id(3, 4, 5, 10, 0, 79101, 0x1234)
MAX_ASCII = ("CMPP 2.0 allows fewer than 160 octets of ASCII content: this message is "
             "exactly 159 octets long, the largest legal SUBMIT with 99 destinations. ").ljust(159, "+")
assert len(MAX_ASCII) == 159, len(MAX_ASCII)

fixture20("connect", "CMPP_CONNECT", 1,
          ["the §5.4 vector's login (Source_Addr 901234, secret 'secret', Timestamp 0102030405) "
           "asking for Version 0x20; the CONNECT layout is the same in 2.0"],
          [F("Source_Addr", 6, STR, "901234"),
           F("AuthenticatorSource", 16, HEXF, AUTH_SRC),
           F("Version", 1, UINT, 0x20),
           F("Timestamp", 4, UINT, CONNECT_TS)])

fixture20("connect_resp", "CMPP_CONNECT_RESP", 1,
          ["Status 0 in ONE octet (2.0), AuthenticatorISMG = MD5(00 + AuthenticatorSource + "
           "'secret') = %s (the 1-octet Status in the MD5), Version 0x20" % AUTH_ISMG20.hex()],
          [F("Status", 1, UINT, 0),
           F("AuthenticatorISMG", 16, HEXF, AUTH_ISMG20),
           F("Version", 1, UINT, 0x20)])

fixture20("submit", "CMPP_SUBMIT", 2,
          ["1 destination, Msg_Fmt 8 (UCS2) '您好，欢迎使用移动梦网！', Registered_Delivery 2 "
           "(SMC bill, 2.0 only), FeeType 05 (2.0 only), Fee_UserType 3",
           "Fee_terminal_Id fills its 21 octets; Reserve 8 x 00"],
          submit20_body({
              "Msg_Id": 0, "Pk_total": 1, "Pk_number": 1, "Registered_Delivery": 2,
              "Msg_level": 1, "Service_Id": "MNEWS", "Fee_UserType": 3,
              "Fee_terminal_Id": "861390013900012345678", "TP_pId": 0, "TP_udhi": 0,
              "Msg_Fmt": 8, "Msg_src": "901234", "FeeType": "05", "FeeCode": "000010",
              "ValId_Time": "250103030405032+", "At_Time": "", "Src_Id": SRC_ID,
              "Dest_terminal_Id": [MSISDN_A],
              "Msg_Content": ucs2("您好，欢迎使用移动梦网！"), "Reserve": ""}))

fixture20("submit_3dest_udh", "CMPP_SUBMIT", 3,
          ["3 destinations (one fills its 21 octets), Msg_Fmt 8, TP_udhi 1, Pk_total 2, "
           "Pk_number 2, content = UDH 05 00 03 5B 02 02 + UCS2 text, FeeType 04 (2.0 only)",
           "Reserve 'RSV-0001': 8 non-zero octets, kept as they are"],
          submit20_body({
              "Msg_Id": 0, "Pk_total": 2, "Pk_number": 2, "Registered_Delivery": 1,
              "Msg_level": 0, "Service_Id": "PROMO01", "Fee_UserType": 2,
              "Fee_terminal_Id": "", "TP_pId": 0, "TP_udhi": 1, "Msg_Fmt": 8,
              "Msg_src": "901234", "FeeType": "04", "FeeCode": "000100",
              "ValId_Time": "", "At_Time": "250104000000032+", "Src_Id": "10657123450001",
              "Dest_terminal_Id": [MSISDN_A, "861370013700012345678", MSISDN_C],
              "Msg_Content": udh8(0x5B, 2, 2) + ucs2("第二条：活动详情请回复一查询。"),
              "Reserve": "RSV-0001"}))

fixture20("submit_99dest_max", "CMPP_SUBMIT", 4,
          ["the largest legal 2.0 SUBMIT: 99 destinations 13800138000 .. 13800138098 and 159 "
           "octets of ASCII, 12 + 126 + 21 x 99 + 159 = 2376 octets (§12.1)"],
          submit20_body({
              "Msg_Id": 0, "Pk_total": 1, "Pk_number": 1, "Registered_Delivery": 0,
              "Msg_level": 1, "Service_Id": "NOTICE", "Fee_UserType": 2,
              "Fee_terminal_Id": "", "TP_pId": 0, "TP_udhi": 0, "Msg_Fmt": 0,
              "Msg_src": "901234", "FeeType": "01", "FeeCode": "000000",
              "ValId_Time": "", "At_Time": "", "Src_Id": "106571234599",
              "Dest_terminal_Id": ["13800%06d" % (138000 + i) for i in range(99)],
              "Msg_Content": MAX_ASCII.encode("ascii"), "Reserve": ""}))

fixture20("submit_resp", "CMPP_SUBMIT_RESP", 2,
          ["answers submit: Msg_Id 0x%016x, Result 0 in ONE octet (2.0)" % SUBMIT20_MSG_ID],
          [F("Msg_Id", 8, MSGID, SUBMIT20_MSG_ID),
           F("Result", 1, UINT, 0)])

fixture20("deliver_mo", "CMPP_DELIVER", 200001,
          ["MO message: Registered_Delivery 0, Msg_Fmt 15 (GBK '查询话费'), Src_terminal_Id "
           "13800138000 in 21 octets, Reserved 8 x 00"],
          deliver20_body({
              "Msg_Id": MO20_MSG_ID, "Dest_Id": SRC_ID, "Service_Id": "MNEWS", "TP_pid": 0,
              "TP_udhi": 0, "Msg_Fmt": 15, "Src_terminal_Id": MSISDN_A,
              "Registered_Delivery": 0, "Msg_Content": gbk("查询话费"), "Reserved": ""}))

fixture20("deliver_report", "CMPP_DELIVER", 200002,
          ["status report (Registered_Delivery 1) in the 2.0 60-octet form: report "
           "Dest_terminal_Id 21 octets; Msg_Id of submit_resp, Stat DELIVRD, "
           "SMSC_sequence 19088743 (0x01234567); Src_terminal_Id fills its 21 octets"],
          deliver20_body({
              "Msg_Id": msg_id(3, 4, 5, 8, 9, 1001, 0x0042), "Dest_Id": SRC_ID,
              "Service_Id": "MNEWS", "TP_pid": 0, "TP_udhi": 0, "Msg_Fmt": 0,
              "Src_terminal_Id": "861380013800012345678", "Registered_Delivery": 1,
              "Msg_Content": status_report(SUBMIT20_MSG_ID, "DELIVRD", "2503040506",
                                           "2503040508", "861380013800012345678", 0x01234567,
                                           dest_width=21),
              "Reserved": ""}))

fixture20("deliver_resp", "CMPP_DELIVER_RESP", 200001,
          ["answers deliver_mo: Msg_Id echoed, Result 8 (flow control) in ONE octet (2.0)"],
          [F("Msg_Id", 8, MSGID, MO20_MSG_ID),
           F("Result", 1, UINT, 8)])

fixture20("cancel_resp", "CMPP_CANCEL_RESP", 7,
          ["Success_Id 1 (failure) in ONE octet (2.0)"],
          [F("Success_Id", 1, UINT, 1)])


# ---------------------------------------------------------------------------
# Encoding and rendering
# ---------------------------------------------------------------------------
def as_bytes(value):
    return value.encode("ascii") if isinstance(value, str) else bytes(value)


def show_octets(b):
    """Golden rendering of (already trimmed) Octet String octets."""
    if all(0x20 <= c <= 0x7E and c not in (0x22, 0x5C) for c in b):
        return '"%s"' % b.decode("ascii")
    return "hex:" + b.hex()


def encode_field(name, width, kind, value):
    """Returns (octets, golden value) of one fixed-kind field."""
    if kind == UINT:
        assert 0 <= value < (1 << (8 * width)), (name, value)
        return value.to_bytes(width, "big"), str(value)
    if kind == INT:
        assert -(1 << (8 * width - 1)) <= value < (1 << (8 * width - 1)), (name, value)
        return value.to_bytes(width, "big", signed=True), str(value)
    if kind == MSGID:
        assert width == 8 and 0 <= value < (1 << 64), (name, value)
        return value.to_bytes(8, "big"), "0x%016x" % value
    if kind == STR:
        b = as_bytes(value)
        assert len(b) <= width and b"\x00" not in b, (name, value)
        raw = b + b"\x00" * (width - len(b))
        return raw, show_octets(raw.rstrip(b"\x00"))
    if kind == STR0:
        b = as_bytes(value)
        assert len(b) <= width, (name, value)
        raw = b"0" * (width - len(b)) + b
        return raw, show_octets(raw)
    if kind == HEXF:
        b = as_bytes(value)
        assert len(b) == width, (name, value)
        return b, "hex:" + b.hex()
    raise ValueError("kind %r of %s" % (kind, name))


def encode_fields(fields, base, prefix=""):
    """Encode a field list whose first octet sits at PDU offset `base`.

    Returns a list of rows (offset, name, width, octets, golden value); a
    REPORT content is followed by the rows of its report fields."""
    contents = {f[0]: f for f in fields if f[2] in (CONTENT, REPORT)}
    rows, off = [], base
    for name, width, kind, value in fields:
        sub = []
        if kind == COUNT:
            n = sum(1 for f in fields if f[0] == value)
            raw, shown = encode_field(name, width, UINT, n)
        elif kind == LENGTH:
            cname, cwidth, ckind, cvalue = contents[value]
            clen = len(content_octets(ckind, cvalue))
            raw, shown = encode_field(name, width, UINT, clen)
        elif kind == CONTENT:
            raw = as_bytes(value)
            shown = "hex:" + raw.hex()
        elif kind == REPORT:
            rprefix, rfields = value
            sub = encode_fields(rfields, off, rprefix)
            raw = b"".join(r[3] for r in sub)
            shown = "hex:" + raw.hex()
        else:
            raw, shown = encode_field(name, width, kind, value)
        if kind not in (CONTENT, REPORT):
            assert len(raw) == width, (name, width, len(raw))
        rows.append((off, prefix + name, len(raw), raw, shown))
        rows += sub
        off += len(raw)
    return rows


def content_octets(kind, value):
    if kind == REPORT:
        return b"".join(r[3] for r in encode_fields(value[1], 0))
    return as_bytes(value)


def build(name, command, seq, body):
    """Returns (pdu octets, header rows + body rows)."""
    body_rows = encode_fields(body, HEADER_LEN)
    # report rows overlap Msg_Content; only top-level rows make up the PDU
    top = [r for r in body_rows if "." not in r[1]]
    body_octets = b"".join(r[3] for r in top)
    total = HEADER_LEN + len(body_octets)
    header = [
        (0, "Total_Length", 4, total.to_bytes(4, "big"), str(total)),
        (4, "Command_Id", 4, COMMAND_ID[command].to_bytes(4, "big"), command),
        (8, "Sequence_Id", 4, seq.to_bytes(4, "big"), str(seq)),
    ]
    pdu = b"".join(r[3] for r in header) + body_octets
    return pdu, header + body_rows


# ---------------------------------------------------------------------------
# Self-checks
# ---------------------------------------------------------------------------
def field_value(body, fname):
    for f in body:
        if f[0] == fname:
            return f[3]
    return None


def check(name, command, body, pdu, rows, lengths=BODY_LENGTH):
    # contiguous, in wire order, covering the PDU exactly
    off = 0
    for r in rows:
        if "." in r[1]:
            continue
        assert r[0] == off, (name, r[1], r[0], off)
        assert pdu[r[0]:r[0] + r[2]] == r[3], (name, r[1])
        off += r[2]
    assert off == len(pdu), (name, off, len(pdu))
    assert int.from_bytes(pdu[0:4], "big") == len(pdu), name

    # §10 length formula
    n = sum(1 for f in body if f[0] in ("Dest_terminal_Id", "Dest_Id") and
            any(g[2] == COUNT for g in body))
    msg_len = 0
    for f in body:
        if f[2] in (CONTENT, REPORT):
            msg_len = len(content_octets(f[2], f[3]))
    expect = HEADER_LEN + lengths[command](n, msg_len)
    assert len(pdu) == expect, "%s: %d octets, §10 says %d" % (name, len(pdu), expect)

    # value limits from the spec
    if command == "CMPP_SUBMIT":
        assert 1 <= n < 100, (name, n)
    if command == "CMPP_FWD":
        assert n == 1, (name, n)
    fmt = field_value(body, "Msg_Fmt")
    if fmt is not None:
        assert msg_len < 160 if fmt == 0 else msg_len <= 140, (name, msg_len)

    # report rows exactly where the golden rules want them
    names = [r[1] for r in rows]
    rd = field_value(body, "Registered_Delivery")
    fwd_type = field_value(body, "Msg_Fwd_Type")
    want = None
    if command == "CMPP_DELIVER" and rd == 1 and msg_len in (71, 60):
        want = "Report."
    if command == "CMPP_FWD" and fwd_type == 2 and msg_len in (71, 60):
        want = "Report."
    if command == "CMPP_FWD" and fwd_type == 3 and msg_len == 60:
        want = "MOReport."
    got = {n.split(".")[0] + "." for n in names if "." in n} or {None}
    assert got == {want}, (name, got, want)
    if want:
        i = names.index("Msg_Content")
        assert names[i + 1].startswith(want) and names[-1] in ("LinkID", "Reserved"), name
        assert rows[i + 1][0] == rows[i][0], name

    if name == "connect":
        want = bytes.fromhex(CONNECT_VECTOR.replace(" ", ""))
        if lengths is BODY_LENGTH_20:  # the same login asking for Version 0x20
            want = want[:34] + b"\x20" + want[35:]
        assert pdu == want, "§5.4 vector"


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------
def hex_file(name, command, seq, notes, pdu, rows, tables="CMPP 3.0 field tables"):
    out = ["# %s: %s (0x%08x), Total_Length=%d, Sequence_Id=%d"
           % (name, command, COMMAND_ID[command], len(pdu), seq)]
    out += ["# %s" % n for n in notes]
    out.append("# Built by mkfixtures.py from the " + tables + " "
               "(cmpp3-reference.md); do not edit by hand.")
    out.append("# offset field (width) octets:")
    for off, fname, width, raw, _ in rows:
        out.append("# %04d %s (%d) %s" % (off, fname, width, raw.hex()))
    words = [pdu[0:4].hex(), pdu[4:8].hex(), pdu[8:12].hex()]
    if len(pdu) > HEADER_LEN:
        words.append(pdu[HEADER_LEN:].hex())
    out.append(" ".join(words))
    return "\n".join(out) + "\n"


def golden_file(rows):
    return "".join("%04d %d %s %s\n" % (off, width, fname, shown)
                   for off, fname, width, _, shown in rows)


def main(argv):
    check_only = argv[1:] == ["--check"]
    if argv[1:] and not check_only:
        sys.stderr.write("usage: mkfixtures.py [--check]\n")
        return 2
    outputs = {}
    for fixtures, lengths, outdir, tables in (
            (FIXTURES, BODY_LENGTH, HERE, "CMPP 3.0 field tables"),
            (FIXTURES20, BODY_LENGTH_20, os.path.join(HERE, "..", "packets20"),
             "CMPP 2.0 field tables of §12.1")):
        names = [fx[0] for fx in fixtures]
        assert len(names) == len(set(names)), "duplicate fixture name"
        for name, command, seq, notes, body in fixtures:
            pdu, rows = build(name, command, seq, body)
            check(name, command, body, pdu, rows, lengths)
            base = os.path.join(outdir, name)
            outputs[base + ".hex"] = hex_file(name, command, seq, notes, pdu, rows, tables)
            outputs[base + ".golden"] = golden_file(rows)
    n = len(FIXTURES) + len(FIXTURES20)
    stale = 0
    for path in sorted(outputs):
        data = outputs[path].encode("utf-8")
        try:
            with open(path, "rb") as f:
                same = f.read() == data
        except OSError:
            same = False
        if same:
            continue
        stale += 1
        if check_only:
            sys.stderr.write("differs: %s\n" % os.path.relpath(path, HERE))
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
    if check_only:
        print("%d fixtures, %d files, %d differ" % (n, len(outputs), stale))
        return 1 if stale else 0
    print("%d fixtures, %d files, %d written" % (n, len(outputs), stale))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
