package replies_test

import (
	"fmt"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/replies"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// Max answers Anna's message, quoting it for clients without replies; a
// client with replies shows the answer without the quote.
func ExampleNewQuoted() {
	m := replies.NewQuoted(jid.MustParse("anna@example.com"), stanza.ChatMessage,
		replies.Reply{To: jid.MustParse("anna@example.com/tablet"), ID: "message-id1"},
		"Anna", "We should bake a cake", "Great idea!")
	sent, err := xmpptest.MarshalString(stanza.NSClient, m)
	if err != nil {
		fmt.Println(err)
		return
	}
	received, err := xmpptest.ReadElement(stanza.NSClient, sent)
	if err != nil {
		fmt.Println(err)
		return
	}

	r, _, _ := replies.Find(received)
	body, _ := received.Child(stanza.NSClient, "body")
	fmt.Printf("%q\n", body.Text())
	fmt.Println("in reply to", r.ID, "by", r.To)
	fmt.Println(replies.Body(received))
	// Output:
	// "> Anna wrote:\n> We should bake a cake\nGreat idea!"
	// in reply to message-id1 by anna@example.com/tablet
	// Great idea!
}
