package interop

import (
	"context"
	"encoding/xml"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/xmlstream"
)

// recordOffer is a SASL feature that notes which mechanisms the server
// offered before negotiating as usual.
type recordOffer struct {
	xmpp.StreamFeature
	offered *[]string
}

func (r recordOffer) Negotiate(ctx context.Context, n *xmpp.Negotiation, offer *xmlstream.Element) (xmpp.FeatureResult, error) {
	*r.offered = (*r.offered)[:0]
	for c := range offer.Children() {
		if c.Name() == (xml.Name{Space: xmpp.NSSASL, Local: "mechanism"}) {
			*r.offered = append(*r.offered, c.Text())
		}
	}
	return r.StreamFeature.Negotiate(ctx, n, offer)
}
