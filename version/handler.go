package version

import (
	"context"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mux"
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
func (h Handler) Handle() mux.Option { return mux.Get(Name, mux.IQResponderFunc(h.respond)) }

// DiscoFeatures returns the feature XEP-0092 §4 says to advertise.
func (Handler) DiscoFeatures() []string { return []string{NS} }

// respond answers with the configured software.
func (h Handler) respond(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
	return Info(h), nil
}
