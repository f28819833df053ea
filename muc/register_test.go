package muc_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestWireRegistration(t *testing.T) {
	nick := form.Field{Var: muc.RegisterNickField, Type: form.TextSingle, Label: "Desired Nickname", Required: true}
	xmpptest.RunWire(t, muc.ParseRegistration, []xmpptest.WireCase[muc.Registration]{
		// §7.10 Example 73: the user is registered.
		{Name: "registered", XML: `<query xmlns='jabber:iq:register'><registered/><username>thirdwitch</username></query>`,
			Value: muc.Registration{Registered: true, Nick: "thirdwitch"}},
		// §7.10 Example 74, shortened: the form to fill.
		{Name: "form", XML: `<query xmlns='jabber:iq:register'><instructions>To register on the web, visit http://shakespeare.lit/</instructions>` +
			`<x xmlns='jabber:x:data' type='form'><title>Dark Cave Registration</title>` +
			`<field type='hidden' var='FORM_TYPE'><value>http://jabber.org/protocol/muc#register</value></field>` +
			`<field label='Desired Nickname' type='text-single' var='muc#register_roomnick'><required/></field></x></query>`,
			Value: muc.Registration{Instructions: "To register on the web, visit http://shakespeare.lit/", Form: &form.Form{Type: form.TypeForm, Title: "Dark Cave Registration",
				Fields: []form.Field{form.HiddenFormType(muc.RegisterFormType), nick}}}},
		{Name: "request", XML: `<query xmlns='jabber:iq:register'/>`, Value: muc.Registration{}},
		{Name: "other children skipped", ParseOnly: true, XML: `<query xmlns='jabber:iq:register'><password>x</password><x xmlns='urn:y'/></query>`, Value: muc.Registration{}},
		{Name: "two forms", XML: `<query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='form'/><x xmlns='jabber:x:data' type='form'/></query>`, WantErr: muc.ErrInvalid},
		{Name: "bad form", XML: `<query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='nope'/></query>`, WantErr: xmpptest.ErrAny},
		{Name: "other namespace", XML: `<query xmlns='jabber:iq:registe'/>`, WantErr: muc.ErrInvalid},
	})
}

// registerRoom answers registration as §7.10 describes: a form asking for
// a nick and a name, conflict for a nick taken, and the reserved nick
// through disco#info on x-roomuser-item (§7.12).
type registerRoom struct {
	mu         sync.Mutex
	registered string // the client's reserved nick; empty for none
	submitted  []form.Form
}

func (r *registerRoom) get(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.registered != "" {
		return muc.Registration{Registered: true, Nick: r.registered}, nil
	}
	return muc.Registration{Form: &form.Form{Type: form.TypeForm, Fields: []form.Field{
		form.HiddenFormType(muc.RegisterFormType),
		{Var: "muc#register_first", Type: form.TextSingle, Values: []string{"Brunhilde"}},
		{Var: muc.RegisterNickField, Type: form.TextSingle, Required: true},
		{Type: form.Fixed, Values: []string{"a note"}},
	}}}, nil
}

func (r *registerRoom) set(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	el, _ := st.Element.Child(muc.NSRegister, "query")
	reg, err := muc.ParseRegistration(el)
	if err != nil || reg.Form == nil || reg.Form.Type != form.TypeSubmit || reg.Form.FormType() != muc.RegisterFormType {
		return nil, stanza.NewError(stanza.BadRequest)
	}
	nick, _ := reg.Form.Field(muc.RegisterNickField)
	if nick.Value() == "romeo" {
		return nil, stanza.NewError(stanza.Conflict)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.submitted = append(r.submitted, *reg.Form)
	r.registered = nick.Value()
	return nil, nil
}

func (r *registerRoom) info(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	info := disco.Info{Node: muc.ReservedNickNode}
	if r.registered != "" {
		info.Identities = []disco.Identity{{Category: "conference", Type: "text", Name: r.registered}}
	}
	return info, nil
}

func TestRegister(t *testing.T) {
	room := &registerRoom{}
	s, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(
		mux.Get(muc.RegisterName, mux.IQResponderFunc(room.get)),
		mux.Set(muc.RegisterName, mux.IQResponderFunc(room.set)),
		mux.Get(disco.InfoName, mux.IQResponderFunc(room.info)),
	)))
	if nick, err := muc.ReservedNick(ctx(t), s, coven); err != nil || nick != "" {
		t.Fatalf("ReservedNick before registering = %q, %v", nick, err)
	}
	reg, err := muc.GetRegistration(ctx(t), s, coven)
	if err != nil || reg.Registered || reg.Form == nil {
		t.Fatalf("GetRegistration = %+v, %v", reg, err)
	}
	if err := muc.RegisterNick(ctx(t), s, coven, "romeo"); !errors.Is(err, stanza.Error{Condition: stanza.Conflict}) {
		t.Errorf("RegisterNick of a taken nick: %v", err)
	}
	if err := muc.RegisterNick(ctx(t), s, coven, "thirdwitch"); err != nil {
		t.Fatalf("RegisterNick: %v", err)
	}
	room.mu.Lock()
	sub := room.submitted[0]
	room.mu.Unlock()
	// The room's own values are kept, the fixed note dropped.
	if first, _ := sub.Field("muc#register_first"); first.Value() != "Brunhilde" || len(sub.Fields) != 3 {
		t.Errorf("submitted %+v", sub)
	}
	if nick, err := muc.ReservedNick(ctx(t), s, coven); err != nil || nick != "thirdwitch" {
		t.Errorf("ReservedNick = %q, %v", nick, err)
	}
	if err := muc.RegisterNick(ctx(t), s, coven, "other"); !errors.Is(err, muc.ErrRegistered) {
		t.Errorf("RegisterNick when registered: %v", err)
	}
	// Register adds the FORM_TYPE to a form without one.
	if err := muc.Register(ctx(t), s, coven, form.Form{Fields: []form.Field{{Var: muc.RegisterNickField, Values: []string{"fourthwitch"}}}}); err != nil {
		t.Errorf("Register: %v", err)
	}
}
