package sm_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// A reconnecting client stops for good while the server has not
// acknowledged its last stanzas: Abandon reports them (not the initial
// presence, sent with Unreported) and settles their receipts.
func ExampleResumer_Abandon() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv := sm.NewServer(sm.ServerConfig{Unacknowledged: func(sm.Ending) {}})
	defer srv.Close()
	r := sm.NewResumer(sm.Config{AckEvery: -1, AckAfter: -1}) // no acknowledgements in this example
	client, _, conn, err := connectExample(ctx, srv, append(r.Features(), xmpp.BindResource())...)
	if err != nil {
		fmt.Println(err)
		return
	}
	r.Resumed(client)
	if _, err := sm.WaitEnabled(ctx, client); err != nil {
		fmt.Println(err)
		return
	}
	presence := xmlstream.EmptyElement{Name: xml.Name{Space: stanza.NSClient, Local: "presence"}}
	if err := client.Send(ctx, sm.Unreported(presence)); err != nil {
		fmt.Println(err)
		return
	}
	receipt, err := sm.Send(ctx, client, message.Chat(jid.MustParse("romeo@example.net"), "Farewell"))
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = conn.Close() // the network fails, and the client gives up
	<-client.Done()

	for _, el := range r.Abandon() {
		m, _ := message.Parse(el)
		fmt.Println("lost:", m.Body(""))
	}
	fmt.Println("receipt:", receipt.Wait(ctx))
	// Output:
	// lost: Farewell
	// receipt: sm: the stanza was not acknowledged
}
