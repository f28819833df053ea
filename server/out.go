package server

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// delivery is one stanza for one resource. Deliveries are collected while
// the server's state is locked and queued after it is unlocked.
type delivery struct {
	res *resource
	it  queued
}

// outbox collects deliveries.
type outbox []delivery

// smallStanza is what a stanza the server makes up (presence without
// payload, a roster push, an error) is charged in a delivery queue.
const smallStanza = 256

// add collects m for r, to be dropped if it cannot be delivered (presence,
// roster pushes: RFC 6121 §8.5.2.2 and §8.5.3.2.2 let the server drop
// presence for a resource that is not there).
func (o *outbox) add(r *resource, m xmlstream.Marshaler) {
	o.addFail(r, m, nil)
}

// addFail collects m for r with what to do if it cannot be delivered.
func (o *outbox) addFail(r *resource, m xmlstream.Marshaler, f failure) {
	// A resource bound but not yet attached to its session (the bind
	// result is on its way) queues like any other: its writer starts when
	// the session is attached, and a resource that never is has its queue
	// failed (binding.release).
	*o = append(*o, delivery{res: r, it: queued{m: m, size: sizeOf(m), fail: f}})
}

// writerStart is not a stanza but a delivery that starts the writer of
// a queue that was given items under the registry lock (flushOffline):
// the writer starts after the lock is released, as for any delivery.
type writerStart struct{}

func (writerStart) WriteXML(xmlstream.Encoder) error {
	return errors.New("server: writer start written")
}

// sizeOf is what m is charged in a delivery queue: the wire size of a
// received element and what the server adds to it.
func sizeOf(m xmlstream.Marshaler) int {
	if st, ok := m.(interface{ charge() int }); ok {
		return st.charge()
	}
	return smallStanza
}

// charge is what a stamped stanza is charged in a delivery queue.
func (m stamped) charge() int { return m.el.Size() + smallStanza }

// send queues the deliveries, in order. It never waits for a recipient: a
// stanza that does not fit in its recipient's queue fails at once (its
// sender gets resource-constraint, see deliveryQueue).
func (s *Server) send(o outbox) {
	o = s.filterBlocked(o) // takes the registry's lock: never call send holding it
	for _, d := range o {
		if d.res == nil {
			s.undelivered(d.it, stanza.ServiceUnavailable)
			continue
		}
		if _, ok := d.it.m.(writerStart); ok {
			s.startWriter(d.res.q)
			continue
		}
		s.enqueue(d.res, d.it)
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

// stampAttrs is how many attributes a stamped start tag is built with
// before the buffer goes to the heap: a stanza's own (to, id, type,
// xml:lang) and the server's.
const stampAttrs = 8

func (m stamped) WriteXML(w xmlstream.Encoder) error {
	if err := m.start(w, m.langToAdd()); err != nil {
		return err
	}
	if err := writeChildren(w, m.el); err != nil {
		return err
	}
	return w.End()
}

// start opens a re-encoded stanza, with lang (langToAdd's result) added
// as its xml:lang if not empty. The stanza's attributes keep their order,
// those the server sets (from, and to and id when set) in their places,
// or after the others in that order if the stanza lacks them, then
// xml:lang. A stanza in a content namespace (jabber:client from a client,
// jabber:component:accept from a component) is written at the top level
// in the content namespace of the stream it goes to, so that what a
// component sends reaches clients as jabber:client and the other way round
// (RFC 6120 §4.8.2, XEP-0114); inside another element (a carbon's
// <forwarded/>, XEP-0297) in jabber:client.
func (m stamped) start(w xmlstream.Encoder, lang string) error {
	name, content := m.name(w)
	return m.startNamed(w, name, content, lang, nil)
}

// startNamed is start with m.name's results known, keeping the
// attributes written in keep (see xmlstream.Encoder.StartStanzaCopyKeep)
// if keep is not nil.
func (m stamped) startNamed(w xmlstream.Encoder, name xml.Name, content bool, lang string, keep *xmlstream.CopiedAttrs) error {
	a := xmlstream.StanzaAttrs{From: m.from.String(), To: m.to.String(), ID: m.id, Lang: lang, Has: xmlstream.HasFrom}
	if !m.to.IsZero() {
		a.Has |= xmlstream.HasTo
	}
	if m.id != "" {
		a.Has |= xmlstream.HasID
	}
	if lang != "" {
		a.Has |= xmlstream.HasLang
	}
	if !content {
		// Another namespace, or none: an empty Space is no namespace
		// here, not the one in scope. Seldom: a stanza is read in a
		// stream's content namespace.
		var attrs [stampAttrs]xml.Attr
		return w.StartResolved(name, m.withAttrs(attrs[:0], &a)...)
	}
	if keep != nil {
		return w.StartStanzaCopyKeep(name, m.el, &a, keep)
	}
	return w.StartStanzaCopy(name, m.el, &a)
}

// name returns the name the stanza is written with at w's depth, and
// whether it is in a content namespace (see start): if not, its Space is
// as read, and empty is no namespace.
func (m stamped) name(w xmlstream.Encoder) (xml.Name, bool) {
	name := m.el.Name()
	if !stanza.IsContentNS(name.Space) {
		return name, false
	}
	if w.Depth() == 0 {
		name.Space = "" // the namespace in scope
	} else {
		name.Space = stanza.NSClient
	}
	return name, true
}

// withAttrs appends the stanza's attributes to dst with the stanza
// attributes a.Has marks set as StartStanzaCopy sets them: in place, or
// after the others in the order from, to, id, xml:lang.
func (m stamped) withAttrs(dst []xml.Attr, a *xmlstream.StanzaAttrs) []xml.Attr {
	attrs := m.el.AppendAttrs(dst)
	attrs = setAttr(attrs, "", "from", a.From, a.Has&xmlstream.HasFrom != 0)
	attrs = setAttr(attrs, "", "to", a.To, a.Has&xmlstream.HasTo != 0)
	attrs = setAttr(attrs, "", "id", a.ID, a.Has&xmlstream.HasID != 0)
	return setAttr(attrs, nsXML, "lang", a.Lang, a.Has&xmlstream.HasLang != 0)
}

// setAttr sets the attribute space:local to value, if set.
func setAttr(attrs []xml.Attr, space, local, value string, set bool) []xml.Attr {
	if !set {
		return attrs
	}
	for i := range attrs {
		if attrs[i].Name.Space == space && attrs[i].Name.Local == local {
			attrs[i].Value = value
			return attrs
		}
	}
	return append(attrs, xml.Attr{Name: xml.Name{Space: space, Local: local}, Value: value})
}

// langToAdd returns the xml:lang the stanza is written with that it does
// not have itself: m.lang, or "" if it has one.
func (m stamped) langToAdd() string {
	if m.lang == "" {
		return ""
	}
	if _, has := m.el.AttrNS(nsXML, "lang"); has {
		return ""
	}
	return m.lang
}

// writeChildren re-encodes el's child elements. Character data directly
// inside a stanza carries no meaning (RFC 6120 §8) and is not copied.
func writeChildren(w xmlstream.Encoder, el *xmlstream.Element) error {
	for c := range el.Children() {
		if err := writeChild(w, el, c); err != nil {
			return err
		}
	}
	return nil
}

// writeChild re-encodes a child c of stanza el. A child in the stanza's
// own content namespace (<body/>, <status/>, <error/>) follows the stanza
// into the content namespace of the stream it is written to (see
// startStanza); it has text and children of other namespaces only.
func writeChild(w xmlstream.Encoder, el, c *xmlstream.Element) error {
	ns := c.Name().Space
	if ns == "" || ns != el.Name().Space || !stanza.IsContentNS(ns) {
		return c.WriteXML(w)
	}
	if err := w.StartResolvedAttrs(xml.Name{Local: c.Name().Local}, c.Attrs()...); err != nil {
		return err
	}
	if t := c.Text(); t != "" {
		if err := w.Text(t); err != nil {
			return err
		}
	}
	for g := range c.Children() {
		if err := g.WriteXML(w); err != nil {
			return err
		}
	}
	return w.End()
}

// errorReply answers a stanza with a stanza error (RFC 6120 §8.3) on
// behalf of from, addressed to the sender's full JID.
// It keeps only the stanza's name and id, not the stanza, so that an
// answer waiting in a queue holds little.
type errorReply struct {
	name     xml.Name
	id       string
	from, to jid.JID
	err      stanza.Error
}

// replyTo returns the error answering el.
func replyTo(el *xmlstream.Element, from, to jid.JID, err stanza.Error) errorReply {
	return errorReply{name: el.Name(), id: el.Attr("id"), from: from, to: to, err: err}
}

func (r errorReply) WriteXML(w xmlstream.Encoder) error {
	attrs := make([]xml.Attr, 0, 4)
	if r.id != "" {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "id"}, Value: r.id})
	}
	if !r.from.IsZero() {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "from"}, Value: r.from.String()})
	}
	attrs = append(attrs,
		xml.Attr{Name: xml.Name{Local: "to"}, Value: r.to.String()},
		xml.Attr{Name: xml.Name{Local: "type"}, Value: "error"})
	if err := w.Start(r.name, attrs...); err != nil {
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
