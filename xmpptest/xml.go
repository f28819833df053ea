package xmpptest

import (
	"bytes"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/xmlstream"
)

// ReadElement reads the first element of s. With ns "", s is read on its
// own, as a WebSocket frame or a payload written on its own is; otherwise
// it is read as the first child of a stream whose content namespace is ns
// (and whose stream: prefix is declared), the way stanzas and
// <stream:features/> arrive, so that an element without an xmlns gets ns.
// Fuzz targets use it, which must skip input that is not XML; tests use
// [Element] or [ElementIn].
func ReadElement(ns, s string) (*xmlstream.Element, error) {
	var r *strings.Reader
	if ns == "" {
		r = strings.NewReader(s)
	} else {
		r = strings.NewReader("<stream:stream xmlns='" + ns + "' xmlns:stream='http://etherx.jabber.org/streams'>" + s)
	}
	d := xmlstream.NewDecoder(r, xmlstream.Limits{})
	if ns != "" {
		if _, err := d.ReadStart(); err != nil {
			return nil, err
		}
	}
	el := new(xmlstream.Element)
	if err := d.ReadElement(el); err != nil {
		return nil, err
	}
	return el, nil
}

// Element reads the first element of s on its own, or fails the test.
func Element(tb testing.TB, s string) *xmlstream.Element {
	tb.Helper()
	return ElementIn(tb, "", s)
}

// ElementIn reads s as [ReadElement] does in a stream whose content
// namespace is ns, or fails the test.
func ElementIn(tb testing.TB, ns, s string) *xmlstream.Element {
	tb.Helper()
	el, err := ReadElement(ns, s)
	if err != nil {
		tb.Fatalf("reading %q: %v", s, err)
	}
	return el
}

// MarshalString writes m and returns what it wrote, or m's error. With ns
// not "", ns is the default namespace in scope, as after a stream header
// whose content namespace is ns: elements in it are then written without
// an xmlns.
func MarshalString(ns string, m xmlstream.Marshaler) (string, error) {
	var buf bytes.Buffer
	w := xmlstream.NewWriter(&buf)
	if ns != "" {
		w.SetDefaultNS(ns)
	}
	if err := m.WriteXML(w.Encoder()); err != nil {
		return "", err
	}
	if err := w.Flush(); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// Marshal writes m with no default namespace in scope and returns what it
// wrote, or fails the test.
func Marshal(tb testing.TB, m xmlstream.Marshaler) string {
	tb.Helper()
	return MarshalIn(tb, "", m)
}

// MarshalIn writes m as [MarshalString] does with the default namespace ns
// in scope, or fails the test.
func MarshalIn(tb testing.TB, ns string, m xmlstream.Marshaler) string {
	tb.Helper()
	s, err := MarshalString(ns, m)
	if err != nil {
		tb.Fatalf("writing %T: %v", m, err)
	}
	return s
}
