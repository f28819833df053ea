package sasl

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
)

// Registered SASL mechanism names.
const (
	Plain           = "PLAIN"
	ScramSHA1       = "SCRAM-SHA-1"
	ScramSHA1Plus   = "SCRAM-SHA-1-PLUS"
	ScramSHA256     = "SCRAM-SHA-256"
	ScramSHA256Plus = "SCRAM-SHA-256-PLUS"
	ScramSHA512     = "SCRAM-SHA-512"
	ScramSHA512Plus = "SCRAM-SHA-512-PLUS"
	External        = "EXTERNAL"
	Anonymous       = "ANONYMOUS"
)

// Channel-binding types (the unique prefixes registered with IANA).
const (
	TLSExporter       = "tls-exporter"         // RFC 9266
	TLSUnique         = "tls-unique"           // RFC 5929 §3
	TLSServerEndPoint = "tls-server-end-point" // RFC 5929 §4
)

// MaxMessageSize is the largest SASL message, in bytes before base64
// encoding, that a mechanism accepts from its peer.
const MaxMessageSize = 8192

// Mechanism is one side of one SASL exchange.
type Mechanism interface {
	// Name is the registered mechanism name, such as "SCRAM-SHA-256-PLUS".
	Name() string
}

// Client is the initiating side of one exchange. It is a state machine and
// not safe for concurrent use; build a new one for every exchange.
type Client interface {
	Mechanism
	// Start returns the initial response. nil means the mechanism has none;
	// a non-nil empty slice is an empty initial response (sent as "=" in
	// XMPP).
	Start() (initial []byte, err error)
	// Step answers a server challenge, or processes the additional data
	// that came with success (then the response is empty).
	Step(challenge []byte) (response []byte, err error)
	// Done reports whether the exchange is complete on the client's side:
	// for SCRAM, only once the server's signature has been verified.
	Done() bool
}

// ContextClient is a [Client] whose steps can be cancelled. A step that
// computes for long (SCRAM derives its key with the iteration count the
// server chose) returns the context's error as soon as the context is done,
// and the exchange has then failed. The SCRAM clients are ContextClients.
type ContextClient interface {
	Client
	StepContext(ctx context.Context, challenge []byte) (response []byte, err error)
}

// StepContext answers a challenge with c.StepContext if c is a
// [ContextClient], and with c.Step otherwise (after checking ctx).
func StepContext(ctx context.Context, c Client, challenge []byte) ([]byte, error) {
	if cc, ok := c.(ContextClient); ok {
		return cc.StepContext(ctx, challenge)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return c.Step(challenge)
}

// Server is the receiving side of one exchange. It is a state machine and
// not safe for concurrent use; build a new one for every exchange.
type Server interface {
	Mechanism
	// Step processes a client message: first the initial response (nil if
	// the client sent none, and then the challenge is empty), then every
	// response. With done true the exchange succeeded and a non-nil
	// challenge is the additional data to send with success. An error
	// carries the condition to send in the failure ([ConditionOf]).
	Step(response []byte) (challenge []byte, done bool, err error)
	// Identity is what a successful exchange established; it is the zero
	// value until Step reports done.
	Identity() Identity
}

// Identity is the outcome of a successful exchange on the server.
type Identity struct {
	// Username is the authentication identity: the prepared (PRECIS
	// UsernameCaseMapped) username of PLAIN and SCRAM, what
	// ServerConfig.External returned for EXTERNAL, empty for ANONYMOUS.
	Username string
	// Authzid is the authorization identity the client asked for; empty
	// means none. It has not been authorized: the caller must check that
	// Username may act as Authzid (RFC 6120 §6.4.6, invalid-authzid).
	Authzid string
	// Trace is the ANONYMOUS trace information (RFC 4505); empty otherwise.
	Trace string
	// ChannelBinding is the channel-binding type a -PLUS mechanism
	// verified; empty when none was used.
	ChannelBinding string
}

// Negotiation describes the connection an exchange runs on and what the
// server advertised on it. It is read, never modified.
type Negotiation struct {
	// TLS is the state of the connection's TLS layer; nil means no TLS
	// (then no channel binding, no EXTERNAL, and no PLAIN unless allowed by
	// an Insecure option).
	TLS *tls.ConnectionState
	// ServerCertificate is, on the server side, the leaf certificate this
	// server presented on the connection; nil means tls-server-end-point is
	// not available. Clients ignore it and use TLS.PeerCertificates[0].
	ServerCertificate *x509.Certificate
	// Mechanisms are the mechanism names the server advertised, exactly as
	// advertised (a client passes what it received, a server what it sent);
	// XEP-0474 hashes this list, so a server offering both SASL profiles
	// passes the list of the one in use (RFC 6120 or XEP-0388). nil means
	// none.
	Mechanisms []string
	// ChannelBindings are the channel-binding types the server advertised
	// with XEP-0440; nil or empty means the server did not use XEP-0440.
	ChannelBindings []string

	// bindings, when non-nil, replaces the data derived from TLS (tests
	// inject the fixed data of published examples through it).
	bindings map[string][]byte
}

// clone returns a copy whose slices the caller can no longer change.
func (n Negotiation) clone() Negotiation {
	n.Mechanisms = append([]string(nil), n.Mechanisms...)
	n.ChannelBindings = append([]string(nil), n.ChannelBindings...)
	return n
}

// Finish ends a client exchange after the server reported success.
// additional is the success's additional data (nil if none). It returns nil
// only if the mechanism has completed, which for SCRAM means the server's
// signature was present and right: a server that claims success without
// proving itself is refused (fail closed).
func Finish(c Client, additional []byte) error {
	if len(additional) > 0 {
		resp, err := c.Step(additional)
		if err != nil {
			return err
		}
		if len(resp) > 0 {
			return fmt.Errorf("%w: response to success data", ErrUnexpectedStep)
		}
	}
	if !c.Done() {
		if isScram(c.Name()) {
			return ErrServerSignature
		}
		return fmt.Errorf("%w: success before the exchange ended", ErrUnexpectedStep)
	}
	return nil
}
