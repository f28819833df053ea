package server

import (
	"context"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/lastactivity"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// lastActivity answers a last activity query to an account's bare JID on
// the account's behalf (XEP-0012 §3): 0 seconds while a resource is
// available, else the time since the user last logged out and the status
// of the last unavailable presence. An account that has not logged out
// since the server started answers the time since then, the most the
// server knows.
func (s *Server) lastActivity(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	to, from := st.Header.To, st.Header.From
	if to.IsZero() {
		to = from.Bare()
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	a := s.state.local(to)
	switch {
	case a == nil:
		return nil, stanza.NewError(stanza.ServiceUnavailable)
	case !a.mayKnowLast(from):
		return nil, stanza.NewError(stanza.Forbidden)
	case len(a.availableResources(false)) > 0:
		return lastactivity.Info{}, nil
	}
	since := a.loggedOut
	if since.IsZero() {
		since = s.started
	}
	return lastactivity.Info{Elapsed: time.Since(since), Status: a.lastStatus}, nil
}

// mayKnowLast reports whether from may learn a's last activity: the user
// itself, or a contact subscribed to the user's presence (XEP-0012 §3,
// §8; RFC 6121 subscription "from" or "both"). Nobody may for a nil
// account.
func (a *account) mayKnowLast(from jid.JID) bool {
	if a == nil {
		return false
	}
	if from.Bare() == a.bare {
		return true
	}
	item := a.roster[from.Bare()]
	return item != nil && item.sub.hasFrom()
}

// loggedOutNow records that a resource of a stopped being available or
// disconnected, with the status of its unavailable presence el (nil when
// the session ended without one, which keeps the last status received).
func (a *account) loggedOutNow(el *xmlstream.Element) {
	a.loggedOut = time.Now()
	if el == nil {
		return
	}
	a.lastStatus = ""
	if status, ok := el.Child(el.Name().Space, "status"); ok {
		a.lastStatus = status.Text()
	}
}
