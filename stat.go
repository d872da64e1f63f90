package cmpp

// The Stat values of a status report (§8.4.5.1 表一, spec reference
// §6.8.1): the final state of an MT message. They are untyped so that
// they compare with string(r.Stat). Always 7 characters on the wire.
const (
	StatDelivered     = "DELIVRD" // delivered to the handset
	StatExpired       = "EXPIRED" // validity period expired
	StatDeleted       = "DELETED" // deleted
	StatUndeliverable = "UNDELIV" // undeliverable
	StatAccepted      = "ACCEPTD" // accepted: an intermediate state, not final
	StatUnknown       = "UNKNOWN" // invalid or unknown state
	StatRejected      = "REJECTD" // rejected
)

// statWords are the whole-word Stat values and what they mean.
var statWords = map[string]string{
	StatDelivered:     "delivered",
	StatExpired:       "validity period expired",
	StatDeleted:       "deleted",
	StatUndeliverable: "undeliverable",
	StatAccepted:      "accepted, not final",
	StatUnknown:       "unknown state",
	StatRejected:      "rejected",
}

// statPrefixes are the "XX:xxxx" Stat values, by their two letters: which
// element failed, and how. xxxx is the failing element's own code, which
// the spec does not define.
var statPrefixes = map[string]string{
	"MA": "no response from the SMSC",
	"MB": "error response from the SMSC",
	"MC": "no status report from the SMSC",
	"CA": "no response from the SCP",
	"CB": "error response from the SCP",
	"DA": "no response from the DSMP",
	"DB": "error response from the DSMP",
	"SA": "no response from the SP",
	"SB": "error response from the SP",
	"IA": "no response from the next-hop ISMG",
	"IB": "error response from the next-hop ISMG",
	"IC": "no status report from the next-hop ISMG",
}

// StatText returns what the Stat of a status report means (§8.4.5.1
// 表一, spec reference §6.8.1): "delivered" for DELIVRD, "no response
// from the SMSC" for MA:xxxx, …; "" for a value the spec does not define.
// Only the 7-character forms are recognised. It allocates nothing.
func StatText(stat []byte) string {
	if len(stat) != 7 {
		return ""
	}
	if s, ok := statWords[string(stat)]; ok {
		return s
	}
	if stat[2] == ':' {
		return statPrefixes[string(stat[:2])]
	}
	return ""
}

// StatFinal reports whether stat is a final state: any value the spec
// defines except ACCEPTD, which a gateway passes on from the SMSC only as
// an intermediate state (spec reference §6.8.1). An SP that waits for the
// outcome of a message stops waiting at a final state.
func StatFinal(stat []byte) bool {
	return StatText(stat) != "" && string(stat) != StatAccepted
}
