package stanza_test

import (
	"bytes"
	"encoding/xml"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

func TestIQWrap(t *testing.T) {
	query := xmlstream.MarshalerFunc(func(w *xmlstream.Writer) error {
		if err := w.Start(xml.Name{Space: "jabber:iq:version", Local: "query"}); err != nil {
			return err
		}
		return w.End()
	})
	for _, tc := range []struct {
		payload xmlstream.Marshaler
		want    string
	}{
		{query, `<iq id="1" to="a@b.c" type="result"><query xmlns="jabber:iq:version"/></iq>`},
		{nil, `<iq id="1" to="a@b.c" type="result"/>`},
	} {
		var buf bytes.Buffer
		w := xmlstream.NewWriter(&buf)
		w.SetDefaultNS(stanza.NSClient)
		iq := stanza.IQ{ID: "1", To: jid.MustParse("a@b.c"), Type: stanza.ResultIQ}
		if err := iq.Wrap(tc.payload).WriteXML(w); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if buf.String() != tc.want {
			t.Errorf("wrote %s, want %s", buf.String(), tc.want)
		}
	}
}
