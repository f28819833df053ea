package avatar_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/avatar"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/vcard"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestVCardFallback: a server without PEP serves the avatar in the vCard;
// Get falls back to it, and FromVCard checks the hash a presence named.
func TestVCardFallback(t *testing.T) {
	card := vcard.Card{FN: "A", Photo: &vcard.Photo{Type: "image/png", Data: []byte("hello")}}
	vc := mux.Get(vcard.Name, mux.IQResponderFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
		return card, nil
	}))
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(vc)))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	img, err := avatar.Get(ctx, client, jid.JID{})
	if err != nil || img.ID != helloID || string(img.Data) != "hello" {
		t.Fatalf("Get = %+v, %v", img, err)
	}
	if _, err := avatar.FromVCard(ctx, client, jid.JID{}, helloID); err != nil {
		t.Errorf("FromVCard with the right hash: %v", err)
	}
	if _, err := avatar.FromVCard(ctx, client, jid.JID{}, "01b87fcd030b72895ff8e88db57ec525450f000d"); !errors.Is(err, avatar.ErrHashMismatch) {
		t.Errorf("FromVCard with another hash: %v", err)
	}
}
