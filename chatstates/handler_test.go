package chatstates_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/chatstates"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestHandler sends states both ways over a real pair: Notify sees every
// state, Next only messages with content.
func TestHandler(t *testing.T) {
	events := make(chan string, 16)
	h := func(side string) xmpp.Handler {
		return mux.New(chatstates.Handler{
			Notify: func(_ context.Context, _ *xmpp.Session, _ jid.JID, st chatstates.State) {
				events <- side + " notify " + st.String()
			},
			Next: xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
				m, err := message.Parse(st.Element)
				events <- fmt.Sprintf("%s next %s %v", side, m.Body(""), err)
				return nil
			}),
		}.Handle())
	}
	c, s := xmpptest.Pair(t, xmpptest.Handlers(h("client"), h("server")))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	content := message.Chat(s.LocalAddr(), "hi")
	content.Payload = []xmlstream.Marshaler{chatstates.Active}
	for _, tc := range []struct {
		from *xmpp.Session
		msg  xmlstream.Marshaler
		want []string
	}{
		{c, chatstates.Standalone(s.LocalAddr(), chatstates.Composing), []string{"server notify composing"}},
		{c, content, []string{"server notify active", "server next hi <nil>"}},
		{s, chatstates.Standalone(c.LocalAddr(), chatstates.Gone), []string{"client notify gone"}},
	} {
		if err := tc.from.Send(ctx, tc.msg); err != nil {
			t.Fatal(err)
		}
		for _, want := range tc.want {
			select {
			case got := <-events:
				if got != want {
					t.Errorf("got %q, want %q", got, want)
				}
			case <-ctx.Done():
				t.Fatalf("waiting for %q: %v", want, ctx.Err())
			}
		}
	}
	select {
	case got := <-events:
		t.Errorf("unexpected %q", got)
	case <-time.After(50 * time.Millisecond):
	}
}
