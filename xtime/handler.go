package xtime

import (
	"context"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/xmlstream"
)

// Handler answers entity time queries (XEP-0202). Register it with
// [Handler.Handle], or list it among a disco.Handler's features, which
// both routes and advertises it.
type Handler struct {
	// Now returns the time to answer with; its zone's offset is sent as
	// the tzo. Nil means time.Now, which reveals the local offset (XEP-0202
	// §6); return time.Now().UTC() to send +00:00 instead.
	Now func() time.Time
}

// Handle returns the mux route for IQ get <time xmlns='urn:xmpp:time'/>.
func (h Handler) Handle() mux.Option { return mux.Get(Name, mux.IQResponderFunc(h.respond)) }

// DiscoFeatures returns the feature XEP-0202 §4 says to advertise.
func (h Handler) DiscoFeatures() []string { return []string{NS} }

// respond answers with the clock's time and offset.
func (h Handler) respond(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	return FromTime(now()), nil
}
