package sm

import (
	"context"
	"encoding/xml"
	"errors"
	"sync"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/xmlstream"
)

// Resumer resumes a client's stream on each new connection of a
// reconnecting client: it is the stream-management implementation of
// package client's Resumer seam (its methods match that interface, so
// neither package needs the other's types), and a reconnecting client of
// another design can use it the same way: call Features for each
// connection attempt, listing them after SASL and before resource binding,
// and Resumed with each session negotiated.
//
// It keeps the state of the latest session ([Ended]) across failed
// attempts: a connection that drops during the resumption itself is
// retried with the same state, and forgets it only once the server
// answered (<resumed/> or <failed/>). What a failed resumption reports lost
// is kept until [Resumer.Lost] takes it; [Resumer.Abandon] ends the latest
// stream for good.
type Resumer struct {
	c Config

	mu   sync.Mutex
	last *xmpp.Session // the latest session, until the next attempt reads its state
	prev *State        // the stream being resumed, until the server answered
	lost []*xmlstream.Element
}

// NewResumer returns a Resumer whose streams use c (see [Feature]).
func NewResumer(c Config) *Resumer { return &Resumer{c: c} }

// Features returns the stream features for the next connection attempt:
// [ResumeFeature] of the latest stream, when there is one, and [Feature],
// which enables stream management when the stream was not resumed. It is
// called once the previous session has ended.
func (r *Resumer) Features() []xmpp.StreamFeature {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.last != nil {
		st, err := Ended(r.last)
		switch {
		case err == nil:
			r.prev = st
			r.last = nil
		case errors.Is(err, ErrRunning):
			// Not ended yet (a caller that reconnects early): a later
			// attempt reads it.
		default:
			r.last = nil // stream management was not on
		}
	}
	fs := make([]xmpp.StreamFeature, 0, 2)
	if r.prev != nil {
		fs = append(fs, resumerFeature{r: r, prev: r.prev})
	}
	return append(fs, Feature(r.c))
}

// Resumed records s as the latest session and reports whether it resumed
// the previous stream. When it did not, the stanzas of the previous
// stream that may not have arrived are added to those [Resumer.Lost]
// returns.
func (r *Resumer) Resumed(s *xmpp.Session) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last = s
	if r.prev == nil {
		return false // a first session, or the server answered already
	}
	res := ResumptionOf(s, r.prev)
	r.prev = nil
	if !res.Resumed {
		r.lost = append(r.lost, res.Lost...)
	}
	return res.Resumed
}

// Lost returns, and forgets, the stanzas sent on earlier streams that the
// server never acknowledged and that were not sent again because their
// stream could not be resumed: they may or may not have arrived. Their
// receipts ([Send]) are settled with [ErrUnacknowledged].
func (r *Resumer) Lost() []*xmlstream.Element {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.lost
	r.lost = nil
	return l
}

// Abandon gives up the latest stream for good, as a reconnecting client
// does when it stops (it gave up, or was told to stop): the stanzas sent
// on it that the server never acknowledged are returned, after those
// [Resumer.Lost] has not returned yet, and their receipts ([Send]) are
// settled with [ErrUnacknowledged], so that nobody waits for them. Like
// Lost it leaves out what was sent with [Unreported], and returns each
// stanza once. Call it once the latest session has ended (a session that
// still runs is left as it is); the next [Resumer.Features] starts a new
// stream.
func (r *Resumer) Abandon() []*xmlstream.Element {
	r.mu.Lock()
	defer r.mu.Unlock()
	lost := r.lost
	r.lost = nil
	var ended []*State
	if r.prev != nil {
		ended = append(ended, r.prev) // its resumption was never answered
		r.prev = nil
	}
	if r.last != nil {
		st, err := Ended(r.last)
		if err == nil {
			ended = append(ended, st)
		}
		if !errors.Is(err, ErrRunning) {
			r.last = nil
		}
	}
	for _, st := range ended {
		lost = append(lost, lose(st, st.unacked, ErrUnacknowledged).Lost...)
	}
	return lost
}

// resumerFeature is ResumeFeature that tells its Resumer the server's
// answer as soon as it comes, so that a connection lost right after a
// <failed/> does not report the same stanzas twice, nor one lost during
// the <resume/> forget them.
type resumerFeature struct {
	r    *Resumer
	prev *State
}

func (resumerFeature) Name() xml.Name { return FeatureName }

func (f resumerFeature) States() (needs, excludes, provides xmpp.State) {
	return resumeFeature{}.States()
}

func (resumerFeature) Advertise(context.Context, *xmpp.Negotiation, xmlstream.Encoder) (bool, bool, error) {
	return false, false, nil
}

func (f resumerFeature) Negotiate(ctx context.Context, n *xmpp.Negotiation, el *xmlstream.Element) (xmpp.FeatureResult, error) {
	res, err := resumeFeature{prev: f.prev, c: f.r.c}.Negotiate(ctx, n, el)
	ss, ok := key.Lookup(n)
	if !ok {
		return res, err
	}
	ss.mu.Lock()
	rs := ss.resumption
	ss.mu.Unlock()
	if rs == nil || rs.Resumed {
		// No answer yet, or resumed: the state stays until the session
		// is handed over (Resumed), in case this connection fails first.
		return res, err
	}
	f.r.mu.Lock()
	if f.r.prev == f.prev {
		f.r.prev = nil
		f.r.lost = append(f.r.lost, rs.Lost...)
	}
	f.r.mu.Unlock()
	return res, err
}

// Inline returns the inline forms of the same connection attempt as the
// latest [Resumer.Features], for a login with SASL2 (XEP-0388) and Bind 2
// (XEP-0386): resume, the resumption of the latest stream inside
// <authenticate/> ([InlineResume]; nil when there is no stream to
// resume), and enable, stream management enabled inside <bind/>
// ([Bind2]). Put resume in [xmpp.SASL2Config].Inline before
// [xmpp.Bind2], and enable last in [xmpp.Bind2Config].Features. A server
// that offers neither gets the features of Features instead: whichever
// runs, Resumed reports the outcome. Call it after Features.
func (r *Resumer) Inline() (resume xmpp.SASL2Inline, enable xmpp.BindFeature) {
	r.mu.Lock()
	prev := r.prev
	r.mu.Unlock()
	if prev != nil {
		resume = inlineResume{prev: prev, c: r.c, answered: func(ss *session) { r.answered(prev, ss) }}
	}
	return resume, Bind2(r.c)
}

// answered takes the server's answer to resuming prev as soon as it
// comes (see resumerFeature): a failure's losses are recorded once.
func (r *Resumer) answered(prev *State, ss *session) {
	rs := ss.resumption
	if rs == nil || rs.Resumed {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.prev == prev {
		r.prev = nil
		r.lost = append(r.lost, rs.Lost...)
	}
}
