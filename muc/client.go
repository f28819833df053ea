package muc

import (
	"context"
	"encoding/xml"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
)

// Errors of the Client.
var (
	ErrJoined    = errors.New("muc: already in the room")
	ErrNotJoined = errors.New("muc: not in the room")
	ErrTooMany   = errors.New("muc: too many rooms")
	ErrNotRoom   = errors.New("muc: stanza is not from a joined room")
)

// Config configures a Client. Every callback runs on the session's handler
// goroutine, one stanza at a time: it may send (Room.Send), but must not
// wait for an answer from the room, which only arrives once it returns.
type Config struct {
	// OnPresence receives each occupant's presence change; nil ignores them.
	OnPresence func(r *Room, p Presence)
	// OnMessage receives groupchat and private messages of joined rooms;
	// nil ignores them.
	OnMessage func(r *Room, m Message)
	// OnInvite receives mediated (§7.8.2) and direct (XEP-0249)
	// invitations; nil ignores them.
	OnInvite func(inv Invitation)
	// OnVoiceRequest receives the voice approval forms (§8.6) a joined
	// room sends its moderators when a visitor asks for voice, accepted
	// only from the room's bare JID; answer with ApproveVoice. Setting it
	// makes Handle also take the session's normal messages carrying a
	// data form (those not from a joined room are dropped). Nil leaves
	// them to other routes.
	OnVoiceRequest func(r *Room, req VoiceRequest)
	// SelfPingInterval runs XEP-0410 self-pings this long after the last
	// stanza from each room, and rejoins a room that no longer knows the
	// client. Zero disables them.
	SelfPingInterval time.Duration
	// MaxRooms bounds the rooms joined at once (and their timers); zero
	// means 1000.
	MaxRooms int
	// Logger receives warnings for dropped stanzas; nil discards.
	Logger *slog.Logger
}

// Presence is an occupant's presence as the room reports it.
type Presence struct {
	Occupant
	Unavailable bool
	Status      []int  // the status codes (110 for the client itself, 303 nick change, 307 kicked, ...)
	NewNick     string // with status 303: the occupant's new nick
	Reason      string // a kick's or ban's reason
	Actor       Actor  // who kicked or banned; zero when the room does not say
	Self        bool   // status 110: about the client itself
	// Destroy is the room's destruction notice (§10.9) on the last
	// unavailable presence; nil for none.
	Destroy *Destroy
}

// Occupant is one occupant of a room.
type Occupant struct {
	Nick        string
	JID         jid.JID // the real JID; zero when the room hides it
	Role        Role
	Affiliation Affiliation
}

// Message is a room message: groupchat from an occupant (or the room when
// Nick is empty), or a private message (§7.5).
type Message struct {
	Nick    string
	Private bool
	Body    string // the first body; empty for none
	Subject string // the subject a groupchat changes; empty for none
	HasSubj bool   // a <subject/> was present (an empty one clears it)
	Stanza  *xmpp.Stanza
}

// Invitation is a mediated or direct invitation.
type Invitation struct {
	Room     jid.JID
	From     jid.JID // the inviter as claimed
	Reason   string
	Password string
	Direct   bool // XEP-0249
}

// Client keeps the rooms a session has joined. Create it with NewClient
// and register Handle on the session's mux.
type Client struct {
	cfg   Config
	mu    sync.Mutex
	rooms map[jid.JID]*Room
}

// NewClient returns a Client configured with a copy of cfg.
func NewClient(cfg Config) *Client {
	if cfg.MaxRooms <= 0 {
		cfg.MaxRooms = 1000
	}
	return &Client{cfg: cfg, rooms: make(map[jid.JID]*Room)}
}

// Handle returns the mux routes for room presence, groupchat, private
// room messages and invitations. It takes every error presence and every
// groupchat message of the session, and drops those not from a joined
// room, so an application registers no other routes for them.
func (c *Client) Handle() mux.Option {
	h := xmpp.HandlerFunc(c.handle)
	routes := []mux.Option{
		mux.AnyPresence(UserName, h),
		mux.Presence(stanza.ErrorPresence, xml.Name{}, h),
		mux.Message(stanza.GroupChatMessage, xml.Name{}, h),
		mux.Message(stanza.ChatMessage, UserName, h),
		mux.Message(stanza.NormalMessage, UserName, h),
		mux.AnyMessage(DirectInviteName, h),
	}
	if c.cfg.OnVoiceRequest != nil {
		routes = append(routes, mux.Message(stanza.NormalMessage, form.Name, h))
	}
	return mux.Options(routes...)
}

// DiscoFeatures returns the features of §6.1 and XEP-0249 §6.
func (*Client) DiscoFeatures() []string { return []string{NS, NSConference} }

func (c *Client) room(from jid.JID) *Room {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rooms[from.Bare()]
}

func (c *Client) drop(from jid.JID, why string) error {
	if c.cfg.Logger != nil {
		c.cfg.Logger.Warn("muc: dropped a stanza", "from", from.String(), "why", why)
	}
	return ErrNotRoom
}

func (c *Client) handle(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	from := st.Header.From
	if st.Header.Kind == stanza.KindMessage {
		if el, ok := st.Element.Child(NSConference, "x"); ok {
			d, err := ParseDirectInvite(el)
			if err != nil {
				return err
			}
			if c.cfg.OnInvite != nil {
				c.cfg.OnInvite(Invitation{Room: d.Room, From: from, Reason: d.Reason, Password: d.Password, Direct: true})
			}
			return nil
		}
	}
	r := c.room(from)
	if st.Header.Kind == stanza.KindMessage && st.Header.Type != string(stanza.GroupChatMessage) && r != nil && from.Resourcepart() == "" {
		if el, ok := st.Element.Child(form.NS, "x"); ok {
			if handled, err := r.voiceRequest(el); handled {
				return err
			}
		}
	}
	var u User
	if el, ok := st.Element.Child(NSUser, "x"); ok {
		var err error
		if u, err = ParseUser(el); err != nil {
			return err
		}
	}
	if r == nil {
		// A mediated invitation comes from a room the client has not joined.
		if st.Header.Kind == stanza.KindMessage && len(u.Invites) > 0 && from.Resourcepart() == "" && !from.IsZero() {
			if c.cfg.OnInvite != nil {
				in := u.Invites[0]
				c.cfg.OnInvite(Invitation{Room: from, From: in.From, Reason: in.Reason, Password: u.Password})
			}
			return nil
		}
		return c.drop(from, "not a joined room")
	}
	if st.Header.Kind == stanza.KindPresence {
		return r.presence(s, st, u)
	}
	return r.message(st)
}

func (r *Room) message(st *xmpp.Stanza) error {
	m, err := message.Parse(st.Element)
	if err != nil {
		return err
	}
	r.touch()
	if st.Header.Type == string(stanza.ErrorMessage) {
		return nil
	}
	msg := Message{Nick: st.Header.From.Resourcepart(), Private: st.Header.Type != string(stanza.GroupChatMessage), Stanza: st}
	if len(m.Bodies) > 0 {
		msg.Body = m.Bodies[0].Text
	}
	if len(m.Subjects) > 0 && !msg.Private {
		msg.Subject, msg.HasSubj = m.Subjects[0].Text, true
		r.mu.Lock()
		r.subject = msg.Subject
		r.mu.Unlock()
	}
	if r.c.cfg.OnMessage != nil {
		r.c.cfg.OnMessage(r, msg)
	}
	return nil
}
