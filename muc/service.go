package muc

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// ServiceConfig configures a [Service]. Every zero value has a safe
// default.
type ServiceConfig struct {
	// Name is the service's disco#info identity name; empty means
	// "Chatrooms".
	Name string
	// Store keeps persistent rooms and archives; nil means a new
	// MemoryStore.
	Store RoomStore
	// DefaultRoom is the configuration of a new room.
	DefaultRoom RoomConfig
	// Admins are service administrators: owners of every room.
	Admins []jid.JID
	// MaxRooms bounds the rooms in memory; zero means 10000.
	MaxRooms int
	// MaxRoomsPerUser bounds the rooms one bare JID may have created and
	// that still exist; zero means 20. Admins are not limited.
	MaxRoomsPerUser int
	// MaxOccupants bounds the occupants of one room, whatever its
	// configuration says; zero means 500.
	MaxOccupants int
	// MaxHistory bounds the discussion history kept for joiners; zero
	// means 50.
	MaxHistory int
	// MaxArchive bounds the messages kept in one room's archive; zero
	// means 10000.
	MaxArchive int
	// MaxSubject bounds a subject in bytes; zero means 1024.
	MaxSubject int
	// MaxDevices bounds the real JIDs sharing one nick (§7.2 multi-session
	// nicks); zero means 5.
	MaxDevices int
	// Logger receives warnings about refused stanzas; nil discards.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (c *ServiceConfig) defaults() {
	setDefault := func(p *int, v int) {
		if *p <= 0 {
			*p = v
		}
	}
	setDefault(&c.MaxRooms, 10000)
	setDefault(&c.MaxRoomsPerUser, 20)
	setDefault(&c.MaxOccupants, 500)
	setDefault(&c.MaxHistory, 50)
	setDefault(&c.MaxArchive, 10000)
	setDefault(&c.MaxSubject, 1024)
	setDefault(&c.MaxDevices, 5)
	if c.Name == "" {
		c.Name = "Chatrooms"
	}
	if c.Store == nil {
		c.Store = new(MemoryStore)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Service is the server side of XEP-0045: a MUC service on one domain,
// the handler of a XEP-0114 component session (or of an in-process
// session a server mounts on a subdomain). It trusts the 'from' of what it
// receives, which the server stamps with the sender's full JID, and sends
// from its own domain.
//
// Its state is behind one lock, so HandleXMPP may be called from several
// goroutines and sessions (a component that reconnects); what a request
// causes goes out on the session the request came in on. It never waits
// for a peer while holding the lock: the stanzas one request causes are
// collected and sent after the lock is released, in order.
type Service struct {
	cfg    ServiceConfig
	routes *mux.ServeMux

	mu    sync.Mutex
	rooms map[jid.JID]*chatRoom // by bare JID

	queue sendQueue // archive appends, and what goes out behind them (service_archive_queue.go)
}

// NewService returns a Service configured with a copy of cfg.
func NewService(cfg ServiceConfig) *Service {
	cfg.Admins = append([]jid.JID(nil), cfg.Admins...)
	for i, a := range cfg.Admins {
		cfg.Admins[i] = a.Bare()
	}
	cfg.defaults()
	s := &Service{cfg: cfg, rooms: make(map[jid.JID]*chatRoom)}
	s.queue.changed.L = &s.queue.mu
	s.routes = s.mux()
	return s
}

// ErrNoFrom is a stanza without 'from': the stream should have stamped
// it, so the Service refuses to act on it.
var ErrNoFrom = errors.New("muc: stanza without a sender")

// ErrOtherDomain is a stanza addressed outside the service's domain.
var ErrOtherDomain = errors.New("muc: stanza for another domain")

// HandleXMPP serves one stanza addressed to the service, a room or an
// occupant.
func (s *Service) HandleXMPP(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.Kind == 0 {
		return nil
	}
	if st.Header.From.IsZero() {
		s.warn("muc: stanza without from", st.Header.To, "")
		if st.Header.Kind == stanza.KindIQ {
			return stanza.NewError(stanza.BadRequest)
		}
		return ErrNoFrom
	}
	if own := sess.LocalAddr().Domain(); !own.IsZero() && st.Header.To.Domain() != own {
		// Any answer would come from outside the service's domain, which
		// the server refuses (and must): drop it.
		// (An error returned for an IQ would make the session answer it
		// from there, so IQs are dropped with nil.)
		s.warn("muc: stanza for another domain", st.Header.To, "")
		if st.Header.Kind == stanza.KindIQ {
			return nil
		}
		return ErrOtherDomain
	}
	if st.Header.To.Localpart() == "" && st.Header.Kind != stanza.KindIQ {
		// Messages and presence to the service itself: nothing to do.
		return s.replyError(ctx, sess, st, stanza.ServiceUnavailable, "")
	}
	return s.routes.HandleXMPP(ctx, sess, st)
}

func (s *Service) warn(msg string, to jid.JID, why string) {
	if s.cfg.Logger != nil {
		s.cfg.Logger.Warn(msg, "to", to.String(), "why", why)
	}
}

// isAdmin reports whether the bare JID is a service administrator.
func (s *Service) isAdmin(bare jid.JID) bool {
	for _, a := range s.cfg.Admins {
		if a == bare {
			return true
		}
	}
	return false
}

// outbox collects the stanzas one request causes, to send once the lock
// is released.
type outbox []xmlstream.Marshaler

func (o *outbox) add(m xmlstream.Marshaler) { *o = append(*o, m) }

func send(ctx context.Context, sess *xmpp.Session, out outbox) error {
	for _, m := range out {
		if err := sess.Send(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// errorReply returns the error reply to st: it reads st's element, so it
// must be sent before the handler returns.
func errorReply(st *xmpp.Stanza, cond stanza.Condition, text string) xmlstream.Marshaler {
	e := stanza.NewError(cond)
	e.Text = text
	el := st.Element
	return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		return stanza.WriteErrorReply(w, el, e)
	})
}

func (s *Service) replyError(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza, cond stanza.Condition, text string) error {
	if st.Header.IsError() {
		return nil // never answer an error with an error
	}
	if st.Header.Kind == stanza.KindIQ {
		e := stanza.NewError(cond)
		e.Text = text
		return e
	}
	if s.queue.busy() {
		// Behind the archive appends waiting to go out.
		s.enqueue(&queuedJob{sess: sess, err: condError(cond, text), request: st.Element.Clone()})
		return nil
	}
	return sess.Send(ctx, errorReply(st, cond, text))
}

// occupantJID returns room/nick.
func occupantJID(room jid.JID, nick string) jid.JID {
	j, err := jid.New(room.Localpart(), room.Domainpart(), nick)
	if err != nil {
		return room
	}
	return j
}
