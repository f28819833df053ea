package xmpp

import (
	"context"
	"encoding/xml"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// SASL2Inline is a stream feature negotiated inside SASL2 authentication
// (XEP-0388 <inline/>): [Bind2] in this package; stream resumption from a
// stream-management package. Like a [StreamFeature] it is a value used on
// both sides and reused by many sessions. They run in the order
// configured; list stream resumption before [Bind2], which is skipped
// when an earlier inline feature established Bound (a resumed stream).
type SASL2Inline interface {
	// Name is the feature's element in the server's <inline/>; the
	// client's request in <authenticate/> is in the same namespace.
	Name() xml.Name

	// Advertise, on the server, writes the feature's element into
	// <inline/>.
	Advertise(ctx context.Context, n *Negotiation, w xmlstream.Encoder) error

	// Request, on the client, returns the request to add to
	// <authenticate/>, given the server's offer; nil adds nothing.
	Request(ctx context.Context, n *Negotiation, offer *xmlstream.Element) (xmlstream.Marshaler, error)

	// Process, on the server, acts on the client's request req once the
	// client is authenticated as user (a bare JID), before <success/> is
	// sent, and returns what to add to <success/> (nil for nothing) and
	// what it established (a bound full JID in Remote, Bound). An error
	// fails the authentication: a [SASLError] with its condition, another
	// error as temporary-auth-failure; the error of [Negotiation.Fail]
	// ends the stream with its stream error instead. It is not called
	// when the authentication failed (XEP-0388 §Failure). A feature other
	// than Bind 2 that establishes Bound resumes a stream: no stream
	// features follow <success/> (XEP-0198 §Inline Stream Resumption).
	Process(ctx context.Context, n *Negotiation, user jid.JID, req *xmlstream.Element) (xmlstream.Marshaler, FeatureResult, error)

	// Result, on the client that sent a request, reads the outcome from
	// the server's <success/> and returns what it established (a bound
	// full JID in Local, Bound).
	Result(ctx context.Context, n *Negotiation, success *xmlstream.Element) (FeatureResult, error)
}

// SASL2Info is what SASL2 authentication established on a session, on
// either side. Find it with [SASL2Of].
type SASL2Info struct {
	// Mechanism is the SASL mechanism that authenticated the client.
	Mechanism string
	// UserAgent is what the client said of itself (on the server), or
	// sent (on the client).
	UserAgent UserAgent
	// FAST reports that the client authenticated with a FAST token
	// (XEP-0484); TokenIssued, that the server gave it a new one.
	FAST, TokenIssued bool
	// Pipelined reports, on the client, that its FAST <authenticate/>
	// went with the stream header (a login in one round trip after TLS,
	// see [FASTOfferStore]).
	Pipelined bool
	// Inline lists the namespaces of the inline features negotiated,
	// such as Bind 2's.
	Inline []string
	// Enabled lists the namespaces of the Bind 2 inline features enabled
	// for the session (XEP-0386), such as carbons' "urn:xmpp:carbons:2".
	Enabled []string
	// Upgraded lists the XEP-0480 upgrade tasks completed.
	Upgraded []string
}

var sasl2InfoKey = NewExtensionKey[*SASL2Info]("sasl2")

// SASL2Of returns what SASL2 established on s; false if s did not
// authenticate with SASL2.
func SASL2Of(s *Session) (SASL2Info, bool) {
	info, ok := sasl2InfoKey.Get(s)
	if !ok {
		return SASL2Info{}, false
	}
	return *info, true
}

// inlineOffers maps the server's <inline/> children by name.
func inlineOffers(inline *xmlstream.Element) map[xml.Name]*xmlstream.Element {
	m := map[xml.Name]*xmlstream.Element{}
	if inline == nil {
		return m
	}
	for c := range inline.Children() {
		if _, dup := m[c.Name()]; !dup {
			m[c.Name()] = c
		}
	}
	return m
}
