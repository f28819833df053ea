package sm

import (
	"bytes"
	"testing"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// appendAck, written with Session.Answer unchecked, is what the session's
// writer makes of Ack on a stream of either content namespace, h wrapping
// included.
func TestAppendAck(t *testing.T) {
	for _, ns := range []string{stanza.NSClient, stanza.NSServer} {
		for _, h := range []uint32{0, 7, 1 << 31, 1<<32 - 1} {
			var out bytes.Buffer
			w := xmlstream.NewWriter(&out)
			w.SetDefaultNS(ns)
			if err := (Ack{H: h}).WriteXML(w.Encoder()); err != nil {
				t.Fatal(err)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			ss := newSession(limits{})
			ss.in.Store(h)
			if got := ss.appendAck([]byte("x")); string(got) != "x"+out.String() {
				t.Errorf("%s, h %d: writer %s, appendAck %s", ns, h, out.String(), got[1:])
			}
		}
	}
}
