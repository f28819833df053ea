package sm

import (
	"bytes"
	"testing"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// requestRaw, written with Outgoing.Follow unchecked, is what the session's
// writer makes of Request on a stream of either content namespace.
func TestRequestRaw(t *testing.T) {
	for _, ns := range []string{stanza.NSClient, stanza.NSServer} {
		var out bytes.Buffer
		w := xmlstream.NewWriter(&out)
		w.SetDefaultNS(ns)
		if err := (Request{}).WriteXML(w.Encoder()); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if out.String() != string(requestRaw) {
			t.Errorf("%s: writer %s, requestRaw %s", ns, out.String(), requestRaw)
		}
	}
}
