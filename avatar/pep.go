package avatar

import (
	"context"
	"errors"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/pubsub"
)

// ConversionFeature is announced on the account by a server that converts
// between XEP-0084 and XEP-0153 avatars (XEP-0398 §3).
const ConversionFeature = "urn:xmpp:pep-vcard-conversion:0"

// Publish publishes img as one's XEP-0084 avatar: the data node first,
// then the metadata naming it (§4.1: the data must be there before the
// metadata announces it). width and height are in pixels, 0 for unknown.
// It returns the avatar's ID.
func Publish(ctx context.Context, s *xmpp.Session, typ string, data []byte, width, height int) (string, error) {
	if len(data) > MaxDataSize {
		return "", ErrTooLarge
	}
	id := ID(data)
	if _, err := pubsub.Publish(ctx, s, jid.JID{}, DataNode, pubsub.Item{ID: id, Payload: Data(data)}, nil); err != nil {
		return "", err
	}
	md := Metadata{Infos: []Info{{Bytes: len(data), ID: id, Type: typ, Width: width, Height: height}}}
	if _, err := pubsub.Publish(ctx, s, jid.JID{}, MetadataNode, pubsub.Item{ID: id, Payload: md}, nil); err != nil {
		return "", err
	}
	return id, nil
}

// Disable publishes empty metadata, which tells contacts that one has no
// avatar (§4.4).
func Disable(ctx context.Context, s *xmpp.Session) error {
	_, err := pubsub.Publish(ctx, s, jid.JID{}, MetadataNode, pubsub.Item{ID: "current", Payload: Metadata{}}, nil)
	return err
}

// FetchMetadata reads the newest metadata item of owner's avatar (the
// zero JID: one's own). No item gives ErrNoAvatar.
func FetchMetadata(ctx context.Context, s *xmpp.Session, owner jid.JID) (Metadata, error) {
	items, err := pubsub.LastItems(ctx, s, owner, MetadataNode, 1)
	if err != nil {
		return Metadata{}, err
	}
	if len(items) == 0 || items[0].Element() == nil {
		return Metadata{}, ErrNoAvatar
	}
	return ParseMetadata(items[0].Element())
}

// FetchData reads the image with ID id from owner's data node and checks
// that its SHA-1 is id: a mismatch gives ErrHashMismatch, an image over
// MaxDataSize ErrTooLarge, none ErrNoAvatar.
func FetchData(ctx context.Context, s *xmpp.Session, owner jid.JID, id string) ([]byte, error) {
	items, err := pubsub.ItemsByID(ctx, s, owner, DataNode, id)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if it.ID != id || it.Element() == nil {
			continue
		}
		d, err := ParseData(it.Element())
		if err != nil {
			return nil, err
		}
		if err := Check(d, id); err != nil {
			return nil, err
		}
		return d, nil
	}
	return nil, ErrNoAvatar
}

// Fetch reads owner's current XEP-0084 avatar: its metadata, then the
// image the metadata names from the data node, checked against its ID.
// A disabled avatar, or one only available by URL, gives ErrNoAvatar.
func Fetch(ctx context.Context, s *xmpp.Session, owner jid.JID) (Image, error) {
	md, err := FetchMetadata(ctx, s, owner)
	if err != nil {
		return Image{}, err
	}
	in, ok := md.Current()
	if !ok {
		return Image{}, ErrNoAvatar
	}
	if in.Bytes > MaxDataSize {
		return Image{}, ErrTooLarge
	}
	d, err := FetchData(ctx, s, owner, in.ID)
	if err != nil {
		return Image{}, err
	}
	return Image{Type: in.Type, Data: d, ID: ID(d)}, nil
}

// Get reads owner's avatar in either form: XEP-0084 first, then, if
// there is none or the PEP service fails, the vCard PHOTO (XEP-0153). On a
// server with XEP-0398 conversion both give the same image. A hash
// mismatch is returned as is, not papered over by the other form.
func Get(ctx context.Context, s *xmpp.Session, owner jid.JID) (Image, error) {
	img, err := Fetch(ctx, s, owner)
	if err == nil || errors.Is(err, ErrHashMismatch) || errors.Is(err, ErrTooLarge) || ctx.Err() != nil {
		return img, err
	}
	return FromVCard(ctx, s, owner, "")
}

// HasConversion reports whether one's server converts between the two
// avatar forms (XEP-0398 §3), from disco#info on the account.
func HasConversion(ctx context.Context, s *xmpp.Session) (bool, error) {
	info, err := disco.GetInfo(ctx, s, s.LocalAddr().Bare(), "")
	if err != nil {
		return false, err
	}
	return info.HasFeature(ConversionFeature), nil
}
