package stream_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/internal/leaktest"
	"github.com/canto-im/xmpp/xmlstream"
)

func TestMain(m *testing.M) { leaktest.Main(m) }

const streamOpen = `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`

// readChild reads s as the first child of a client stream, the way
// <stream:features/> and <stream:error/> arrive.
func readChild(tb testing.TB, s string) *xmlstream.Element {
	tb.Helper()
	el, err := readChildErr(s)
	if err != nil {
		tb.Fatalf("reading %q: %v", s, err)
	}
	return el
}

func readChildErr(s string) (*xmlstream.Element, error) {
	d := xmlstream.NewDecoder(strings.NewReader(streamOpen+s), xmlstream.Limits{})
	if _, err := d.ReadStart(); err != nil {
		return nil, err
	}
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil {
		return nil, err
	}
	return &el, nil
}

// readFragment reads s as a top-level element, the way WebSocket frames arrive.
func readFragment(tb testing.TB, s string) *xmlstream.Element {
	tb.Helper()
	d := xmlstream.NewDecoder(strings.NewReader(s), xmlstream.Limits{})
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil {
		tb.Fatalf("reading %q: %v", s, err)
	}
	return &el
}

// write runs f on a fresh Writer and returns its output.
func write(tb testing.TB, f func(w xmlstream.Encoder) error) string {
	tb.Helper()
	var buf bytes.Buffer
	w := xmlstream.NewWriter(&buf)
	if err := f(w.Encoder()); err != nil {
		tb.Fatalf("write: %v", err)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	return buf.String()
}

// writeRaw is write for what needs the whole writer (stream headers).
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
