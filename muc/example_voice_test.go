package muc_test

import (
	"fmt"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/muc"
)

// A moderator's client reads the approval form a room sent (§8.6) and
// builds the answer that grants voice.
func ExampleParseVoiceRequest() {
	fromRoom := muc.VoiceRequest{JID: jid.MustParse("hag66@shakespeare.lit/pda"), Nick: "thirdwitch"}.Form()
	req, err := muc.ParseVoiceRequest(fromRoom)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(req.Nick, req.Role, req.Allow)
	req.Allow = true
	for _, f := range req.Form().Fields {
		fmt.Println(f.Var, f.Values)
	}
	// Output:
	// thirdwitch participant false
	// FORM_TYPE [http://jabber.org/protocol/muc#request]
	// muc#role [participant]
	// muc#jid [hag66@shakespeare.lit/pda]
	// muc#roomnick [thirdwitch]
	// muc#request_allow [true]
}
