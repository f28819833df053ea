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

// TestWire holds Info to XEP-0012's examples and to what the schema
// refuses: written, parsed, and round trip.
func TestWire(t *testing.T) {
	type info = lastactivity.Info
	xmpptest.RunWire(t, lastactivity.Parse, []xmpptest.WireCase[info]{
		// The examples of XEP-0012 §3, §4 and §5.
		{Name: "§3 with status", XML: `<query xmlns='jabber:iq:last' seconds='903'>Heading Home</query>`, Value: info{Elapsed: 903 * time.Second, Status: "Heading Home"}},
		{Name: "§4", XML: `<query xmlns='jabber:iq:last' seconds='123'/>`, Value: info{Elapsed: 123 * time.Second}},
		{Name: "§5", XML: `<query xmlns='jabber:iq:last' seconds='123456'/>`, Value: info{Elapsed: 123456 * time.Second}},
		{Name: "zero", XML: `<query xmlns='jabber:iq:last' seconds='0'/>`, Value: info{}},
		{Name: "escaped status", XML: `<query xmlns='jabber:iq:last' seconds='0'>a&lt;b &amp; c</query>`, Value: info{Status: "a<b & c"}},
		{Name: "largest", XML: `<query xmlns='jabber:iq:last' seconds='9223372036'/>`, Value: info{Elapsed: 9223372036 * time.Second}},
		{Name: "foreign child ignored", ParseOnly: true,
			XML: `<query xmlns='jabber:iq:last' seconds='0'>a<x xmlns='urn:x'>b</x>c</query>`, Value: info{Status: "ac"}},
		{Name: "plus sign", ParseOnly: true, XML: `<query xmlns='jabber:iq:last' seconds='+5'/>`, Value: info{Elapsed: 5 * time.Second}},
		{Name: "no seconds", XML: `<query xmlns='jabber:iq:last'/>`, WantErr: lastactivity.ErrInvalid},
		{Name: "empty seconds", XML: `<query xmlns='jabber:iq:last' seconds=''/>`, WantErr: lastactivity.ErrInvalid},
		{Name: "negative", XML: `<query xmlns='jabber:iq:last' seconds='-1'/>`, WantErr: lastactivity.ErrInvalid},
		{Name: "fraction", XML: `<query xmlns='jabber:iq:last' seconds='1.5'/>`, WantErr: lastactivity.ErrInvalid},
		{Name: "beyond a Duration", XML: `<query xmlns='jabber:iq:last' seconds='9223372037'/>`, WantErr: lastactivity.ErrInvalid},
		{Name: "beyond 64 bits", XML: `<query xmlns='jabber:iq:last' seconds='18446744073709551615'/>`, WantErr: lastactivity.ErrInvalid},
		{Name: "another namespace", XML: `<query xmlns='jabber:iq:version' seconds='1'/>`, WantErr: lastactivity.ErrInvalid},
	})
}

// TestWriteWholeSeconds: the wire carries whole seconds, so a fraction is
// dropped and a negative time is written as 0.
func TestWriteWholeSeconds(t *testing.T) {
	for _, tc := range []struct {
		in   lastactivity.Info
		want string
	}{
		{lastactivity.Info{Elapsed: 1999 * time.Millisecond}, `<query xmlns="jabber:iq:last" seconds="1"/>`},
		{lastactivity.Info{Elapsed: -time.Hour}, `<query xmlns="jabber:iq:last" seconds="0"/>`},
	} {
		if got := xmpptest.Marshal(t, tc.in); got != tc.want {
			t.Errorf("got %s, want %s", got, tc.want)
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
