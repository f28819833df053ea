package sasl

import (
	"crypto/tls"
	"errors"
	"fmt"
	"slices"
)

// errUnusable tells NewClient to try the next mechanism.
var errUnusable = errors.New("sasl: mechanism unusable here")

// bindingPlan is the client's channel-binding decision for one offer.
type bindingPlan struct {
	// cbType is the type a -PLUS mechanism uses; empty means no type the
	// client has is one the server supports.
	cbType string
	// flag is the GS2 flag of a SCRAM mechanism without -PLUS: "n" or "y".
	flag string
	// requireSSDP: a -PLUS mechanism was offered but none could be used, so
	// the client sends "n" and insists on a matching XEP-0474 hash
	// (XEP-0474 §Business Rules, new rule 6).
	requireSSDP bool
	// err, if set, forbids every mechanism without channel binding.
	err error
}

// planBinding decides, from what the client may use and what the server
// offered, which channel-binding type a -PLUS mechanism uses and which GS2
// flag the others send (RFC 5802 §6, XEP-0440 §Business Rules, XEP-0474).
func planBinding(allowed []string, neg Negotiation) bindingPlan {
	p := bindingPlan{flag: "n"}
	if !slices.ContainsFunc(allowed, func(m string) bool { return isScram(m) && isPlus(m) }) {
		return p // the client does not do channel binding: "n"
	}
	have := neg.availableBindings(clientSide)
	if len(have) == 0 {
		return p // nor can it on this connection
	}
	p.cbType = chooseBinding(have, neg)
	usablePlus := p.cbType != "" && slices.ContainsFunc(neg.Mechanisms, func(m string) bool {
		return isPlus(m) && slices.Contains(allowed, m)
	})
	switch {
	case usablePlus:
		// A mechanism without binding is then the client's own preference.
	case slices.ContainsFunc(neg.Mechanisms, isPlus):
		p.requireSSDP = true
	case len(neg.ChannelBindings) > 0:
		p.err = fmt.Errorf("%w: channel-binding types advertised without a -PLUS mechanism", ErrDowngrade)
	default:
		p.flag = "y" // the client could bind; a server that offered -PLUS refuses
	}
	return p
}

// chooseBinding picks the strongest type the client has and the server
// supports. Without an XEP-0440 list the server's support is assumed for
// the default type of the TLS version (tls-exporter on TLS 1.3, RFC 9266
// §3; tls-unique before, RFC 5929 §3) and for tls-server-end-point, which
// XEP-0440 allows a client to try.
func chooseBinding(have []string, neg Negotiation) string {
	supported := neg.ChannelBindings
	if len(supported) == 0 {
		def := TLSUnique
		if neg.TLS == nil || neg.TLS.Version >= tls.VersionTLS13 {
			def = TLSExporter
		}
		supported = []string{def, TLSServerEndPoint}
	}
	for _, t := range have {
		if slices.Contains(supported, t) {
			return t
		}
	}
	return ""
}
