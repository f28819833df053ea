package stanza_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/internal/leaktest"
	"github.com/canto-im/xmpp/xmlstream"
)

func TestMain(m *testing.M) { leaktest.Main(m) }

// parseElement reads the single top-level element of s.
func parseElement(tb testing.TB, s string) *xmlstream.Element {
	tb.Helper()
	el, err := readElement(s)
	if err != nil {
		tb.Fatalf("reading %q: %v", s, err)
	}
	return el
}

func readElement(s string) (*xmlstream.Element, error) {
	d := xmlstream.NewDecoder(strings.NewReader(s), xmlstream.Limits{})
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil {
		return nil, err
	}
	return &el, nil
}

// writeWith runs f on a Writer whose default namespace is jabber:client, as
// after a client stream header, and returns what it wrote.
func writeWith(tb testing.TB, f func(w xmlstream.Encoder) error) string {
	tb.Helper()
	return writeIn(tb, "jabber:client", f)
}

// writeIn runs f on a Writer whose default namespace is ns and returns
// what it wrote.
func writeIn(tb testing.TB, ns string, f func(w xmlstream.Encoder) error) string {
	tb.Helper()
	var buf bytes.Buffer
	w := xmlstream.NewWriter(&buf)
	w.SetDefaultNS(ns)
	if err := f(w.Encoder()); err != nil {
		tb.Fatalf("write: %v", err)
	}
	if err := w.Flush(); err != nil {
		tb.Fatalf("flush: %v", err)
	}
	return buf.String()
}

const streamHeaderForTest = `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`

// parseInStream reads s as the first element of a jabber:client stream, as
// a stanza written without a namespace declaration is received.
func parseInStream(tb testing.TB, s string) *xmlstream.Element {
	tb.Helper()
	d := xmlstream.NewDecoder(strings.NewReader(streamHeaderForTest+s), xmlstream.Limits{})
	if _, err := d.ReadStart(); err != nil {
		tb.Fatal(err)
	}
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil {
		tb.Fatalf("reading %q: %v", s, err)
	}
	return &el
}
