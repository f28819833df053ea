package disco

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/xmlstream"
)

// FuzzParseItems checks that a disco#items answer, with or without a
// result set, is read without panic and survives writing and reading back.
func FuzzParseItems(f *testing.F) {
	for _, s := range []string{
		`<query xmlns='http://jabber.org/protocol/disco#items' node='music'><item jid='juliet@example.net' node='n' name='x'/></query>`,
		`<query xmlns='http://jabber.org/protocol/disco#items'><item jid='a@b'/><set xmlns='http://jabber.org/protocol/rsm'><first index='0'>a</first><last>b</last><count>9</count></set></query>`,
		`<query xmlns='http://jabber.org/protocol/disco#items'><set xmlns='http://jabber.org/protocol/rsm'><count>-3</count><first index='x'/></set></query>`,
		`<query xmlns='http://jabber.org/protocol/disco#items'><item/></query>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := readItems(s)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		w := xmlstream.NewWriter(&buf)
		if err := p.WriteXML(w.Encoder()); err != nil {
			t.Fatalf("%q parsed to %+v, which does not write: %v", s, p, err)
		}
		_ = w.Flush()
		again, err := readItems(buf.String())
		if p.set != nil && p.set.first == "" {
			p.set.firstIndex, p.set.last = -1, "" // not written without a first
		}
		if err != nil || !reflect.DeepEqual(again, p) {
			t.Fatalf("%q: %+v\nround-trips through %s to %+v, %v", s, p, buf.String(), again, err)
		}
	})
}

func readItems(s string) (itemsPage, error) {
	d := xmlstream.NewDecoder(strings.NewReader(s), xmlstream.Limits{})
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil {
		return itemsPage{}, err
	}
	return parseItems(&el)
}
