package xtime

import (
	"context"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
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
func (h Handler) Handle() mux.Option {
	return mux.IQ(stanza.GetIQ, Name, h)
}

// DiscoFeatures returns the feature XEP-0202 §4 says to advertise.
func (h Handler) DiscoFeatures() []string { return []string{NS} }

// HandleXMPP answers an IQ get carrying <time/>; anything else gets
// service-unavailable.
func (h Handler) HandleXMPP(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.Kind != stanza.KindIQ || stanza.IQType(st.Header.Type) != stanza.GetIQ {
		return stanza.NewError(stanza.ServiceUnavailable)
	}
	if name, _ := st.Element.FirstChild(); name != Name {
		return stanza.NewError(stanza.ServiceUnavailable)
	}
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	return s.Send(ctx, &result{iq: st.Header.IQ().Result(), payload: FromTime(now())})
}

// result is an IQ result carrying a payload.
type result struct {
	iq      stanza.IQ
	payload xmlstream.Marshaler
}

func (r *result) WriteXML(w xmlstream.Encoder) error {
	if err := r.iq.WriteStart(w); err != nil {
		return err
	}
	if err := r.payload.WriteXML(w); err != nil {
		return err
	}
	return w.End()
}
