package mam

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sync"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
)

// DefaultLimit is how many results a page accepts when the query asks for
// no Max: an archive that sends more is refused with [ErrTooMany] rather
// than buffered without bound.
const DefaultLimit = 500

// Handler collects the <result/> messages of the queries made through it.
// Put its Handle in the session's mux; the zero Handler is ready to use
// and must not be copied after first use. One Handler may serve several
// sessions.
type Handler struct {
	// Logger receives a warning for each forged or unexpected result; nil
	// discards.
	Logger *slog.Logger

	mu      sync.Mutex
	pending map[string]*collector // by query id
}

// collector gathers one page's results. The session runs handlers on its
// own goroutine, after it has handed the IQ result to SendIQ, so the query
// waits for the result the <fin/> names as last rather than for the IQ.
type collector struct {
	s       *xmpp.Session
	archive jid.JID // bare; zero for the account's own archive
	limit   int

	mu      sync.Mutex
	results []Result
	err     error
	arrived chan struct{} // signalled after each result, capacity 1
}

// Handle returns the mux route for messages of any type carrying a
// urn:xmpp:mam:2 <result/>.
func (h *Handler) Handle() mux.Option { return mux.AnyMessage(ResultName, h) }

// DiscoFeatures returns nothing: a client does not advertise MAM (§8 is
// about the archive's support).
func (*Handler) DiscoFeatures() []string { return nil }

// HandleXMPP hands a result to the query that asked for it, if it comes
// from the archive that query asked. Anything else is logged and refused.
func (h *Handler) HandleXMPP(_ context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	el, ok := st.Element.Child(NS, "result")
	if !ok {
		return ErrInvalid
	}
	r, err := ParseResult(el)
	if err != nil {
		return err
	}
	h.mu.Lock()
	c := h.pending[r.QueryID]
	h.mu.Unlock()
	from := st.Header.From
	if c == nil || c.s != s {
		// A late result of a query that ended, or one nobody asked for.
		h.warn("mam: dropped a result for no pending query", from, r.QueryID)
		return fmt.Errorf("%w (from %q, no pending query %q)", ErrForged, from.String(), r.QueryID)
	}
	if !c.accepts(from) {
		h.warn("mam: dropped a result from someone other than the queried archive", from, r.QueryID)
		return fmt.Errorf("%w (from %q)", ErrForged, from.String())
	}
	r.Forwarded.Stanza = r.Forwarded.Stanza.Clone() // the stanza is lent; the query keeps it
	c.add(r)
	return nil
}

// accepts reports whether from is the queried archive. The account's own
// archive, asked with or without its address, may leave 'from' out (§5:
// the server sends from the account, which RFC 6120 lets it omit).
func (c *collector) accepts(from jid.JID) bool {
	own := c.s.LocalAddr().Bare()
	if c.archive.IsZero() || c.archive == own {
		return from.IsZero() || from == own
	}
	return from == c.archive
}

func (c *collector) add(r Result) {
	c.mu.Lock()
	if len(c.results) < c.limit {
		c.results = append(c.results, r)
	} else if c.err == nil {
		c.err = ErrTooMany
	}
	c.mu.Unlock()
	select {
	case c.arrived <- struct{}{}:
	default:
	}
}

// has reports whether the result with this id arrived, and the page so far.
func (c *collector) has(id string) (bool, []Result, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return true, nil, c.err
	}
	for i := len(c.results) - 1; i >= 0; i-- {
		if c.results[i].ID == id {
			return true, c.results, nil
		}
	}
	return false, c.results, nil
}

func (h *Handler) warn(msg string, from jid.JID, qid string) {
	if h.Logger != nil {
		h.Logger.Warn(msg, "from", from.String(), "queryid", qid)
	}
}

// register adds a collector under a fresh query id.
func (h *Handler) register(s *xmpp.Session, archive jid.JID, limit int) (string, *collector) {
	var b [12]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	id := hex.EncodeToString(b[:])
	c := &collector{s: s, archive: archive, limit: limit, arrived: make(chan struct{}, 1)}
	h.mu.Lock()
	if h.pending == nil {
		h.pending = make(map[string]*collector)
	}
	h.pending[id] = c
	h.mu.Unlock()
	return id, c
}

func (h *Handler) unregister(id string) {
	h.mu.Lock()
	delete(h.pending, id)
	h.mu.Unlock()
}
