package dial

import (
	"errors"
	"net"
	"strings"
)

// Sentinel errors, matched with errors.Is.
var (
	// ErrNoService means the domain's SRV records say that it offers no
	// XMPP service (a lone target "."; RFC 2782, XEP-0368 §3.4).
	ErrNoService = errors.New("dial: no XMPP service at this domain")
	// ErrUnreachable means no candidate could be connected to, or none
	// was left to try; the *Error lists why.
	ErrUnreachable = errors.New("dial: XMPP service unreachable")
	// ErrNoDomain means the JID has no domainpart (the zero JID).
	ErrNoDomain = errors.New("dial: JID without a domain")
	// ErrDomain means the domain has no usable ASCII form for DNS and TLS.
	ErrDomain = errors.New("dial: invalid domain")
	// ErrOptions means the Dialer's options contradict each other or are
	// malformed.
	ErrOptions = errors.New("dial: invalid options")
)

// Attempt is one candidate tried, and why it failed.
type Attempt struct {
	Address   string // host:port dialled
	DirectTLS bool   // whether TLS was started at once (XEP-0368)
	Err       error
}

// Error reports a failed dial: why no candidate was tried, or why each
// candidate tried failed. It matches ErrNoService or ErrUnreachable with
// errors.Is, and the errors of the attempts (such as a
// *tls.CertificateVerificationError) with errors.As.
type Error struct {
	Domain string // the domain in its ASCII form
	// Lookup is the SRV lookup's failure, or nil if records were found or
	// no lookup was made.
	Lookup error
	// Fallback is true when, for lack of SRV records, the domain itself
	// was tried.
	Fallback bool
	Attempts []Attempt
}

func (e *Error) noService() bool { return e.Lookup != nil && errors.Is(e.Lookup, errNoServiceLookup) }

// Error describes the failure on one line: the domain, then each address
// tried with its method and reason, or why there was nothing to try.
func (e *Error) Error() string {
	if e.noService() {
		return "dial: no XMPP service at " + e.Domain + ": " + clean(e.Lookup)
	}
	var b strings.Builder
	b.WriteString("dial: cannot connect to " + e.Domain)
	if e.Fallback {
		b.WriteString(" (no SRV records, so the domain itself was tried)")
	}
	if len(e.Attempts) == 0 {
		b.WriteString(": nothing to try")
		if e.Lookup != nil {
			b.WriteString(": " + clean(e.Lookup))
		}
	}
	for i, a := range e.Attempts {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(a.Address)
		if a.DirectTLS {
			b.WriteString(" (direct TLS)")
		}
		b.WriteString(": " + shortReason(a.Err))
	}
	return b.String()
}

// Unwrap gives the sentinel, the lookup's error and each attempt's error.
func (e *Error) Unwrap() []error {
	out := []error{ErrUnreachable}
	if e.noService() {
		out[0] = ErrNoService
	}
	if e.Lookup != nil {
		out = append(out, e.Lookup)
	}
	for _, a := range e.Attempts {
		out = append(out, a.Err)
	}
	return out
}

// shortReason drops the "dial tcp host:port" prefix of a dial error, since
// the address is already in the report.
func shortReason(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" && op.Err != nil {
		return op.Err.Error()
	}
	return err.Error()
}

// clean drops the internal package's prefix from a lookup error.
func clean(err error) string { return strings.ReplaceAll(err.Error(), "discover: ", "") }
