package avatar

import (
	"context"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/vcard"
)

// Image is an avatar image with its type and ID.
type Image struct {
	Type string // MIME type
	Data []byte
	ID   string // hex SHA-1 of Data
}

// FromCard returns the avatar in a vCard's PHOTO (XEP-0153 §3.1), or
// ErrNoAvatar for none or an external one (§3.1 wants it inline).
func FromCard(c vcard.Card) (Image, error) {
	if c.Photo == nil || len(c.Photo.Data) == 0 {
		return Image{}, ErrNoAvatar
	}
	if len(c.Photo.Data) > MaxDataSize {
		return Image{}, ErrTooLarge
	}
	return Image{Type: c.Photo.Type, Data: c.Photo.Data, ID: ID(c.Photo.Data)}, nil
}

// FromVCard reads the vCard of to (the zero JID: one's own) and returns
// its avatar. want, if not empty, is the hash a presence Update named; a
// photo with another hash gives ErrHashMismatch, so a stale or forged
// update is noticed.
func FromVCard(ctx context.Context, s *xmpp.Session, to jid.JID, want string) (Image, error) {
	c, err := vcard.Get(ctx, s, to)
	if err != nil {
		return Image{}, err
	}
	img, err := FromCard(c)
	if err == nil && want != "" {
		err = Check(img.Data, want)
	}
	if err != nil {
		return Image{}, err
	}
	return img, nil
}

// UpdateFor returns the presence Update that advertises c's photo (§3.2).
func UpdateFor(c vcard.Card) Update {
	img, err := FromCard(c)
	if err != nil {
		return Update{Ready: true}
	}
	return Update{Ready: true, Photo: img.ID}
}
