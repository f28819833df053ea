package muc_test

import (
	"context"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

var hag66 = jid.MustParse("hag66@shakespeare.lit/pda")

func TestVoiceRequestForm(t *testing.T) {
	typ := form.HiddenFormType(muc.RequestFormType)
	field := func(v string, vals ...string) form.Field { return form.Field{Var: v, Values: vals} }
	for _, tc := range []struct {
		name    string
		form    form.Form
		want    muc.VoiceRequest
		wantErr bool
	}{
		// §7.13 Example 95: a visitor's request.
		{name: "§7.13 request", form: form.Form{Type: form.TypeSubmit, Fields: []form.Field{typ, {Var: "muc#role", Type: form.ListSingle, Label: "Requested role", Values: []string{"participant"}}}},
			want: muc.VoiceRequest{Role: muc.RoleParticipant}},
		// §8.6 Example 124: the approval form a moderator receives.
		{name: "§8.6 approval form", form: form.Form{Type: form.TypeForm, Title: "Voice request", Fields: []form.Field{
			typ, field("muc#role", "participant"), field("muc#jid", "hag66@shakespeare.lit/pda"), field("muc#roomnick", "thirdwitch"),
			{Var: "muc#request_allow", Type: form.Boolean, Values: []string{"false"}}}},
			want: muc.VoiceRequest{Role: muc.RoleParticipant, JID: hag66, Nick: "thirdwitch"}},
		{name: "no role is participant", form: form.Form{Fields: []form.Field{typ, field("muc#jid", "hag66@shakespeare.lit/pda")}},
			want: muc.VoiceRequest{Role: muc.RoleParticipant, JID: hag66}},
		{name: "allowed", form: form.Form{Fields: []form.Field{typ, field("muc#roomnick", "x"), field("muc#request_allow", "1")}},
			want: muc.VoiceRequest{Role: muc.RoleParticipant, Nick: "x", Allow: true}},
		{name: "other form type", form: form.Form{Fields: []form.Field{form.HiddenFormType(muc.ConfigFormType)}}, wantErr: true},
		{name: "bad role", form: form.Form{Fields: []form.Field{typ, field("muc#role", "king")}}, wantErr: true},
		{name: "bad jid", form: form.Form{Fields: []form.Field{typ, field("muc#jid", "@")}}, wantErr: true},
		{name: "bad bool", form: form.Form{Fields: []form.Field{typ, field("muc#request_allow", "yes")}}, wantErr: true},
	} {
		got, err := muc.ParseVoiceRequest(tc.form)
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("%s: ParseVoiceRequest = %+v, %v; want %+v (error %v)", tc.name, got, err, tc.want, tc.wantErr)
		}
		if err != nil {
			continue
		}
		// What Form writes reads back the same.
		back, err := muc.ParseVoiceRequest(got.Form())
		if err != nil || back != got {
			t.Errorf("%s: Form() reads back as %+v, %v", tc.name, back, err)
		}
	}
	// A visitor's request carries the role only (§7.13).
	if f := (muc.VoiceRequest{}).Form(); len(f.Fields) != 2 || f.Type != form.TypeSubmit {
		t.Errorf("request form %+v", f)
	}
}

// TestVoiceRequest: a visitor's request reaches the room as §7.13 says; the
// approval form the room sends reaches OnVoiceRequest only from the room's
// bare JID; the moderator's answer carries muc#request_allow.
func TestVoiceRequest(t *testing.T) {
	requests := make(chan muc.VoiceRequest, 4)
	rec, cfg := newRecorder()
	cfg.OnVoiceRequest = func(_ *muc.Room, v muc.VoiceRequest) { requests <- v }
	c := muc.NewClient(cfg)
	forms := make(chan form.Form, 4)
	room := &fakeRoom{}
	rooms := room.service()
	svcHandler := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if el, ok := st.Element.Child(form.NS, "x"); ok && st.Header.Kind == stanza.KindMessage && st.Header.To == coven {
			f, err := form.Parse(el)
			if err != nil {
				t.Error(err)
			}
			forms <- f
			return nil
		}
		return rooms.HandleXMPP(ctx, s, st)
	})
	s, svc := xmpptest.Pair(t, xmpptest.Handlers(mux.New(c.Handle()), svcHandler))
	r, err := c.Join(ctx(t), s, coven, "thirdwitch", muc.JoinOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wait(t, rec.presence)
	wait(t, rec.presence)

	if err := r.RequestVoice(ctx(t)); err != nil {
		t.Fatal(err)
	}
	f := wait(t, forms)
	if v, err := muc.ParseVoiceRequest(f); err != nil || v != (muc.VoiceRequest{Role: muc.RoleParticipant}) || f.Type != form.TypeSubmit {
		t.Errorf("the room received %+v: %+v, %v", f, v, err)
	}

	approval := muc.VoiceRequest{Role: muc.RoleParticipant, JID: hag66, Nick: "hag"}.Form()
	approval.Type = form.TypeForm
	// From an occupant, the form is a private message, not the room's.
	if err := svc.Send(ctx(t), stanza.Message{From: jid.MustParse("coven@chat.shakespeare.lit/romeo"), To: s.LocalAddr(), Type: stanza.NormalMessage}.Wrap(approval)); err != nil {
		t.Fatal(err)
	}
	if m := wait(t, rec.messages); m.Nick != "romeo" || !m.Private {
		t.Errorf("an occupant's form arrived as %+v", m)
	}
	for _, from := range []string{"other@chat.shakespeare.lit", "romeo@example.net/orchard", "chat.shakespeare.lit"} {
		if err := svc.Send(ctx(t), stanza.Message{From: jid.MustParse(from), To: s.LocalAddr(), Type: stanza.NormalMessage}.Wrap(approval)); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.Send(ctx(t), stanza.Message{From: coven, To: s.LocalAddr(), Type: stanza.NormalMessage}.Wrap(approval)); err != nil {
		t.Fatal(err)
	}
	got := wait(t, requests)
	if got != (muc.VoiceRequest{Role: muc.RoleParticipant, JID: hag66, Nick: "hag"}) {
		t.Errorf("OnVoiceRequest got %+v", got)
	}
	// The forged ones, sent first, were dropped; the room's own form is
	// not a message.
	select {
	case v := <-requests:
		t.Errorf("a forged request was delivered: %+v", v)
	case m := <-rec.messages:
		t.Errorf("delivered as a message: %+v", m)
	default:
	}

	if err := muc.ApproveVoice(ctx(t), s, coven, got, true); err != nil {
		t.Fatal(err)
	}
	answer := wait(t, forms)
	if v, err := muc.ParseVoiceRequest(answer); err != nil || !v.Allow || v.JID != hag66 || v.Nick != "hag" {
		t.Errorf("the approval sent: %+v, %v", v, err)
	}
	if err := muc.ApproveVoice(ctx(t), s, coven, muc.VoiceRequest{}, true); err == nil {
		t.Error("ApproveVoice without an occupant succeeded")
	}

	// Another form from the room is an ordinary room message.
	other := form.Form{Type: form.TypeForm, Fields: []form.Field{form.HiddenFormType("urn:example")}}
	if err := svc.Send(ctx(t), message.Message{Header: stanza.Message{From: coven, To: s.LocalAddr(), Type: stanza.NormalMessage}, Bodies: []message.Text{{Text: "fill me"}}, Payload: []xmlstream.Marshaler{other}}); err != nil {
		t.Fatal(err)
	}
	_ = wait(t, rec.messages)
}
