package avatar

import (
	"context"
	"errors"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/hashes"
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
	in, err := PublishInfo(ctx, s, data, Info{Type: typ, Width: width, Height: height})
	return in.ID, err
}

// PublishInfo is Publish with the metadata <info/> given: its Type,
// Width, Height and Hashes are published as given (use hashes.Sum to add
// XEP-0300 hashes of data), its Bytes and ID are set from data, and its
// URL must be empty (the image goes to the data node). It returns the
// Info as published.
func PublishInfo(ctx context.Context, s *xmpp.Session, data []byte, in Info) (Info, error) {
	if len(data) > MaxDataSize {
		return Info{}, ErrTooLarge
	}
	if in.URL != "" || in.Type == "" {
		return Info{}, ErrInvalidMetadata
	}
	for _, h := range in.Hashes {
		// A hash that does not match would make every fetch fail.
		if err := h.Verify(data); err != nil && !errors.Is(err, hashes.ErrUnsupported) {
			return Info{}, errors.Join(ErrHashMismatch, err)
		}
	}
	in.Bytes, in.ID = len(data), ID(data)
	if _, err := pubsub.Publish(ctx, s, jid.JID{}, DataNode, pubsub.Item{ID: in.ID, Payload: Data(data)}, nil); err != nil {
		return Info{}, err
	}
	md := Metadata{Infos: []Info{in}}
	if _, err := pubsub.Publish(ctx, s, jid.JID{}, MetadataNode, pubsub.Item{ID: in.ID, Payload: md}, nil); err != nil {
		return Info{}, err
	}
	return in, nil
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
// image the metadata names from the data node, checked against its SHA-1
// ID and against every XEP-0300 hash of the metadata's <info/> that
// package hashes computes (hashes of other algorithms are passed over).
// A mismatch of either gives ErrHashMismatch (with hashes.ErrMismatch for
// a XEP-0300 hash). A disabled avatar, or one only available by URL,
// gives ErrNoAvatar.
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
	if err := checkHashes(d, in.Hashes); err != nil {
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

// checkHashes checks data against the XEP-0300 hashes of its <info/>.
func checkHashes(data []byte, hs []hashes.Hash) error {
	if _, err := hashes.Verify(data, hs); err != nil && !errors.Is(err, hashes.ErrNoHash) {
		return errors.Join(ErrHashMismatch, err)
	}
	return nil
}
