package styling_test

import (
	"fmt"

	"github.com/canto-im/xmpp/styling"
	"github.com/canto-im/xmpp/xmpptest"
)

// A client renders each run of a body with the run's style; directives
// are kept and styled like the text they apply to.
func ExampleParse() {
	body := "> _Twelfth Night_\nis *most* people's `favourite`"
	for _, s := range styling.Parse(body) {
		fmt.Printf("%q quote=%d %s\n", body[s.Start:s.End], s.Quote, s.Style)
	}
	// Output:
	// "> " quote=1 directive
	// "_" quote=1 emphasis|directive
	// "Twelfth Night" quote=1 emphasis
	// "_" quote=1 emphasis|directive
	// "\nis " quote=0 plain
	// "*" quote=0 strong|directive
	// "most" quote=0 strong
	// "*" quote=0 strong|directive
	// " people's " quote=0 plain
	// "`" quote=0 code|directive
	// "favourite" quote=0 code
	// "`" quote=0 code|directive
}

// A sender whose body would read as styling adds Unstyled; the receiver
// checks Disabled before parsing.
func ExampleDisabled() {
	out, err := xmpptest.MarshalString("", styling.Unstyled)
	fmt.Println(out, err)
	msg, _ := xmpptest.ReadElement("", `<message xmlns='jabber:client'><body>&gt; _ &lt;</body><unstyled xmlns='urn:xmpp:styling:0'/></message>`)
	plain, _ := xmpptest.ReadElement("", `<message xmlns='jabber:client'><body>*hi*</body></message>`)
	fmt.Println(styling.Disabled(msg), styling.Disabled(plain))
	// Output:
	// <unstyled xmlns="urn:xmpp:styling:0"/> <nil>
	// true false
}
