package mam_test

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/sasl"
)

// The server describes the account's archive in Bind 2's <bound/>
// (XEP-0386), so that a client logging in knows at once what it has
// missed.
func ExampleBoundMetadata() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	juliet, romeo := jid.MustParse("juliet@example.net"), jid.MustParse("romeo@example.net")
	sv := mam.NewService(mam.NewMemoryArchive(mam.MemoryLimits{}), mam.ServiceOptions{})
	when := time.Date(2026, 4, 20, 14, 34, 21, 0, time.UTC)
	for i, id := range []string{"first", "last"} {
		raw := []byte("<message xmlns='jabber:client' type='chat'><body>hi</body></message>")
		if _, err := sv.Record(juliet, romeo, true, id, when.Add(time.Duration(i)*time.Minute), raw); err != nil {
			fmt.Println(err)
			return
		}
	}

	cc, sc := net.Pipe()
	done := make(chan *xmpp.Session, 1)
	go func() {
		s, _ := xmpp.ReceiveClientSession(ctx, jid.MustParse("example.net"), sc, xmpp.Config{InsecureAssumeSecure: true},
			xmpp.SASL2Server(xmpp.SASL2ServerConfig{
				SASL:   sasl.ServerConfig{Mechanisms: []string{sasl.Plain}, Plain: func(string, string) error { return nil }},
				Inline: []xmpp.SASL2Inline{xmpp.Bind2(xmpp.Bind2Config{Info: []xmpp.BindInfo{sv.Bind2()}})},
			}))
		done <- s
	}()
	client, err := xmpp.NewClientSession(ctx, juliet, cc, xmpp.Config{InsecureAssumeSecure: true},
		xmpp.SASL2(xmpp.SASL2Config{
			SASL:   sasl.ClientConfig{Password: "x", Mechanisms: []string{sasl.Plain}},
			Inline: []xmpp.SASL2Inline{xmpp.Bind2(xmpp.Bind2Config{Info: []xmpp.BindInfo{mam.Bind2()}})},
		}))
	server := <-done
	if err != nil || server == nil {
		fmt.Println("login failed:", err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)
	md, ok := mam.BoundMetadata(client)
	fmt.Println(ok, md.Start.ID, md.End.ID, md.End.Time.UTC().Format(time.RFC3339))
	// Output:
	// true first last 2026-04-20T14:35:21Z
}
