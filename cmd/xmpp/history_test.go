package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
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

// scriptedArchive plays an account's archive of n messages, ids a1..an,
// archived a minute apart from 2026-01-01T10:01Z; the third has no body.
// It pages as asked (after, the last page, max) and also sends, before each
// page, a result forged by another user, which must not be printed.
func scriptedArchive(t *testing.T, n int, queries *[]mam.Query) xmpp.Handler {
	return mux.New(mux.Set(mam.QueryName, mux.IQResponderFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
		qel, _ := st.Element.Child(mam.NS, "query")
		q, err := mam.ParseQuery(qel)
		if err != nil {
			return nil, stanza.NewError(stanza.BadRequest)
		}
		*queries = append(*queries, q)
		lo, hi := 0, n
		if q.Set.After != "" {
			fmt.Sscanf(q.Set.After, "a%d", &lo)
		}
		if q.Set.LastPage {
			lo = max(lo, hi-q.Set.Max)
		}
		hi = min(hi, lo+q.Set.Max)
		send := func(from string, i int) error {
			body := fmt.Sprintf("<body>%s %d</body>", q.Filter.With, i)
			if i == 3 {
				body = "<active xmlns='http://jabber.org/protocol/chatstates'/>"
			}
			return s.Send(ctx, xmpptest.Element(t, fmt.Sprintf(`<message xmlns='jabber:client'%s><result xmlns='urn:xmpp:mam:2' queryid='%s' id='a%d'>`+
				`<forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2026-01-01T10:%02d:00Z'/>`+
				`<message xmlns='jabber:client' from='romeo@example.net/orchard' type='chat'>%s</message></forwarded></result></message>`, from, q.ID, i, i, body)))
		}
		if err := send(" from='mallory@evil.example'", 99); err != nil {
			return nil, err
		}
		for i := lo + 1; i <= hi; i++ {
			if err := send("", i); err != nil {
				return nil, err
			}
		}
		fin := mam.Fin{Complete: hi == n || q.Set.LastPage && lo == 0}
		if hi > lo {
			fin.Set = paging.Result{First: fmt.Sprintf("a%d", lo+1), Last: fmt.Sprintf("a%d", hi)}
		}
		return fin, nil
	})))
}

// TestHistoryPrint prints a scripted archive as the history command does.
func TestHistoryPrint(t *testing.T) {
	line := func(i int, with string) string {
		return fmt.Sprintf("2026-01-01T10:%02d:00Z romeo@example.net/orchard: %s %d\n", i, with, i)
	}
	lines := func(with string, is ...int) string {
		var b strings.Builder
		for _, i := range is {
			b.WriteString(line(i, with))
		}
		return b.String()
	}
	for _, tc := range []struct {
		name    string
		q       historyQuery
		want    string
		queries int
	}{
		{"newest 4", historyQuery{max: 4}, lines("", 4, 5, 6, 7), 1},
		{"newest 5, one without a body", historyQuery{max: 5}, lines("", 4, 5, 6, 7), 1},
		{"all", historyQuery{max: 50}, lines("", 1, 2, 4, 5, 6, 7), 1},
		{"with", historyQuery{max: 2, filter: mam.Filter{With: jid.MustParse("romeo@example.net")}}, lines("romeo@example.net", 6, 7), 1},
		{"since an id", historyQuery{max: 50, afterID: "a1"}, lines("", 2, 4, 5, 6, 7), 1},
		{"since an id, newest 2 in pages", historyQuery{max: 2, afterID: "a1"}, lines("", 6, 7), 3},
		{"since the last", historyQuery{max: 5, afterID: "a7"}, "no archived messages\n", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var queries []mam.Query
			h := &mam.Handler{}
			client, _ := xmpptest.Pair(t, xmpptest.Handlers(mux.New(h.Handle()), scriptedArchive(t, 7, &queries)))
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			var out bytes.Buffer
			if err := tc.q.print(ctx, &out, h, client); err != nil {
				t.Fatal(err)
			}
			if out.String() != tc.want {
				t.Errorf("printed\n%s\nwant\n%s", out.String(), tc.want)
			}
			if len(queries) != tc.queries {
				t.Errorf("%d queries, want %d", len(queries), tc.queries)
			}
		})
	}
}

// TestHistoryCommand runs the command: usage errors, and the embedded
// server, whose archive for alice is empty.
func TestHistoryCommand(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"a@b", "c@d"}, "one WITH at most"},
		{[]string{"@bad"}, `JID "@bad"`},
		{[]string{"-max", "0"}, "-max must be positive"},
	} {
		r := runCmd(t, "", append([]string{"history", "-jid", "alice@localhost"}, tc.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("history %s: exit %d, stderr %q; want usage error with %q", strings.Join(tc.args, " "), r.code, r.stderr, tc.want)
		}
	}
	ts := newTestServer(t)
	r := runCmd(t, "", append([]string{"history"}, ts.flags("alice")...)...)
	if r.code != 0 || r.stdout != "no archived messages\n" {
		t.Errorf("history of an empty archive: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
