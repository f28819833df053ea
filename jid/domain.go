package jid

import (
	"net/netip"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// domainProfile is UTS #46 lookup processing, spelled out so that it cannot
// change under us: non-transitional mapping (case, width, compatibility,
// NFC), STD3 ASCII rules (letters, digits, hyphen), hyphen and joiner checks,
// and the Bidi Rule. ToUnicode gives U-labels, as RFC 7622 §3.2 requires.
var domainProfile = idna.New(
	idna.MapForLookup(),
	idna.Transitional(false),
	idna.BidiRule(),
)

// maxLabelBytes is the DNS limit on a label in its A-label form (RFC 1034,
// RFC 5890 §2.3.2.1).
const maxLabelBytes = 63

// enforceDomain is the full domainpart path (RFC 7622 §3.2).
func enforceDomain(s string) (string, error) {
	if err := checkInput(s); err != nil {
		return "", domainErr(err)
	}
	// RFC 7622 §3.2: a final dot is stripped before anything else.
	s = strings.TrimSuffix(s, ".")
	if s == "" {
		return "", domainErr(ErrEmpty)
	}
	if s[0] == '[' {
		return ipLiteral(s)
	}
	out, err := domainProfile.ToUnicode(s)
	if err != nil {
		return "", domainErr(err)
	}
	if err := checkOutput(out); err != nil {
		return "", domainErr(err)
	}
	if err := checkLabels(out); err != nil {
		return "", domainErr(err)
	}
	return out, nil
}

// checkLabels rejects empty labels (which the lookup profile lets through)
// and labels whose A-label form is longer than 63 octets.
func checkLabels(domain string) error {
	for label := range strings.SplitSeq(domain, ".") {
		if label == "" {
			return ErrLabel
		}
		n := len(label)
		if !isASCII(label) && aLabelBound(label) > maxLabelBytes {
			a, err := idna.Punycode.ToASCII(label)
			if err != nil {
				return err
			}
			n = len(a)
		}
		if n > maxLabelBytes {
			return ErrLabel
		}
	}
	return nil
}

// ipLiteral accepts "[IPv6]" (RFC 3986 IP-literal, no zone) and writes the
// address in its RFC 5952 form, so equal addresses give equal JIDs.
func ipLiteral(s string) (string, error) {
	inner, ok := strings.CutSuffix(s[1:], "]")
	if !ok {
		return "", domainErr(ErrIPLiteral)
	}
	addr, err := netip.ParseAddr(inner)
	if err != nil || !addr.Is6() || addr.Zone() != "" {
		return "", domainErr(ErrIPLiteral)
	}
	return "[" + addr.String() + "]", nil
}

// aLabelBound is an upper bound on the length of the A-label of a non-ASCII
// label, so that short labels need not be encoded: "xn--", the ASCII code
// points and their delimiter, and at most 9 Punycode digits per other code
// point (RFC 3492: a delta is below 0x110000 × 64 < 10^8, and each digit
// divides what remains by at least base − tmax = 10).
func aLabelBound(label string) int {
	ascii, other := 0, 0
	for _, r := range label {
		if r < utf8.RuneSelf {
			ascii++
		} else {
			other++
		}
	}
	return len("xn--") + ascii + 1 + 9*other
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
