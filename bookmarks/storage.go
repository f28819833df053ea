package bookmarks

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// StorageNS is the namespace of XEP-0048, and the name of the XEP-0223 PEP
// node that holds it.
const StorageNS = "storage:bookmarks"

// StorageName is the XEP-0048 <storage/> element.
var StorageName = xml.Name{Space: StorageNS, Local: "storage"}

// MaxStorage bounds the <conference/> and <url/> children ParseStorage
// keeps.
const MaxStorage = 1024

// ErrInvalidStorage refuses a <storage/> that is not XEP-0048's or holds
// more than MaxStorage bookmarks.
var ErrInvalidStorage = errors.New("bookmarks: invalid <storage xmlns='storage:bookmarks'/>")

// Storage is the whole XEP-0048 bookmark list (§3).
type Storage struct {
	Rooms []Room
	URLs  []URL
}

// Room is an XEP-0048 <conference/>: a Conference with its JID. Its
// Extensions are not part of XEP-0048 and are not written.
type Room struct {
	JID jid.JID
	Conference
}

// URL is an XEP-0048 <url/> bookmark (§3.3).
type URL struct {
	Name, URL string
}

// WriteXML writes s as a <storage/>.
func (s Storage) WriteXML(e xmlstream.Encoder) error {
	return e.Element(StorageName, nil, func(e xmlstream.Encoder) error {
		for _, r := range s.Rooms {
			attrs := []xml.Attr{{Name: xml.Name{Local: "jid"}, Value: r.JID.String()}}
			if r.Name != "" {
				attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "name"}, Value: r.Name})
			}
			if r.Autojoin {
				attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "autojoin"}, Value: "true"})
			}
			err := e.Element(xml.Name{Space: StorageNS, Local: "conference"}, attrs, func(e xmlstream.Encoder) error {
				if err := optText(e, xml.Name{Space: StorageNS, Local: "nick"}, r.Nick); err != nil {
					return err
				}
				return optText(e, xml.Name{Space: StorageNS, Local: "password"}, r.Password)
			})
			if err != nil {
				return err
			}
		}
		for _, u := range s.URLs {
			attrs := []xml.Attr{{Name: xml.Name{Local: "url"}, Value: u.URL}}
			if u.Name != "" {
				attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "name"}, Value: u.Name})
			}
			if err := e.EmptyElement(xml.Name{Space: StorageNS, Local: "url"}, attrs...); err != nil {
				return err
			}
		}
		return nil
	})
}

// ParseStorage reads a <storage/>. A <conference/> without a valid JID is
// refused: it names no room.
func ParseStorage(el *xmlstream.Element) (Storage, error) {
	if el.Name() != StorageName {
		return Storage{}, ErrInvalidStorage
	}
	var s Storage
	for ch := range el.Children() {
		if len(s.Rooms)+len(s.URLs) == MaxStorage {
			return Storage{}, ErrInvalidStorage
		}
		switch ch.Name() {
		case xml.Name{Space: StorageNS, Local: "conference"}:
			j, err := jid.Parse(ch.Attr("jid"))
			aj, ok := parseBool(ch.Attr("autojoin"))
			if err != nil || j.IsZero() || !ok {
				return Storage{}, ErrInvalidStorage
			}
			r := Room{JID: j, Conference: Conference{Name: ch.Attr("name"), Autojoin: aj}}
			if n, ok := ch.Child(StorageNS, "nick"); ok {
				r.Nick = n.Text()
			}
			if p, ok := ch.Child(StorageNS, "password"); ok {
				r.Password = p.Text()
			}
			s.Rooms = append(s.Rooms, r)
		case xml.Name{Space: StorageNS, Local: "url"}:
			s.URLs = append(s.URLs, URL{Name: ch.Attr("name"), URL: ch.Attr("url")})
		}
	}
	return s, nil
}
