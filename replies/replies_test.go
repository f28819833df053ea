package replies_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/replies"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

var anna = jid.MustParse("anna@example.com/tablet")

func TestWire(t *testing.T) {
	xmpptest.RunWire(t, replies.Parse, []xmpptest.WireCase[replies.Reply]{
		// XEP-0461 §3, example 3.
		{Name: "spec example", XML: `<reply to='anna@example.com/tablet' id='message-id1' xmlns='urn:xmpp:reply:0' />`,
			Value: replies.Reply{To: anna, ID: "message-id1"}},
		{Name: "bare to", XML: `<reply to='anna@example.com' id='m' xmlns='urn:xmpp:reply:0'/>`, Value: replies.Reply{To: anna.Bare(), ID: "m"}},
		{Name: "no to", XML: `<reply id='m' xmlns='urn:xmpp:reply:0'/>`, Value: replies.Reply{ID: "m"}},
		{Name: "no id", XML: `<reply to='anna@example.com' xmlns='urn:xmpp:reply:0'/>`, WantErr: replies.ErrNoID},
		{Name: "bad to", XML: `<reply to='anna@' id='m' xmlns='urn:xmpp:reply:0'/>`, WantErr: replies.ErrBadTo},
		{Name: "empty to", XML: `<reply to='' id='m' xmlns='urn:xmpp:reply:0'/>`, WantErr: replies.ErrBadTo},
		{Name: "wrong namespace", XML: `<reply id='m' xmlns='urn:xmpp:reply:1'/>`, WantErr: replies.ErrNotReply},
		{Name: "write without id", Value: replies.Reply{To: anna}, WantErr: replies.ErrNoID},
	})
}

func TestQuote(t *testing.T) {
	for _, tc := range []struct{ author, quoted, want string }{
		{"Anna", "We should bake a cake", "> Anna wrote:\n> We should bake a cake\n"},
		{"", "a\nb\n", "> a\n> b\n"},
		{"Anna", "", ""},
	} {
		if got := replies.Quote(tc.author, tc.quoted); got != tc.want {
			t.Errorf("Quote(%q, %q) = %q, want %q", tc.author, tc.quoted, got, tc.want)
		}
	}
}

// NewQuoted writes the message of §3.1, example 4, whose region covers the
// 38 code points of the quote.
func TestNewQuoted(t *testing.T) {
	m := replies.NewQuoted(jid.MustParse("anna@example.com"), stanza.ChatMessage, replies.Reply{To: jid.MustParse("anna@example.com/laptop"), ID: "message-id1"},
		"Anna", "We should bake a cake", "Great idea!")
	m.Header.ID = "message-id3"
	want := `<message xmlns='jabber:client' to='anna@example.com' id='message-id3' type='chat'>` +
		"<body>> Anna wrote:\n> We should bake a cake\nGreat idea!</body>" +
		`<reply to='anna@example.com/laptop' id='message-id1' xmlns='urn:xmpp:reply:0' />` +
		`<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start="0" end="38" /></fallback></message>`
	got := strings.Replace(xmpptest.MarshalIn(t, stanza.NSClient, m), "<message", "<message xmlns='jabber:client'", 1)
	if same, err := xmpptest.SameXML(got, want); err != nil || !same {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if body := replies.Body(xmpptest.ElementIn(t, stanza.NSClient, got)); body != "Great idea!" {
		t.Errorf("Body = %q", body)
	}
}

func TestBody(t *testing.T) {
	const fb = `<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='4'/></fallback>`
	for _, tc := range []struct{ name, msg, want string }{
		{"stripped", "<message><body>> a\nb</body>" + fb + "</message>", "b"},
		{"no fallback", "<message><body>> a\nb</body></message>", "> a\nb"},
		{"another extension's fallback kept", "<message><body>> a\nb</body><fallback xmlns='urn:xmpp:fallback:0' for='urn:other'/></message>", "> a\nb"},
		{"whole body", "<message><body>quote only</body><fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'/></message>", ""},
		{"region past the end ignored", "<message><body>> a</body>" + fb + "</message>", "> a"},
		{"body without lang preferred", "<message xml:lang='en'><body xml:lang='de'>xxxxDE</body><body>> a\nb</body>" + fb + "</message>", "b"},
		{"no body", "<message>" + fb + "</message>", ""},
	} {
		if got := replies.Body(xmpptest.ElementIn(t, stanza.NSClient, tc.msg)); got != tc.want {
			t.Errorf("%s: Body = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// A quoted reply crosses a real session; the receiver reads the reference
// and the body without the quote.
func TestPair(t *testing.T) {
	got := make(chan string, 1)
	read := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		r, ok, err := replies.Find(st.Element)
		got <- r.ID + "|" + r.To.String() + "|" + replies.Body(st.Element) + "|" + map[bool]string{true: "ok"}[ok && err == nil]
		return nil
	})
	client, server := xmpptest.Pair(t, xmpptest.Handlers(nil, read))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	m := replies.NewQuoted(server.LocalAddr(), stanza.ChatMessage, replies.Reply{To: anna, ID: "m1"}, "Anna", "line 1\nline 2", "👍 agreed")
	if err := client.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	select {
	case g := <-got:
		if want := "m1|anna@example.com/tablet|👍 agreed|ok"; g != want {
			t.Errorf("got %q, want %q", g, want)
		}
	case <-ctx.Done():
		t.Fatal("nothing received")
	}
}
