package server

import (
	"context"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stanzaid"
	"github.com/canto-im/xmpp/xmlstream"
)

// Each account has a message archive (XEP-0313): the protocol is package
// mam's [mam.Service]; this file feeds it the messages the server
// delivers and routes the account's requests to it. A chat or normal
// message with a body that the server accepts for delivery from one
// account to another is archived twice, if the preferences allow: in the
// recipient's archive under the stanza-id the recipient's copies carry
// (stanzaid.go), and in the sender's under an id of its own, which the
// recipient never sees (§3.1: a stanza-id goes only to those who may read
// the archive). A message to oneself is archived once. Only the owner may
// query an archive.

// mamRoutes returns the archive routes of the account muxes: the owner's,
// and forbidden for others' archives.
func (s *Server) mamRoutes() (own, other mux.Option) {
	if s.archive == nil {
		return mux.Options(), mux.Options()
	}
	h := mux.IQResponderFunc(s.mamIQ)
	no := mux.IQResponderFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
		return nil, stanza.NewError(stanza.Forbidden)
	})
	routes := func(h mux.IQResponder) mux.Option {
		return mux.Options(mux.Get(mam.QueryName, h), mux.Set(mam.QueryName, h),
			mux.Get(mam.PrefsName, h), mux.Set(mam.PrefsName, h), mux.Get(mam.MetadataName, h))
	}
	return routes(h), routes(no)
}

// mamIQ serves a request to the sender's own archive. The results go on
// the requester's own session, before the IQ result the mux writes when
// this returns.
func (s *Server) mamIQ(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	full := sess.RemoteAddr()
	name, _ := st.Element.FirstChild()
	payload, _ := st.Element.Child(name.Space, name.Local)
	return s.archive.Serve(full.Bare(), st.Header.IQType() == stanza.SetIQ, payload, func(r mam.Result) error {
		return sess.Send(ctx, stanza.Message{From: full.Bare(), To: full, ID: stanzaid.NewID()}.Wrap(r))
	})
}

// archiveJob is what routing a message leaves to archive once the
// registry is unlocked: the message as delivered to the recipient account.
type archiveJob struct {
	m          *sidStamped // with the recipient's stanza-id
	recipient  jid.JID     // the recipient account's bare JID
	to         jid.JID     // the message's 'to'
	inRecipRos bool        // the sender is in the recipient's roster
	inSendRos  bool        // the recipient is in the sender's roster
	sender     bool        // the sender is an account of this server
}

// prepareArchive fills job for a message m being delivered to account a,
// if it is one an archive keeps. The registry is locked.
func (s *Server) prepareArchive(job *archiveJob, a *account, to jid.JID, typ stanza.MessageType, m *sidStamped) {
	if s.archive == nil || m.sid.ID == "" || !mam.Archivable(typ, m.msg.el) {
		return
	}
	*job = archiveJob{m: m, recipient: a.bare, to: to, inRecipRos: a.roster[m.msg.from.Bare()] != nil}
	if sa := s.state.local(m.msg.from); sa != nil {
		job.sender, job.inSendRos = true, sa.roster[a.bare] != nil
	}
}

// archiveMessage archives a delivered message in the recipient's and the
// sender's archives.
func (s *Server) archiveMessage(job *archiveJob) {
	if job.recipient.IsZero() {
		return
	}
	now := time.Now()
	from := job.m.msg.from
	// Kept once for both archives, without the recipient's stanza-id,
	// which is not the sender's to see (§3.1); each archive's id is in
	// its <result/>. The message is the one the queues hold: archived
	// goes into an interface without a copy, and keeps the start tag's
	// attributes for the deliveries to write again.
	raw, err := mam.Encode(archived{job.m})
	if err != nil {
		s.log.Warn("server: archiving a message", "err", err)
		return
	}
	// Both archives in one batch: with a durable archive, one sync
	// (shared with other senders' messages) rather than two in a row.
	// The two in an array: growing a slice to two was an allocation per
	// message.
	var both [2]mam.Recording
	both[0] = mam.Recording{Owner: job.recipient, With: from, InRoster: job.inRecipRos, ID: job.m.sid.ID, When: now, Raw: raw}
	rs := both[:1]
	if from.Bare() != job.recipient && job.sender {
		if job.m.senderID == "" {
			job.m.senderID = stanzaid.NewID() // not made by stampInto
		}
		both[1] = mam.Recording{Owner: from.Bare(), With: job.to, InRoster: job.inSendRos, ID: job.m.senderID, When: now, Raw: raw}
		rs = both[:]
	}
	if err := s.archive.Store(rs); err != nil {
		s.log.Warn("server: archiving a message", "from", from, "to", job.recipient, "err", err)
	}
}

// archiveSent archives, in the sender's archive, a message an account
// sends to an address that is not one of the server's accounts (a
// component's, such as a room occupant's: XEP-0313 §4 keeps what the user
// sent as well as what it received).
func (s *Server) archiveSent(st *xmpp.Stanza, typ stanza.MessageType) {
	if s.archive == nil || !mam.Archivable(typ, st.Element) {
		return
	}
	from, to := st.Header.From, st.Header.To
	s.state.mu.Lock()
	sa := s.state.local(from)
	inRoster := sa != nil && sa.roster[to.Bare()] != nil
	s.state.mu.Unlock()
	if sa == nil {
		return
	}
	raw, err := mam.Encode(stamped{el: st.Element, from: from, lang: st.Header.Lang})
	if err != nil {
		s.log.Warn("server: archiving a message", "err", err)
		return
	}
	if _, err := s.archive.Record(sa.bare, to, inRoster, stanzaid.NewID(), time.Now(), raw); err != nil {
		s.log.Warn("server: archiving a message", "owner", sa.bare, "err", err)
	}
}
