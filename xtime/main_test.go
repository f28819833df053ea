package xtime_test

import (
	"encoding/xml"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestMain(m *testing.M) { xmpptest.Main(m) }

// jid0 is the zero JID: a request to the account's server.
var jid0 jid.JID

// xmlPayload is an empty element named name.
func xmlPayload(name xml.Name) xmlstream.Marshaler {
	return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := w.Start(name); err != nil {
			return err
		}
		return w.End()
	})
}
