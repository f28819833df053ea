package avatar_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp/avatar"
	"github.com/canto-im/xmpp/hashes"
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

// TestFetchHashes: XEP-0300 hashes in the metadata's <info/> are checked
// besides the SHA-1 ID. A wrong one refuses the image even though the ID
// matches; one of an algorithm not computed is passed over.
func TestFetchHashes(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\nwith hashes")
	sha256, err := hashes.Sum(hashes.SHA256, png)
	if err != nil {
		t.Fatal(err)
	}
	sha3, err := hashes.Sum(hashes.SHA3_256, png)
	if err != nil {
		t.Fatal(err)
	}
	wrong, err := hashes.Sum(hashes.SHA256, []byte("another image"))
	if err != nil {
		t.Fatal(err)
	}
	unknown := hashes.Hash{Algo: "md5", Value: make([]byte, 16)}
	for _, tc := range []struct {
		name    string
		hashes  []hashes.Hash
		wantErr error
	}{
		{"none", nil, nil},
		{"sha-256", []hashes.Hash{sha256}, nil},
		{"two", []hashes.Hash{sha3, sha256}, nil},
		{"not computed", []hashes.Hash{unknown}, nil},
		{"wrong", []hashes.Hash{wrong}, hashes.ErrMismatch},
		{"one wrong of two", []hashes.Hash{sha3, wrong}, hashes.ErrMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sv peptest.Service
			client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(sv.Handle())))
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			id := avatar.ID(png)
			md := avatar.Metadata{Infos: []avatar.Info{{Bytes: len(png), ID: id, Type: "image/png", Hashes: tc.hashes}}}
			sv.Put(avatar.DataNode, peptest.Item{ID: id, Payload: xmpptest.Element(t, xmpptest.Marshal(t, avatar.Data(png)))})
			sv.Put(avatar.MetadataNode, peptest.Item{ID: id, Payload: xmpptest.Element(t, xmpptest.Marshal(t, md))})
			img, err := avatar.Fetch(ctx, client, jid.JID{})
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) || !errors.Is(err, avatar.ErrHashMismatch) {
					t.Fatalf("Fetch = %v, want %v and %v", err, tc.wantErr, avatar.ErrHashMismatch)
				}
				return
			}
			if err != nil || string(img.Data) != string(png) {
				t.Fatalf("Fetch = %+v, %v", img, err)
			}
		})
	}
}

// TestPublishInfo publishes an image with a XEP-0300 hash in its metadata,
// which a fetch then checks; a hash that does not match the image is
// refused before anything is published.
func TestPublishInfo(t *testing.T) {
	var sv peptest.Service
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(sv.Handle())))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	png := []byte("\x89PNG\r\n\x1a\npublished with a hash")
	h, err := hashes.Sum(hashes.SHA3_256, png)
	if err != nil {
		t.Fatal(err)
	}
	in, err := avatar.PublishInfo(ctx, client, png, avatar.Info{Type: "image/png", Hashes: []hashes.Hash{h}})
	if err != nil || in.ID != avatar.ID(png) || in.Bytes != len(png) {
		t.Fatalf("PublishInfo = %+v, %v", in, err)
	}
	md, err := avatar.FetchMetadata(ctx, client, jid.JID{})
	if err != nil || len(md.Infos) != 1 || len(md.Infos[0].Hashes) != 1 || md.Infos[0].Hashes[0].String() != h.String() {
		t.Fatalf("FetchMetadata = %+v, %v", md, err)
	}
	if img, err := avatar.Fetch(ctx, client, jid.JID{}); err != nil || string(img.Data) != string(png) {
		t.Fatalf("Fetch = %+v, %v", img, err)
	}

	other, _ := hashes.Sum(hashes.SHA256, []byte("other"))
	for _, bad := range []avatar.Info{
		{Type: "image/png", Hashes: []hashes.Hash{other}},
		{Type: "image/png", URL: "https://example.org/a.png"},
		{},
	} {
		if _, err := avatar.PublishInfo(ctx, client, []byte("new"), bad); err == nil {
			t.Errorf("PublishInfo(%+v) succeeded", bad)
		}
	}
	if d := sv.Items(avatar.DataNode); len(d) != 1 {
		t.Errorf("a refused PublishInfo stored data: %+v", d)
	}
}
