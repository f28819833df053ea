package vcard_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/vcard"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// store answers vCard requests the way a server does for one account:
// set stores the <vCard/> as sent, get returns it (item-not-found before
// any set).
type store struct {
	mu sync.Mutex
	el *xmlstream.Element
}

func (st *store) handle() mux.Option {
	return mux.Options(
		mux.Get(vcard.Name, mux.IQResponderFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
			st.mu.Lock()
			defer st.mu.Unlock()
			if st.el == nil {
				return nil, stanza.NewError(stanza.ItemNotFound)
			}
			return st.el, nil
		})),
		mux.Set(vcard.Name, mux.IQResponderFunc(func(_ context.Context, _ *xmpp.Session, req *xmpp.Stanza) (xmlstream.Marshaler, error) {
			el, _ := req.Element.Child(vcard.NS, "vCard")
			st.mu.Lock()
			defer st.mu.Unlock()
			st.el = el.Clone()
			return nil, nil
		})),
	)
}

// TestGetSet publishes a card with parts this package does not model and
// reads it back whole; errors come back as stanza errors.
func TestGetSet(t *testing.T) {
	var st store
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(st.handle())))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	if _, err := vcard.Get(ctx, client, client.RemoteAddr()); !errors.Is(err, stanza.NewError(stanza.ItemNotFound)) {
		t.Fatalf("Get before Set: %v", err)
	}
	card := peter
	card.Photo = &vcard.Photo{Type: "image/png", Data: []byte{1, 2, 3}}
	card.Extra = []*xmlstream.Element{raw(`<X-PET>cat</X-PET>`), raw(`<geo xmlns='urn:x'><lat>1</lat></geo>`)}
	if err := vcard.Set(ctx, client, card); err != nil {
		t.Fatal(err)
	}
	got, err := vcard.Get(ctx, client, client.RemoteAddr())
	if err != nil || !got.Equal(card) {
		t.Fatalf("Get = %+v, %v; want %+v", got, err, card)
	}
	if err := vcard.Set(ctx, client, vcard.Card{Photo: &vcard.Photo{Data: make([]byte, vcard.MaxPhotoSize+1)}}); !errors.Is(err, vcard.ErrPhotoTooLarge) {
		t.Errorf("Set of a large photo: %v", err)
	}
	_, bare := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New()))
	if _, err := vcard.Get(ctx, bare, bare.RemoteAddr()); !errors.Is(err, stanza.NewError(stanza.ServiceUnavailable)) {
		t.Errorf("Get without a handler: %v", err)
	}
}
