package pubsub

import (
	"bytes"

	"github.com/canto-im/xmpp/xmlstream"
)

// compact returns a copy of el that owns storage of its own size, and the
// bytes it takes written out. A Clone of a child shares the storage of the
// whole stanza it came in; a stored item must not keep that alive.
func compact(el *xmlstream.Element) (*xmlstream.Element, int, error) {
	var buf bytes.Buffer
	w := xmlstream.NewWriter(&buf)
	if err := el.WriteXML(w.Encoder()); err != nil {
		return nil, 0, err
	}
	if err := w.Flush(); err != nil {
		return nil, 0, err
	}
	n := buf.Len()
	out := new(xmlstream.Element)
	if err := xmlstream.NewDecoder(&buf, xmlstream.Limits{}).ReadElement(out); err != nil {
		return nil, 0, err
	}
	return out, n, nil
}
