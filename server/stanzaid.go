package server

import (
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stanzaid"
	"github.com/canto-im/xmpp/xmlstream"
)

// XEP-0359 on the server side. For one-to-one messages the entity that
// assigns stable ids is the account (§3 rule 7), so the server stamps each
// chat and normal message it delivers to an account with a
// <stanza-id by='the account's bare JID'/>, the same on every resource
// that gets it. No one else may write a stanza-id in the name of the
// server or of its accounts: any such stanza-id in a message a client sent
// is removed before delivery, whatever the type (§3 rule 2), so that a
// client that trusts stanza-ids by its own account (stanzaid.Trusted)
// cannot be fooled. Stanza-ids by others (a room's) pass (§3 rule 3).
// Accounts advertise urn:xmpp:sid:0 in disco#info (§5).
//
// A stanza-id adds at most about 2 KiB (the id and a bare JID) to a
// message, within the headroom checkSize keeps.

// withStanzaID returns the message m, addressed to an account of this
// server whose bare JID is to, as the server delivers it: stripped of
// stanza-ids in the server's name and, for chat and normal messages (the
// ones an archive keeps), stamped with a new stanza-id by to. It is one
// allocation, shared by the queues, the bounce and the archive (archived)
// as it is: a pointer goes into an interface without a copy.
func (s *Server) withStanzaID(m stamped, to jid.JID, typ stanza.MessageType) *sidStamped {
	out := new(sidStamped)
	s.stampInto(out, m, to, typ)
	return out
}

// stampInto makes out, which is zero, what withStanzaID returns.
func (s *Server) stampInto(out *sidStamped, m stamped, to jid.JID, typ stanza.MessageType) {
	out.msg, out.domain, out.addLang = m, s.domain.Domainpart(), m.langToAdd()
	if typ != stanza.ChatMessage && typ != stanza.NormalMessage {
		return
	}
	if s.archive == nil {
		out.sid = stanzaid.StanzaID{ID: stanzaid.NewID(), By: to.Bare()}
		return
	}
	// The sender's archive id too (archiveMessage), in the same string:
	// one allocation and one generator for both.
	var buf [2 * stanzaid.IDBytes]byte
	ids := string(stanzaid.AppendIDs(buf[:0], 2))
	out.sid = stanzaid.StanzaID{ID: ids[:stanzaid.IDBytes], By: to.Bare()}
	out.senderID = ids[stanzaid.IDBytes:]
}

// routed is a message delivered to resources, as withStanzaID makes it,
// and its bounce, in one allocation rather than two.
type routed struct {
	sidStamped
	b bounce
}

// sidStamped writes a message as stamped does, minus the stanza-ids in
// the server's name, plus sid (when it has an id) after the last child.
// Its methods take a pointer, so that a write copies nothing, and msg is a
// named field, not embedded, so that no method of stamped is promoted: a
// sidStamped value is no Marshaler at all, and none can be written by
// stamped.WriteXML, which keeps forged stanza-ids.
type sidStamped struct {
	msg    stamped
	domain string // the server's domain: stanza-ids by it or by any address at it are the server's
	sid    stanzaid.StanzaID
	// senderID is the id the message is archived under in its
	// sender's archive, if the server archives (see archiveMessage).
	senderID string
	// addLang is stamped's langToAdd, found once for every copy
	// written (the recipients', the archive's), not for each.
	addLang string
	// tag is the start tag's attributes as the archive's copy was
	// written with them (archived), for the recipients' copies. Set
	// before the message is shared, then only read.
	tag xmlstream.CopiedAttrs
}

func (m *sidStamped) WriteXML(w xmlstream.Encoder) error { return m.write(w, true, false) }

// archived writes the message m points to as sidStamped does, without
// its sid: as an archive keeps it for both parties (archiveMessage). The
// archive writes the message before any copy of it is delivered or
// queued, so archived keeps the attributes of the start tag in the
// message's tag, for the deliveries to write again rather than build
// again.
type archived struct{ m *sidStamped }

func (a archived) WriteXML(w xmlstream.Encoder) error { return a.m.write(w, false, true) }

// write writes m, with its sid if withSID, keeping its start tag's
// attributes in m.tag if keep.
func (m *sidStamped) write(w xmlstream.Encoder, withSID, keep bool) error {
	el := m.msg.el
	var err error
	name, content := m.msg.name(w)
	switch {
	case content && m.tag.Kept():
		err = w.StartCopied(name, &m.tag)
	case keep:
		err = m.msg.startNamed(w, name, content, m.addLang, &m.tag)
	default:
		err = m.msg.startNamed(w, name, content, m.addLang, nil)
	}
	if err != nil {
		return err
	}
	for c := range el.Children() {
		if m.forged(c) {
			continue
		}
		if err := writeClientChild(w, el, c); err != nil {
			return err
		}
	}
	if withSID && m.sid.ID != "" {
		if err := m.sid.WriteXML(w); err != nil {
			return err
		}
	}
	return w.End()
}

// writeClientChild is writeChild for a message to an account, which is
// written only where jabber:client is the namespace in scope (a client's
// stream, a carbon's <forwarded/>, the archive): a child in jabber:client
// (<body/>) is written as it was read, through the Writer's path for
// decoded elements, to the same bytes with less work.
func writeClientChild(w xmlstream.Encoder, el, c *xmlstream.Element) error {
	if c.Name().Space == stanza.NSClient {
		return c.WriteXML(w)
	}
	return writeChild(w, el, c)
}

// charge is what m is charged in a delivery queue: the stanza-id added
// too (the ones removed are still counted, an overestimate).
func (m *sidStamped) charge() int {
	return m.msg.charge() + len(m.sid.ID) + len(m.sid.By.String())
}

// forged reports whether el is a stanza-id in the server's name: its 'by'
// is the domain or an address at it. One whose 'by' is not a JID names no
// one and is left alone (stanzaid.Trusted ignores it).
func (m *sidStamped) forged(el *xmlstream.Element) bool {
	if el.Name() != stanzaid.StanzaIDName {
		return false
	}
	by, err := jid.Parse(el.Attr("by"))
	return err == nil && by.Domainpart() == m.domain
}
