package avatar_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp/avatar"
	"github.com/canto-im/xmpp/internal/peptest"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestPublishFetch publishes through a fake PEP service and reads back:
// data before metadata, the ID checked, and a tampered image refused.
func TestPublishFetch(t *testing.T) {
	var sv peptest.Service
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(sv.Handle())))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	if _, err := avatar.Fetch(ctx, client, jid.JID{}); err == nil {
		t.Fatal("Fetch before any publish succeeded")
	}
	png := []byte("\x89PNG\r\n\x1a\nnot really")
	id, err := avatar.Publish(ctx, client, "image/png", png, 64, 64)
	if err != nil || id != avatar.ID(png) {
		t.Fatalf("Publish = %s, %v", id, err)
	}
	if d, m := sv.Items(avatar.DataNode), sv.Items(avatar.MetadataNode); len(d) != 1 || d[0].ID != id || len(m) != 1 || m[0].ID != id {
		t.Fatalf("stored data %+v, metadata %+v", d, m)
	}
	img, err := avatar.Fetch(ctx, client, jid.JID{})
	if err != nil || string(img.Data) != string(png) || img.ID != id || img.Type != "image/png" {
		t.Fatalf("Fetch = %+v, %v", img, err)
	}

	// Another image stored under the first one's ID.
	sv.Put(avatar.DataNode, peptest.Item{ID: id, Payload: xmpptest.Element(t, xmpptest.Marshal(t, avatar.Data("other")))})
	if _, err := avatar.Fetch(ctx, client, jid.JID{}); !errors.Is(err, avatar.ErrHashMismatch) {
		t.Errorf("Fetch of a tampered image: %v", err)
	}
	if _, err := avatar.Get(ctx, client, jid.JID{}); !errors.Is(err, avatar.ErrHashMismatch) {
		t.Errorf("Get of a tampered image: %v", err)
	}

	if err := avatar.Disable(ctx, client); err != nil {
		t.Fatal(err)
	}
	if _, err := avatar.Fetch(ctx, client, jid.JID{}); !errors.Is(err, avatar.ErrNoAvatar) {
		t.Errorf("Fetch after Disable: %v", err)
	}
	if _, err := avatar.Publish(ctx, client, "image/png", make([]byte, avatar.MaxDataSize+1), 0, 0); !errors.Is(err, avatar.ErrTooLarge) {
		t.Errorf("Publish of a large image: %v", err)
	}
}

// TestMetadataTooLarge: metadata announcing an image over MaxDataSize is
// refused before the data is asked for.
func TestMetadataTooLarge(t *testing.T) {
	var sv peptest.Service
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(sv.Handle())))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	md := avatar.Metadata{Infos: []avatar.Info{{Bytes: avatar.MaxDataSize + 1, ID: "a", Type: "image/png"}}}
	sv.Put(avatar.MetadataNode, peptest.Item{ID: "a", Payload: xmpptest.Element(t, xmpptest.Marshal(t, md))})
	if _, err := avatar.Fetch(ctx, client, jid.JID{}); !errors.Is(err, avatar.ErrTooLarge) {
		t.Errorf("Fetch: %v", err)
	}
}
