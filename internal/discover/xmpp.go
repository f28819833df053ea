package discover

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
)

// Service is one SRV service name to query, and whether its records are
// for direct TLS.
type Service struct {
	Name      string // without the leading underscore, e.g. "xmpp-client"
	DirectTLS bool
}

// The SRV services of RFC 6120 §3.2 and XEP-0368.
var (
	ClientStartTLS  = Service{Name: "xmpp-client"}
	ClientDirectTLS = Service{Name: "xmpps-client", DirectTLS: true}
	ServerStartTLS  = Service{Name: "xmpp-server"}
	ServerDirectTLS = Service{Name: "xmpps-server", DirectTLS: true}
)

// LookupXMPP queries the SRV records of every service for domain, in
// parallel, and returns their targets mixed and ordered as one record set
// (XEP-0368 §3, RFC 2782), using rnd for the weighted choice (nil: the
// global source).
//
// If no service has a usable record, the error wraps ErrNoService when any
// answer was a lone "." (XEP-0368 §3.4: no fallback to the address
// records), and ErrNoRecords otherwise (RFC 6120 §3.2.2: fall back). The
// per-service errors are wrapped too, for the caller's report.
func LookupXMPP(ctx context.Context, r Resolver, domain string, rnd *rand.Rand, services ...Service) ([]Target, error) {
	results := make([]serviceResult, len(services))
	var wg sync.WaitGroup
	for i, svc := range services {
		wg.Go(func() {
			recs, err := LookupSRV(ctx, r, svc.Name, domain)
			results[i] = serviceResult{svc: svc, recs: recs, err: err}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	var targets []Target
	var failures []*srvError
	for _, res := range results {
		if res.err != nil {
			var se *srvError
			if !errors.As(res.err, &se) {
				return nil, res.err // a bad domain: no query was made
			}
			failures = append(failures, se)
			continue
		}
		for _, rec := range res.recs {
			targets = append(targets, Target{
				Host: rec.Target, Port: rec.Port,
				Priority: rec.Priority, Weight: rec.Weight,
				DirectTLS: res.svc.DirectTLS,
			})
		}
	}
	if len(targets) > 0 {
		return Order(targets, rnd), nil
	}
	return nil, newLookupError(failures)
}

type serviceResult struct {
	svc  Service
	recs []*net.SRV
	err  error
}

// lookupError reports the failure of several SRV queries under a single
// sentinel, so that errors.Is(err, ErrNoRecords) is false when one answer
// was "." even though another found nothing.
type lookupError struct {
	sentinel error
	failures []*srvError
}

func newLookupError(failures []*srvError) *lookupError {
	e := &lookupError{sentinel: ErrNoRecords, failures: failures}
	for _, f := range failures {
		if f.sentinel == ErrNoService {
			e.sentinel = ErrNoService
		}
	}
	return e
}

func (e *lookupError) Error() string {
	details := make([]string, len(e.failures))
	for i, f := range e.failures {
		details[i] = f.detail()
		if f.sentinel != e.sentinel {
			details[i] += " (" + strings.TrimPrefix(f.sentinel.Error(), "discover: ") + ")"
		}
	}
	if len(details) == 0 {
		return e.sentinel.Error() + ": no service queried"
	}
	return e.sentinel.Error() + ": " + strings.Join(details, "; ")
}

// Unwrap gives the sentinel and the resolvers' errors.
func (e *lookupError) Unwrap() []error {
	out := []error{e.sentinel}
	for _, f := range e.failures {
		if f.cause != nil {
			out = append(out, f.cause)
		}
	}
	return out
}
