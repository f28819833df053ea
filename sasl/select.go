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
		// -PLUS offered but unusable. When the server listed its types
		// (XEP-0440) and none fits, insist on the XEP-0474 proof that the
		// lists were not altered. Without a list (deployed servers such as
		// ejabberd 23.01 on TLS 1.3) the client cannot know a common type;
		// it authenticates without binding, and still checks a hash if one
		// comes.
		p.requireSSDP = len(neg.ChannelBindings) > 0
	case len(neg.ChannelBindings) > 0:
		p.err = fmt.Errorf("%w: channel-binding types advertised without a -PLUS mechanism", ErrDowngrade)
	default:
		p.flag = "y" // the client could bind; a server that offered -PLUS refuses
	}
	return p
}

// chooseBinding picks the strongest type the client has and the server
// supports. Without an XEP-0440 list, on TLS 1.2 the server's support is
// assumed for tls-unique (RFC 5929 §3, the historical default) and for
// tls-server-end-point, which XEP-0440 allows a client to try. On TLS 1.3
// nothing is assumed: servers deployed today offer -PLUS there with only
// tls-unique, which TLS 1.3 lacks (ejabberd 23.01 fails tls-exporter with
// "Invalid channel binding"), while servers that support tls-exporter
// advertise it with XEP-0440.
func chooseBinding(have []string, neg Negotiation) string {
	supported := neg.ChannelBindings
	if len(supported) == 0 {
		if neg.TLS == nil || neg.TLS.Version >= tls.VersionTLS13 {
			return ""
		}
		supported = []string{TLSUnique, TLSServerEndPoint}
	}
	for _, t := range have {
		if slices.Contains(supported, t) {
			return t
		}
	}
	return ""
}
