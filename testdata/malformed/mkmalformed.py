#!/usr/bin/env python3
"""Builds the malformed-input corpus in this directory.

Each case is a hand-built fixture from ../packets (or a header written out
here) with one thing broken on purpose, and the outcome the decoder must
give, written by hand from the spec reference:

  # expect: error FIELD OFFSET SENTINEL   Decode fails with a *DecodeError
  # expect: ok                            Decode succeeds
  # expect-validate: FIELD                ... and Validate names FIELD
  # expect-report: ok LEN | error FIELD OFFSET
                                          ... and Report() gives that

FIELD is "-" when the error names no field (trailing bytes). SENTINEL is
the sentinel's text with spaces as underscores. Run with --check to verify
the committed files are what this script writes.
"""
import struct, sys, os

HERE = os.path.dirname(os.path.abspath(__file__))

def fixture(name):
    with open(os.path.join(HERE, '..', 'packets', name + '.hex')) as f:
        lines = [l.split('#')[0].strip().replace(' ', '') for l in f]
    return bytearray.fromhex(''.join(l for l in lines if l))

def hdr(total, cmd, seq=1):
    return bytearray(struct.pack('>III', total, cmd, seq))

def patch_total(b):
    b[0:4] = struct.pack('>I', len(b))
    return b

cases = []
def case(name, pdu, why, *expect):
    cases.append((name, bytes(pdu), why, expect))

# Total_Length out of range: checked before anything else.
for n in (0, 3, 11):
    case('total_length_%d' % n, hdr(n, 0x00000004), 'Total_Length %d is below the 12-octet header' % n,
         'error Total_Length 0 bad_Total_Length')
case('total_length_12_submit', hdr(12, 0x00000004), 'a CMPP_SUBMIT of Total_Length 12 has no body: Msg_Id is missing',
     'error Msg_Id 12 truncated')
case('total_length_4097', hdr(4097, 0x00000004), 'Total_Length MaxPacketLen+1 (4097): refused before the body is looked at',
     'error Total_Length 0 bad_Total_Length')
case('total_length_ffffffff', hdr(0xFFFFFFFF, 0x00000005), 'Total_Length 0xFFFFFFFF (a 4 GiB claim)',
     'error Total_Length 0 bad_Total_Length')

# Msg_Length larger than what is left: DELIVER Msg_Length at PDU offset 88.
b = fixture('deliver_mo'); b[88] = 200
case('msg_length_past_end', b, 'DELIVER whose Msg_Length (offset 88) says 200 with 42 octets left',
     'error Msg_Content 89 truncated')

# DestUsr_tl 0 and 100: the layout still adds up, so they decode; the spec
# limit (1..99) is Validate's.
s = fixture('submit')
fixed, dest = s[:12 + 128], s[12 + 129:12 + 129 + 32]
tail = s[12 + 129 + 32:]
case('destusr_tl_0', patch_total(fixed + b'\x00' + tail), 'SUBMIT with DestUsr_tl 0: decodes, Validate refuses',
     'ok', 'validate DestUsr_tl')
case('destusr_tl_100', patch_total(fixed + b'\x64' + dest * 100 + tail), 'SUBMIT with DestUsr_tl 100: decodes, Validate refuses',
     'ok', 'validate DestUsr_tl')
case('destusr_tl_255', patch_total(fixed + b'\xff' + dest + tail), 'SUBMIT whose DestUsr_tl says 255 with room for one: the 3rd destination runs off the end',
     'error Dest_terminal_Id %d truncated' % (12 + 129 + 32 * 2))

# Status reports of 60, 71 and 70 octets in a 3.0 DELIVER.
case('deliver_report_60', fixture('deliver_report60'), '60-octet (2.0 layout) report in a 3.0 DELIVER: accepted',
     'ok', 'report ok 60')
case('deliver_report_71', fixture('deliver_report71'), '71-octet 3.0 report', 'ok', 'report ok 71')
r = fixture('deliver_report71')
r = patch_total(r[:88] + b'\x46' + r[89:89 + 70] + r[89 + 71:])
case('deliver_report_70', r, '70-octet report: the PDU decodes, the report does not (neither 60 nor 71)',
     'ok', 'validate Msg_Length', 'report error Msg_Length 88')

# A CMPP 2.0 SUBMIT (21-octet numbers, no *_type octets, 8-octet Reserve)
# sent as 3.0 must not decode into garbage.
v2 = bytearray()
v2 += struct.pack('>QBBBB', 0, 1, 1, 1, 2) + b'SVC0000001' + b'\x03'
v2 += b'13800138000'.ljust(21, b'\x00')               # Fee_terminal_Id[21]
v2 += b'\x00\x00\x0f' + b'901234' + b'02' + b'000010' # TP_pId TP_udhi Msg_Fmt Msg_src FeeType FeeCode
v2 += b'\x00' * 17 * 2 + b'1065712345'.ljust(21, b'\x00')
v2 += b'\x01' + b'13800138000'.ljust(21, b'\x00')     # DestUsr_tl, Dest_terminal_Id[21]
v2 += b'\x0a' + b'Hello CMPP' + b'\x00' * 8           # Msg_Length, Msg_Content, Reserve[8]
case('submit_v20_layout', patch_total(hdr(0, 0x00000004, 15) + v2),
     'CMPP 2.0 SUBMIT layout sent as 3.0: DestUsr_tl is read (body offset 128) from the NUL padding of the 2.0 '
     'Dest_terminal_Id, so Msg_Length is 0, LinkID ends at body offset 151 and 6 of the 157 octets are left over',
     'error - %d trailing_bytes' % (12 + 151))

# Trailing bytes after a complete body.
t = patch_total(fixture('active_test_resp') + b'\x00')
case('trailing_bytes', t, 'ACTIVE_TEST_RESP with one octet after Reserved', 'error - 13 trailing_bytes')

# Command_Ids the spec does not define.
for cmd in (0x03, 0x0A, 0x18, 0x80000003):
    case('unknown_0x%08x' % cmd, hdr(16, cmd) + b'\x00\x00\x00\x00', 'Command_Id 0x%08x is not defined by CMPP 3.0' % cmd,
         'error Command_Id 4 unknown_Command_Id')

def render(name, pdu, why, expect):
    out = ['# %s: %s' % (name, why)]
    for e in expect:
        kind = 'expect' if e.startswith(('ok', 'error')) else 'expect-' + e.split()[0]
        body = e if kind == 'expect' else e.split(None, 1)[1]
        out.append('# %s: %s' % (kind, body))
    out.append(pdu.hex())
    return '\n'.join(out) + '\n'

def main():
    check = '--check' in sys.argv
    bad = 0
    for name, pdu, why, expect in cases:
        text = render(name, pdu, why, expect)
        path = os.path.join(HERE, name + '.hex')
        if check:
            if not os.path.exists(path) or open(path).read() != text:
                print('differs:', path); bad += 1
        else:
            with open(path, 'w') as f:
                f.write(text)
    sys.exit(1 if bad else 0)

main()
