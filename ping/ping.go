package ping

import (
	"context"
	"encoding/xml"
	"errors"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0199.
const NS = "urn:xmpp:ping"

// Name is the name of the <ping/> element.
var Name = xml.Name{Space: NS, Local: "ping"}

// Ping is the <ping/> payload of a ping request.
type Ping struct{}

// WriteXML writes <ping xmlns='urn:xmpp:ping'/>.
func (Ping) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(Name); err != nil {
		return err
	}
	return w.End()
}

// Send pings the entity to (the zero JID: the account's server, or the
// peer of a server-to-server stream) and returns the round-trip time.
//
// An error answer also proves that the entity is there: Send then returns
// the round-trip time along with the *stanza.Error (service-unavailable
// from an entity that does not support XEP-0199). Other failures (ctx
// done, stream closed) return zero.
func Send(ctx context.Context, s *xmpp.Session, to jid.JID) (time.Duration, error) {
	start := time.Now()
	_, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: to}, Ping{})
	rtt := time.Since(start)
	if err == nil {
		return rtt, nil
	}
	var se *stanza.Error
	if errors.As(err, &se) {
		return rtt, err
	}
	return 0, err
}

// Handler answers pings with an empty result. It has no configuration.
// Register it with [Handler.Handle], or list it among a disco.Handler's
// features, which both routes and advertises it.
type Handler struct{}

// Handle returns the mux route for IQ get <ping xmlns='urn:xmpp:ping'/>.
func (Handler) Handle() mux.Option { return mux.Get(Name, mux.IQResponderFunc(pong)) }

// DiscoFeatures returns the feature XEP-0199 §5 says to advertise.
func (Handler) DiscoFeatures() []string { return []string{NS} }

// pong answers a ping with an empty result (XEP-0199 §4.1).
func pong(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
	return nil, nil
}
