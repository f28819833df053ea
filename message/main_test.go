package message_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/internal/leaktest"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

func TestMain(m *testing.M) { leaktest.Main(m) }

func readElement(s string) (*xmlstream.Element, error) {
	d := xmlstream.NewDecoder(strings.NewReader(s), xmlstream.Limits{})
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil {
		return nil, err
	}
	return &el, nil
}

// tryMarshal writes m as a top-level element of a jabber:client stream.
func tryMarshal(m xmlstream.Marshaler) (string, error) { return write(m, stanza.NSClient) }

// write writes m as a top-level element where ns is the default namespace
// ("" for none: m then declares its own).
func write(m xmlstream.Marshaler, ns string) (string, error) {
	var buf bytes.Buffer
	w := xmlstream.NewWriter(&buf)
	w.SetDefaultNS(ns)
	if err := m.WriteXML(w.Encoder()); err != nil {
		return "", err
	}
	err := w.Flush()
	return buf.String(), err
}
