package stream_test

import (
	"bytes"
	"testing"

	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestMain(m *testing.M) { xmpptest.Main(m) }

const streamOpen = `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`

// writeRaw runs f on a fresh Writer and returns its output, for what needs
// the whole writer (stream headers) rather than a marshaler's Encoder.
func writeRaw(tb testing.TB, f func(w *xmlstream.Writer) error) string {
	tb.Helper()
	var buf bytes.Buffer
	w := xmlstream.NewWriter(&buf)
	if err := f(w); err != nil {
		tb.Fatalf("write: %v", err)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	return buf.String()
}
