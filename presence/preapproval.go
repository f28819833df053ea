package presence

import (
	"context"
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// NSPreApproval is the namespace of the pre-approval stream feature;
// PreApprovalName, its element (RFC 6121 §3.4.1).
const NSPreApproval = "urn:xmpp:features:pre-approval"

var PreApprovalName = xml.Name{Space: NSPreApproval, Local: "sub"}

// ErrPreApprovalNotOffered is returned by [PreApprove] on a session whose
// server did not advertise pre-approval (or that was negotiated without
// [PreApprovalFeature]): such a server would ignore the approval (§3.4.1).
var ErrPreApprovalNotOffered = errors.New("presence: the server does not support subscription pre-approval")

var preApprovalKey = xmpp.NewExtensionKey[struct{}]("presence pre-approval")

// PreApprovalFeature returns subscription pre-approval as a stream feature
// for either side. Nothing is negotiated: the receiving side advertises
// <sub xmlns='urn:xmpp:features:pre-approval'/> after authentication, and
// the initiating side records that the server offered it (see
// [PreApprovalOffered]).
func PreApprovalFeature() xmpp.StreamFeature { return preApprovalFeature{} }

type preApprovalFeature struct{}

func (preApprovalFeature) Name() xml.Name { return PreApprovalName }

// States: advertised with resource binding, recorded once bound.
func (preApprovalFeature) States() (needs, excludes, provides xmpp.State) {
	return xmpp.Authenticated | xmpp.Bound, 0, 0
}

func (preApprovalFeature) Advertise(_ context.Context, n *xmpp.Negotiation, w xmlstream.Encoder) (offered, required bool, err error) {
	if err := w.EmptyElement(PreApprovalName); err != nil {
		return false, false, err
	}
	preApprovalKey.Attach(n, struct{}{})
	return true, false, nil
}

func (preApprovalFeature) Negotiate(_ context.Context, n *xmpp.Negotiation, _ *xmlstream.Element) (xmpp.FeatureResult, error) {
	if n.State().Has(xmpp.Received) {
		return xmpp.FeatureResult{}, n.Fail(stream.UnsupportedStanzaType, "pre-approval is not negotiated")
	}
	preApprovalKey.Attach(n, struct{}{})
	return xmpp.FeatureResult{}, nil
}

// PreApprovalOffered reports whether pre-approval is in use on s: on a
// client, whether the server advertised it; on a server, whether this side
// advertised it.
func PreApprovalOffered(s *xmpp.Session) bool {
	_, ok := preApprovalKey.Get(s)
	return ok
}

// PreApprove approves the contact's subscription before the contact asks
// (RFC 6121 §3.4): the server stores the approval (the roster item shows
// approved='true') and lets the contact's later request through without
// asking. It fails with [ErrPreApprovalNotOffered] when the server did not
// advertise the feature.
func PreApprove(ctx context.Context, s *xmpp.Session, contact jid.JID) error {
	if !PreApprovalOffered(s) {
		return ErrPreApprovalNotOffered
	}
	return sendType(ctx, s, contact, stanza.SubscribedPresence)
}
