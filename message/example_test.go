package message_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// A client sends a chat message in one line; the server reads it with
// Parse and picks the body in its reader's language.
func Example() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := make(chan string, 1)
	read := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind != stanza.KindMessage {
			return nil
		}
		m, err := message.Parse(st.Element)
		if err != nil {
			return err
		}
		got <- fmt.Sprintf("%s from %s: %s", m.Header.Type, s.RemoteAddr().Bare(), m.Body("en"))
		return nil
	})
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{Server: xmpp.Config{Handler: read}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	if err := client.Send(ctx, message.Chat(server.LocalAddr(), "hello")); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(<-got)
	// Output:
	// chat from juliet@example.net: hello
}

// Alternate bodies in several languages (RFC 6121 §5.2.3): a body without
// xml:lang is in the message's language.
func ExampleMessage_Body() {
	m := message.Message{
		Header: stanza.Message{Lang: "en"},
		Bodies: []message.Text{{Text: "Wherefore art thou, Romeo?"}, {Lang: "cs", Text: "Proč jsi ty, Romeo?"}},
	}
	fmt.Println(m.Body("cs"))
	fmt.Println(m.Body("en-US"))
	fmt.Println(m.Body("ja"))
	// Output:
	// Proč jsi ty, Romeo?
	// Wherefore art thou, Romeo?
	// Wherefore art thou, Romeo?
}

// A receiving client shows a /me command as an action of the sender, under
// the name it knows the sender by.
func ExampleIsMe() {
	for _, body := range []string{message.Me("shrugs in disgust"), "/meshrugs"} {
		if action, ok := message.IsMe(body); ok {
			fmt.Println("* Atlas", action)
		} else {
			fmt.Println("Atlas:", body)
		}
	}
	// Output:
	// * Atlas shrugs in disgust
	// Atlas: /meshrugs
}
