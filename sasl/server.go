package sasl

import (
	"crypto"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"slices"
)

// ServerConfig holds how a server verifies clients. It is copied by the
// constructors and never modified, so one value serves every connection;
// its functions may be called from many exchanges at once.
type ServerConfig struct {
	// Mechanisms are the mechanisms the server may offer, in the order
	// advertised. nil means every mechanism the fields below can serve,
	// EXTERNAL first, then the SCRAM family (-PLUS forms and stronger
	// hashes first), PLAIN, ANONYMOUS.
	Mechanisms []string

	// ScramCredentials returns the stored credentials of a user (the
	// username prepared with PRECIS UsernameCaseMapped) for the SCRAM hash
	// h (crypto.SHA1, crypto.SHA256 or crypto.SHA512). It returns
	// ErrUnknownUser for users it does not know (the exchange then ends in
	// not-authorized without revealing that), a Condition to fail with that
	// condition (ErrAccountDisabled, for example), or another error, sent
	// as temporary-auth-failure. nil means no SCRAM mechanism is offered.
	ScramCredentials func(username string, h crypto.Hash) (ScramCredentials, error)

	// Plain checks a PLAIN password (prepared with PRECIS OpaqueString) for
	// a username (prepared with UsernameCaseMapped). It returns nil to
	// accept, ErrUnknownUser or ErrNotAuthorized to refuse, another
	// Condition to fail with it, or another error (temporary-auth-failure).
	// nil means PLAIN is checked against ScramCredentials when that is set
	// (costing one PBKDF2 per attempt), and not offered otherwise.
	Plain func(username, password string) error

	// External maps the client certificate of a TLS connection, and the
	// authorization identity the client asked for (empty for none), to the
	// authenticated username (XEP-0178). Its errors are treated like
	// Plain's. nil means EXTERNAL is not offered.
	External func(state *tls.ConnectionState, authzid string) (string, error)

	// UnknownUserIterations is the iteration count shown to a client that
	// names an unknown user; set it to the count most accounts use, so that
	// unknown users look like known ones. Zero means DefaultIterations.
	UnknownUserIterations int

	// Failed, if non-nil, is called once when an exchange fails, with the
	// username the client gave (prepared; empty if it failed before naming
	// one) and the error Step is about to return. It runs on the goroutine
	// calling Step, before Step returns: a server can count and log
	// failures there, and delay its failure reply by sleeping (back-off
	// against password guessing). nil means nothing is called.
	Failed func(username string, err error)

	// AllowAnonymous offers ANONYMOUS (RFC 4505). False (zero) means it is
	// not offered.
	AllowAnonymous bool

	// InsecurePlaintextAuth offers and accepts PLAIN on a connection
	// without TLS. False (zero) means PLAIN needs Negotiation.TLS (and the
	// server answers encryption-required otherwise).
	InsecurePlaintextAuth bool

	// InsecureNoDowngradeProtection leaves out the XEP-0474 "h" attribute.
	// False (zero) means it is sent in every server-first-message.
	InsecureNoDowngradeProtection bool

	// Rand is the source of nonces; nil means crypto/rand.
	Rand io.Reader

	// nonce, when non-empty, is the server's part of the nonce (tests
	// reproducing the published example exchanges).
	nonce string
}

// defaultServerOrder is the order of ServerConfig.Mechanisms when nil.
var defaultServerOrder = []string{
	External,
	ScramSHA512Plus, ScramSHA256Plus, ScramSHA1Plus,
	ScramSHA512, ScramSHA256, ScramSHA1,
	Plain, Anonymous,
}

// Advertise returns neg with Mechanisms set to the mechanisms this server
// can serve on the connection neg describes, and ChannelBindings to the
// channel-binding types whose data it can derive there (to advertise with
// XEP-0440; empty when none, or when no -PLUS mechanism is offered). -PLUS
// mechanisms are offered only when a type is available. Pass the result to
// NewServer.
func (c ServerConfig) Advertise(neg Negotiation) Negotiation {
	out := neg.clone()
	out.ChannelBindings = neg.availableBindings(serverSide)
	order := c.Mechanisms
	if order == nil {
		order = defaultServerOrder
	}
	// The mechanisms served from the start of the list, each once, are
	// offered as the list itself, capped so that an append copies it:
	// the usual configuration, served in full, costs no allocation.
	n := 0
	for n < len(order) && c.canServe(order[n], out) == nil && !slices.Contains(order[:n], order[n]) {
		n++
	}
	out.Mechanisms = nil
	if n > 0 {
		out.Mechanisms = order[:n:n]
	}
	for _, m := range order[n:] {
		if c.canServe(m, out) == nil && !slices.Contains(out.Mechanisms, m) {
			out.Mechanisms = append(out.Mechanisms, m)
		}
	}
	if !slices.ContainsFunc(out.Mechanisms, isPlus) {
		// Types with no -PLUS mechanism to use them are what a client
		// sees after a downgrade (XEP-0440 §Business Rules): none.
		out.ChannelBindings = nil
	}
	return out
}

// canServe returns nil if mechanism m can be served on the connection, or
// the condition that says why not.
func (c ServerConfig) canServe(m string, neg Negotiation) error {
	if c.Mechanisms != nil && !slices.Contains(c.Mechanisms, m) {
		return ErrInvalidMechanism
	}
	switch {
	case isScram(m):
		if c.ScramCredentials == nil || isPlus(m) && len(neg.ChannelBindings) == 0 {
			return ErrInvalidMechanism
		}
	case m == Plain:
		if c.Plain == nil && c.ScramCredentials == nil {
			return ErrInvalidMechanism
		}
		if neg.TLS == nil && !c.InsecurePlaintextAuth {
			return ErrEncryptionRequired
		}
	case m == External:
		if c.External == nil || neg.TLS == nil || len(neg.TLS.PeerCertificates) == 0 {
			return ErrInvalidMechanism
		}
	case m == Anonymous:
		if !c.AllowAnonymous {
			return ErrInvalidMechanism
		}
	default:
		return ErrInvalidMechanism
	}
	return nil
}

// NewServer returns the server side of the mechanism the client chose.
// neg is what Advertise returned for this connection: a mechanism it does
// not list fails with invalid-mechanism, and its lists feed the GS2 flag
// check and the XEP-0474 hash.
func NewServer(mechanism string, cfg ServerConfig, neg Negotiation) (Server, error) {
	if !slices.Contains(neg.Mechanisms, mechanism) {
		return nil, fmt.Errorf("%w: %q was not offered", ErrInvalidMechanism, mechanism)
	}
	if err := cfg.canServe(mechanism, neg); err != nil {
		return nil, fmt.Errorf("%w: %q", err, mechanism)
	}
	var srv Server
	switch {
	// Only the mechanisms that keep neg get a copy of it: PLAIN and
	// ANONYMOUS read nothing of it after this point.
	case isScram(mechanism):
		srv = newScramServer(mechanism, cfg, neg.clone())
	case mechanism == Plain:
		srv = &plainServer{cfg: cfg}
	case mechanism == External:
		srv = &externalServer{cfg: cfg, neg: neg.clone()}
	default:
		srv = &anonymousServer{}
	}
	if cfg.Failed != nil {
		srv = &reportingServer{Server: srv, failed: cfg.Failed}
	}
	return srv, nil
}

// reportingServer calls ServerConfig.Failed when its exchange fails.
type reportingServer struct {
	Server
	failed   func(username string, err error)
	reported bool
}

func (r *reportingServer) Step(msg []byte) ([]byte, bool, error) {
	challenge, done, err := r.Server.Step(msg)
	if err != nil && !r.reported {
		r.reported = true
		var user string
		if n, ok := r.Server.(interface{ attemptedUser() string }); ok {
			user = n.attemptedUser()
		}
		r.failed(user, err)
	}
	return challenge, done, err
}

// lookupError turns an error of a credential callback into the error the
// exchange fails with.
func lookupError(err error) error {
	var c Condition
	switch {
	case errors.Is(err, ErrUnknownUser):
		return fmt.Errorf("%w: %w", ErrNotAuthorized, err)
	case errors.As(err, &c):
		return err
	}
	return fmt.Errorf("%w: %w", ErrTemporaryAuthFailure, err)
}
