package avatar

import (
	"encoding/xml"
	"errors"
	"strings"

	"github.com/canto-im/xmpp/xmlstream"
)

// UpdateNS is the namespace of the XEP-0153 presence extension.
const UpdateNS = "vcard-temp:x:update"

// UpdateName is its <x/> element.
var UpdateName = xml.Name{Space: UpdateNS, Local: "x"}

// ErrInvalidUpdate refuses an <x xmlns='vcard-temp:x:update'/> whose
// photo is neither empty nor a hex SHA-1.
var ErrInvalidUpdate = errors.New("avatar: invalid <x xmlns='vcard-temp:x:update'/>")

// Update is the XEP-0153 element of a presence (§3.2). Ready false (an
// <x/> without <photo/>) says the client has not yet read its own vCard,
// so peers should not act on it; Ready with an empty Photo says there is
// no avatar; otherwise Photo is the ID of the vCard's PHOTO.
type Update struct {
	Ready bool
	Photo string
}

// WriteXML writes u as an <x xmlns='vcard-temp:x:update'/>.
func (u Update) WriteXML(e xmlstream.Encoder) error {
	return e.Element(UpdateName, nil, func(e xmlstream.Encoder) error {
		if !u.Ready {
			return nil
		}
		return e.TextElement(xml.Name{Space: UpdateNS, Local: "photo"}, u.Photo)
	})
}

// ParseUpdate reads an <x xmlns='vcard-temp:x:update'/>. The photo hash is
// lower-cased.
func ParseUpdate(el *xmlstream.Element) (Update, error) {
	if el.Name() != UpdateName {
		return Update{}, ErrInvalidUpdate
	}
	p, ok := el.Child(UpdateNS, "photo")
	if !ok {
		return Update{}, nil
	}
	h := strings.ToLower(strings.TrimSpace(p.Text()))
	if h != "" && !isSHA1Hex(h) {
		return Update{}, ErrInvalidUpdate
	}
	return Update{Ready: true, Photo: h}, nil
}

func isSHA1Hex(s string) bool {
	if len(s) != 40 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
