package main

import (
	"runtime"

	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/version"
	"github.com/canto-im/xmpp/xtime"
)

// botServices answers ping, disco#info, version and time for the echo bot,
// advertising each in disco#info.
func botServices() mux.Option {
	return disco.Handler{
		Identities: []disco.Identity{{Category: "client", Type: "bot", Name: "Canto echo bot"}},
		Features: []disco.Feature{
			ping.Handler{},
			version.Handler{Name: "Canto xmpp echo", Version: "1", OS: runtime.GOOS},
			xtime.Handler{},
		},
	}.Handle()
}
