package server

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// XEP-0163 notification filtering (XEP-0060 §9.2) by entity capabilities
// (XEP-0115): a resource wants the notifications of node NODE when the
// disco#info its caps stand for has the feature NODE+notify. The server
// sees each available presence; the first time a verification string
// comes, it asks the resource that sent it for the information (§6.2),
// checks it against the hash and keeps it in a disco.CapsCache, so that
// every later presence with the same string costs a lookup. Answers that
// do not verify are not cached (§5.4): the resource then gets no
// notifications until it advertises caps that verify.

// capsTimeout bounds the wait for a resource's disco#info answer.
const capsTimeout = 10 * time.Second

// maxCapsPending bounds the verification strings being resolved at once
// (each holds a goroutine waiting for an answer) and the ones remembered
// as failed.
const maxCapsPending = 64

// pepInterest is what a resource's caps say: the registry's lock guards
// it, and nodes is replaced, never changed, so a copy may be read without
// the lock.
type pepInterest struct {
	caps  disco.Caps      // as last advertised; zero for none
	known bool            // nodes is what caps stands for
	nodes map[string]bool // the NODEs of NODE+notify
}

func (p *pepInterest) wants(node string) bool { return p.known && p.nodes[node] }

func (p *pepInterest) clone() *pepInterest { c := *p; return &c }

// interestOf returns the nodes info asks notifications for.
func interestOf(info disco.Info) map[string]bool {
	nodes := make(map[string]bool)
	for _, f := range info.Features {
		if node, ok := strings.CutSuffix(f, "+notify"); ok && node != "" {
			nodes[node] = true
		}
	}
	return nodes
}

// capsResolver resolves verification strings, one query per string.
type capsResolver struct {
	cache   *disco.CapsCache
	mu      sync.Mutex
	pending map[disco.Caps]bool // being asked
	failed  map[disco.Caps]bool // answered with what did not verify
}

func newCapsResolver() *capsResolver {
	return &capsResolver{cache: disco.NewCapsCache(0), pending: make(map[disco.Caps]bool), failed: make(map[disco.Caps]bool)}
}

// start reports whether c should be asked now: not being asked, not
// known to fail, and within the bound.
func (cr *capsResolver) start(c disco.Caps) bool {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	if cr.pending[c] || cr.failed[c] || len(cr.pending) >= maxCapsPending {
		return false
	}
	cr.pending[c] = true
	return true
}

// done ends the asking of c; !ok remembers that its answer did not verify.
func (cr *capsResolver) done(c disco.Caps, ok bool) {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	delete(cr.pending, c)
	if !ok {
		if len(cr.failed) >= maxCapsPending {
			clear(cr.failed)
		}
		cr.failed[c] = true
	}
}

// capsOf reads the caps of a presence; the Node is kept, since the
// disco#info query names node#ver.
func capsOf(el *xmlstream.Element) (disco.Caps, bool) {
	c, ok := el.Child(disco.NSCaps, "c")
	if !ok {
		return disco.Caps{}, false
	}
	caps, err := disco.ParseCaps(c)
	if err != nil || caps.Hash == "" {
		return disco.Caps{}, false // legacy caps (no hash) cannot be verified
	}
	return caps, true
}

// pepPresence updates a resource's interest from the available presence
// it broadcast, and sends it the last items of the nodes it has just
// become interested in: all it wants on initial presence, the newly
// wanted ones when its caps change (XEP-0163 §4.3.4).
func (s *Server) pepPresence(res *resource, el *xmlstream.Element, initial bool) {
	c, hasCaps := capsOf(el)
	s.state.mu.Lock()
	if !res.available {
		s.state.mu.Unlock()
		return
	}
	old := res.pep.clone()
	changed := res.pep.caps != c
	if changed {
		res.pep = pepInterest{caps: c}
		if info, ok := s.caps.cache.Lookup(c); hasCaps && ok {
			res.pep.known, res.pep.nodes = true, interestOf(info)
		}
	}
	known, sess := res.pep.known, res.sess
	s.state.mu.Unlock()
	switch {
	case known && initial:
		s.sendLastItems(res, nil)
	case known && changed:
		s.sendLastItems(res, old)
	case hasCaps && !known && sess != nil:
		s.resolveCaps(sess, res.full, c)
	}
}

// resolveCaps asks full for the information behind c, caches it if it
// verifies, and then gives every available resource advertising c its
// interest and the last items it wants.
func (s *Server) resolveCaps(sess *xmpp.Session, full jid.JID, c disco.Caps) {
	if !s.caps.start(c) {
		return
	}
	started := s.goTracked(func() {
		ctx, cancel := context.WithTimeout(s.ctx, capsTimeout)
		info, err := disco.GetInfo(ctx, sess, full, c.InfoNode())
		cancel()
		verified := true // a resource that did not answer may be asked again
		if err == nil {
			err = s.caps.cache.Add(c, info)
			verified = err == nil
		}
		s.caps.done(c, verified)
		if err != nil {
			s.log.Debug("server: caps not resolved", "from", full, "ver", c.Ver, "err", err)
			return
		}
		nodes := interestOf(info)
		var ready []*resource
		s.state.mu.Lock()
		for _, a := range s.state.accounts {
			for _, res := range a.resources {
				if res.available && !res.pep.known && res.pep.caps == c {
					res.pep.known, res.pep.nodes = true, nodes
					ready = append(ready, res)
				}
			}
		}
		s.state.mu.Unlock()
		for _, res := range ready {
			s.sendLastItems(res, nil)
		}
	})
	if !started {
		s.caps.done(c, true)
	}
}
