package lastactivity_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/lastactivity"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestEncode(t *testing.T) {
	for _, tc := range []struct {
		in   lastactivity.Info
		want string
	}{
		{lastactivity.Info{Elapsed: 903 * time.Second, Status: "Heading Home"}, `<query xmlns="jabber:iq:last" seconds="903">Heading Home</query>`},
		{lastactivity.Info{Elapsed: 123456 * time.Second}, `<query xmlns="jabber:iq:last" seconds="123456"/>`},
		{lastactivity.Info{Elapsed: 1999 * time.Millisecond}, `<query xmlns="jabber:iq:last" seconds="1"/>`},
		{lastactivity.Info{}, `<query xmlns="jabber:iq:last" seconds="0"/>`},
		{lastactivity.Info{Elapsed: -time.Hour}, `<query xmlns="jabber:iq:last" seconds="0"/>`},
		{lastactivity.Info{Status: "a<b & c"}, `<query xmlns="jabber:iq:last" seconds="0">a&lt;b &amp; c</query>`},
	} {
		if got := xmpptest.Marshal(t, tc.in); got != tc.want {
			t.Errorf("got %s, want %s", got, tc.want)
		}
	}
}

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    lastactivity.Info
		wantErr error
	}{
		// The examples of XEP-0012 §3, §4 and §5.
		{`<query xmlns='jabber:iq:last' seconds='903'>Heading Home</query>`, lastactivity.Info{Elapsed: 903 * time.Second, Status: "Heading Home"}, nil},
		{`<query xmlns='jabber:iq:last' seconds='123'/>`, lastactivity.Info{Elapsed: 123 * time.Second}, nil},
		{`<query xmlns='jabber:iq:last' seconds='123456'/>`, lastactivity.Info{Elapsed: 123456 * time.Second}, nil},
		{`<query xmlns='jabber:iq:last' seconds='0'>a<x xmlns='urn:x'>b</x>c</query>`, lastactivity.Info{Status: "ac"}, nil},
		{`<query xmlns='jabber:iq:last' seconds='9223372036'/>`, lastactivity.Info{Elapsed: 9223372036 * time.Second}, nil},
		{`<query xmlns='jabber:iq:last'/>`, lastactivity.Info{}, lastactivity.ErrInvalid},
		{`<query xmlns='jabber:iq:last' seconds=''/>`, lastactivity.Info{}, lastactivity.ErrInvalid},
		{`<query xmlns='jabber:iq:last' seconds='-1'/>`, lastactivity.Info{}, lastactivity.ErrInvalid},
		{`<query xmlns='jabber:iq:last' seconds='+5'/>`, lastactivity.Info{Elapsed: 5 * time.Second}, nil},
		{`<query xmlns='jabber:iq:last' seconds='1.5'/>`, lastactivity.Info{}, lastactivity.ErrInvalid},
		{`<query xmlns='jabber:iq:last' seconds='9223372037'/>`, lastactivity.Info{}, lastactivity.ErrInvalid},
		{`<query xmlns='jabber:iq:last' seconds='18446744073709551615'/>`, lastactivity.Info{}, lastactivity.ErrInvalid},
		{`<query xmlns='jabber:iq:version' seconds='1'/>`, lastactivity.Info{}, lastactivity.ErrInvalid},
	} {
		el, err := xmpptest.ReadElement("", tc.in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := lastactivity.Parse(el)
		if !errors.Is(err, tc.wantErr) || got != tc.want {
			t.Errorf("Parse(%s) = %+v, %v; want %+v, %v", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}

// TestGet asks in both directions, each side answering with its Handler;
// an entity without one answers service-unavailable.
func TestGet(t *testing.T) {
	idle := lastactivity.Handler{Since: func() time.Time { return time.Now().Add(-2 * time.Minute) }}
	client, server := xmpptest.Pair(t, xmpptest.Handlers(mux.New(idle.Handle()), mux.New(lastactivity.Handler{}.Handle())))
	_, bare := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New()))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, tc := range []struct {
		name    string
		s       *xmpp.Session
		want    lastactivity.Info
		wantErr error
	}{
		{"server asks an idle client", server, lastactivity.Info{Elapsed: 2 * time.Minute}, nil},
		{"client asks a server without Since", client, lastactivity.Info{}, nil},
		{"no handler", bare, lastactivity.Info{}, stanza.Error{Condition: stanza.ServiceUnavailable}},
	} {
		got, err := lastactivity.Get(ctx, tc.s, tc.s.RemoteAddr())
		if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) || got != tc.want {
			t.Errorf("%s: got %+v, %v; want %+v, %v", tc.name, got, err, tc.want, tc.wantErr)
		}
	}
}
