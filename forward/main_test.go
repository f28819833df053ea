package forward_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
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

// marshal writes m inside a jabber:client default namespace, as a stanza's
// payload is written on a client stream.
func marshal(m xmlstream.Marshaler) (string, error) {
	var buf bytes.Buffer
	w := xmlstream.NewWriter(&buf)
	w.SetDefaultNS("jabber:client")
	if err := m.WriteXML(w.Encoder()); err != nil {
		return "", err
	}
	err := w.Flush()
	return buf.String(), err
}

// tokens lists the resolved tokens of el, attributes sorted, for
// comparing what two elements mean regardless of prefixes.
func tokens(tb testing.TB, el *xmlstream.Element) []string {
	tb.Helper()
	var out []string
	r := el.Tokens()
	for {
		t, err := r.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			tb.Fatal(err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			var as []string
			for _, a := range t.Attr {
				as = append(as, fmt.Sprintf("{%s}%s=%q", a.Name.Space, a.Name.Local, a.Value))
			}
			sort.Strings(as)
			out = append(out, fmt.Sprintf("<{%s}%s %v>", t.Name.Space, t.Name.Local, as))
		case xml.EndElement:
			out = append(out, fmt.Sprintf("</{%s}%s>", t.Name.Space, t.Name.Local))
		case xml.CharData:
			out = append(out, fmt.Sprintf("%q", string(t)))
		}
	}
}
