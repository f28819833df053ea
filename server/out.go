package server

import (
	"context"
	"encoding/xml"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// delivery is one stanza to write to one session. Deliveries are collected
// while the server's state is locked and written after it is unlocked, so
// that a slow client never holds the lock.
type delivery struct {
	sess *xmpp.Session
	m    xmlstream.Marshaler
}

// outbox collects deliveries.
type outbox []delivery

func (o *outbox) add(r *resource, m xmlstream.Marshaler) {
	if r.sess != nil {
		*o = append(*o, delivery{r.sess, m})
	}
}

// send writes the deliveries in order. A failed write only concerns its
// recipient (whose session ends), so it is logged and the rest go on. The
// sender's context is not used: a stanza the sender got in before leaving
// is still delivered.
func (s *Server) send(o outbox) {
	if len(o) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(s.ctx, s.cfg.WriteTimeout)
	defer cancel()
	for _, d := range o {
		if err := d.sess.Send(ctx, d.m); err != nil {
			s.log.Debug("server: delivery failed", "to", d.sess.RemoteAddr().String(), "err", err)
		}
	}
}

// stamped re-encodes a received stanza with the addresses the server
// vouches for: 'from' is always replaced (RFC 6120 §8.1.2.1), 'to' and 'id'
// when set. The element must stay valid until it is written.
type stamped struct {
	el   *xmlstream.Element
	from jid.JID
	to   jid.JID // zero keeps the original
	id   string  // empty keeps the original
	lang string  // xml:lang to add when the stanza has none (the sender's stream's)
}

const nsXML = "http://www.w3.org/XML/1998/namespace"

func (m stamped) WriteXML(w xmlstream.Encoder) error {
	attrs := m.el.Attrs()
	attrs = setAttr(attrs, "from", m.from.String())
	if !m.to.IsZero() {
		attrs = setAttr(attrs, "to", m.to.String())
	}
	if m.id != "" {
		attrs = setAttr(attrs, "id", m.id)
	}
	if _, has := m.el.AttrNS(nsXML, "lang"); !has && m.lang != "" {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Space: nsXML, Local: "lang"}, Value: m.lang})
	}
	if err := w.StartResolved(m.el.Name(), attrs...); err != nil {
		return err
	}
	if err := writeChildren(w, m.el); err != nil {
		return err
	}
	return w.End()
}

// setAttr sets the no-namespace attribute local to value.
func setAttr(attrs []xml.Attr, local, value string) []xml.Attr {
	for i := range attrs {
		if attrs[i].Name.Space == "" && attrs[i].Name.Local == local {
			attrs[i].Value = value
			return attrs
		}
	}
	return append(attrs, xml.Attr{Name: xml.Name{Local: local}, Value: value})
}

// writeChildren re-encodes el's child elements. Character data directly
// inside a stanza carries no meaning (RFC 6120 §8) and is not copied.
func writeChildren(w xmlstream.Encoder, el *xmlstream.Element) error {
	for c := range el.Children() {
		if err := c.WriteXML(w); err != nil {
			return err
		}
	}
	return nil
}

// children is a Marshaler writing el's child elements (an IQ's payload).
type children struct{ el *xmlstream.Element }

func (c children) WriteXML(w xmlstream.Encoder) error { return writeChildren(w, c.el) }

// errorReply answers a stanza with a stanza error (RFC 6120 §8.3) on
// behalf of from, addressed to the sender's full JID.
type errorReply struct {
	el       *xmlstream.Element
	from, to jid.JID
	err      stanza.Error
}

func (r errorReply) WriteXML(w xmlstream.Encoder) error {
	attrs := make([]xml.Attr, 0, 4)
	if id := r.el.Attr("id"); id != "" {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "id"}, Value: id})
	}
	if !r.from.IsZero() {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "from"}, Value: r.from.String()})
	}
	attrs = append(attrs,
		xml.Attr{Name: xml.Name{Local: "to"}, Value: r.to.String()},
		xml.Attr{Name: xml.Name{Local: "type"}, Value: "error"})
	if err := w.Start(r.el.Name(), attrs...); err != nil {
		return err
	}
	if err := r.err.WriteXML(w); err != nil {
		return err
	}
	return w.End()
}

// presenceOf is a payload-less presence stanza.
func presenceOf(from, to jid.JID, typ stanza.PresenceType) xmlstream.Marshaler {
	return xmlstream.MarshalerFunc(stanza.Presence{From: from, To: to, Type: typ}.WriteEmpty)
}
