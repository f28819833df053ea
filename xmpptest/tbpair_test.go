package xmpptest_test

import (
	"context"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// message is a chat message with a body, to send in tests.
func message(t *testing.T, to, body string) xmlstream.Marshaler {
	return xmpptest.ElementIn(t, "jabber:client", "<message to='"+to+"'><body>"+body+"</body></message>")
}

// bodies sends the body of every message a session receives to a channel.
func bodies() (xmpp.Handler, <-chan string) {
	ch := make(chan string, 1)
	return xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind == stanza.KindMessage {
			if b, ok := st.Element.Child("jabber:client", "body"); ok {
				ch <- b.Text()
			}
		}
		return nil
	}), ch
}

func TestPair(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts xmpptest.Options
	}{
		{"pipe", xmpptest.Options{}},
		{"PLAIN", xmpptest.Options{Mechanisms: []string{"PLAIN"}}},
		{"TLS", xmpptest.Options{TLS: true}},
		{"TCP TLS", xmpptest.Options{TLS: true, TCP: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch, cgot := bodies()
			sh, sgot := bodies()
			tc.opts.Client.Handler, tc.opts.Server.Handler = ch, sh
			client, server := xmpptest.Pair(t, tc.opts)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := client.Send(ctx, message(t, "example.net", "to the server")); err != nil {
				t.Fatal(err)
			}
			if err := server.Send(ctx, message(t, client.LocalAddr().String(), "to the client")); err != nil {
				t.Fatal(err)
			}
			for _, want := range []struct {
				ch   <-chan string
				body string
			}{{sgot, "to the server"}, {cgot, "to the client"}} {
				select {
				case got := <-want.ch:
					if got != want.body {
						t.Errorf("got %q, want %q", got, want.body)
					}
				case <-ctx.Done():
					t.Fatalf("no %q", want.body)
				}
			}
		})
	}
}

// TestPairCloses checks that the sessions of Pair are closed when the test
// ends: the leak check of TestMain would catch them otherwise, and here
// they are seen closed from the parent test.
func TestPairCloses(t *testing.T) {
	var client, server *xmpp.Session
	t.Run("pair", func(t *testing.T) {
		client, server = xmpptest.Pair(t, xmpptest.Options{})
	})
	for _, s := range []*xmpp.Session{client, server} {
		select {
		case <-s.Done():
		case <-time.After(5 * time.Second):
			t.Fatal("session still open after its test")
		}
	}
}
