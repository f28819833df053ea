package register_test

import (
	"fmt"

	"github.com/canto-im/xmpp/register"
	"github.com/canto-im/xmpp/xmpptest"
)

// The form a server sends, and the set that answers it.
func ExampleQuery() {
	form, _ := xmpptest.MarshalString("", register.Query{Instructions: "Choose a username and a password.", Fields: []string{"username", "password"}})
	set, _ := xmpptest.MarshalString("", register.Query{Username: "bill", Password: "Calliope"})
	fmt.Println(form)
	fmt.Println(set)
	// Output:
	// <query xmlns="jabber:iq:register"><instructions>Choose a username and a password.</instructions><username/><password/></query>
	// <query xmlns="jabber:iq:register"><username>bill</username><password>Calliope</password></query>
}
