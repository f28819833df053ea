package form_test

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

func marshal(m xmlstream.Marshaler) (string, error) {
	var buf bytes.Buffer
	w := xmlstream.NewWriter(&buf)
	if err := m.WriteXML(w.Encoder()); err != nil {
		return "", err
	}
	err := w.Flush()
	return buf.String(), err
}
