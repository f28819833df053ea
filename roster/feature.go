package roster

import (
	"context"
	"encoding/xml"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// NSVer is the namespace of the roster versioning stream feature;
// FeatureName, its element (RFC 6121 §2.6.1).
const NSVer = "urn:xmpp:features:rosterver"

var FeatureName = xml.Name{Space: NSVer, Local: "ver"}

var versionedKey = xmpp.NewExtensionKey[struct{}]("roster versioning")

// Feature returns roster versioning as a stream feature for either side.
// Nothing is negotiated: the receiving side advertises
// <ver xmlns='urn:xmpp:features:rosterver'/> after authentication, and
// the initiating side records that the server offered it, so that [Get]
// sends the kept version (see [VersioningOffered]).
func Feature() xmpp.StreamFeature { return feature{} }

type feature struct{}

func (feature) Name() xml.Name { return FeatureName }

// States: advertised with resource binding, recorded once bound.
func (feature) States() (needs, excludes, provides xmpp.State) {
	return xmpp.Authenticated | xmpp.Bound, 0, 0
}

func (feature) Advertise(_ context.Context, n *xmpp.Negotiation, w xmlstream.Encoder) (offered, required bool, err error) {
	if err := w.EmptyElement(FeatureName); err != nil {
		return false, false, err
	}
	versionedKey.Attach(n, struct{}{})
	return true, false, nil
}

// errNegotiated answers an initiator that sends anything in the feature's
// namespace: the feature is informational, there is nothing to negotiate.
const errNegotiated = "roster versioning is not negotiated"

func (feature) Negotiate(_ context.Context, n *xmpp.Negotiation, _ *xmlstream.Element) (xmpp.FeatureResult, error) {
	if n.State().Has(xmpp.Received) {
		return xmpp.FeatureResult{}, n.Fail(stream.UnsupportedStanzaType, errNegotiated)
	}
	versionedKey.Attach(n, struct{}{})
	return xmpp.FeatureResult{}, nil
}

// VersioningOffered reports whether roster versioning is in use on s: on a
// client, whether the server advertised it (s must have been negotiated
// with [Feature]); on a server, whether this side advertised it.
func VersioningOffered(s *xmpp.Session) bool {
	_, ok := versionedKey.Get(s)
	return ok
}
