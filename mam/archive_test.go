package mam_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// fakeArchive answers queries as an archive would: one <result/> message
// per archived body, then the IQ result with <fin/>. forger, when set,
// also sends a result with the query's id from that JID before each page.
type fakeArchive struct {
	tb        testing.TB
	bodies    []string // archive ids are "id1", "id2", ...
	forger    string
	ignoreMax bool
	omitFrom  bool // the own archive, asked by address, answers without 'from'

	mu      sync.Mutex
	queries []mam.Query
}

func (a *fakeArchive) handler() xmpp.Handler {
	return mux.New(mux.Set(mam.QueryName, mux.IQResponderFunc(a.respond)))
}

func (a *fakeArchive) respond(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	qel, _ := st.Element.Child(mam.NS, "query")
	q, err := mam.ParseQuery(qel)
	if err != nil {
		return nil, stanza.NewError(stanza.BadRequest)
	}
	a.mu.Lock()
	a.queries = append(a.queries, q)
	a.mu.Unlock()
	lo, hi := 0, len(a.bodies)
	if q.Set.After != "" {
		fmt.Sscanf(q.Set.After, "id%d", &lo)
	}
	if q.Filter.AfterID != "" {
		fmt.Sscanf(q.Filter.AfterID, "id%d", &lo)
	}
	if q.Set.LastPage && q.Set.Max > 0 {
		lo = max(0, hi-q.Set.Max)
	}
	if q.Set.Max > 0 && !a.ignoreMax {
		hi = min(hi, lo+q.Set.Max)
	}
	from := ""
	if !st.Header.To.IsZero() && !a.omitFrom {
		from = ` from='` + st.Header.To.Bare().String() + `'`
	}
	send := func(from, id, body string) {
		err := s.Send(ctx, xmpptest.Element(a.tb, `<message xmlns='jabber:client'`+from+` to='`+s.RemoteAddr().String()+`'>`+
			`<result xmlns='urn:xmpp:mam:2' queryid='`+q.ID+`' id='`+id+`'><forwarded xmlns='urn:xmpp:forward:0'>`+
			`<delay xmlns='urn:xmpp:delay' stamp='2026-01-0`+id[len(id)-1:]+`T10:00:00Z'/>`+
			`<message xmlns='jabber:client' from='romeo@montague.example/garden' to='juliet@example.net' type='chat'><body>`+body+`</body></message>`+
			`</forwarded></result></message>`))
		if err != nil {
			a.tb.Error(err)
		}
	}
	if a.forger != "" {
		send(` from='`+a.forger+`'`, "id9", "forged")
	}
	for i := lo; i < hi; i++ {
		send(from, fmt.Sprintf("id%d", i+1), a.bodies[i])
	}
	fin := mam.Fin{Complete: hi == len(a.bodies)}
	if hi > lo {
		fin.Set = paging.Result{First: fmt.Sprintf("id%d", lo+1), Last: fmt.Sprintf("id%d", hi), Count: len(a.bodies), HasCount: true}
	}
	return fin, nil
}

type got struct{ id, body, stamp string }

func collect(t *testing.T, seq func(func(mam.Result, error) bool)) ([]got, error) {
	t.Helper()
	var out []got
	for r, err := range seq {
		if err != nil {
			return out, err
		}
		body, _ := r.Forwarded.Stanza.Child(stanza.NSClient, "body")
		out = append(out, got{r.ID, body.Text(), r.Time.Format("01-02")})
	}
	return out, nil
}

func want(ids ...int) []got {
	var out []got
	for _, i := range ids {
		out = append(out, got{fmt.Sprintf("id%d", i), fmt.Sprintf("m%d", i), fmt.Sprintf("01-0%d", i)})
	}
	return out
}

func bodies(n int) []string {
	var b []string
	for i := 1; i <= n; i++ {
		b = append(b, fmt.Sprintf("m%d", i))
	}
	return b
}

// TestQuery reads fake archives, the account's and a room's, in pages,
// with forged results from other JIDs mixed in: only the archive's own
// results come through, in order, and each forgery is logged.
func TestQuery(t *testing.T) {
	room := jid.MustParse("chat@rooms.example.net")
	for _, tc := range []struct {
		name     string
		to       jid.JID
		toOwn    bool
		omitFrom bool
		forger   string
		filter   mam.Filter
		first    paging.Request
		want     []got
		queries  int
	}{
		{name: "own archive, pages of 2", first: paging.Request{Max: 2}, want: want(1, 2, 3, 4, 5), queries: 3},
		{name: "own, forged from another user", forger: "mallory@evil.example", first: paging.Request{Max: 2}, want: want(1, 2, 3, 4, 5), queries: 3},
		{name: "own, forged from the account's server", forger: "example.net", first: paging.Request{Max: 4}, want: want(1, 2, 3, 4, 5), queries: 2},
		{name: "own archive by address", toOwn: true, first: paging.Request{Max: 3}, want: want(1, 2, 3, 4, 5), queries: 2},
		{name: "own archive by address, no from", toOwn: true, omitFrom: true, forger: "juliet@example.net/other", want: want(1, 2, 3, 4, 5), queries: 1},
		{name: "one page", want: want(1, 2, 3, 4, 5), queries: 1},
		{name: "room", to: room, first: paging.Request{Max: 3}, want: want(1, 2, 3, 4, 5), queries: 2},
		{name: "room, forged by an occupant", to: room, forger: "chat@rooms.example.net/mallory", first: paging.Request{Max: 2}, want: want(1, 2, 3, 4, 5), queries: 3},
		{name: "room, forged by the own account", to: room, forger: "juliet@example.net", want: want(1, 2, 3, 4, 5), queries: 1},
		{name: "filter after-id", filter: mam.Filter{AfterID: "id3"}, want: want(4, 5), queries: 1},
		{name: "last page", first: paging.Request{Max: 2, LastPage: true}, want: want(4, 5), queries: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs xmpptest.LogBuffer
			h := &mam.Handler{Logger: slog.New(slog.NewTextHandler(&logs, nil))}
			a := &fakeArchive{tb: t, bodies: bodies(5), forger: tc.forger, omitFrom: tc.omitFrom}
			client, _ := xmpptest.Pair(t, xmpptest.Handlers(mux.New(h.Handle()), a.handler()))
			if tc.toOwn {
				tc.to = client.LocalAddr().Bare()
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			seq := h.Query(ctx, client, tc.to, tc.filter, tc.first)
			if tc.first.LastPage {
				seq = firstPage(seq, 2)
			}
			out, err := collect(t, seq)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(out) != fmt.Sprint(tc.want) {
				t.Errorf("got %v, want %v", out, tc.want)
			}
			if len(a.queries) != tc.queries {
				t.Errorf("%d queries, want %d", len(a.queries), tc.queries)
			}
			forged := strings.Count(logs.String(), "dropped a result")
			if tc.forger != "" && forged != tc.queries || tc.forger == "" && forged != 0 {
				t.Errorf("%d forgeries logged for %d queries (forger %q):\n%s", forged, tc.queries, tc.forger, logs.String())
			}
		})
	}
}

// firstPage stops a backward walk after n results: the last page only.
func firstPage(seq func(func(mam.Result, error) bool), n int) func(func(mam.Result, error) bool) {
	return func(yield func(mam.Result, error) bool) {
		i := 0
		for r, err := range seq {
			if !yield(r, err) || err != nil {
				return
			}
			if i++; i == n {
				return
			}
		}
	}
}

// TestSince catches up from an archive id, in pages.
func TestSince(t *testing.T) {
	h := &mam.Handler{}
	a := &fakeArchive{tb: t, bodies: bodies(7)}
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(mux.New(h.Handle()), a.handler()))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := collect(t, h.Since(ctx, client, "id2", 2))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(out) != fmt.Sprint(want(3, 4, 5, 6, 7)) {
		t.Errorf("got %v", out)
	}
	if q := a.queries[0]; q.Set.After != "id2" || q.Set.Max != 2 || q.ID == "" {
		t.Errorf("first query %+v", q)
	}
	if a.queries[0].ID == a.queries[1].ID {
		t.Error("two queries share a query id")
	}
}

// TestErrors: an archive that sends more than asked for, one that refuses,
// and a query whose context ends.
func TestErrors(t *testing.T) {
	h := &mam.Handler{}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	a := &fakeArchive{tb: t, bodies: bodies(5), ignoreMax: true}
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(mux.New(h.Handle()), a.handler()))
	if _, err := collect(t, h.Query(ctx, client, jid.JID{}, mam.Filter{}, paging.Request{Max: 2})); !errors.Is(err, mam.ErrTooMany) {
		t.Errorf("archive ignoring max: %v, want ErrTooMany", err)
	}

	refuse := mux.New(mux.Set(mam.QueryName, mux.IQResponderFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
		return nil, stanza.NewError(stanza.ItemNotFound)
	})))
	client, _ = xmpptest.Pair(t, xmpptest.Handlers(mux.New(h.Handle()), refuse))
	if _, err := collect(t, h.Query(ctx, client, jid.JID{}, mam.Filter{AfterID: "gone"}, paging.Request{})); !errors.Is(err, stanza.Error{Condition: stanza.ItemNotFound}) {
		t.Errorf("refused: %v, want item-not-found", err)
	}

	// The stuck handler lets go as the test ends: it runs on the server's
	// read loop, which reads nothing meanwhile, the client's closing tag
	// included (closing the pair would wait its 5 s out).
	unstuck := make(chan struct{})
	stuck := mux.New(mux.Set(mam.QueryName, mux.IQResponderFunc(func(ctx context.Context, _ *xmpp.Session, _ *xmpp.Stanza) (xmlstream.Marshaler, error) {
		select {
		case <-unstuck:
			return nil, stanza.NewError(stanza.ItemNotFound)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	})))
	client, _ = xmpptest.Pair(t, xmpptest.Handlers(mux.New(h.Handle()), stuck))
	defer close(unstuck)
	short, cancelShort := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancelShort()
	if _, err := collect(t, h.Query(short, client, jid.JID{}, mam.Filter{}, paging.Request{})); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("cancelled: %v, want DeadlineExceeded", err)
	}
}
