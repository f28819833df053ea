package delay_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/internal/leaktest"
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

// marshal writes m inside a jabber:client default namespace, as on a stream.
func marshal(tb testing.TB, m xmlstream.Marshaler) (string, error) {
	tb.Helper()
	var buf bytes.Buffer
	w := xmlstream.NewWriter(&buf)
	w.SetDefaultNS("jabber:client")
	if err := m.WriteXML(w.Encoder()); err != nil {
		return "", err
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	return buf.String(), nil
}
