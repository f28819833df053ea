package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/stanza"
)

const historyArgs = "[flags] [-since DURATION|ID] [-max N] [WITH]"

func runHistory(ctx context.Context, e *env, args []string) int {
	var f clientFlags
	fs := newFlagSet("history", historyArgs, "Print the account's message archive (XEP-0313), newest last, optionally only the conversation with WITH")
	f.register(fs)
	since := fs.String("since", "", "only messages of the last DURATION (such as 2h), or after the archive ID")
	maxN := fs.Int("max", 50, "print at most the `N` newest messages")
	if ok, code := parse(e, fs, args); !ok {
		return code
	}
	var q historyQuery
	var err error
	if fs.NArg() > 1 {
		err = fmt.Errorf("takes one WITH at most")
	} else if fs.NArg() == 1 {
		if q.filter.With, err = jid.Parse(fs.Arg(0)); err != nil {
			err = fmt.Errorf("JID %q: %v", fs.Arg(0), err)
		}
	}
	if err == nil && *maxN <= 0 {
		err = fmt.Errorf("-max must be positive")
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "xmpp history: %v\n", err)
		fs.Usage()
		return exitUsage
	}
	q.max = *maxN
	if d, derr := time.ParseDuration(*since); derr == nil && d > 0 {
		q.filter.Start = time.Now().Add(-d)
	} else {
		q.afterID = *since
	}
	h := &mam.Handler{}
	s, cerr := f.connect(ctx, e, mux.New(h.Handle()))
	if cerr != nil {
		return e.fail("history", cerr)
	}
	defer closeSession(s)
	hctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	if err := q.print(hctx, e.stdout, h, s); err != nil {
		return e.fail("history", describeStanzaError(err, s.LocalAddr().Domain()))
	}
	return exitOK
}

// historyQuery is what to print of the archive.
type historyQuery struct {
	filter  mam.Filter
	afterID string // -since ID: walk forwards from it
	max     int
}

// print writes the newest max messages with a body, newest last, one a
// line: archive time (UTC), sender, body. Without an ID to start from it
// asks for the last page only; from an ID it walks forwards and keeps the
// newest max, so memory stays bounded by max.
func (q historyQuery) print(ctx context.Context, w io.Writer, h *mam.Handler, s *xmpp.Session) error {
	first := paging.Request{Max: q.max, LastPage: true}
	if q.afterID != "" {
		first = paging.Request{Max: min(q.max, 100), After: q.afterID}
	}
	ring := make([]string, 0, q.max)
	next, n := 0, 0
	for r, err := range h.Query(ctx, s, jid.JID{}, q.filter, first) {
		if err != nil {
			return err
		}
		line, ok := historyLine(r)
		if ok && len(ring) < q.max {
			ring = append(ring, line)
		} else if ok {
			ring[next] = line
			next = (next + 1) % q.max
		}
		if n++; first.LastPage && n == q.max {
			break // a backward walk: the last page (of max results) is all we print
		}
	}
	if first.LastPage {
		// A backward walk yields the pages newest first, each in order;
		// with one page read, ring is in order already.
		next = 0
	}
	for i := range ring {
		if _, err := fmt.Fprintln(w, ring[(next+i)%len(ring)]); err != nil {
			return err
		}
	}
	if len(ring) == 0 {
		_, err := fmt.Fprintln(w, "no archived messages")
		return err
	}
	return nil
}

// historyLine formats an archived message with a body.
func historyLine(r mam.Result) (string, bool) {
	body, ok := r.Forwarded.Stanza.Child(stanza.NSClient, "body")
	if !ok {
		return "", false
	}
	stamp := "-"
	if !r.Time.IsZero() {
		stamp = r.Time.UTC().Format(time.RFC3339)
	}
	// Quoted without the quotes: a body cannot add lines or control
	// characters to the terminal.
	text := strconv.Quote(body.Text())
	return stamp + " " + r.Forwarded.Stanza.Attr("from") + ": " + text[1:len(text)-1], true
}
