package xmpp

import (
	"context"
	"encoding/base64"
	"strings"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// The negotiation's own elements (SASL's <auth/> and <success/>, resource
// binding's request and result) are written, when their values need no
// escaping, as the bytes the writer would produce, appended in one go:
// the writer's general path (names checked, namespaces tracked and
// declared, each value checked for what to escape) cost about 4,000
// instructions for each of them, a tenth of a session's set-up.

// sendSASL, sendBindRequest and sendBindResult write the negotiation's
// own elements, each called with its own type (boxing them as a
// Marshaler for Negotiation.Send cost an allocation each).
func (s *Session) sendSASL(ctx context.Context, m saslMessage) error {
	var store [256]byte
	b, ok := m.appendRaw(store[:0])
	return s.sendAppended(ctx, b, ok, m.WriteXML)
}

func (s *Session) sendBindRequest(ctx context.Context, m bindRequest) error {
	var store [256]byte
	b, ok := appendBindIQ(store[:0], m.iq, "resource", m.resource)
	return s.sendAppended(ctx, b, ok, m.WriteXML)
}

func (s *Session) sendBindResult(ctx context.Context, m bindResult) error {
	var store [256]byte
	b, ok := appendBindIQ(store[:0], m.iq, "jid", m.jid.String())
	return s.sendAppended(ctx, b, ok, m.WriteXML)
}

// sendAppended writes b, an element appended as bytes, if ok and the
// stream is a byte stream (where the header declared s.ns the default);
// else it writes the element through general, its WriteXML.
func (s *Session) sendAppended(ctx context.Context, b []byte, ok bool, general func(xmlstream.Encoder) error) error {
	if ok && s.fr == nil {
		return s.writeRawNow(ctx, func(w *xmlstream.Writer) error { return w.WriteRaw(b) })
	}
	return s.writeNow(ctx, general)
}

// rawWriter returns the session's writer, for an element appended in one
// go, when w is its encoder on a byte stream; nil otherwise.
func (n *Negotiation) rawWriter(w xmlstream.Encoder) *xmlstream.Writer {
	if s := n.s; s.fr == nil && w == s.w.Encoder() {
		return s.w
	}
	return nil
}

// appendMechanisms appends SASL's <mechanisms/> offer as Advertise writes
// it, or reports false.
func appendMechanisms(b []byte, mechanisms []string) ([]byte, bool) {
	b = append(b, `<mechanisms xmlns="`+NSSASL+`">`...)
	for _, m := range mechanisms {
		if m == "" || !plainValue(m) {
			return nil, false
		}
		b = append(b, "<mechanism>"...)
		b = append(b, m...)
		b = append(b, "</mechanism>"...)
	}
	return append(b, "</mechanisms>"...), true
}

// bindOffer is resource binding's feature as Advertise writes it.
const bindOffer = `<bind xmlns="` + NSBind + `"/>`

// plainValue reports whether v is written as it is, in a double-quoted
// attribute or as text: printable ASCII with none of < > & " '.
func plainValue(v string) bool {
	return xmlstream.PlainAttrValue(v) && strings.IndexByte(v, '>') < 0
}

// appendRaw appends m as WriteXML writes it, or reports false.
func (m saslMessage) appendRaw(b []byte) ([]byte, bool) {
	if !plainValue(m.name) || !plainValue(m.mechanism) {
		return nil, false
	}
	b = append(b, '<')
	b = append(b, m.name...)
	b = append(b, ` xmlns="`+NSSASL+`"`...)
	if m.mechanism != "" {
		b = append(b, ` mechanism="`...)
		b = append(b, m.mechanism...)
		b = append(b, '"')
	}
	switch {
	case len(m.data) > 0:
		b = append(b, '>')
		b = base64.StdEncoding.AppendEncode(b, m.data)
	case m.present:
		b = append(b, ">="...)
	default:
		return append(b, "/>"...), true
	}
	b = append(b, "</"...)
	b = append(b, m.name...)
	return append(b, '>'), true
}

// appendBindIQ appends a resource binding IQ with one child of <bind/>,
// as bindRequest's and bindResult's WriteXML write it, or reports false.
func appendBindIQ(b []byte, iq stanza.IQ, child, text string) ([]byte, bool) {
	if iq.XMLName.Space != "" || !iq.To.IsZero() || !iq.From.IsZero() || iq.Lang != "" ||
		iq.ID == "" || text == "" || !plainValue(iq.ID) || !plainValue(string(iq.Type)) || !plainValue(text) {
		return nil, false // the general path writes what is rarer
	}
	b = append(b, `<iq id="`...)
	b = append(b, iq.ID...)
	b = append(b, `" type="`...)
	b = append(b, iq.Type...)
	b = append(b, `"><bind xmlns="`+NSBind+`">`...)
	b = append(b, '<')
	b = append(b, child...)
	b = append(b, '>')
	b = append(b, text...)
	b = append(b, "</"...)
	b = append(b, child...)
	return append(b, "></bind></iq>"...), true
}
