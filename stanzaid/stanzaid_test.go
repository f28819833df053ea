package stanzaid_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stanzaid"
	"github.com/canto-im/xmpp/xmpptest"
)

var room = jid.MustParse("room@muc.example.com")

func TestStanzaIDWire(t *testing.T) {
	xmpptest.RunWire(t, stanzaid.ParseStanzaID, []xmpptest.WireCase[stanzaid.StanzaID]{
		// XEP-0359 §2.1, example 1.
		{Name: "spec example", XML: `<stanza-id xmlns='urn:xmpp:sid:0' id='de305d54-75b4-431b-adb2-eb6b9e546013' by='room@muc.example.com'/>`,
			Value: stanzaid.StanzaID{ID: "de305d54-75b4-431b-adb2-eb6b9e546013", By: room}},
		{Name: "by normalised", XML: `<stanza-id xmlns='urn:xmpp:sid:0' id='x' by='Room@MUC.Example.com'/>`,
			Value: stanzaid.StanzaID{ID: "x", By: room}, ParseOnly: true},
		{Name: "no by", XML: `<stanza-id xmlns='urn:xmpp:sid:0' id='x'/>`, WantErr: stanzaid.ErrNoBy},
		{Name: "bad by", XML: `<stanza-id xmlns='urn:xmpp:sid:0' id='x' by='@'/>`, WantErr: stanzaid.ErrNoBy},
		{Name: "no id", XML: `<stanza-id xmlns='urn:xmpp:sid:0' by='room@muc.example.com'/>`, WantErr: stanzaid.ErrNoID},
		{Name: "empty id", XML: `<stanza-id xmlns='urn:xmpp:sid:0' id='' by='room@muc.example.com'/>`, WantErr: stanzaid.ErrNoID},
		{Name: "huge id", XML: `<stanza-id xmlns='urn:xmpp:sid:0' id='` + strings.Repeat("a", stanzaid.MaxIDBytes+1) + `' by='a@b'/>`, WantErr: stanzaid.ErrNoID},
		{Name: "text inside", XML: `<stanza-id xmlns='urn:xmpp:sid:0' id='x' by='a@b'>t</stanza-id>`, WantErr: stanzaid.ErrContent},
		{Name: "child inside", XML: `<stanza-id xmlns='urn:xmpp:sid:0' id='x' by='a@b'><y/></stanza-id>`, WantErr: stanzaid.ErrContent},
		{Name: "origin-id is not a stanza-id", XML: `<origin-id xmlns='urn:xmpp:sid:0' id='x'/>`, WantErr: stanzaid.ErrNotSID},
		{Name: "write without by", Value: stanzaid.StanzaID{ID: "x"}, WantErr: stanzaid.ErrNoBy},
		{Name: "write without id", Value: stanzaid.StanzaID{By: room}, WantErr: stanzaid.ErrNoID},
	})
}

func TestOriginIDWire(t *testing.T) {
	xmpptest.RunWire(t, stanzaid.ParseOriginID, []xmpptest.WireCase[stanzaid.OriginID]{
		// XEP-0359 §2.2, example 2.
		{Name: "spec example", XML: `<origin-id xmlns='urn:xmpp:sid:0' id='de305d54-75b4-431b-adb2-eb6b9e546013'/>`,
			Value: stanzaid.OriginID{ID: "de305d54-75b4-431b-adb2-eb6b9e546013"}},
		{Name: "by ignored", XML: `<origin-id xmlns='urn:xmpp:sid:0' id='a' by='x@y'/>`, Value: stanzaid.OriginID{ID: "a"}, ParseOnly: true},
		{Name: "no id", XML: `<origin-id xmlns='urn:xmpp:sid:0'/>`, WantErr: stanzaid.ErrNoID},
		{Name: "wrong namespace", XML: `<origin-id xmlns='urn:xmpp:sid:1' id='a'/>`, WantErr: stanzaid.ErrNotSID},
		{Name: "write empty", Value: stanzaid.OriginID{}, WantErr: stanzaid.ErrNoID},
	})
}

// TestBadInput_B13_StanzaIDSpoofing: only the stanza-id by the entity the
// reader names counts; one by anyone else, and two that claim the same
// entity, give none.
func TestBadInput_B13_StanzaIDSpoofing(t *testing.T) {
	const sid = `<stanza-id xmlns='urn:xmpp:sid:0' `
	juliet := jid.MustParse("juliet@capulet.example")
	for _, tc := range []struct {
		name   string
		body   string
		by     jid.JID
		want   string
		wantOK bool
	}{
		{"account's own", sid + `id='a1' by='juliet@capulet.example'/>`, juliet, "a1", true},
		{"picked among others", sid + `id='r1' by='room@muc.example.com'/>` + sid + `id='a1' by='juliet@capulet.example'/>`, juliet, "a1", true},
		{"by compared normalised", sid + `id='a1' by='Juliet@Capulet.Example'/>`, juliet, "a1", true},
		{"another entity's is not trusted", sid + `id='f1' by='capulet.example'/>`, juliet, "", false},
		{"a full JID is not the account", sid + `id='f1' by='juliet@capulet.example/balcony'/>`, juliet, "", false},
		{"two with the same by: one is forged", sid + `id='a1' by='juliet@capulet.example'/>` + sid + `id='a2' by='juliet@capulet.example'/>`, juliet, "", false},
		{"malformed skipped", sid + `by='juliet@capulet.example'/>` + sid + `id='a1' by='juliet@capulet.example'/>`, juliet, "a1", true},
		{"none", `<body>hi</body>`, juliet, "", false},
		{"zero by trusts nothing", sid + `id='a1' by='juliet@capulet.example'/>`, jid.JID{}, "", false},
		{"origin-id is never a stanza-id", `<origin-id xmlns='urn:xmpp:sid:0' id='o1'/>`, juliet, "", false},
	} {
		msg := xmpptest.ElementIn(t, stanza.NSClient, `<message from='romeo@montague.example/x' type='chat'>`+tc.body+`</message>`)
		got, ok := stanzaid.Trusted(msg, tc.by)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("%s: Trusted = %q, %v; want %q, %v", tc.name, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestRefID(t *testing.T) {
	for _, tc := range []struct {
		name, msg string
		want      string
		wantOK    bool
	}{
		{"chat: origin-id first", `<message id='m1' type='chat'><origin-id xmlns='urn:xmpp:sid:0' id='o1'/></message>`, "o1", true},
		{"chat: id", `<message id='m1' type='chat'/>`, "m1", true},
		{"chat: nothing", `<message type='chat'/>`, "", false},
		{"groupchat: the room's stanza-id", `<message id='m1' type='groupchat' from='room@muc.example.com/nick'>` +
			`<origin-id xmlns='urn:xmpp:sid:0' id='o1'/><stanza-id xmlns='urn:xmpp:sid:0' id='s1' by='room@muc.example.com'/></message>`, "s1", true},
		// XEP-0444 §4.2: never the message id in a group chat.
		{"groupchat without the room's stanza-id", `<message id='m1' type='groupchat' from='room@muc.example.com/nick'>` +
			`<origin-id xmlns='urn:xmpp:sid:0' id='o1'/><stanza-id xmlns='urn:xmpp:sid:0' id='s1' by='nick@evil.example'/></message>`, "", false},
		{"groupchat with a bad from", `<message type='groupchat' from='@'/>`, "", false},
	} {
		got, ok := stanzaid.RefID(xmpptest.ElementIn(t, stanza.NSClient, tc.msg))
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("%s: RefID = %q, %v; want %q, %v", tc.name, got, ok, tc.want, tc.wantOK)
		}
	}
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestNewID(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := stanzaid.NewID()
		if !uuidV4.MatchString(id) {
			t.Fatalf("%q is not a version 4 UUID", id)
		}
		if seen[id] {
			t.Fatalf("%q repeated", id)
		}
		seen[id] = true
	}
}

// TestAppendID: ids appended one after another, after what dst held.
func TestAppendID(t *testing.T) {
	b := stanzaid.AppendID([]byte("x"))
	b = stanzaid.AppendID(b)
	if len(b) != 1+2*stanzaid.IDBytes || b[0] != 'x' {
		t.Fatalf("got %q", b)
	}
	one, two := string(b[1:1+stanzaid.IDBytes]), string(b[1+stanzaid.IDBytes:])
	if !uuidV4.MatchString(one) || !uuidV4.MatchString(two) || one == two {
		t.Fatalf("got %q and %q", one, two)
	}
}

// TestAppendIDs: n ids from one generator, after what dst held, each a
// version 4 UUID of its own (none repeats another, in one call or across
// calls).
func TestAppendIDs(t *testing.T) {
	seen := map[string]bool{}
	for n := range 4 {
		b := stanzaid.AppendIDs([]byte("x"), n)
		if len(b) != 1+n*stanzaid.IDBytes || b[0] != 'x' {
			t.Fatalf("AppendIDs(%d): got %q", n, b)
		}
		for i := range n {
			id := string(b[1+i*stanzaid.IDBytes : 1+(i+1)*stanzaid.IDBytes])
			if !uuidV4.MatchString(id) || seen[id] {
				t.Fatalf("AppendIDs(%d): id %d %q is no new version 4 UUID", n, i, id)
			}
			seen[id] = true
		}
	}
}

func TestAddOriginID(t *testing.T) {
	m := message.Chat(jid.MustParse("romeo@montague.example"), "hi")
	id := stanzaid.AddOriginID(m)
	if id != m.Header.ID {
		t.Fatalf("origin-id %q differs from the message id %q", id, m.Header.ID)
	}
	el := xmpptest.ElementIn(t, stanza.NSClient, xmpptest.MarshalIn(t, stanza.NSClient, m))
	if got, ok := stanzaid.OriginIDOf(el); !ok || got != id {
		t.Errorf("OriginIDOf = %q, %v; want %q", got, ok, id)
	}
	var bare message.Message
	if id := stanzaid.AddOriginID(&bare); id == "" || bare.Header.ID != id {
		t.Errorf("a message without id gets one: %q, %q", id, bare.Header.ID)
	}
}

// Supports reads the feature from disco#info; an entity without disco
// answers with an error.
func TestSupports(t *testing.T) {
	with := disco.Handler{Features: []disco.Feature{disco.Var(stanzaid.NS)}}
	without := disco.Handler{Features: []disco.Feature{disco.Var("urn:other")}}
	for _, tc := range []struct {
		name    string
		h       *mux.ServeMux
		want    bool
		wantErr bool
	}{
		{"advertised", mux.New(with.Handle()), true, false},
		{"not advertised", mux.New(without.Handle()), false, false},
		{"no disco", mux.New(), false, true},
	} {
		client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, tc.h))
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		got, err := stanzaid.Supports(ctx, client, client.RemoteAddr())
		cancel()
		if got != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("%s: Supports = %v, %v", tc.name, got, err)
		}
	}
}
