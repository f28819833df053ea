package thirdparty

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/roster"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// subscriber is a Canto client that approves every subscription request
// and asks for one back, and reports whose available presence it sees.
type subscriber struct{ online chan jid.JID }

func (sb subscriber) handler(l *lab) xmpp.Handler {
	return xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind != stanza.KindPresence {
			if st.Header.Kind == stanza.KindIQ && st.Header.IQType().IsRequest() {
				return stanza.NewError(stanza.ServiceUnavailable)
			}
			return nil
		}
		from := st.Header.From.Bare()
		switch st.Header.PresenceType() {
		case stanza.SubscribePresence:
			for _, typ := range []stanza.PresenceType{stanza.SubscribedPresence, stanza.SubscribePresence} {
				p := stanza.Presence{To: from, Type: typ}
				if err := s.Send(ctx, xmlstream.MarshalerFunc(p.WriteEmpty)); err != nil {
					return err
				}
			}
		case stanza.AvailablePresence:
			if from != l.echo.Bare() {
				select {
				case sb.online <- from:
				default:
				}
			}
		}
		return nil
	})
}

// TestSubscriptionClients: slixmpp, aioxmpp and @xmpp/client subscribe to
// a Canto client's presence through the embedded server and approve its
// request back; both sides then see each other online (RFC 6121 §3).
func TestSubscriptionClients(t *testing.T) {
	_, nodeErr := exec.LookPath("node")
	for _, tc := range []struct {
		client, what, install string
		have                  bool
		cmd                   []string
	}{
		{"slixmpp", "slixmpp", "apt-get install python3-slixmpp", havePython("slixmpp"), []string{systemPython, "testdata/slixmpp_sub.py"}},
		{"aioxmpp", "aioxmpp", "apt-get install python3-aioxmpp", havePython("aioxmpp"), []string{systemPython, "testdata/aioxmpp_sub.py"}},
		{"xmppjs", "Node.js and the npm package @xmpp/client", "npm ci --prefix internal/thirdparty/testdata/js",
			nodeErr == nil && havePath(filepath.Join("testdata/js/node_modules/@xmpp/client/package.json")), []string{"node", "testdata/js/xmppjs_sub.mjs"}},
	} {
		t.Run(tc.client, func(t *testing.T) {
			need(t, tc.what, tc.install, tc.have)
			sb := subscriber{online: make(chan jid.JID, 4)}
			l := newLabWith(t, sb.handler, tc.client)
			env := append(scriptEnv(), "NODE_EXTRA_CA_CERTS="+l.ca)
			args := append(tc.cmd[1:], l.scriptArgs(tc.client, "127.0.0.1", port(l.srv.Addr()), "starttls")...)
			run(t, env, tc.cmd[0], args...)
			u, _ := user(tc.client)
			select {
			case from := <-sb.online:
				if from.Localpart() != u {
					t.Fatalf("the Canto client saw %s online, want %s", from, u)
				}
				return
			case <-time.After(5 * time.Second):
			}
			// The client may have gone before its presence reached the
			// Canto client (it leaves once its roster says "both"): the
			// server's record of the subscription decides then.
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			r, err := roster.Get(ctx, l.canto, roster.Roster{})
			if err != nil {
				t.Fatal(err)
			}
			it, ok := r.Lookup(jid.MustParse(u + "@" + domain))
			if !ok || it.Subscription != roster.SubBoth {
				t.Fatalf("the Canto client neither saw %s online nor has a mutual subscription: %+v", u, it)
			}
		})
	}
}
