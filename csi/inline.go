package csi

import (
	"context"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// InlineResume wraps a server's SASL2 inline stream resumption (package
// sm's Server.InlineResume) so that the stream it resumes has client
// state indication. No stream features follow an inline resumption
// (XEP-0198 §"Inline Stream Resumption"), so [Feature] never runs on it,
// yet a client that resumes sends <active/> and <inactive/> at once: the
// server's state for the stream is attached, active (a resumed stream
// starts active, XEP-0352 §5.2), before the resumption runs, so that it
// holds stanzas back ahead of stream management's counting, as on any
// other stream. c is as for [FeatureWith]. List the result in place of
// the resumption, and [Feature] among the session's features as well; a
// client knows CSI is offered on the resumed stream from Bind 2's inline
// features (see [Bind2]).
func InlineResume(resume xmpp.SASL2Inline, c Config) xmpp.SASL2Inline {
	if c.MaxHeldBytes == 0 {
		c.MaxHeldBytes = DefaultMaxHeldBytes
	}
	return inlineResume{SASL2Inline: resume, max: c.MaxHeldBytes}
}

type inlineResume struct {
	xmpp.SASL2Inline
	max int
}

// Process attaches the server's state, then resumes. When the resumption
// fails, Bind 2 binds a new session, whose features include [Feature],
// which keeps this state (or [Bind2], which replaces it in its place).
func (f inlineResume) Process(ctx context.Context, n *xmpp.Negotiation, user jid.JID, req *xmlstream.Element) (xmlstream.Marshaler, xmpp.FeatureResult, error) {
	if _, ok := serverKey.Lookup(n); !ok {
		serverKey.Attach(n, &server{max: f.max})
	}
	return f.SASL2Inline.Process(ctx, n, user, req)
}
