package dial

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"

	"github.com/canto-im/xmpp/internal/discover"
)

// candidate is one address to dial and how.
type candidate struct {
	addr      string
	directTLS bool
}

// plan is the list of candidates and how it was found, for the report.
type plan struct {
	domain   string
	cands    []candidate
	lookup   error // the SRV lookup's failure, if any
	fallback bool  // cands is the domain itself, for lack of records
}

func (d Dialer) validate() error {
	if d.DirectTLS && d.NoDirectTLS {
		return fmt.Errorf("%w: DirectTLS and NoDirectTLS together", ErrOptions)
	}
	if d.DirectTLS && d.NoLookup && d.Address == "" {
		return fmt.Errorf("%w: DirectTLS with NoLookup needs an Address (direct TLS has no default port)", ErrOptions)
	}
	if d.Address != "" {
		host, port, err := net.SplitHostPort(d.Address)
		if err != nil || host == "" || port == "" {
			return fmt.Errorf("%w: Address %q is not host:port", ErrOptions, d.Address)
		}
	}
	return nil
}

// plan decides what to dial: the fixed Address, the domain itself, or the
// targets of the SRV records (RFC 6120 §3.2, XEP-0368).
func (d Dialer) plan(ctx context.Context, k kind, host string, isIP bool) (plan, error) {
	p := plan{domain: host}
	switch {
	case d.Address != "":
		p.cands = []candidate{{addr: d.Address, directTLS: d.DirectTLS}}
		return p, nil
	case isIP || d.NoLookup:
		if d.DirectTLS { // an IP domain has no SRV records to find a TLS port
			return p, &Error{Domain: host, Lookup: errors.New("DirectTLS is set and an IP address has no SRV records")}
		}
		p.cands = []candidate{{addr: net.JoinHostPort(host, strconv.Itoa(k.port))}}
		return p, nil
	}

	targets, err := discover.LookupXMPP(ctx, d.Resolver, host, nil, d.services(k)...)
	switch {
	case err == nil:
		for _, t := range targets {
			addr := net.JoinHostPort(t.Host, strconv.Itoa(int(t.Port)))
			p.cands = append(p.cands, candidate{addr: addr, directTLS: t.DirectTLS})
		}
		return p, nil
	case ctx.Err() != nil:
		return p, ctx.Err()
	case errors.Is(err, discover.ErrNoRecords) && !d.DirectTLS:
		p.lookup, p.fallback = err, true
		p.cands = []candidate{{addr: net.JoinHostPort(host, strconv.Itoa(k.port))}}
		return p, nil
	case errors.Is(err, discover.ErrNoRecords):
		return p, &Error{Domain: host, Lookup: fmt.Errorf("DirectTLS is set and there are no direct TLS records: %w", err)}
	default: // no service
		return p, &Error{Domain: host, Lookup: err}
	}
}

// services lists the SRV services to query, per the TLS options.
func (d Dialer) services(k kind) []discover.Service {
	switch {
	case d.DirectTLS:
		return []discover.Service{k.directTLS}
	case d.NoDirectTLS:
		return []discover.Service{k.startTLS}
	default:
		return []discover.Service{k.directTLS, k.startTLS}
	}
}

func wrapDomainError(err error) error {
	return fmt.Errorf("%w: %s", ErrDomain, clean(err))
}
