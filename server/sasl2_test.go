package server_test

import (
	"context"
	"crypto/tls"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/carbons"
	"github.com/canto-im/xmpp/csi"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/xmlstream"
)

const agentID = "0b3c3b4e-6a49-4b8f-9a55-2f5c0c1f7d21"

// loginSASL2 connects user over STARTTLS with SASL2, Bind 2 (carbons
// enabled, CSI inactive) and FAST, falling back to RFC 6120 SASL.
func loginSASL2(t *testing.T, srv *server.Server, user, password string, store xmpp.FASTClientStore) (*client, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		return nil, err
	}
	c := &client{t: t, in: make(chan *xmlstream.Element, 256), conn: &stallConn{Conn: conn}}
	cfg := xmpp.Config{Handler: xmpp.HandlerFunc(c.record)}
	bare := jid.MustParse(user + "@" + srv.Domain().Domainpart())
	c.sess, err = xmpp.NewClientSession(ctx, bare, c.conn, cfg,
		xmpp.StartTLS(&tls.Config{RootCAs: srv.CertPool()}),
		xmpp.SASL2(xmpp.SASL2Config{
			SASL:      sasl.ClientConfig{Password: password},
			UserAgent: xmpp.UserAgent{ID: agentID, Software: "server test"},
			Inline: []xmpp.SASL2Inline{xmpp.Bind2(xmpp.Bind2Config{Tag: "phone",
				Features: []xmpp.BindFeature{carbons.Bind2(nil), csi.Bind2(true)}})},
			FAST: store,
		}),
		xmpp.SASL("", password), xmpp.BindResource(), csi.Feature())
	if err != nil {
		conn.Close()
		return nil, err
	}
	c.jid = c.sess.LocalAddr()
	t.Cleanup(c.close)
	return c, nil
}

// TestSASL2Server: a client logs in to the embedded server with SCRAM
// through SASL2, binds with Bind 2 and gets carbons at once; it
// reconnects with its FAST token, without the password.
func TestSASL2Server(t *testing.T) {
	srv := newServer(t, server.Config{})
	store := xmpp.NewMemoryFASTClientStore()
	phone, err := loginSASL2(t, srv, "alice", "ecila", store)
	if err != nil {
		t.Fatal(err)
	}
	info, ok := xmpp.SASL2Of(phone.sess)
	if !ok || !strings.HasPrefix(info.Mechanism, "SCRAM-") || !info.TokenIssued {
		t.Fatalf("login %+v", info)
	}
	if !slices.Contains(info.Enabled, carbons.NS) || !carbons.EnabledInline(phone.sess) {
		t.Errorf("carbons not enabled inline: %v", info.Enabled)
	}
	if !csi.IsInactive(phone.sess) || !csi.Offered(phone.sess) {
		t.Error("the session did not start inactive")
	}
	if !strings.HasPrefix(phone.jid.Resourcepart(), "phone/") {
		t.Errorf("bound %s", phone.jid)
	}
	// Carbons work with no IQ sent: bob writes to alice's other resource.
	laptop := login(t, srv, "alice", "laptop")
	bob := login(t, srv, "bob", "home")
	bob.send("<message to='alice@example.test/laptop' type='chat' id='c1'><body>hi</body></message>")
	laptop.expect("id='c1'")
	phone.expect("<received xmlns='urn:xmpp:carbons:2'>", "id='c1'")

	// Reconnect with the token: no password.
	again, err := loginSASL2(t, srv, "alice", "", store)
	if err != nil {
		t.Fatal(err)
	}
	if info, _ := xmpp.SASL2Of(again.sess); !info.FAST {
		t.Errorf("reconnect %+v, want FAST", info)
	}
	// The new session from the same installation replaced the first
	// (XEP-0386: earlier sessions of the same user agent end).
	select {
	case <-phone.sess.Done():
	case <-time.After(5 * time.Second):
		t.Error("the earlier session of the same user agent was not ended")
	}
	if laptop.sess.Err() != nil {
		t.Errorf("another installation's session ended: %v", laptop.sess.Err())
	}
	// A wrong password with no token left fails.
	_ = store.DeleteToken(jid.MustParse("alice@example.test"), agentID)
	if _, err := loginSASL2(t, srv, "alice", "wrong", store); err == nil {
		t.Error("login with a wrong password succeeded")
	}
}
