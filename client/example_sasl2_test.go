package client_test

import (
	"context"
	"fmt"
	"log"
	"slices"
	"strings"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/carbons"
	"github.com/canto-im/xmpp/client"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sm"
)

// A client that logs in with SASL2 and Bind 2: the resource is bound, and
// carbons and stream management enabled, in the authentication's round
// trip; later reconnections resume the stream inside authentication.
func ExampleSASL2() {
	srv, dialer := exampleServer()
	defer srv.Close()
	c, err := client.New(jid.MustParse("alice@example.test"), client.Config{
		Password: "4l1c3",
		Dial:     dialer,
		SASL2: &client.SASL2{
			UserAgent: xmpp.UserAgent{ID: "d4c5b8f2-1e3a-4b6c-8d7e-9f0a1b2c3d4e", Software: "example"},
			FAST:      xmpp.NewMemoryFASTClientStore(),
			Tag:       "phone",
			Bind:      []xmpp.BindFeature{carbons.Bind2(nil)},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- c.Run(ctx) }()
	s, err := c.Session(ctx)
	if err != nil {
		log.Fatal(err)
	}
	info, _ := xmpp.SASL2Of(s)
	fmt.Println("resource from the tag:", strings.HasPrefix(s.LocalAddr().Resourcepart(), "phone/"))
	fmt.Println("carbons inline:", slices.Contains(info.Enabled, carbons.NS))
	fmt.Println("stream management inline:", slices.Contains(info.Enabled, sm.NS))
	stop()
	<-done
	// Output:
	// resource from the tag: true
	// carbons inline: true
	// stream management inline: true
}
