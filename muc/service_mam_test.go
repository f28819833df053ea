package muc_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// archiveBodies returns the bodies of the archive results in els, and the
// <fin/> of the IQ result that ends them.
func archiveBodies(t *testing.T, els []*xmlstream.Element) ([]string, mam.Fin) {
	t.Helper()
	var bodies []string
	for _, el := range els {
		if r, ok := el.Child(mam.NS, "result"); ok {
			res, err := mam.ParseResult(r)
			if err != nil {
				t.Fatal(err)
			}
			if res.Forwarded.Delay == nil || res.ID == "" {
				t.Errorf("result without delay or id: %s", dump([]*xmlstream.Element{el}))
			}
			if b, ok := res.Forwarded.Stanza.Child(stanza.NSClient, "body"); ok {
				bodies = append(bodies, b.Text())
			}
			continue
		}
		if f, ok := el.Child(mam.NS, "fin"); ok {
			fin, err := mam.ParseFin(f)
			if err != nil {
				t.Fatal(err)
			}
			return bodies, fin
		}
		t.Fatalf("unexpected %s", dump([]*xmlstream.Element{el}))
	}
	t.Fatalf("no fin in %s", dump(els))
	return nil, mam.Fin{}
}

func TestServiceArchive(t *testing.T) {
	h := newSvcHarness(t, muc.ServiceConfig{})
	h.create(alice, "arc", "al", "muc#roomconfig_enablearchiving", "1", "muc#roomconfig_publicroom", "1")
	for i := range 5 {
		h.send(`<message type='groupchat' from='` + alice + `' to='arc@conference.localhost'><body>m` + strconv.Itoa(i) + `</body></message>`)
	}
	h.clear()
	query := func(q mam.Query) ([]string, mam.Fin) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		resp, err := h.router.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ, From: jid.MustParse(bob), To: jid.MustParse("arc@conference.localhost")}, q)
		if err != nil {
			t.Fatal(err)
		}
		h.sync()
		return archiveBodies(t, append(h.take(bob), resp))
	}
	for _, tc := range []struct {
		name     string
		q        mam.Query
		want     []string
		complete bool
	}{
		{"all", mam.Query{ID: "a"}, []string{"m0", "m1", "m2", "m3", "m4"}, true},
		{"first page", mam.Query{Set: paging.Request{Max: 2}}, []string{"m0", "m1"}, false},
		{"last page", mam.Query{Set: paging.Request{Max: 2, LastPage: true}}, []string{"m3", "m4"}, false},
		{"count", mam.Query{Set: paging.Request{CountOnly: true}}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, fin := query(tc.q)
			if !slices.Equal(got, tc.want) || fin.Complete != tc.complete || !fin.Set.HasCount || fin.Set.Count != 5 {
				t.Errorf("bodies %q complete %v set %+v; want %q complete %v", got, fin.Complete, fin.Set, tc.want, tc.complete)
			}
		})
	}
	// Paging on from a page's last id, and the after-id filter.
	_, fin := query(mam.Query{Set: paging.Request{Max: 2}})
	got, fin2 := query(mam.Query{Set: paging.Request{Max: 2, After: fin.Set.Last}})
	if !slices.Equal(got, []string{"m2", "m3"}) {
		t.Errorf("second page %q", got)
	}
	got, _ = query(mam.Query{Filter: mam.Filter{AfterID: fin2.Set.Last}})
	if !slices.Equal(got, []string{"m4"}) {
		t.Errorf("after-id %q", got)
	}
	// An unknown paging id is item-not-found.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := h.router.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ, From: jid.MustParse(bob), To: jid.MustParse("arc@conference.localhost")}, mam.Query{Set: paging.Request{After: "nope"}})
	if se := (stanza.Error{}); !asStanzaError(err, &se) || se.Condition != stanza.ItemNotFound {
		t.Errorf("unknown after: %v", err)
	}
}
