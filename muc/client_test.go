package muc_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/stanza"
)

var coven = jid.MustParse("coven@chat.shakespeare.lit")

type recorder struct {
	presence chan muc.Presence
	messages chan muc.Message
}

func newRecorder() (*recorder, muc.Config) {
	r := &recorder{presence: make(chan muc.Presence, 32), messages: make(chan muc.Message, 32)}
	return r, muc.Config{
		OnPresence: func(_ *muc.Room, p muc.Presence) { r.presence <- p },
		OnMessage: func(_ *muc.Room, m muc.Message) {
			m.Stanza = nil
			r.messages <- m
		},
	}
}

func wait[T any](t *testing.T, ch chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		t.Fatal("timed out")
		panic("unreachable")
	}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestJoin(t *testing.T) {
	rec, cfg := newRecorder()
	c := muc.NewClient(cfg)
	s := roomPair(t, c, &fakeRoom{})
	r, err := c.Join(ctx(t), s, coven, "thirdwitch", muc.JoinOptions{History: &muc.History{MaxStanzas: muc.Limit(0)}})
	if err != nil {
		t.Fatal(err)
	}
	got := r.Occupants()
	want := []muc.Occupant{
		{Nick: "romeo", JID: jid.MustParse("romeo@example.net/orchard"), Role: muc.RoleParticipant, Affiliation: muc.AffiliationMember},
		{Nick: "thirdwitch", JID: s.LocalAddr(), Role: muc.RoleModerator, Affiliation: muc.AffiliationOwner},
	}
	if !slices.Equal(got, want) {
		t.Errorf("occupants %+v, want %+v", got, want)
	}
	if p := wait(t, rec.presence); p.Nick != "romeo" || p.Self {
		t.Errorf("first presence %+v", p)
	}
	if p := wait(t, rec.presence); p.Nick != "thirdwitch" || !p.Self {
		t.Errorf("self presence %+v", p)
	}
	if _, err := c.Join(ctx(t), s, coven, "again", muc.JoinOptions{}); !errors.Is(err, muc.ErrJoined) {
		t.Errorf("second join: %v, want ErrJoined", err)
	}

	// Groupchat comes back from the client's occupant JID; private from romeo.
	if err := r.Send(ctx(t), "hello"); err != nil {
		t.Fatal(err)
	}
	if m := wait(t, rec.messages); m.Nick != "thirdwitch" || m.Body != "hello" || m.Private {
		t.Errorf("groupchat %+v", m)
	}
	if err := r.SendPrivate(ctx(t), "romeo", "psst"); err != nil {
		t.Fatal(err)
	}
	if m := wait(t, rec.messages); m.Nick != "romeo" || m.Body != "hi back" || !m.Private {
		t.Errorf("private %+v", m)
	}
	if err := r.SetSubject(ctx(t), "spells"); err != nil {
		t.Fatal(err)
	}
	if m := wait(t, rec.messages); !m.HasSubj || m.Subject != "spells" || r.Subject() != "spells" {
		t.Errorf("subject %+v, room's %q", m, r.Subject())
	}

	// Nick change: 303 then the new presence.
	if err := r.ChangeNick(ctx(t), "oldhag"); err != nil {
		t.Fatal(err)
	}
	if p := wait(t, rec.presence); !p.Unavailable || p.NewNick != "oldhag" || !p.Self {
		t.Errorf("nick change presence %+v", p)
	}
	if p := wait(t, rec.presence); p.Nick != "oldhag" || p.Unavailable {
		t.Errorf("new nick presence %+v", p)
	}
	if r.Nick() != "oldhag" {
		t.Errorf("nick %q", r.Nick())
	}
	if err := r.Leave(ctx(t), "bye"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.Done():
	default:
		t.Error("Done not closed after Leave")
	}
	// Once left, the room's stanzas are no longer accepted: a second join works.
	if _, err := c.Join(ctx(t), s, coven, "back", muc.JoinOptions{}); err != nil {
		t.Errorf("rejoin: %v", err)
	}
}

func TestJoinErrors(t *testing.T) {
	for _, tc := range []struct {
		name, nick, password string
		want                 stanza.Condition
	}{
		{"nick in use", "romeo", "", stanza.Conflict},
		{"wrong password", "thirdwitch", "nope", stanza.NotAuthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := muc.NewClient(muc.Config{})
			s := roomPair(t, c, &fakeRoom{password: "cauldron"})
			pw := tc.password
			if pw == "" {
				pw = "cauldron"
			}
			_, err := c.Join(ctx(t), s, coven, tc.nick, muc.JoinOptions{Password: pw})
			if !errors.Is(err, stanza.NewError(tc.want)) {
				t.Fatalf("join: %v, want %s", err, tc.want)
			}
			// A failed join leaves nothing behind.
			if _, err := c.Join(ctx(t), s, coven, "thirdwitch", muc.JoinOptions{Password: "cauldron"}); err != nil {
				t.Errorf("join after failure: %v", err)
			}
		})
	}
}

func TestKick(t *testing.T) {
	rec, cfg := newRecorder()
	c := muc.NewClient(cfg)
	s := roomPair(t, c, &fakeRoom{})
	r, err := c.Join(ctx(t), s, coven, "thirdwitch", muc.JoinOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wait(t, rec.presence)
	wait(t, rec.presence)
	if err := muc.Kick(ctx(t), s, coven, "romeo", "rude"); err != nil {
		t.Fatal(err)
	}
	p := wait(t, rec.presence)
	if p.Nick != "romeo" || !p.Unavailable || !slices.Contains(p.Status, muc.StatusKicked) || p.Self || p.Reason != "rude" || p.Actor.Nick != "boss" {
		t.Errorf("kick presence %+v", p)
	}
	if _, ok := r.Occupant("romeo"); ok {
		t.Error("romeo is still an occupant")
	}
	// Kicking oneself removes the client from the room.
	if err := muc.Kick(ctx(t), s, coven, "thirdwitch", ""); err != nil {
		t.Fatal(err)
	}
	if p := wait(t, rec.presence); !p.Self || !slices.Contains(p.Status, muc.StatusKicked) {
		t.Errorf("self kick presence %+v", p)
	}
	<-r.Done()
}

func TestCreatedAcceptsDefault(t *testing.T) {
	for _, keep := range []bool{false, true} {
		f := &fakeRoom{}
		c := muc.NewClient(muc.Config{})
		s := roomPair(t, c, f)
		r, err := c.Join(ctx(t), s, jid.MustParse("new@chat.shakespeare.lit"), "me", muc.JoinOptions{KeepLocked: keep})
		if err != nil {
			t.Fatal(err)
		}
		if !r.Created() {
			t.Error("Created is false for status 201")
		}
		f.mu.Lock()
		n := len(f.owner)
		f.mu.Unlock()
		if want := map[bool]int{false: 1, true: 0}[keep]; n != want {
			t.Errorf("KeepLocked %v: %d owner queries, want %d", keep, n, want)
		}
		if !keep && (f.owner[0].Form == nil || f.owner[0].Form.Type != "submit" || len(f.owner[0].Form.Fields) != 0) {
			t.Errorf("instant room request %+v", f.owner[0])
		}
	}
}

// TestDestroyed: the room's destruction notice reaches OnPresence and
// takes the client out of the room (§10.9).
func TestDestroyed(t *testing.T) {
	rec, cfg := newRecorder()
	c := muc.NewClient(cfg)
	s, svc := roomPair2(t, c, &fakeRoom{})
	r, err := c.Join(ctx(t), s, coven, "thirdwitch", muc.JoinOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wait(t, rec.presence)
	wait(t, rec.presence)
	d := &muc.Destroy{JID: jid.MustParse("darkcave@chat.shakespeare.lit"), Reason: "Macbeth doth come."}
	if err := svc.Send(ctx(t), stanza.Presence{From: jid.MustParse("coven@chat.shakespeare.lit/thirdwitch"), To: s.LocalAddr(), Type: stanza.UnavailablePresence}.Wrap(
		muc.User{Items: []muc.Item{{Affiliation: muc.AffiliationNone, Role: muc.RoleNone}}, Status: []int{110}, Destroy: d})); err != nil {
		t.Fatal(err)
	}
	if p := wait(t, rec.presence); !p.Self || p.Destroy == nil || *p.Destroy != *d {
		t.Errorf("destroy presence %+v", p)
	}
	<-r.Done()
}
