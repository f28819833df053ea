package version

import (
	"context"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Handler answers software version queries. Register it with
// [Handler.Handle], or list it among a disco.Handler's features, which
// both routes and advertises it.
type Handler struct {
	Name    string // the software's name; empty is sent as an empty <name/>
	Version string // its version; empty is sent as an empty <version/>
	// OS is the operating system. Empty (the default) keeps it private, as
	// XEP-0092 §5 asks applications to allow.
	OS string
}

// Handle returns the mux route for IQ get <query xmlns='jabber:iq:version'/>.
func (h Handler) Handle() mux.Option { return mux.IQ(stanza.GetIQ, Name, h) }

// DiscoFeatures returns the feature XEP-0092 §4 says to advertise.
func (Handler) DiscoFeatures() []string { return []string{NS} }

// HandleXMPP answers an IQ get carrying the version query; anything else
// gets service-unavailable.
func (h Handler) HandleXMPP(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.Kind != stanza.KindIQ || stanza.IQType(st.Header.Type) != stanza.GetIQ {
		return stanza.NewError(stanza.ServiceUnavailable)
	}
	if name, _ := st.Element.FirstChild(); name != Name {
		return stanza.NewError(stanza.ServiceUnavailable)
	}
	info := Info(h)
	return s.Send(ctx, &result{iq: st.Header.IQ().Result(), payload: info})
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
