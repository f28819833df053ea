package bookmarks

import (
	"context"
	"errors"
	"fmt"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/stanza"
)

// publishOptions are the node settings XEP-0402 §3.2 requires (and
// XEP-0223 §3 for the legacy node): kept, private to the account, and,
// when full, not sent to the account's resources on login and holding
// maxItems items. A server that cannot apply them refuses the publish
// rather than leak bookmarks.
func publishOptions(full bool, maxItems string) *form.Form {
	f := &form.Form{Fields: []form.Field{
		{Var: "pubsub#persist_items", Values: []string{"true"}},
		{Var: "pubsub#access_model", Values: []string{"whitelist"}},
	}}
	if full {
		f.Fields = append(f.Fields,
			form.Field{Var: "pubsub#max_items", Values: []string{maxItems}},
			form.Field{Var: "pubsub#send_last_published_item", Values: []string{"never"}})
	}
	return f
}

// publish publishes with the full options, then, if the server refuses
// them for another reason than authorization, with the two that keep the
// bookmarks private: ejabberd 23.01 knows neither max_items nor
// send_last_published_item as publish options.
func publish(ctx context.Context, s *xmpp.Session, node string, item pubsub.Item, maxItems string) error {
	_, err := pubsub.Publish(ctx, s, jid.JID{}, node, item, publishOptions(true, maxItems))
	var se stanza.Error
	if errors.As(err, &se) && se.Condition != stanza.Forbidden && se.Condition != stanza.NotAuthorized {
		_, err = pubsub.Publish(ctx, s, jid.JID{}, node, item, publishOptions(false, ""))
	}
	return err
}

// Set stores the bookmark of room (its bare JID) as an XEP-0402 item,
// replacing any earlier one (§3.2).
func Set(ctx context.Context, s *xmpp.Session, room jid.JID, c Conference) error {
	if room.IsZero() {
		return fmt.Errorf("bookmarks: Set without a room JID")
	}
	return publish(ctx, s, NS, pubsub.Item{ID: room.Bare().String(), Payload: c}, "max")
}

// Remove deletes the bookmark of room (§3.4), telling the account's other
// resources.
func Remove(ctx context.Context, s *xmpp.Session, room jid.JID) error {
	return pubsub.Retract(ctx, s, jid.JID{}, NS, room.Bare().String(), true)
}

// List returns every XEP-0402 bookmark of the account (§3.3). An item
// whose ID is not a JID or whose payload is not a <conference/> is an
// error: it would otherwise be lost on the next rewrite.
func List(ctx context.Context, s *xmpp.Session) ([]Room, error) {
	var rooms []Room
	for it, err := range pubsub.Items(ctx, s, jid.JID{}, NS, paging.Request{}) {
		if err != nil {
			return nil, err
		}
		r, err := parseItem(it)
		if err != nil {
			return nil, err
		}
		rooms = append(rooms, r)
	}
	return rooms, nil
}

func parseItem(it pubsub.Item) (Room, error) {
	j, err := jid.Parse(it.ID)
	if err != nil || it.Element() == nil {
		return Room{}, fmt.Errorf("%w: item %q", ErrInvalid, it.ID)
	}
	c, err := Parse(it.Element())
	if err != nil {
		return Room{}, err
	}
	return Room{JID: j, Conference: c}, nil
}

// HasCompat reports whether the account's server keeps XEP-0402 and
// private-storage (XEP-0049) bookmarks in step (CompatFeature, §5.3),
// from disco#info on the account. Without it, a client that wants older
// clients to see its bookmarks writes both (SetPrivate).
func HasCompat(ctx context.Context, s *xmpp.Session) (bool, error) {
	info, err := disco.GetInfo(ctx, s, s.LocalAddr().Bare(), "")
	if err != nil {
		return false, err
	}
	return info.HasFeature(CompatFeature), nil
}

// legacyItem is the item ID XEP-0223 §3 gives the single item of a
// private PEP node.
const legacyItem = "current"

// GetPEPStorage reads the XEP-0048 bookmarks kept in PEP (the node
// storage:bookmarks, XEP-0048 §3 over XEP-0223). None gives an empty
// Storage.
func GetPEPStorage(ctx context.Context, s *xmpp.Session) (Storage, error) {
	items, err := pubsub.ItemsByID(ctx, s, jid.JID{}, StorageNS, legacyItem)
	if err != nil {
		return Storage{}, err
	}
	for _, it := range items {
		if it.Element() != nil {
			return ParseStorage(it.Element())
		}
	}
	return Storage{}, nil
}

// SetPEPStorage replaces the XEP-0048 bookmarks kept in PEP with st,
// whole, on a node private to the account (XEP-0223 §3: access model
// whitelist).
func SetPEPStorage(ctx context.Context, s *xmpp.Session, st Storage) error {
	return publish(ctx, s, StorageNS, pubsub.Item{ID: legacyItem, Payload: st}, "1")
}
