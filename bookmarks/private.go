package bookmarks

import (
	"context"
	"encoding/xml"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// PrivateNS is the namespace of XEP-0049 private XML storage.
const PrivateNS = "jabber:iq:private"

var privateName = xml.Name{Space: PrivateNS, Local: "query"}

// privateQuery wraps a payload in <query xmlns='jabber:iq:private'/>.
type privateQuery struct{ payload xmlstream.Marshaler }

func (q privateQuery) WriteXML(e xmlstream.Encoder) error {
	return e.Element(privateName, nil, q.payload.WriteXML)
}

// GetPrivate reads the XEP-0048 bookmarks from the account's private XML
// storage (XEP-0049 §2.2). None stored reads as an empty Storage.
func GetPrivate(ctx context.Context, s *xmpp.Session) (Storage, error) {
	return xmpp.Request(ctx, s, stanza.IQ{Type: stanza.GetIQ}, privateQuery{xmlstream.EmptyElement{Name: StorageName}}, privateName,
		func(q *xmlstream.Element) (Storage, error) {
			st, ok := q.Child(StorageNS, "storage")
			if !ok {
				return Storage{}, ErrInvalidStorage
			}
			return ParseStorage(st)
		})
}

// SetPrivate replaces the XEP-0048 bookmarks in the account's private XML
// storage with st, whole (XEP-0049 §2.1). The IQ has no to: only the
// account itself may read or write its private storage.
func SetPrivate(ctx context.Context, s *xmpp.Session, st Storage) error {
	_, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ}, privateQuery{st})
	return err
}
