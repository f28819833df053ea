package csi

import (
	"context"
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of client state indication.
const NS = "urn:xmpp:csi:0"

// Names of the stream feature and of the two indications.
var (
	FeatureName  = xml.Name{Space: NS, Local: "csi"}
	ActiveName   = xml.Name{Space: NS, Local: "active"}
	InactiveName = xml.Name{Space: NS, Local: "inactive"}
)

// DefaultMaxHeldBytes is how many bytes of held elements a server session
// keeps for an inactive client when [Config] leaves it zero.
const DefaultMaxHeldBytes = 64 << 10

// Config is the server side's configuration. The zero value is ready.
type Config struct {
	// MaxHeldBytes bounds the elements held back for one inactive client,
	// counted as encoded. When one more would exceed it, everything held is
	// sent. Zero means DefaultMaxHeldBytes; negative holds nothing back
	// (the state is still tracked).
	MaxHeldBytes int
}

// Feature returns client state indication as a stream feature for either
// side, with the default [Config]. The receiving side advertises
// <csi xmlns='urn:xmpp:csi:0'/> with resource binding and, once the session
// runs, tracks the client's state and holds back what can wait; the
// initiating side records whether the server offered it (see [Offered]).
// Nothing is negotiated: the client just sends <active/> or <inactive/>
// when its state changes.
func Feature() xmpp.StreamFeature { return FeatureWith(Config{}) }

// FeatureWith is [Feature] with the server side configured by c.
func FeatureWith(c Config) xmpp.StreamFeature {
	if c.MaxHeldBytes == 0 {
		c.MaxHeldBytes = DefaultMaxHeldBytes
	}
	return feature{max: c.MaxHeldBytes}
}

type feature struct{ max int }

func (feature) Name() xml.Name { return FeatureName }

// States: advertised after authentication (XEP-0352 §4) with binding, used
// once bound.
func (feature) States() (needs, excludes, provides xmpp.State) {
	return xmpp.Authenticated | xmpp.Bound, 0, 0
}

func (f feature) Advertise(_ context.Context, n *xmpp.Negotiation, w xmlstream.Encoder) (offered, required bool, err error) {
	if err := (indication{FeatureName}).WriteXML(w); err != nil {
		return false, false, err
	}
	if sv, ok := serverKey.Lookup(n); ok {
		sv.max = f.max // set inline by Bind 2, before the session runs
	} else {
		serverKey.Attach(n, &server{max: f.max})
	}
	return true, false, nil
}

// errEarly is sent for an indication before resource binding: the client
// acts before the stream is ready (RFC 6120 §4.9.3.12).
const errEarly = "client state indication before resource binding"

func (feature) Negotiate(_ context.Context, n *xmpp.Negotiation, el *xmlstream.Element) (xmpp.FeatureResult, error) {
	if n.State().Has(xmpp.Received) {
		return xmpp.FeatureResult{}, n.Fail(stream.NotAuthorized, errEarly)
	}
	if _, ok := clientKey.Lookup(n); !ok { // not set inline by Bind 2
		clientKey.Attach(n, &client{})
	}
	return xmpp.FeatureResult{}, nil
}

// ErrNotOffered is returned by [Active] and [Inactive] on a session whose
// server did not offer client state indication (or whose features did not
// include [Feature]): the server would end the stream on an element it
// does not know.
var ErrNotOffered = errors.New("csi: the server does not offer client state indication")

// indication is one of the empty elements of the protocol.
type indication struct{ name xml.Name }

func (i indication) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(i.name); err != nil {
		return err
	}
	return w.End()
}
