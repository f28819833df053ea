package correction_test

import (
	"fmt"

	"github.com/canto-im/xmpp/correction"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmpptest"
)

// The receiver of a correction checks that it comes from the original's
// sender before replacing anything.
func ExampleCheck() {
	el, _ := xmpptest.ReadElement("", `<message xmlns='jabber:client' from='romeo@montague.net/orchard' id='good1'><body>But soft, what light through yonder window breaks?</body><replace id='bad1' xmlns='urn:xmpp:message-correct:0'/></message>`)
	r, ok, _ := correction.Of(el)
	from := jid.MustParse(el.Attr("from"))
	fmt.Println(ok, r.ID, correction.Check(from, jid.MustParse("romeo@montague.net/orchard")))
	fmt.Println(correction.Check(from, jid.MustParse("romeo@montague.net/garden")))
	// Output:
	// true bad1 <nil>
	// correction: not from the sender of the original message
}
