package bookmarks_test

import (
	"fmt"

	"github.com/canto-im/xmpp/bookmarks"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmpptest"
)

// A bookmark as XEP-0402 stores it (the room's JID is the item ID) and as
// XEP-0048 does, for older clients.
func ExampleConference() {
	c := bookmarks.Conference{Name: "Lounge", Autojoin: true, Nick: "al"}
	out, _ := xmpptest.MarshalString("", c)
	fmt.Println(out)
	st := bookmarks.Storage{Rooms: []bookmarks.Room{{JID: jid.MustParse("lounge@muc.example"), Conference: c}}}
	out, _ = xmpptest.MarshalString("", st)
	fmt.Println(out)
	// Output:
	// <conference xmlns="urn:xmpp:bookmarks:1" name="Lounge" autojoin="true"><nick>al</nick></conference>
	// <storage xmlns="storage:bookmarks"><conference jid="lounge@muc.example" name="Lounge" autojoin="true"><nick>al</nick></conference></storage>
}
