// Command cmpp decodes and encodes CMPP 3.0 PDUs (China Mobile's SMS
// gateway protocol), for reading hex dumps from gateway logs and captures
// and for crafting PDUs to test a peer.
//
// Usage:
//
//	cmpp decode [-json] [-raw] [-version 2.0|2.1|3.0] [-summary] [-port N] [FILE|-]...
//	cmpp encode [-raw] [-version 2.0|2.1|3.0] [FILE|-]...
//	cmpp sim [flags]
//	cmpp send [flags] [TEXT]
//	cmpp help [decode|encode|sim|send]
//
// decode reads hex PDUs in the forms logs and tools print them: one PDU
// per line ('#' starts a comment, whitespace and a 0x prefix are
// ignored), a log line with the hex after a timestamp and a message (the
// run of hex whose Total_Length fits is taken), or a dump over several
// lines from xxd, hexdump -C or Wireshark's "Copy as Hex Dump" (framed
// into PDUs by Total_Length; a whole Ethernet/IPv4/TCP frame is cut to its
// payload). Binary input is refused with a hint to use -raw. With -raw
// it reads a binary CMPP byte stream instead (a capture's TCP payload). It
// prints every PDU field by field under the spec's field names, with
// Msg_Id broken into its parts, Msg_Content decoded as text per Msg_Fmt,
// and status reports and concatenation headers expanded; a PDU that
// decodes but breaks a limit of the spec (its Validate method) gets a
// warning line, as does one with octets after the 0x00 that ends a
// string (they are not part of the value, and encode writes the
// canonical padding). With -json it prints one JSON object per PDU per line
// instead. With no FILE it decodes a built-in sample session, so
//
//	go run ./cmd/cmpp decode
//
// shows the library at work on a fresh machine; "-" reads standard input.
// A PDU that does not decode is reported (field and offset) and decoding
// carries on with the next one; the exit status is then 1.
//
// encode reads the JSON objects decode -json prints (from standard input
// when no FILE is given) and writes each PDU as a line of hex, or with
// -raw as a binary stream, so that
//
//	cmpp decode -json FILE | cmpp encode
//
// reproduces the PDUs of FILE byte for byte.
//
// Both read and write CMPP 3.0 unless -version says 2.0 or 2.1; in a
// stream, a CMPP_CONNECT switches to the Version it asks for and a
// CMPP_CONNECT_RESP to the lower of that and the Version it answers. The
// JSON of a 2.x PDU has the 2.0 spec's fields ("Reserve" at the end of a
// CMPP_SUBMIT, "Reserved" of a CMPP_DELIVER, no *_type flags or LinkID).
//
// decode also reads packet captures (pcap and pcapng, recognised by their
// magic numbers): every TCP conversation carrying CMPP is reassembled in
// both directions and its PDUs printed with their capture time, frames,
// endpoints and direction; -summary prints per conversation the login,
// the counts per command, unanswered requests, latency and report Stats.
//
// # JSON form
//
// Keys are the spec's field names in wire order: "Total_Length",
// "Command_Id" (the spec's name, such as "CMPP_SUBMIT"), "Sequence_Id",
// then the body's fields. Integers are JSON numbers, except the 64-bit
// Msg_Id (everywhere, reports included), which is a string such as
// "0x110c414003e90001": jq and JavaScript read numbers as float64 and
// would change an id above 2^53. encode takes a number or a string
// (decimal, or 0x hex) for every integer. Octet strings
// are JSON strings, trailing NULs removed, when they are valid UTF-8
// without control characters, and {"hex": "…"} otherwise. Repeated fields
// ("Dest_terminal_Id" of CMPP_SUBMIT, "Dest_Id" of CMPP_FWD) are arrays.
// Msg_Content is {"hex": "…", "text": "…"}, the text decoded per Msg_Fmt
// (after any User Data Header) and left out for binary content and status
// reports. After Msg_Content come, where they apply, "UDH" (the User Data
// Header), "Report" (the status report of a CMPP_DELIVER with
// Registered_Delivery 1 or a CMPP_FWD with Msg_Fwd_Type 2) and "MOReport"
// (the MO report of a CMPP_FWD with Msg_Fwd_Type 3). A Command_Id the
// spec does not define prints as "CMPP_0x00000003" with its body as
// "Body": {"hex": "…"}.
//
// On encode, Command_Id is required and any other field left out is zero
// or empty. The derived fields Total_Length, Msg_Length and DestUsr_tl may
// be left out; when given, they must agree with the data. Msg_Content is
// built from its "hex" alone, from its "text" alone (encoded per Msg_Fmt;
// with TP_udhi set, after the octets of "UDH": {"hex": "…"}), from both
// when they agree, or, with no Msg_Content, from a "Report" or "MOReport"
// object (a report is written in the 71-octet form). Whatever else is
// given about the content must agree with its octets: a "text", "UDH",
// "Report" or "MOReport" that says something else than decode would
// print is an error naming it, never silently ignored (members left out
// of a UDH or report object are not checked, and {"error": …} agrees
// with a report that does not parse). Unknown keys are an error, so a
// misspelt field name is never silently dropped.
//
// sim runs a gateway simulator (package cmpptest) to test an SP against,
// and send logs in to a gateway and submits a text, or with -n runs a
// load test; 'cmpp help sim' and 'cmpp help send' have the details.
//
// Exit status: 0 on success, 1 when some input failed to decode or
// encode, 2 for a usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usageText = `cmpp decodes and encodes CMPP 3.0 PDUs (China Mobile's SMS gateway protocol).

Usage:
  cmpp decode [-json] [-raw] [-version 2.0|2.1|3.0] [FILE|-]...
  cmpp encode [-raw] [-version 2.0|2.1|3.0] [FILE|-]...
  cmpp sim [flags]
  cmpp send [flags] [TEXT]
  cmpp help [decode|encode|sim|send]

Commands:
  decode   print PDUs read as hex lines (or a binary stream with -raw, or
           the TCP conversations of a pcap or pcapng capture) field by
           field; with no FILE, decode a built-in sample session
  encode   read JSON objects as printed by decode -json and write each PDU
           as a line of hex (or a binary stream with -raw)
  sim      run a gateway simulator to test an SP against (listens on :7890)
  send     log in to a gateway and submit TEXT; with -n, a load test

Examples:
  cmpp decode                           the built-in sample session
  cmpp decode dump.hex                  hex PDUs, one per line
  cmpp decode -raw capture.bin          a binary CMPP stream
  cmpp decode capture.pcap              every CMPP conversation of a capture
  cmpp decode -summary capture.pcapng   logins, counts, unanswered requests, latency
  cmpp decode -json - < pdus.hex        one JSON object per PDU
  cmpp decode -json pdus.hex | cmpp encode     round trip, byte for byte
  cmpp sim                              a gateway on :7890, account 901234/secret
  cmpp send -to 13800138000 hello       submit to it and print the answer
  cmpp send -n 100000 -c 64             a load test against it

Run 'cmpp help COMMAND' for details.
`

const decodeUsage = `usage: cmpp decode [-json] [-raw] [-version V] [-summary] [-port N] [FILE|-]...

Decode CMPP 3.0 PDUs and print them field by field, under the spec's field
names. With no FILE, decode a built-in sample session; "-" reads standard
input.

Input is hex in the forms logs and tools print it:
  - one PDU per line: '#' at the start or after a blank starts a comment;
    whitespace, CR and a 0x prefix (on the line or on each group of
    digits) are ignored;
  - a log line with the hex after (or around) a timestamp and a message:
    the run of hex whose first four octets, read as Total_Length, give
    its length is the PDU;
  - a dump over several lines, from xxd, hexdump -C (its "*" lines
    included) or Wireshark's "Copy as Hex Dump": its octets are split
    into PDUs by their Total_Length, and a whole Ethernet/IPv4/TCP frame
    is cut to its TCP payload.
Input that looks binary is refused: use -raw. With -raw, input is a
binary CMPP stream, split into PDUs by their Total_Length.

The values are shown with their meaning where the spec names it (Msg_Fmt,
Result, Stat, Msg_Id parts, report and validity times, ...). A PDU that decodes but breaks a limit
of the spec (99 destinations, a known Msg_Fmt, ...) gets a warning line,
and so does one whose fixed-width strings hold octets after their 0x00
padding: a string ends at its first 0x00, so those octets are not part
of the value and encode writes the canonical padding instead (with
-json, the warning goes to standard error).

A PDU that does not decode is reported with the field and offset where
decoding stopped, and decoding carries on with the next PDU (with -raw, a
stream whose Total_Length is out of range cannot be resynchronised and
stops there). The exit status is then 1. A Command_Id the spec does not
define is shown with its body in hex; it is not an error.

A pcap or pcapng capture (tcpdump -w, Wireshark; gzip-compressed too) is
recognised by its magic number, also on standard input. Every TCP
conversation on a CMPP port (7890, 7900, 7930, 9168 and -port), or whose
first octets are a CMPP_CONNECT, is put back in order in both directions
(out-of-order and retransmitted segments) and its PDUs printed with the
capture time of the frame that completed them, the frames they came in,
the endpoints and the direction. A PDU is printed once its stream has all
of it: one behind a segment the capture missed waits up to 10 s of
capture time, so PDUs of the other direction may come first. Where the
PDUs cannot be followed (the capture starts inside one, segments were
not captured) the next plausible header is looked for and the octets
skipped are reported. A conversation is read in the
version its login negotiates (see -version); without its login in the
capture, one whose PDUs only decode as CMPP 2.0 is read as 2.0 (a note
says so). A capture file that cannot be read on (truncated,
a broken record) is reported with the number of the frame, after all the
frames before it are decoded; the exit status is then 1.

Flags:
  -json     print one JSON object per PDU per line (errors go to standard
            error, so the output can be piped into cmpp encode); PDUs from
            a capture have "time" (RFC 3339, microseconds), "src" and
            "dst" ("IP:port") first
  -raw      read a binary CMPP stream instead of hex lines
  -summary  for a capture, print per conversation instead of the PDUs: the
            login (Source_Addr, Version, Status), the PDUs per Command_Id,
            requests without a response and responses without a request
            (by Sequence_Id), request-to-response latency p50/p99, the
            Result of the SUBMIT, DELIVER and FWD responses, the most
            requests waiting at once on each side, and the Stat of the
            status reports (one JSON object per conversation with -json)
  -port N   read TCP conversations on port N as CMPP too (repeatable)
` + versionFlagUsage

const encodeUsage = `usage: cmpp encode [-raw] [-version V] [FILE|-]...

Read JSON objects, as printed by cmpp decode -json, and write each PDU as a
line of hex (or, with -raw, as a binary stream). With no FILE, or "-", read
standard input. Objects may span several lines; lines starting with '#'
are comments.

Keys are the spec's field names. Command_Id is required; other fields left
out are zero or empty. Integers may be JSON numbers or strings ("0x..."
hex or decimal); Msg_Id is printed as a string. Total_Length, Msg_Length
and DestUsr_tl may be left out; when present they must agree with the
data. Msg_Content is built from its "hex", or from its "text" encoded per
Msg_Fmt (after "UDH": {"hex": "..."} when TP_udhi is set), or, with no
Msg_Content, from a "Report" or "MOReport" object. A "text", "UDH",
"Report" or "MOReport" that disagrees with the octets is an error naming
it; members left out of a UDH or report are not checked.

An object that cannot be encoded is reported with the field at fault and
skipped; the exit status is then 1.

Flags:
  -raw    write a binary CMPP stream instead of hex lines
` + versionFlagUsage

// run is the whole command: it returns the exit status instead of exiting,
// so that tests can drive it end to end.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help":
		fmt.Fprint(stdout, usageText)
		return 0
	case "help":
		switch {
		case len(args) == 1:
			fmt.Fprint(stdout, usageText)
		case len(args) == 2 && args[1] == "decode":
			fmt.Fprint(stdout, decodeUsage)
		case len(args) == 2 && args[1] == "encode":
			fmt.Fprint(stdout, encodeUsage)
		case len(args) == 2 && args[1] == "sim":
			fmt.Fprint(stdout, simUsage)
		case len(args) == 2 && args[1] == "send":
			fmt.Fprint(stdout, sendUsage)
		default:
			fmt.Fprintf(stderr, "cmpp help: unknown topic %q\n\n%s", strings.Join(args[1:], " "), usageText)
			return 2
		}
		return 0
	case "decode":
		var o decodeOptions
		fs := newFlagSet("decode", decodeUsage)
		fs.BoolVar(&o.json, "json", false, "")
		fs.BoolVar(&o.raw, "raw", false, "")
		fs.BoolVar(&o.summary, "summary", false, "")
		fs.Func("port", "", func(s string) error { return addPort(&o.ports, s) })
		fs.Func("version", "", versionFlag(&o.version))
		files, code := parseFlags(fs, args[1:], stdout, stderr)
		if code >= 0 {
			return code
		}
		return runDecode(o, files, stdin, stdout, stderr)
	case "encode":
		var o encodeOptions
		fs := newFlagSet("encode", encodeUsage)
		fs.BoolVar(&o.raw, "raw", false, "")
		fs.Func("version", "", versionFlag(&o.version))
		files, code := parseFlags(fs, args[1:], stdout, stderr)
		if code >= 0 {
			return code
		}
		return runEncode(o, files, stdin, stdout, stderr)
	case "sim", "send":
		// Both stop cleanly on Ctrl-C and SIGTERM.
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		if args[0] == "sim" {
			return runSim(ctx, args[1:], stdin, stdout, stderr)
		}
		return runSend(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "cmpp: unknown command %q\n\n%s", args[0], usageText)
	return 2
}

func newFlagSet(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("cmpp "+name, flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), usage) }
	return fs
}

// addPort adds the port s to ports (the -port flag).
func addPort(ports *[]uint16, s string) error {
	n, err := strconv.ParseUint(s, 10, 16)
	if err != nil || n == 0 {
		return fmt.Errorf("%q is not a TCP port (1 to 65535)", s)
	}
	*ports = append(*ports, uint16(n))
	return nil
}

// parseFlags parses flags placed anywhere among the file arguments
// ("cmpp decode log.hex -json" works too); after "--" everything is a
// file. It returns the files and -1, or an exit status: 0 after -h, 2
// after a bad flag.
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) ([]string, int) {
	fs.SetOutput(stderr)
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(stdout)
				fs.Usage()
				return nil, 0
			}
			return nil, 2 // the flag package has printed the error and the usage
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(files, rest...), -1
		}
		if len(rest) == 0 {
			return files, -1
		}
		files = append(files, rest[0])
		args = rest[1:]
	}
}

// errText is the message of err without the "cmpp: " that the library's
// errors start with (also where they are wrapped), for lines that the
// tool begins with "cmpp: " itself: "cmpp: stdin:2: encode CMPP_SUBMIT:
// …", not "cmpp: stdin:2: cmpp: encode CMPP_SUBMIT: …".
func errText(err error) string {
	return strings.ReplaceAll(strings.TrimPrefix(err.Error(), "cmpp: "), ": cmpp: ", ": ")
}
