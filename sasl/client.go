package sasl

import (
	"fmt"
	"io"
	"slices"
)

// ClientConfig holds what a client authenticates with. It is copied by the
// constructors and never modified, so one value can serve many exchanges.
type ClientConfig struct {
	// Username is the authentication identity (authcid) of PLAIN and SCRAM,
	// prepared with PRECIS UsernameCasePreserved. Empty means those
	// mechanisms cannot be used.
	Username string
	// Password is prepared with PRECIS OpaqueString. Empty means PLAIN and
	// SCRAM cannot be used.
	Password string
	// Authzid is the authorization identity to request; empty means none
	// (the server derives it from the authentication identity).
	Authzid string
	// Trace is the ANONYMOUS trace information (RFC 4505); empty means none.
	Trace string

	// Mechanisms are the mechanisms the client may use, in order of
	// preference. nil means DefaultClientMechanisms: the SCRAM family with
	// -PLUS forms first and stronger hashes first, then PLAIN. EXTERNAL and
	// ANONYMOUS are used only when listed here. Once SCRAM has worked with
	// a server, leaving PLAIN out pins that (XEP-0474 §Business Rules).
	Mechanisms []string

	// InsecurePlaintextAuth allows PLAIN on a connection without TLS.
	// False (zero) means PLAIN needs Negotiation.TLS.
	InsecurePlaintextAuth bool

	// MinIterations is the smallest SCRAM iteration count accepted. Zero
	// means MinIterations (4096); a lower value is raised to it unless
	// InsecureLowIterations is set.
	MinIterations int
	// InsecureLowIterations lets MinIterations go below 4096 (tests,
	// legacy servers). False (zero) keeps the floor.
	InsecureLowIterations bool
	// MaxIterations is the largest SCRAM iteration count accepted, a bound
	// on the CPU a hostile server can make the client spend. Zero means
	// DefaultMaxIterations.
	MaxIterations int

	// Rand is the source of nonces; nil means crypto/rand.
	Rand io.Reader

	// Cache, if not nil, keeps the keys SCRAM derives from the password
	// for a salt and iteration count, so that logging in again to the same
	// account skips the derivation (see SCRAMCache). nil means every SCRAM
	// exchange derives them.
	Cache *SCRAMCache

	// nonce, when non-empty, is the client nonce (tests reproducing the
	// published example exchanges).
	nonce string
}

// DefaultClientMechanisms returns the order of preference used when
// ClientConfig.Mechanisms is nil.
func DefaultClientMechanisms() []string {
	return []string{
		ScramSHA512Plus, ScramSHA256Plus, ScramSHA1Plus,
		ScramSHA512, ScramSHA256, ScramSHA1,
		Plain,
	}
}

func (c ClientConfig) allowed() []string {
	if c.Mechanisms == nil {
		return DefaultClientMechanisms()
	}
	return c.Mechanisms
}

// iterationBounds returns the accepted range of SCRAM iteration counts.
func (c ClientConfig) iterationBounds() (lo, hi int) {
	lo, hi = c.MinIterations, c.MaxIterations
	if lo <= 0 || lo < MinIterations && !c.InsecureLowIterations {
		lo = MinIterations
	}
	if hi <= 0 {
		hi = DefaultMaxIterations
	}
	return lo, hi
}

// NewClient picks the first mechanism of cfg's order of preference that the
// server offered (neg.Mechanisms) and that can be completed on this
// connection, and returns it ready to Start. A -PLUS mechanism is chosen
// only with binding data of a type the server supports. It fails with
// ErrDowngrade when the offer itself shows tampering (XEP-0440 rule 5:
// channel-binding types advertised without any -PLUS mechanism), and with
// ErrNoMechanism when nothing fits.
func NewClient(cfg ClientConfig, neg Negotiation) (Client, error) {
	plan := planBinding(cfg.allowed(), neg)
	for _, name := range cfg.allowed() {
		if !slices.Contains(neg.Mechanisms, name) {
			continue
		}
		if !isPlus(name) && plan.err != nil {
			return nil, plan.err
		}
		c, err := newClient(name, cfg, neg, plan)
		if err == nil {
			return c, nil
		}
		if err != errUnusable {
			return nil, err
		}
	}
	return nil, ErrNoMechanism
}

// NewClientMechanism returns the client side of the named mechanism, for a
// caller that chose it itself (it need not be in cfg.Mechanisms or in
// neg.Mechanisms). neg must still describe what the server advertised: the
// GS2 flag and the XEP-0474 check depend on it.
func NewClientMechanism(name string, cfg ClientConfig, neg Negotiation) (Client, error) {
	plan := planBinding(append(slices.Clone(cfg.allowed()), name), neg)
	if !isPlus(name) && plan.err != nil && isScram(name) {
		return nil, plan.err
	}
	c, err := newClient(name, cfg, neg, plan)
	if err == errUnusable {
		return nil, fmt.Errorf("%w: %s cannot be used on this connection", ErrNoMechanism, name)
	}
	return c, err
}

// newClient builds the named mechanism, or returns errUnusable. Only SCRAM
// keeps neg, so only SCRAM gets a copy of it.
func newClient(name string, cfg ClientConfig, neg Negotiation, plan bindingPlan) (Client, error) {
	switch {
	case isScram(name):
		return newScramClient(name, cfg, neg.clone(), plan)
	case name == Plain:
		if neg.TLS == nil && !cfg.InsecurePlaintextAuth {
			return nil, errUnusable
		}
		return newPlainClient(cfg)
	case name == External:
		if neg.TLS == nil {
			return nil, errUnusable
		}
		return newExternalClient(cfg)
	case name == Anonymous:
		return newAnonymousClient(cfg)
	}
	return nil, errUnusable
}
