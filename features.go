package xmpp

import (
	"context"
	"crypto/tls"
	"encoding/xml"
	"io"
	"log/slog"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// State is a set of facts about a stream that negotiation establishes.
type State uint8

const (
	// Secure means the stream is confidential and the peer authenticated by TLS
	// (STARTTLS, direct TLS, or a transport declared secure).
	Secure State = 1 << iota
	// Authenticated means SASL (or an equivalent handshake) succeeded.
	Authenticated
	// Bound means a resource is bound (client streams).
	Bound
	// Received means this side accepted the stream (the server side);
	// without it this side initiated the stream.
	Received
)

// Has reports whether every bit of want is set in st.
func (st State) Has(want State) bool { return st&want == want }

// A StreamFeature is one feature that can be negotiated on a stream
// (RFC 6120 §4.3), on either side.
//
// A StreamFeature is a value: constructors such as [StartTLS], [SASL] and
// [BindResource] return values that may be reused by any number of sessions
// at the same time. Implementations must not mutate what they captured;
// per-session data is derived inside the calls and passed back as a
// [FeatureResult].
type StreamFeature interface {
	// Name is the feature's element in <stream:features/>. Its namespace is
	// also how the receiving side recognises the initiator's first element of
	// the feature's exchange (for an IQ, the namespace of its payload).
	Name() xml.Name

	// States says what the stream must already have before the feature is
	// offered or chosen (needs), what makes it pointless (excludes, e.g.
	// STARTTLS on a Secure stream), and what it establishes (provides).
	//
	// A feature whose needs include Bound is negotiated after resource
	// binding (XEP-0198's <sm/>, XEP-0352's <csi/>): the receiving side
	// offers it with <bind/>, and the initiating side negotiates it once
	// bound, before the session runs. Its exchange may go on in the running
	// session, through a value attached with [ExtensionKey.Attach]: the
	// receiving side stops negotiating at binding, so its elements reach
	// that value's [Receiver]. On the receiving side Negotiate then sees
	// only such an element sent too early, before binding, and answers it
	// as its spec says; unless Advertise reported the feature required, in
	// which case the receiving side waits for it, after binding, before the
	// session runs.
	States() (needs, excludes, provides State)

	// Advertise runs on the receiving side. It writes the feature's
	// element(s) into <stream:features/> and reports whether the initiator
	// must negotiate it before the stream is usable. Returning offered false
	// leaves the feature out of this round.
	Advertise(ctx context.Context, n *Negotiation, w xmlstream.Encoder) (offered, required bool, err error)

	// Negotiate runs the feature's exchange. On the initiating side el is the
	// feature's element as the receiving side offered it; on the receiving side
	// el is the initiator's first element of the exchange. el is lent until
	// Negotiate returns (see [Stanza] for the rule).
	Negotiate(ctx context.Context, n *Negotiation, el *xmlstream.Element) (FeatureResult, error)
}

// FeatureResult is what a feature's negotiation changed.
type FeatureResult struct {
	// Add is the set of state bits the feature established.
	Add State
	// Conn, if non-nil, replaces the transport (after a TLS handshake). All
	// bytes buffered from the old transport are discarded.
	Conn io.ReadWriter
	// Restart means a new stream must be opened on the transport.
	Restart bool
	// Features means negotiation goes on in the same stream, without a
	// restart: the receiving side sends new <stream:features/> at once
	// (after an XEP-0388 <success/>). Ignored when Restart is set.
	Features bool
	// Local and Remote, if non-zero, are the addresses now in force: the
	// client's full JID after binding, the authenticated peer after SASL.
	Local, Remote jid.JID
}

// Negotiation is what a feature sees of a session during negotiation. It is
// only valid inside the feature's calls.
type Negotiation struct {
	s        *Session
	features stream.Features // initiating side: the features the peer offered
	// extraAttempts raises the receiving side's attempt limit for the round.
	extraAttempts int
	// cbAdvertised: the XEP-0440 list is in this round's features already
	// (SASL and SASL2 offered together share it).
	cbAdvertised bool
	// saslKept: 1 when saslOffer is this round's one SASL offer, 2 when
	// more than one SASL feature advertised in it (each works its own
	// out). Next to cbAdvertised, it takes no room of its own.
	saslKept uint8
	// pipelined is what the feature that sent its first element with
	// the stream header keeps for its Negotiate (negotiator_pipeline.go).
	pipelined any
	// saslOffer is what the receiving side's SASL advertised in this
	// round, for its Negotiate (see saslServer.offered).
	saslOffer sasl.Negotiation
}

// State returns the state established so far.
func (n *Negotiation) State() State { return n.s.state }

// Local returns this side's address: the client's JID, or the server's domain.
func (n *Negotiation) Local() jid.JID { return n.s.local }

// Remote returns the peer's address as far as it is known.
func (n *Negotiation) Remote() jid.JID { return n.s.remote }

// Offered returns the features the receiving side offered in this round
// (initiating side only).
func (n *Negotiation) Offered() stream.Features { return n.features }

// TLSState returns the TLS connection state, or nil when the transport is not
// TLS (even if it was declared secure).
func (n *Negotiation) TLSState() *tls.ConnectionState { return n.s.tlsState() }

// Conn returns the current transport.
func (n *Negotiation) Conn() io.ReadWriter { return n.s.rw }

// Config returns a copy of the session's configuration, defaults filled in.
func (n *Negotiation) Config() Config { return n.s.cfg }

// Logger returns the session's logger (never nil).
func (n *Negotiation) Logger() *slog.Logger { return n.s.log }

// Read returns the next element from the peer, which the caller owns (it
// is returned, see [Stanza]). A stream error from the peer comes back as a
// [stream.Error].
func (n *Negotiation) Read(ctx context.Context) (*xmlstream.Element, error) {
	return n.s.readNegotiation(getElement())
}

// readOwn is Read for the session's own features, which keep nothing of
// the element (its strings stay valid) once they read the next: it reads
// into the session's negotiation element, which the features element read
// before is done with (the offer is a copy), rather than taking one from
// the pool and putting it back.
func (n *Negotiation) readOwn() (*xmlstream.Element, error) {
	return n.s.readNegotiation(n.s.negElement())
}

// Send writes m and flushes it to the peer.
func (n *Negotiation) Send(ctx context.Context, m xmlstream.Marshaler) error {
	return n.s.writeNow(ctx, m.WriteXML)
}

// Buffered returns the number of bytes read from the transport but not yet
// consumed. After a <proceed/> nothing may be buffered (RFC 6120 §5.4.3.3).
func (n *Negotiation) Buffered() int { return n.s.dec.Buffered() }
