package client

import (
	"slices"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sasl"
)

// SASL2 configures a Client's login with SASL2 (XEP-0388) and Bind 2
// (XEP-0386), used when the server offers them: authentication, binding
// and the features listed in Bind enabled in one round trip, with FAST
// (XEP-0484) when FAST is set. A Resumer with inline forms (the default
// sm.Resumer) resumes the stream inside authentication, or enables stream
// management inside Bind 2, when the server offers that (XEP-0198
// §"SASL2 And BIND2 Interaction"): a resumption then costs no round trip
// beyond the login. A server without SASL2 gets RFC 6120 SASL and
// binding, as without this.
type SASL2 struct {
	// UserAgent describes the installation; its ID (a UUID) is needed
	// for FAST and lets the server end this installation's older
	// sessions.
	UserAgent xmpp.UserAgent
	// FAST, if not nil, keeps the client's FAST token.
	FAST xmpp.FASTClientStore
	// Tag is the Bind 2 resource prefix (the software's name).
	Tag string
	// Bind are the Bind 2 features to enable, such as carbons.Bind2 and
	// csi.Bind2; stream management is added by the Resumer.
	Bind []xmpp.BindFeature
	// Info read what the server says in every <bound/>, such as
	// mam.Bind2 (the archive's metadata, found with mam.BoundMetadata).
	Info []xmpp.BindInfo
}

// inlineResumer is a Resumer with inline forms of resumption and
// enabling (sm.Resumer's Inline).
type inlineResumer interface {
	Inline() (resume xmpp.SASL2Inline, enable xmpp.BindFeature)
}

// sasl2Login returns the SASL2 feature of one connection attempt, or nil
// without Config.SASL2. It is called after the Resumer's Features, whose
// attempt its inline forms belong to.
func (c *Client) sasl2Login() xmpp.StreamFeature {
	cfg := c.cfg.SASL2
	if cfg == nil {
		return nil
	}
	bind := xmpp.Bind2Config{Tag: cfg.Tag, Features: slices.Clone(cfg.Bind), Info: cfg.Info}
	var inline []xmpp.SASL2Inline
	if ir, ok := c.cfg.Resumer.(inlineResumer); ok {
		resume, enable := ir.Inline()
		if resume != nil {
			inline = append(inline, resume) // before Bind 2, which it replaces when it succeeds
		}
		if enable != nil {
			bind.Features = append(bind.Features, enable) // last: it counts what reaches the wire
		}
	}
	inline = append(inline, xmpp.Bind2(bind))
	return xmpp.SASL2(xmpp.SASL2Config{
		SASL:      sasl.ClientConfig{Password: c.cfg.Password, Cache: c.scram},
		UserAgent: cfg.UserAgent,
		Inline:    inline,
		FAST:      cfg.FAST,
	})
}
