package xmpp_test

import (
	"context"
	"fmt"
	"net"
	"strings"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/xmpptest"
)

// A client logs in with SASL2, binds its resource with Bind 2 and gets a
// FAST token; its next connection authenticates with the token in one
// round trip. (Over a pipe declared secure here; use TLS for real.)
func ExampleSASL2() {
	accounts, _ := xmpptest.NewAccounts(map[string]string{"juliet": "secret"}, 4096)
	serverTokens := xmpp.NewMemoryFASTServerStore()
	clientTokens := xmpp.NewMemoryFASTClientStore() // the application's secret storage
	agent := xmpp.UserAgent{ID: "d4565fa7-4d72-4749-b3d3-740edbf87770", Software: "Example"}

	connect := func(password string) {
		ctx := context.Background()
		c, s := net.Pipe()
		cfg := xmpp.Config{InsecureAssumeSecure: true}
		go func() {
			srv, err := xmpp.ReceiveClientSession(ctx, jid.MustParse("example.net"), s, cfg,
				xmpp.SASL2Server(xmpp.SASL2ServerConfig{
					SASL:   accounts.ServerConfig(),
					Inline: []xmpp.SASL2Inline{xmpp.Bind2(xmpp.Bind2Config{})},
					FAST:   serverTokens,
				}))
			if err == nil {
				<-srv.Done()
			}
		}()
		client, err := xmpp.NewClientSession(ctx, jid.MustParse("juliet@example.net"), c, cfg,
			xmpp.SASL2(xmpp.SASL2Config{
				SASL:           sasl.ClientConfig{Password: password},
				UserAgent:      agent,
				Inline:         []xmpp.SASL2Inline{xmpp.Bind2(xmpp.Bind2Config{Tag: "example"})},
				FAST:           clientTokens,
				FASTMechanisms: []string{sasl.HTSHA256None}, // no TLS, no channel binding
			}),
			xmpp.SASL("", password), // for servers without SASL2
			xmpp.BindResource())
		if err != nil {
			fmt.Println(err)
			return
		}
		defer client.Close(ctx)
		info, _ := xmpp.SASL2Of(client)
		fmt.Println(info.Mechanism, "token issued:", info.TokenIssued,
			"bound:", strings.HasPrefix(client.LocalAddr().Resourcepart(), "example/"))
	}
	connect("secret")
	connect("") // no password needed: the token is used
	// Output:
	// SCRAM-SHA-512 token issued: true bound: true
	// HT-SHA-256-NONE token issued: false bound: true
}
