package muc

import (
	"cmp"
	"context"
	"encoding/xml"
	"slices"
	"sync"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// JoinOptions are the options of a join. The zero value joins without a
// password, with the history the room chooses, accepting the default
// configuration of a room the join creates.
type JoinOptions struct {
	Password string
	History  *History
	// KeepLocked leaves a room the join created locked (§10.1.3), for
	// the caller to configure with GetConfig and Configure.
	KeepLocked bool
}

// Room is a room the client is in.
type Room struct {
	c    *Client
	s    *xmpp.Session
	addr jid.JID // the room's bare JID
	opts JoinOptions

	mu        sync.Mutex
	nick      string
	subject   string
	occupants map[string]Occupant
	joined    bool
	created   bool
	joinErr   chan error    // the join's outcome, buffered
	done      chan struct{} // closed when the client is out of the room
	closed    bool
	last      time.Time // the last stanza from the room, for self-pings
}

// Join enters the room (a bare JID) as nick and returns when the room has
// sent the client's own presence (status 110), with the occupant list
// complete (§7.2.3), or the error the room answers with (a *stanza.Error
// value: conflict for a nick in use, not-authorized for a wrong password,
// registration-required, forbidden for a ban, ...).
func (c *Client) Join(ctx context.Context, s *xmpp.Session, room jid.JID, nick string, opts JoinOptions) (*Room, error) {
	room = room.Bare()
	occ, err := jid.New(room.Localpart(), room.Domainpart(), nick)
	if err != nil {
		return nil, err
	}
	r := &Room{c: c, s: s, addr: room, opts: opts, nick: nick, occupants: make(map[string]Occupant),
		joinErr: make(chan error, 1), done: make(chan struct{}), last: time.Now()}
	c.mu.Lock()
	switch {
	case c.rooms[room] != nil:
		err = ErrJoined
	case len(c.rooms) >= c.cfg.MaxRooms:
		err = ErrTooMany
	default:
		c.rooms[room] = r
	}
	c.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if err := s.Send(ctx, stanza.Presence{To: occ}.Wrap(Join{Password: opts.Password, History: opts.History})); err != nil {
		r.remove()
		return nil, err
	}
	select {
	case err = <-r.joinErr:
	case <-ctx.Done():
		err = ctx.Err()
	case <-s.Done():
		err = xmpp.ErrClosed
	}
	if err != nil {
		r.remove()
		return nil, err
	}
	r.mu.Lock()
	created := r.created
	r.mu.Unlock()
	if created && !opts.KeepLocked {
		if err := AcceptDefault(ctx, s, room); err != nil {
			return r, err
		}
	}
	if c.cfg.SelfPingInterval > 0 {
		go r.pinger(c.cfg.SelfPingInterval)
	}
	return r, nil
}

// remove forgets r and closes Done.
func (r *Room) remove() {
	r.c.mu.Lock()
	if r.c.rooms[r.addr] == r {
		delete(r.c.rooms, r.addr)
	}
	r.c.mu.Unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.closed {
		r.closed = true
		close(r.done)
	}
}

// JID returns the room's bare JID.
func (r *Room) JID() jid.JID { return r.addr }

// Nick returns the client's current nick in the room.
func (r *Room) Nick() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.nick
}

// Subject returns the room's last subject.
func (r *Room) Subject() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.subject
}

// Created reports whether the join created the room (status 201).
func (r *Room) Created() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.created
}

// Done is closed when the client is no longer in the room: it left, was
// kicked or banned, or the room was destroyed.
func (r *Room) Done() <-chan struct{} { return r.done }

// Occupants returns the room's occupants, sorted by nick.
func (r *Room) Occupants() []Occupant {
	r.mu.Lock()
	out := make([]Occupant, 0, len(r.occupants))
	for _, o := range r.occupants {
		out = append(out, o)
	}
	r.mu.Unlock()
	slices.SortFunc(out, func(a, b Occupant) int { return cmp.Compare(a.Nick, b.Nick) })
	return out
}

// Occupant returns the occupant nick.
func (r *Room) Occupant(nick string) (Occupant, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	o, ok := r.occupants[nick]
	return o, ok
}

func (r *Room) occupantJID(nick string) (jid.JID, error) {
	return jid.New(r.addr.Localpart(), r.addr.Domainpart(), nick)
}

func (r *Room) touch() {
	r.mu.Lock()
	r.last = time.Now()
	r.mu.Unlock()
}

// Send sends a groupchat message with body to the room (§7.4).
func (r *Room) Send(ctx context.Context, body string) error {
	m := message.Message{Header: stanza.Message{To: r.addr, Type: stanza.GroupChatMessage}, Bodies: []message.Text{{Text: body}}}
	return r.s.Send(ctx, m)
}

// SetSubject changes the room's subject (§8.1); the empty string clears it.
func (r *Room) SetSubject(ctx context.Context, subject string) error {
	m := message.Message{Header: stanza.Message{To: r.addr, Type: stanza.GroupChatMessage}, Subjects: []message.Text{{Text: subject}}}
	return r.s.Send(ctx, m)
}

// SendPrivate sends a private message to the occupant nick (§7.5).
func (r *Room) SendPrivate(ctx context.Context, nick, body string) error {
	to, err := r.occupantJID(nick)
	if err != nil {
		return err
	}
	m := message.Chat(to, body)
	m.Payload = []xmlstream.Marshaler{User{}}
	return r.s.Send(ctx, m)
}

// ChangeNick asks the room for a new nick (§7.6). The room answers with
// the occupant's unavailable presence with status 303 and the new
// available presence (OnPresence sees both, and Nick changes), or with a
// conflict error presence.
func (r *Room) ChangeNick(ctx context.Context, nick string) error {
	to, err := r.occupantJID(nick)
	if err != nil {
		return err
	}
	return r.s.Send(ctx, stanza.Presence{To: to}.Wrap())
}

// Leave exits the room (§7.14) with an optional status text, and waits
// for the room's acknowledgement or ctx.
func (r *Room) Leave(ctx context.Context, status string) error {
	to, err := r.occupantJID(r.Nick())
	if err != nil {
		return err
	}
	var p = stanza.Presence{To: to, Type: stanza.UnavailablePresence}
	if err := r.s.Send(ctx, p.Wrap(statusText(status))); err != nil {
		return err
	}
	select {
	case <-r.done:
		return nil
	case <-ctx.Done():
		r.remove()
		return ctx.Err()
	case <-r.s.Done():
		r.remove()
		return nil
	}
}

// Invite asks the room to invite to (§7.8.2).
func (r *Room) Invite(ctx context.Context, to jid.JID, reason string) error {
	return SendInvite(ctx, r.s, r.addr, to, reason)
}

func (r *Room) presence(s *xmpp.Session, st *xmpp.Stanza, u User) error {
	r.touch()
	nick := st.Header.From.Resourcepart()
	if st.Header.Type == string(stanza.ErrorPresence) {
		var serr error = stanza.NewError(stanza.UndefinedCondition)
		if el, ok := st.Element.Child(st.Header.NS, "error"); ok {
			if e, err := stanza.ParseError(el); err == nil {
				serr = e
			}
		}
		r.mu.Lock()
		joined := r.joined
		r.mu.Unlock()
		if !joined {
			select {
			case r.joinErr <- serr:
			default:
			}
		}
		return nil
	}
	if nick == "" {
		return nil
	}
	p := Presence{Occupant: Occupant{Nick: nick}, Status: u.Status, Self: u.HasStatus(StatusSelf), Destroy: u.Destroy,
		Unavailable: st.Header.Type == string(stanza.UnavailablePresence)}
	if len(u.Items) > 0 {
		it := u.Items[0]
		p.JID, p.Role, p.Affiliation, p.Reason, p.Actor = it.JID, it.Role, it.Affiliation, it.Reason, it.Actor
		if p.Unavailable && u.HasStatus(StatusNickChange) {
			p.NewNick = it.Nick
		}
	}
	left := false
	r.mu.Lock()
	if p.Unavailable {
		delete(r.occupants, nick)
		if p.Self {
			if p.NewNick != "" {
				r.nick = p.NewNick
			} else {
				left = true
			}
		}
	} else {
		r.occupants[nick] = p.Occupant
		if p.Self {
			r.nick = nick
			if !r.joined {
				r.joined, r.created = true, u.HasStatus(StatusCreated)
				select {
				case r.joinErr <- nil:
				default:
				}
			}
		}
	}
	r.mu.Unlock()
	if r.c.cfg.OnPresence != nil {
		r.c.cfg.OnPresence(r, p)
	}
	if left {
		r.remove()
	}
	return nil
}

// statusText is the <status/> of a presence, nil for none.
func statusText(s string) xmlstream.Marshaler {
	if s == "" {
		return nil
	}
	return xmlstream.TextElement{Name: xml.Name{Local: "status"}, Text: s}
}
