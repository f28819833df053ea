package interop

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
)

// TestMUCVoiceRequest: alice makes her room moderated and takes bob's
// voice (§8.4); bob asks for it back (§7.13); the room hands alice its
// approval form (§8.6), she approves, and bob becomes a participant again.
func TestMUCVoiceRequest(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		if !srv.requires(t, capMUC, capMUCVoice) {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		room, err := jid.New("voice"+strconv.FormatInt(time.Now().UnixNano(), 36), "conference."+domain, "")
		if err != nil {
			t.Fatal(err)
		}
		requests := make(chan muc.VoiceRequest, 4)
		alice := &mucPeer{messages: make(chan muc.Message, 16), presence: make(chan muc.Presence, 16)}
		alice.c = muc.NewClient(muc.Config{
			OnPresence:     func(_ *muc.Room, p muc.Presence) { alice.presence <- p },
			OnVoiceRequest: func(_ *muc.Room, v muc.VoiceRequest) { requests <- v },
		})
		alice.s = srv.loginAs(t, "alice", "muc", mux.New(alice.c.Handle()))
		bob := newMUCPeer(t, srv, "bob")
		noHistory := muc.JoinOptions{History: &muc.History{MaxStanzas: muc.Limit(0)}}
		ar, err := alice.c.Join(ctx, alice.s.Session, room, "alice", noHistory)
		if err != nil {
			t.Fatalf("alice joins: %v", err)
		}
		config, err := muc.GetConfig(ctx, alice.s.Session, room)
		if err != nil {
			t.Fatalf("room configuration: %v", err)
		}
		moderated := form.Form{Fields: []form.Field{form.HiddenFormType(muc.ConfigFormType), {Var: "muc#roomconfig_moderatedroom", Values: []string{"1"}}}}
		if _, ok := config.Field("muc#roomconfig_moderatedroom"); !ok {
			t.Fatalf("%s's room configuration has no muc#roomconfig_moderatedroom: %+v", srv.name, config.Fields)
		}
		if err := muc.Configure(ctx, alice.s.Session, room, moderated); err != nil {
			t.Fatalf("making the room moderated: %v", err)
		}
		br, err := bob.c.Join(ctx, bob.s.Session, room, "bob", noHistory)
		if err != nil {
			t.Fatalf("bob joins: %v", err)
		}
		role := func(want muc.Role) {
			t.Helper()
			for {
				select {
				case p := <-bob.presence:
					if p.Self && p.Role == want {
						return
					}
				case <-ctx.Done():
					o, _ := br.Occupant("bob")
					t.Fatalf("bob did not become %s (is %s)", want, o.Role)
				}
			}
		}
		if err := muc.SetRole(ctx, alice.s.Session, room, "bob", muc.RoleVisitor, "hush"); err != nil {
			t.Fatalf("revoking voice: %v", err)
		}
		role(muc.RoleVisitor)

		if err := br.RequestVoice(ctx); err != nil {
			t.Fatal(err)
		}
		var req muc.VoiceRequest
		select {
		case req = <-requests:
		case <-ctx.Done():
			t.Fatal("alice received no approval form")
		}
		if req.Nick != "bob" || req.JID.Bare() != bareJID(t, "bob") || req.Role != muc.RoleParticipant || req.Allow {
			t.Errorf("approval form %+v", req)
		}
		if err := muc.ApproveVoice(ctx, alice.s.Session, room, req, true); err != nil {
			t.Fatal(err)
		}
		role(muc.RoleParticipant)
		if err := ar.Leave(ctx, ""); err != nil {
			t.Error(err)
		}
	})
}

// roomRegistration says which servers let a user register with a room
// (XEP-0045 §7.10). ejabberd 23.01 registers nicks with the whole service
// only, and its rooms answer service-unavailable, which §7.10 says a room
// without registration must; so do the embedded server's rooms (muc.Service
// has no registration).
var roomRegistration = map[string]bool{"prosody": true, "ejabberd": false, "canto": false}

// TestMUCRegister: bob registers with alice's room (§7.10), reserving a
// nick, which the room then reports (§7.12) and which makes him a member.
// Prosody needs allow_unaffiliated_register for a user with no
// affiliation to register (the harness sets it).
func TestMUCRegister(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		if !srv.requires(t, capMUC) {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		room, err := jid.New("register"+strconv.FormatInt(time.Now().UnixNano(), 36), "conference."+domain, "")
		if err != nil {
			t.Fatal(err)
		}
		alice, bob := newMUCPeer(t, srv, "alice"), newMUCPeer(t, srv, "bob")
		ar, err := alice.c.Join(ctx, alice.s.Session, room, "alice", muc.JoinOptions{History: &muc.History{MaxStanzas: muc.Limit(0)}})
		if err != nil {
			t.Fatalf("alice joins: %v", err)
		}
		reg, err := muc.GetRegistration(ctx, bob.s.Session, room)
		if !roomRegistration[srv.name] {
			if !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
				t.Errorf("%s: registration answered %+v, %v; want service-unavailable", srv.name, reg, err)
			}
			if err := muc.RegisterNick(ctx, bob.s.Session, room, "bobby"); !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
				t.Errorf("%s: RegisterNick: %v, want service-unavailable", srv.name, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("registration form: %v", err)
		}
		if reg.Registered || reg.Form == nil || reg.Form.FormType() != muc.RegisterFormType {
			t.Fatalf("registration answer %+v", reg)
		}
		if err := muc.RegisterNick(ctx, bob.s.Session, room, "bobby"); err != nil {
			t.Fatalf("registering: %v", err)
		}
		if nick, err := muc.ReservedNick(ctx, bob.s.Session, room); err != nil || nick != "bobby" {
			t.Errorf("reserved nick %q, %v", nick, err)
		}
		if reg, err := muc.GetRegistration(ctx, bob.s.Session, room); err != nil || !reg.Registered || reg.Nick != "bobby" {
			t.Errorf("after registering: %+v, %v", reg, err)
		}
		members, err := muc.Affiliations(ctx, alice.s.Session, room, muc.AffiliationMember)
		if err != nil || len(members) != 1 || members[0].JID != bareJID(t, "bob") {
			t.Errorf("members %+v, %v", members, err)
		}
		if err := muc.DestroyRoom(ctx, alice.s.Session, room, muc.Destroy{}); err != nil {
			t.Error(err)
		}
		<-ar.Done()
	})
}
