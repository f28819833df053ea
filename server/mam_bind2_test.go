package server_test

import (
	"context"
	"crypto/tls"
	"net"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanzaid"
)

// loginBound logs user in over direct TLS with SASL2 and Bind 2, reading
// the archive's metadata from <bound/>; the session ends with the test.
func loginBound(t *testing.T, srv *server.Server, user string) *xmpp.Session {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	raw, err := net.Dial("tcp", srv.DirectTLSAddr().String())
	must(t, err)
	conn := tls.Client(raw, &tls.Config{ServerName: srv.Domain().Domainpart(), RootCAs: srv.CertPool()})
	if err := conn.HandshakeContext(ctx); err != nil {
		raw.Close()
		t.Fatal(err)
	}
	s, err := xmpp.NewClientSession(ctx, jid.MustParse(user+"@"+srv.Domain().Domainpart()), conn, xmpp.Config{},
		xmpp.SASL2(xmpp.SASL2Config{
			SASL:   sasl.ClientConfig{Password: testUsers[user]},
			Inline: []xmpp.SASL2Inline{xmpp.Bind2(xmpp.Bind2Config{Tag: "mam", Info: []xmpp.BindInfo{mam.Bind2()}})},
		}))
	if err != nil {
		raw.Close()
		t.Fatal(err)
	}
	closeAtEnd(t, s)
	return s
}

// TestMAMMetadataInBound: Bind 2's <bound/> describes the account's
// archive at binding (XEP-0386 §Performing the bind): empty before any
// message, then ending at the last message archived, under the
// stanza-id the recipient saw.
func TestMAMMetadataInBound(t *testing.T) {
	srv := newServer(t, server.Config{})
	must(t, srv.ListenDirectTLS(context.Background(), "127.0.0.1:0"))
	first := loginBound(t, srv, "alice")
	md, ok := mam.BoundMetadata(first)
	if !ok || !md.Empty {
		t.Fatalf("metadata of an empty archive: %+v, %v", md, ok)
	}

	alice := login(t, srv, "alice", "desk")
	bob := login(t, srv, "bob", "home")
	var ids []string
	for _, body := range []string{"one", "two"} {
		got := chat(t, bob, alice, body)
		sid, ok := stanzaid.Trusted(got, jid.MustParse("alice@example.test"))
		if !ok {
			t.Fatalf("no stanza-id on %s", serialise(got))
		}
		ids = append(ids, sid)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		md, ok = mam.BoundMetadata(loginBound(t, srv, "alice"))
		if ok && md.End.ID == ids[1] || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond) // archiving may lag delivery
	}
	if !ok || md.Empty || md.Start.ID != ids[0] || md.End.ID != ids[1] || md.End.Time.Before(md.Start.Time) {
		t.Fatalf("metadata %+v (%v), want from %s to %s", md, ok, ids[0], ids[1])
	}
}
