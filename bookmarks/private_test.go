package bookmarks_test

import (
	"context"
	"encoding/xml"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/bookmarks"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// private answers jabber:iq:private as a server does for one account:
// set keeps the child of <query/>, get returns it, or the empty element
// asked for before any set (XEP-0049 §2.2).
type private struct {
	mu sync.Mutex
	el *xmlstream.Element
}

var queryName = xml.Name{Space: bookmarks.PrivateNS, Local: "query"}

func (p *private) handle() mux.Option {
	return mux.Options(
		mux.Get(queryName, mux.IQResponderFunc(func(_ context.Context, _ *xmpp.Session, req *xmpp.Stanza) (xmlstream.Marshaler, error) {
			q, _ := req.Element.Child(bookmarks.PrivateNS, "query")
			p.mu.Lock()
			defer p.mu.Unlock()
			body := q.Clone()
			if p.el != nil {
				body = p.el
			} else if ch, ok := q.FirstChild(); ok {
				return xmlstream.MarshalerFunc(func(e xmlstream.Encoder) error {
					return e.Element(queryName, nil, func(e xmlstream.Encoder) error { return e.EmptyElement(ch) })
				}), nil
			}
			return xmlstream.MarshalerFunc(func(e xmlstream.Encoder) error {
				return e.Element(queryName, nil, body.WriteXML)
			}), nil
		})),
		mux.Set(queryName, mux.IQResponderFunc(func(_ context.Context, _ *xmpp.Session, req *xmpp.Stanza) (xmlstream.Marshaler, error) {
			q, _ := req.Element.Child(bookmarks.PrivateNS, "query")
			st, ok := q.Child(bookmarks.StorageNS, "storage")
			if !ok {
				return nil, stanza.NewError(stanza.BadRequest)
			}
			p.mu.Lock()
			defer p.mu.Unlock()
			p.el = st.Clone()
			return nil, nil
		})),
	)
}

// TestPrivate stores bookmarks in private XML storage and reads them back;
// before any are stored the list is empty, and a server without the
// storage gives its error.
func TestPrivate(t *testing.T) {
	var p private
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(p.handle())))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	got, err := bookmarks.GetPrivate(ctx, client)
	if err != nil || len(got.Rooms)+len(got.URLs) != 0 {
		t.Fatalf("GetPrivate before a set = %+v, %v", got, err)
	}
	want := bookmarks.Storage{
		Rooms: []bookmarks.Room{{JID: jid.MustParse("room@muc.example"), Conference: bookmarks.Conference{Name: "R", Autojoin: true, Nick: "n", Password: "pw"}}},
		URLs:  []bookmarks.URL{{Name: "u", URL: "https://example.org/"}},
	}
	if err := bookmarks.SetPrivate(ctx, client, want); err != nil {
		t.Fatal(err)
	}
	got, err = bookmarks.GetPrivate(ctx, client)
	if err != nil || xmpptest.Marshal(t, got) != xmpptest.Marshal(t, want) {
		t.Fatalf("GetPrivate = %+v, %v; want %+v", got, err, want)
	}
	bare, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New()))
	if _, err := bookmarks.GetPrivate(ctx, bare); !errors.Is(err, stanza.NewError(stanza.ServiceUnavailable)) {
		t.Errorf("GetPrivate without storage: %v", err)
	}
}
