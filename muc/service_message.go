package muc

import (
	"bytes"
	"context"
	"unicode/utf8"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stanzaid"
	"github.com/canto-im/xmpp/xmlstream"
)

// maxInvites bounds the invitations one message may carry.
const maxInvites = 10

// message serves messages to a room or occupant: groupchat (§7.4),
// subject changes (§8.1), private messages (§7.5) and mediated
// invitations (§7.8.2).
func (s *Service) message(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.IsError() {
		return nil // a bounce of something the room sent; nothing to answer
	}
	var out outbox
	var app *RoomAppend
	s.mu.Lock()
	err := s.messageLocked(ctx, &out, &app, st)
	if app != nil && err == nil {
		// Queued under the lock: the archive's order is the lock's
		// (service_archive_queue.go).
		s.enqueue(&queuedJob{sess: sess, out: out, app: app, request: st.Element.Clone()})
		s.mu.Unlock()
		return nil
	}
	s.mu.Unlock()
	return s.finish(ctx, sess, st, out, err)
}

func (s *Service) messageLocked(ctx context.Context, out *outbox, app **RoomAppend, st *xmpp.Stanza) error {
	from, to := st.Header.From, st.Header.To
	r, err := s.room(ctx, to.Bare())
	if err != nil {
		return err
	}
	if r == nil || r.locked && s.affiliation(r, from.Bare()) != AffiliationOwner {
		return condError(stanza.ItemNotFound, "no such room")
	}
	if to.Resourcepart() != "" {
		return s.private(out, r, st)
	}
	if st.Header.Type == string(stanza.GroupChatMessage) {
		return s.groupchat(ctx, out, app, r, st)
	}
	if el, ok := st.Element.Child(NSUser, "x"); ok {
		u, err := ParseUser(el)
		if err != nil {
			return condError(stanza.BadRequest, "malformed muc#user element")
		}
		return s.invite(ctx, out, r, from, u)
	}
	return condError(stanza.BadRequest, "a message to a room is groupchat or an invitation")
}

// groupchat reflects an occupant's message to every occupant, or changes
// the subject. A message for the room's archive is left in app, to be
// queued: the reflections go out once it is archived.
func (s *Service) groupchat(ctx context.Context, out *outbox, app **RoomAppend, r *chatRoom, st *xmpp.Stanza) error {
	o := r.sender(st.Header.From)
	if o == nil {
		return condError(stanza.NotAcceptable, "only occupants may send to the room")
	}
	m, err := message.Parse(st.Element)
	if err != nil {
		return condError(stanza.BadRequest, "malformed message")
	}
	if len(m.Subjects) > 0 && len(m.Bodies) == 0 {
		return s.changeSubject(ctx, out, r, o, m)
	}
	if o.role == RoleVisitor || o.role == RoleNone {
		return condError(stanza.Forbidden, "no voice in this room")
	}
	id := stanzaid.NewID()
	m.Subjects = nil
	m.Header = stanza.Message{ID: st.Header.ID, Lang: st.Header.Lang, From: occupantJID(r.JID, o.nick), Type: stanza.GroupChatMessage}
	m.Payload = append(extensions(st.Element, r.JID), stanzaid.StanzaID{ID: id, By: r.JID})
	now := s.cfg.Now()
	raw, err := clientXML(m)
	if err != nil {
		return condError(stanza.BadRequest, "message cannot be relayed")
	}
	s.toAll(out, r, m)
	r.history = append(r.history, historyEntry{msg: m, nick: o.nick, from: o.bare, time: now, chars: utf8.RuneCount(raw)})
	if n := len(r.history) - s.cfg.MaxHistory; n > 0 {
		r.history = append(r.history[:0], r.history[n:]...)
	}
	if r.Config.Archive {
		*app = &RoomAppend{Room: r.JID, Message: ArchivedMessage{ID: id, Time: now, Nick: o.nick, XML: raw}, Keep: s.cfg.MaxArchive}
	}
	return nil
}

// toAll sends m to every occupant's devices.
func (s *Service) toAll(out *outbox, r *chatRoom, m message.Message) {
	for _, nick := range sortedNicks(r) {
		for _, dev := range r.occupants[nick].devices {
			m.Header.To = dev
			out.add(m)
		}
	}
}

// changeSubject sets the room's subject (§8.1).
func (s *Service) changeSubject(ctx context.Context, out *outbox, r *chatRoom, o *occupant, m message.Message) error {
	if o.role != RoleModerator && !(r.Config.ChangeSubject && o.role == RoleParticipant) {
		return condError(stanza.Forbidden, "not allowed to change the subject")
	}
	subj := m.Subjects[0].Text
	if len(subj) > s.cfg.MaxSubject {
		return condError(stanza.NotAcceptable, "subject too long")
	}
	r.Subject, r.SubjectNick = subj, o.nick
	s.toAll(out, r, message.Message{
		Header:   stanza.Message{From: occupantJID(r.JID, o.nick), Type: stanza.GroupChatMessage},
		Subjects: []message.Text{{Text: subj}},
	})
	return s.save(ctx, r)
}

// subjectMessage is the subject a joining device receives last (§7.2.16).
func (s *Service) subjectMessage(r *chatRoom, to jid.JID) xmlstream.Marshaler {
	from := r.JID
	if r.SubjectNick != "" {
		from = occupantJID(r.JID, r.SubjectNick)
	}
	return message.Message{Header: stanza.Message{From: from, To: to, Type: stanza.GroupChatMessage},
		Subjects: []message.Text{{Text: r.Subject}}}
}

// private passes a message on to an occupant's devices (§7.5).
func (s *Service) private(out *outbox, r *chatRoom, st *xmpp.Stanza) error {
	o := r.sender(st.Header.From)
	if o == nil {
		return condError(stanza.NotAcceptable, "only occupants may send private messages")
	}
	if st.Header.Type == string(stanza.GroupChatMessage) {
		return condError(stanza.BadRequest, "groupchat to an occupant")
	}
	target := r.occupants[st.Header.To.Resourcepart()]
	if target == nil {
		return condError(stanza.ItemNotFound, "no such occupant")
	}
	m, err := message.Parse(st.Element)
	if err != nil {
		return condError(stanza.BadRequest, "malformed message")
	}
	m.Header = stanza.Message{ID: st.Header.ID, Lang: st.Header.Lang, From: occupantJID(r.JID, o.nick), Type: stanza.MessageType(st.Header.Type)}
	// The sender's muc#user element is never passed on (extensions drops
	// it); the room's own marks the message as coming through it (§7.5).
	m.Payload = append(extensions(st.Element, r.JID), User{})
	for _, dev := range target.devices {
		m.Header.To = dev
		out.add(m)
	}
	return nil
}

// invite passes mediated invitations and declines on (§7.8.2, §7.8.3).
func (s *Service) invite(ctx context.Context, out *outbox, r *chatRoom, from jid.JID, u User) error {
	if u.Decline != nil {
		inviter, ok := r.invited[from.Bare()]
		if !ok {
			return condError(stanza.NotAcceptable, "no invitation to decline")
		}
		r.forget(from.Bare())
		d := Invite{From: from.Bare(), Reason: u.Decline.Reason}
		out.add(stanza.Message{From: r.JID, To: inviter}.Wrap(User{Decline: &d}))
		return nil
	}
	if len(u.Invites) == 0 {
		return condError(stanza.BadRequest, "no invitation")
	}
	if len(u.Invites) > maxInvites {
		return condError(stanza.PolicyViolation, "too many invitations")
	}
	o := r.sender(from)
	if o == nil {
		return condError(stanza.NotAcceptable, "only occupants may invite")
	}
	aff := s.affiliation(r, o.bare)
	admin := rank(aff) >= rank(AffiliationAdmin)
	if r.Config.MembersOnly && !admin && !r.Config.AllowInvites {
		return condError(stanza.Forbidden, "only admins may invite to this room")
	}
	changed := false
	for _, in := range u.Invites {
		if in.To.IsZero() {
			return condError(stanza.BadRequest, "invitation without a recipient")
		}
	}
	for _, in := range u.Invites {
		fwd := Invite{From: from, Reason: in.Reason}
		out.add(stanza.Message{From: r.JID, To: in.To}.Wrap(User{Invites: []Invite{fwd}, Password: r.Config.Password}))
		r.remember(in.To.Bare(), from)
		// An admin's invitation to a members-only room makes the invitee
		// a member (§7.8.2).
		if r.Config.MembersOnly && admin && s.affiliation(r, in.To.Bare()) == AffiliationNone {
			r.Affiliations[in.To.Bare()] = AffiliationMember
			changed = true
		}
	}
	if changed {
		return s.save(ctx, r)
	}
	return nil
}

// extensions returns the children of a message outside its content
// namespace, copied, except a stanza-id claiming to be the room's
// (XEP-0359 §4: the room must not pass on one it did not give).
func extensions(el *xmlstream.Element, room jid.JID) []xmlstream.Marshaler {
	ns := el.Name().Space
	var clone *xmlstream.Element
	var out []xmlstream.Marshaler
	for c := range el.Children() {
		if c.Name().Space != ns {
			clone = el.Clone()
			break
		}
	}
	if clone == nil {
		return nil
	}
	for c := range clone.Children() {
		n := c.Name()
		if n.Space == ns || n.Space == NSUser && n.Local == "x" {
			continue
		}
		if n == stanzaid.StanzaIDName {
			if by, err := jid.Parse(c.Attr("by")); err != nil || by == room {
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// clientXML writes m in the jabber:client namespace, as archives keep it.
func clientXML(m message.Message) ([]byte, error) {
	var buf bytes.Buffer
	w := xmlstream.NewWriter(&buf)
	w.SetDefaultNS(stanza.NSClient)
	if err := m.WriteXML(w.Encoder()); err != nil {
		return nil, err
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
