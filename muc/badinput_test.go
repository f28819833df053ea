package muc_test

import (
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// TestBadInput_ForgedRoomTraffic: groupchat, private messages and
// occupant presence from anything but a joined room's JIDs are dropped.
func TestBadInput_ForgedRoomTraffic(t *testing.T) {
	rec, cfg := newRecorder()
	c := muc.NewClient(cfg)
	s, svc := roomPair2(t, c, &fakeRoom{})
	if _, err := c.Join(ctx(t), s, coven, "thirdwitch", muc.JoinOptions{}); err != nil {
		t.Fatal(err)
	}
	wait(t, rec.presence)
	wait(t, rec.presence)
	for _, from := range []string{"other@chat.shakespeare.lit/romeo", "coven@chat.shakespeare.lit.evil/romeo", "romeo@example.net/orchard", "chat.shakespeare.lit"} {
		f := jid.MustParse(from)
		if err := svc.Send(ctx(t), message.Message{Header: stanza.Message{From: f, To: s.LocalAddr(), Type: stanza.GroupChatMessage}, Bodies: []message.Text{{Text: "forged"}}}); err != nil {
			t.Fatal(err)
		}
		if err := svc.Send(ctx(t), message.Message{Header: stanza.Message{From: f, To: s.LocalAddr(), Type: stanza.ChatMessage}, Bodies: []message.Text{{Text: "forged"}}, Payload: []xmlstream.Marshaler{muc.User{}}}); err != nil {
			t.Fatal(err)
		}
		if err := svc.Send(ctx(t), stanza.Presence{From: f, To: s.LocalAddr(), Type: stanza.UnavailablePresence}.Wrap(muc.User{Status: []int{110, 307}})); err != nil {
			t.Fatal(err)
		}
	}
	// The genuine message behind them is the only one delivered.
	if err := svc.Send(ctx(t), message.Message{Header: stanza.Message{From: jid.MustParse("coven@chat.shakespeare.lit/romeo"), To: s.LocalAddr(), Type: stanza.GroupChatMessage}, Bodies: []message.Text{{Text: "real"}}}); err != nil {
		t.Fatal(err)
	}
	if m := wait(t, rec.messages); m.Body != "real" {
		t.Errorf("delivered %+v", m)
	}
	select {
	case p := <-rec.presence:
		t.Errorf("forged presence delivered: %+v", p)
	default:
	}
}

func TestInvitations(t *testing.T) {
	invites := make(chan muc.Invitation, 2)
	c := muc.NewClient(muc.Config{OnInvite: func(i muc.Invitation) { invites <- i }})
	s, svc := roomPair2(t, c, &fakeRoom{})
	darkcave := jid.MustParse("darkcave@macbeth.shakespeare.lit")
	crone := jid.MustParse("crone1@shakespeare.lit/desktop")
	if err := svc.Send(ctx(t), stanza.Message{From: darkcave, To: s.LocalAddr()}.Wrap(muc.User{Invites: []muc.Invite{{From: crone, Reason: "Hey"}}, Password: "cauldronburn"})); err != nil {
		t.Fatal(err)
	}
	if got, want := wait(t, invites), (muc.Invitation{Room: darkcave, From: crone, Reason: "Hey", Password: "cauldronburn"}); got != want {
		t.Errorf("mediated: %+v, want %+v", got, want)
	}
	if err := svc.Send(ctx(t), stanza.Message{From: crone, To: s.LocalAddr()}.Wrap(muc.DirectInvite{Room: darkcave, Reason: "Come"})); err != nil {
		t.Fatal(err)
	}
	if got, want := wait(t, invites), (muc.Invitation{Room: darkcave, From: crone, Reason: "Come", Direct: true}); got != want {
		t.Errorf("direct: %+v, want %+v", got, want)
	}
	// Sending both kinds reaches the wire without error.
	if err := muc.SendDirectInvite(ctx(t), s, crone, muc.DirectInvite{Room: darkcave}); err != nil {
		t.Error(err)
	}
	if err := muc.SendInvite(ctx(t), s, darkcave, crone.Bare(), "hi"); err != nil {
		t.Error(err)
	}
}

func TestSelfPing(t *testing.T) {
	for _, tc := range []struct {
		cond   stanza.Condition
		joined bool
	}{
		{"", true},
		{stanza.FeatureNotImplemented, true},
		{stanza.ItemNotFound, true},
		{stanza.NotAcceptable, false},
		{stanza.BadRequest, false},
	} {
		f := &fakeRoom{pingErr: tc.cond}
		c := muc.NewClient(muc.Config{})
		s := roomPair(t, c, f)
		r, err := c.Join(ctx(t), s, coven, "thirdwitch", muc.JoinOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if joined, err := r.SelfPing(ctx(t)); joined != tc.joined || err != nil {
			t.Errorf("%q: SelfPing %v, %v; want %v", tc.cond, joined, err, tc.joined)
		}
	}
}

// TestSelfPingRejoins: a room that forgot the client is rejoined by the
// self-ping timer.
func TestSelfPingRejoins(t *testing.T) {
	rec, cfg := newRecorder()
	cfg.SelfPingInterval = 30 * time.Millisecond
	c := muc.NewClient(cfg)
	f := &fakeRoom{}
	s := roomPair(t, c, f)
	r, err := c.Join(ctx(t), s, coven, "thirdwitch", muc.JoinOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wait(t, rec.presence)
	wait(t, rec.presence)
	f.forget(coven)
	wait(t, rec.presence) // romeo again
	if p := wait(t, rec.presence); !p.Self || p.Nick != "thirdwitch" {
		t.Errorf("after rejoin: %+v", p)
	}
	if err := r.Leave(ctx(t), ""); err != nil {
		t.Fatal(err)
	}
}
