package discover

import (
	"context"
	"errors"
	"net"
	"strings"
)

// Resolver looks up SRV records. *net.Resolver satisfies it; tests supply
// their own so that no DNS is needed.
type Resolver interface {
	LookupSRV(ctx context.Context, service, proto, name string) (cname string, addrs []*net.SRV, err error)
}

// MaxRecords is the number of SRV records kept from one answer. A real zone
// has a handful; the cap bounds the work a hostile resolver can cause.
const MaxRecords = 64

// LookupSRV looks up the SRV records of _service._tcp.domain with r (nil
// means net.DefaultResolver). domain may be in U-label form; it is converted
// to an A-label first.
//
// It returns the usable records in the order of the answer: records with an
// invalid target or port 0 are dropped, as are records beyond MaxRecords. A
// lone record whose target is "." gives ErrNoService. An answer with no
// usable record, or a failed lookup, gives an error wrapping ErrNoRecords
// and the resolver's error. A cancelled ctx gives ctx's error.
func LookupSRV(ctx context.Context, r Resolver, service, domain string) ([]*net.SRV, error) {
	host, isIP, err := ASCIIDomain(domain)
	if err != nil {
		return nil, err
	}
	if isIP {
		return nil, &srvError{sentinel: ErrNoRecords, name: host, cause: errors.New("an IP address has no SRV records")}
	}
	if r == nil {
		r = net.DefaultResolver
	}
	name := "_" + service + "._tcp." + host
	_, recs, err := r.LookupSRV(ctx, service, "tcp", host)
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, ctxErr
	}
	if isNoService(recs) {
		return nil, &srvError{sentinel: ErrNoService, name: name}
	}
	usable := usableRecords(recs)
	if len(usable) > 0 {
		// A partial answer (Go filters invalid names and reports an
		// error alongside the rest) is still used.
		return usable, nil
	}
	if err == nil {
		err = errors.New("empty answer")
	}
	return nil, &srvError{sentinel: ErrNoRecords, name: name, cause: err}
}

// srvError is the failure of one SRV query: the sentinel that says what it
// means, the name queried, and the resolver's error if any.
type srvError struct {
	sentinel error
	name     string
	cause    error
}

func (e *srvError) Error() string { return e.sentinel.Error() + ": " + e.detail() }

// detail names the query and the resolver's error, once: a *net.DNSError
// already names the query.
func (e *srvError) detail() string {
	switch {
	case e.cause == nil:
		return e.name
	case strings.Contains(e.cause.Error(), e.name):
		return e.cause.Error()
	default:
		return e.name + ": " + e.cause.Error()
	}
}

func (e *srvError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.sentinel}
	}
	return []error{e.sentinel, e.cause}
}

// isNoService reports the RFC 2782 answer "service decidedly not available":
// precisely one record, whose target is the root.
func isNoService(recs []*net.SRV) bool {
	return len(recs) == 1 && recs[0] != nil && recs[0].Target == "."
}

func usableRecords(recs []*net.SRV) []*net.SRV {
	var out []*net.SRV
	for _, rec := range recs {
		if rec == nil || rec.Port == 0 || !validTarget(rec.Target) {
			continue
		}
		if len(out) == MaxRecords {
			break
		}
		clean := *rec
		clean.Target = strings.TrimSuffix(rec.Target, ".")
		out = append(out, &clean)
	}
	return out
}

// validTarget accepts host names made of letters, digits, hyphens,
// underscores and dots, at most 253 octets without the final dot, with no
// empty label. It keeps a resolver's odd answer from turning into an
// address that means something else to the dialler.
func validTarget(t string) bool {
	t = strings.TrimSuffix(t, ".")
	if t == "" || len(t) > 253 {
		return false
	}
	for label := range strings.SplitSeq(t, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
			if !ok {
				return false
			}
		}
	}
	return true
}
