package muc_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// A bot joins a room and answers the messages that mention its nick.
func Example_bot() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	said := make(chan string, 1)
	bot := muc.NewClient(muc.Config{
		OnMessage: func(r *muc.Room, m muc.Message) {
			switch {
			case m.Nick == r.Nick(): // the room reflects the bot's own messages
				said <- m.Body
			case strings.Contains(m.Body, r.Nick()):
				_ = r.Send(ctx, m.Nick+": double, double toil and trouble")
			}
		},
	})

	// The session's server plays the MUC service here.
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Client: xmpp.Config{Handler: mux.New(bot.Handle())},
		Server: xmpp.Config{Handler: (&fakeRoom{}).service()},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	room, err := bot.Join(ctx, client, jid.MustParse("coven@chat.shakespeare.lit"), "thirdwitch", muc.JoinOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range room.Occupants() {
		fmt.Println(o.Nick, o.Role, o.Affiliation)
	}

	// Romeo mentions the bot.
	_ = server.Send(ctx, message.Message{
		Header: stanza.Message{From: jid.MustParse("coven@chat.shakespeare.lit/romeo"), To: client.LocalAddr(), Type: stanza.GroupChatMessage},
		Bodies: []message.Text{{Text: "thirdwitch, what news?"}},
	})
	fmt.Println(<-said)
	fmt.Println(room.Leave(ctx, ""))
	// Output:
	// romeo participant member
	// thirdwitch moderator owner
	// romeo: double, double toil and trouble
	// <nil>
}
