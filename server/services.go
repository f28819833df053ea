package server

import (
	"runtime/debug"
	"time"

	"github.com/canto-im/xmpp/blocking"
	"github.com/canto-im/xmpp/carbons"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/lastactivity"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/stanzaid"
	"github.com/canto-im/xmpp/vcard"
	"github.com/canto-im/xmpp/version"
	"github.com/canto-im/xmpp/xtime"
)

// serviceMux answers the requests addressed to the server's domain: ping
// (XEP-0199), service discovery (XEP-0030), software version (XEP-0092),
// entity time (XEP-0202) and uptime (XEP-0012 §5), each advertised in
// disco#info, with extra advertised too (what routeIQ answers itself);
// disco#items lists items, the components (component.go).
func serviceMux(started time.Time, items []disco.Item, extra ...disco.Feature) *mux.ServeMux {
	d := disco.Handler{
		Identities: []disco.Identity{{Category: "server", Type: "im", Name: "Canto"}},
		Features: []disco.Feature{
			ping.Handler{},
			version.Handler{Name: "Canto", Version: libraryVersion()},
			xtime.Handler{Now: utcNow},
			lastactivity.Handler{Since: func() time.Time { return started }},
			disco.Var(carbons.NS), disco.Var(blocking.NS), disco.Var(blocking.NSReporting),
			disco.Var(vcard.NS),
		},
		Items: items,
	}
	d.Features = append(d.Features, extra...)
	return mux.New(d.Handle())
}

// accountDisco answers discovery on an account's bare JID (XEP-0030 §3.1:
// category account, type registered), advertising what the server answers
// there for the account besides discovery: last activity (XEP-0012 §6),
// vCards (XEP-0054 §3), stanza ids by the account (XEP-0359 §5; see
// stanzaid.go), private XML storage (XEP-0049, private.go), the PEP service (XEP-0163 §6.1: identity pubsub/pep and
// the pubsub features) and, unless archiving is off, the message archive
// (XEP-0313 §8).
func accountDisco(pep *pubsub.PEP, archive *mam.Service) mux.Option {
	features := []disco.Feature{disco.Var(lastactivity.NS), disco.Var(vcard.NS), disco.Var(stanzaid.NS), disco.Var(nsPrivate)}
	for _, f := range pep.Features() {
		features = append(features, disco.Var(f))
	}
	if archive != nil {
		for _, f := range archive.Features() {
			features = append(features, disco.Var(f))
		}
	}
	return disco.Handler{
		Identities: []disco.Identity{{Category: "account", Type: "registered"}, {Category: "pubsub", Type: "pep"}},
		Features:   features,
	}.Handle()
}

// libraryVersion is the version of the Canto module in this binary.
func libraryVersion() string {
	const module = "github.com/canto-im/xmpp"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Path == module && bi.Main.Version != "" {
			return bi.Main.Version
		}
		for _, d := range bi.Deps {
			if d.Path == module {
				return d.Version
			}
		}
	}
	return "(devel)"
}

// utcNow is the server's clock for entity time: UTC, so that the offset of
// the machine it runs on is not revealed (XEP-0202 §7).
func utcNow() time.Time { return time.Now().UTC() }
