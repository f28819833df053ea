package pubsub

import (
	"context"
	"encoding/xml"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// send sends an IQ of type typ to service carrying <pubsub xmlns=ns/>
// with body's children, and returns the result's <pubsub/> in ns, or nil
// when the result is empty (which many requests allow).
func send(ctx context.Context, s *xmpp.Session, typ stanza.IQType, service jid.JID, ns string, body func(xmlstream.Encoder) error) (*xmlstream.Element, error) {
	req := xmlstream.MarshalerFunc(func(e xmlstream.Encoder) error {
		return e.Element(xml.Name{Space: ns, Local: "pubsub"}, nil, body)
	})
	iq, err := s.SendIQ(ctx, stanza.IQ{Type: typ, To: service}, req)
	if err != nil {
		return nil, err
	}
	ps, ok := iq.Child(ns, "pubsub")
	if !ok {
		return nil, nil
	}
	return ps, nil
}

// nodeElement returns a body writing one empty <local node='node'/> in ns.
func nodeElement(ns, local, node string, attrs ...xml.Attr) func(xmlstream.Encoder) error {
	return func(e xmlstream.Encoder) error {
		return e.EmptyElement(xml.Name{Space: ns, Local: local}, append([]xml.Attr{attr("node", node)}, attrs...)...)
	}
}

// writeForm writes f wrapped in <local/> in ns (publish-options, configure).
func writeForm(e xmlstream.Encoder, ns, local string, f xmlstream.Marshaler) error {
	return e.Element(xml.Name{Space: ns, Local: local}, nil, f.WriteXML)
}
