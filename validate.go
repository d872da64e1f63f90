package cmpp

// The checks the Validate methods share. Each returns nil or the error of
// invalid: an *EncodeError with Op "validate" naming the field, wrapping
// ErrInvalid.

// invalid returns the error of a Validate method: an *EncodeError with Op
// "validate" for a value that breaks a spec limit. (An encoder that cannot
// write a value fails through writer.fail instead, with Op "encode".)
func invalid(cmd CommandID, field, why string) error {
	return &EncodeError{Op: OpValidate, Command: cmd, Field: field, Err: detail(ErrInvalid, why)}
}

// flag checks a one-octet value field against its largest legal value.
func flag(cmd CommandID, field string, v, max uint8) error {
	if v > max {
		return invalid(cmd, field, itoa(int(v))+" is not 0 to "+itoa(int(max)))
	}
	return nil
}

func validatePk(cmd CommandID, total, number uint8) error {
	if total < 1 {
		return invalid(cmd, "Pk_total", "must be at least 1")
	}
	if number < 1 || number > total {
		return invalid(cmd, "Pk_number", itoa(int(number))+" is not 1 to Pk_total "+itoa(int(total)))
	}
	return nil
}

// validateContent checks Msg_Fmt and Msg_Length against §8.4.3.1: fewer
// than 160 octets of ASCII, at most 140 of anything else.
func validateContent(cmd CommandID, f MsgFmt, content []byte) error {
	switch f {
	case FmtASCII, FmtSIM, FmtBinary, FmtUCS2, FmtGB:
	default:
		return invalid(cmd, "Msg_Fmt", itoa(int(f))+" is not 0, 3, 4, 8 or 15")
	}
	if n := len(content); n > f.MaxContentLen() {
		return invalid(cmd, "Msg_Length", itoa(n)+" octets, "+f.String()+" allows "+itoa(f.MaxContentLen()))
	}
	return nil
}

// validateFeeType accepts "01", "02", "03", and "06" where fwd is set
// (CMPP_FWD only, §5.10).
func validateFeeType(cmd CommandID, ft []byte, fwd bool) error {
	switch string(ft) {
	case "01", "02", "03":
		return nil
	case "06":
		if fwd {
			return nil
		}
	}
	return invalid(cmd, "FeeType", "\""+string(ft)+"\" is not a 3.0 FeeType")
}

// validateFeeType20 accepts the FeeType values of CMPP 2.0, "01" to "05"
// (spec reference §12.1).
func validateFeeType20(cmd CommandID, ft []byte) error {
	switch string(ft) {
	case "01", "02", "03", "04", "05":
		return nil
	}
	return invalid(cmd, "FeeType", "\""+string(ft)+"\" is not a 2.0 FeeType (01 to 05)")
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// validateDigits checks that v is exactly n ASCII digits.
func validateDigits(cmd CommandID, field string, v []byte, n int) error {
	if len(v) != n {
		return invalid(cmd, field, "want "+itoa(n)+" digits, got "+itoa(len(v))+" octets")
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return invalid(cmd, field, "want "+itoa(n)+" digits")
		}
	}
	return nil
}
