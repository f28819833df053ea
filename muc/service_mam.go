package muc

import (
	"bytes"
	"context"
	"slices"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/delay"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/forward"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Page sizes of archive queries: the default and the most one page holds.
const (
	archivePage    = 50
	archiveMaxPage = 250
)

// archiveQuery answers a XEP-0313 query to a room's archive (§6.1.2): one
// result message per archived message, then the IQ result with <fin/>.
// Who may join the room may read its archive.
func (s *Service) archiveQuery(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	el, _ := st.Element.Child(mam.NS, "query")
	q, err := mam.ParseQuery(el)
	if err != nil || q.Node != "" {
		return nil, condError(stanza.BadRequest, "malformed archive query")
	}
	if st.Header.To.Resourcepart() != "" {
		return nil, condError(stanza.BadRequest, "archives are queried at the room")
	}
	msgs, err := s.archive(ctx, st)
	if err != nil {
		return nil, err
	}
	msgs = filterArchive(msgs, q.Filter)
	set := q.Set
	if set.Max <= 0 || set.Max > archiveMaxPage {
		set.Max = min(max(set.Max, archivePage), archiveMaxPage)
	}
	lo, hi, res, err := set.Window(archiveList(msgs))
	if err != nil {
		return nil, paging.StanzaError(err)
	}
	room := st.Header.To.Bare()
	for _, m := range msgs[lo:hi] {
		fwd, err := parseClientXML(m.XML)
		if err != nil {
			return nil, stanza.NewError(stanza.InternalServerError)
		}
		r := mam.Result{QueryID: q.ID, ID: m.ID, Forwarded: forward.Forwarded{Delay: &delay.Delay{Stamp: m.Time}, Stanza: fwd}}
		if err := sess.Send(ctx, stanza.Message{From: room, To: st.Header.From}.Wrap(r)); err != nil {
			return nil, err
		}
	}
	complete := hi == len(msgs)
	if set.Before != "" || set.LastPage {
		complete = lo == 0
	}
	return mam.Fin{Complete: complete, Set: res}, nil
}

// archiveFields answers the request for the query form (XEP-0313
// §5.1.1): the filters filterArchive applies.
func (s *Service) archiveFields(ctx context.Context, _ *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	s.mu.Lock()
	err := s.mayReadArchive(ctx, st)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	f := form.Form{Type: form.TypeForm, Fields: []form.Field{
		form.HiddenFormType(mam.NS),
		{Var: "with", Type: form.JIDSingle},
		{Var: "start", Type: form.TextSingle},
		{Var: "end", Type: form.TextSingle},
		{Var: "after-id", Type: form.TextSingle},
		{Var: "before-id", Type: form.TextSingle},
		{Var: "ids", Type: form.ListMulti},
	}}
	return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		return w.Element(mam.QueryName, nil, func(w xmlstream.Encoder) error { return f.WriteXML(w) })
	}), nil
}

// archive returns the archive of the room st addresses, if its sender may
// read it.
func (s *Service) archive(ctx context.Context, st *xmpp.Stanza) ([]ArchivedMessage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.mayReadArchive(ctx, st); err != nil {
		return nil, err
	}
	s.queue.flush() // the messages queued before the query are in it
	return s.cfg.Store.Archive(ctx, st.Header.To.Bare())
}

// mayReadArchive checks that the sender of st may read the archive of the
// room it addresses: who may join the room.
func (s *Service) mayReadArchive(ctx context.Context, st *xmpp.Stanza) error {
	r, err := s.adminRoom(ctx, st)
	if err != nil {
		return err
	}
	aff := s.affiliation(r, st.Header.From.Bare())
	switch {
	case !r.Config.Archive:
		return condError(stanza.FeatureNotImplemented, "the room keeps no archive")
	case aff == AffiliationOutcast,
		r.Config.MembersOnly && rank(aff) < rank(AffiliationMember),
		!r.Config.Public && r.sender(st.Header.From) == nil && rank(aff) < rank(AffiliationMember):
		return condError(stanza.Forbidden, "not allowed to read the archive")
	}
	return nil
}

// filterArchive keeps the messages the query's form asks for (§4.1).
func filterArchive(msgs []ArchivedMessage, f mam.Filter) []ArchivedMessage {
	if f.IsZero() {
		return msgs
	}
	afterSeen := f.AfterID == ""
	var out []ArchivedMessage
	for _, m := range msgs {
		switch {
		case !afterSeen:
			afterSeen = m.ID == f.AfterID
			continue
		case f.BeforeID != "" && m.ID == f.BeforeID:
			return out
		case !f.Start.IsZero() && m.Time.Before(f.Start),
			!f.End.IsZero() && m.Time.After(f.End),
			len(f.IDs) > 0 && !slices.Contains(f.IDs, m.ID),
			f.With.Resourcepart() != "" && f.With.Resourcepart() != m.Nick:
			continue
		}
		out = append(out, m)
	}
	return out
}

// archiveList pages an archive by stanza-id.
type archiveList []ArchivedMessage

func (a archiveList) Len() int         { return len(a) }
func (a archiveList) UID(i int) string { return a[i].ID }
func (a archiveList) Find(uid string) (int, bool) {
	for i := range a {
		if a[i].ID == uid {
			return i, true
		}
	}
	return 0, false
}

// parseClientXML reads an archived message written by clientXML.
func parseClientXML(b []byte) (*xmlstream.Element, error) {
	r := bytes.NewReader(append([]byte("<archive xmlns='"+stanza.NSClient+"'>"), b...))
	d := xmlstream.NewDecoder(r, xmlstream.Limits{})
	if _, err := d.ReadStart(); err != nil {
		return nil, err
	}
	el := new(xmlstream.Element)
	if err := d.ReadElement(el); err != nil {
		return nil, err
	}
	return el, nil
}
