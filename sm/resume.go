package sm

import (
	"context"
	"encoding/xml"
	"errors"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// State is what a client keeps of an ended stream to resume it on a new
// connection: from [Ended], for [ResumeFeature]. It does not change once
// returned, and may be used for more than one attempt.
type State struct {
	// ID is the SM-ID, empty if the server did not make the stream
	// resumable.
	ID string
	// Location is where the server asked the client to reconnect, or empty.
	Location string
	// Max is how long the server said it keeps the stream, or zero.
	Max time.Duration
	// H is the count of stanzas received from the server, sent in <resume/>.
	H uint32
	// JID is the full JID the stream was bound to, which a resumed stream
	// keeps.
	JID jid.JID

	out, acked uint32
	unacked    []entry
	lim        limits
}

// Resumable reports whether the stream can be resumed.
func (st *State) Resumable() bool { return st != nil && st.ID != "" }

// Unacked returns the stanzas sent on the stream that the server had not
// acknowledged when it ended, oldest first. They may or may not have
// arrived.
func (st *State) Unacked() []*xmlstream.Element { return elements(st.unacked) }

func elements(es []entry) []*xmlstream.Element {
	out := make([]*xmlstream.Element, 0, len(es))
	for _, e := range es {
		if el, err := e.held.Element(); err == nil {
			out = append(out, el)
		}
	}
	return out
}

// Ended returns the stream management state of s once its stream has
// ended (after [xmpp.Session.Done] is closed): [ErrRunning] before,
// [ErrNotEnabled] if stream management was not enabled (or the server
// refused it).
func Ended(s *xmpp.Session) (*State, error) {
	select {
	case <-s.Done():
	default:
		return nil, ErrRunning
	}
	ss, ok := key.Get(s)
	if !ok || ss.server != nil {
		return nil, ErrNotEnabled
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if !ss.on {
		return nil, ErrNotEnabled
	}
	st := &State{H: ss.in.Load(), JID: s.LocalAddr(), out: ss.out, acked: ss.acked, unacked: ss.unacked(), lim: ss.lim}
	if ss.enabledAs.Resume {
		st.ID, st.Location = ss.enabledAs.ID, ss.enabledAs.Location
		st.Max = time.Duration(ss.enabledAs.Max) * time.Second
	}
	return st, nil
}

// Resumption is what became of [ResumeFeature] on a new session.
type Resumption struct {
	// Resumed means the old stream goes on: what the server had not
	// acknowledged was sent again, first.
	Resumed bool
	// Err says why not: the server's [Failed] (item-not-found once the
	// stream expired), or [ErrNotEnabled] if the server did not offer
	// stream management on the new stream.
	Err error
	// Lost, when not resumed, are the stanzas of the old stream that may
	// not have arrived (all those not acknowledged, or fewer if the
	// server's <failed/> said how many it handled), except those sent
	// with [Unreported]. They were not sent again: resending them is the
	// caller's choice. Their receipts are settled with ErrUnacknowledged.
	Lost []*xmlstream.Element
}

// ResumptionOf reports what became of the attempt to resume prev on s, a
// session negotiated with [ResumeFeature](prev, ...).
func ResumptionOf(s *xmpp.Session, prev *State) Resumption {
	if ss, ok := key.Get(s); ok {
		ss.mu.Lock()
		r := ss.resumption
		ss.mu.Unlock()
		if r != nil {
			return *r
		}
	}
	return *lose(prev, prevEntries(prev), ErrNotEnabled)
}

// lose settles the receipts of es and reports them lost.
func lose(prev *State, es []entry, why error) *Resumption {
	for _, e := range es {
		if e.r != nil {
			e.r.settle(ErrUnacknowledged)
		}
	}
	return &Resumption{Err: why, Lost: reported(es)}
}

// reported returns the elements of es that were not sent with
// Unreported, oldest first.
func reported(es []entry) []*xmlstream.Element {
	out := make([]*xmlstream.Element, 0, len(es))
	for _, e := range es {
		if e.unreported {
			continue
		}
		if el, err := e.held.Element(); err == nil {
			out = append(out, el)
		}
	}
	return out
}

// ResumeFeature returns the client's stream feature that resumes the
// stream prev (XEP-0198 §5) in place of resource binding: list it after
// [xmpp.SASL] and before [xmpp.BindResource] and [Feature], which then run
// only if the resumption fails. c applies to the resumed stream as
// Feature's does. If prev is not resumable the feature does nothing.
func ResumeFeature(prev *State, c Config) xmpp.StreamFeature {
	return resumeFeature{prev: prev, c: c}
}

type resumeFeature struct {
	prev *State
	c    Config
}

func (resumeFeature) Name() xml.Name { return FeatureName }

// States: after authentication, in place of binding, which it provides.
func (resumeFeature) States() (needs, excludes, provides xmpp.State) {
	return xmpp.Authenticated, xmpp.Bound, xmpp.Bound
}

func (resumeFeature) Advertise(context.Context, *xmpp.Negotiation, xmlstream.Encoder) (bool, bool, error) {
	return false, false, nil
}

func (f resumeFeature) Negotiate(ctx context.Context, n *xmpp.Negotiation, _ *xmlstream.Element) (xmpp.FeatureResult, error) {
	if n.State().Has(xmpp.Received) {
		return xmpp.FeatureResult{}, n.Fail(stream.UnsupportedStanzaType, "sm.ResumeFeature is the client's feature")
	}
	prev := f.prev
	ss := newSession(f.c.limits())
	if !prev.Resumable() {
		ss.resumption = lose(prev, prevEntries(prev), errors.New("sm: the stream was not resumable"))
		key.Attach(n, ss)
		return xmpp.FeatureResult{}, nil
	}
	if err := n.Send(ctx, Resume{PrevID: prev.ID, H: prev.H}); err != nil {
		return xmpp.FeatureResult{}, err
	}
	el, err := n.Read(ctx)
	if err != nil {
		return xmpp.FeatureResult{}, err
	}
	switch el.Name() {
	case FailedName:
		failedResumption(prev, ss, el)
		key.Attach(n, ss)
		return xmpp.FeatureResult{}, nil // binding follows (§5)
	case ResumedName:
	default:
		return xmpp.FeatureResult{}, n.Fail(stream.UnsupportedStanzaType, "unexpected <"+el.Name().Local+"/> in answer to <resume/>")
	}
	if err := resumeOnto(n, prev, ss, el); err != nil {
		return xmpp.FeatureResult{}, err
	}
	key.Attach(n, ss)
	return xmpp.FeatureResult{Add: xmpp.Bound, Local: prev.JID}, nil
}

// failedResumption records on ss the server's <failed/> el to resuming
// prev: what the failure's h covers is acknowledged, the rest reported
// lost. Shared by ResumeFeature and the SASL2 inline resumption.
func failedResumption(prev *State, ss *session, el *xmlstream.Element) {
	fl, _ := ParseFailed(el)
	es := prev.unacked
	if fl.HasH {
		if n := fl.H - prev.acked; int64(n) <= int64(len(es)) {
			for _, e := range es[:n] {
				if e.r != nil {
					e.r.settle(nil)
				}
			}
			es = es[n:]
		}
	}
	ss.resumption = lose(prev, es, fl)
}

// resumeOnto makes ss carry prev on, as the server's <resumed/> el says:
// the counters and the queue go on, and what the server did not
// acknowledge is sent again first (Started). A bad answer fails the
// stream. Shared by ResumeFeature and the SASL2 inline resumption.
func resumeOnto(n *xmpp.Negotiation, prev *State, ss *session, el *xmlstream.Element) error {
	rs, err := ParseResumed(el)
	if err != nil {
		return n.Fail(stream.BadFormat, err.Error())
	}
	if rs.PrevID != prev.ID {
		return n.Fail(stream.UndefinedCondition, "resumed "+rs.PrevID+", not "+prev.ID)
	}
	ss.on, ss.resumed = true, true
	ss.outOn.Store(true)
	ss.in.Start()
	ss.enabled = make(chan struct{})
	close(ss.enabled)
	ss.enabledAs = Enabled{ID: prev.ID, Resume: true, Location: prev.Location}
	if prev.Max > 0 {
		ss.enabledAs.Max = secs(prev.Max)
	}
	ss.out, ss.acked = prev.out, prev.acked
	ss.in.Store(prev.H)
	for _, e := range prev.unacked {
		ss.push(e)
	}
	done, err := ss.ack(rs.H)
	if err != nil {
		var serr stream.Error
		errors.As(err, &serr)
		return n.Fail(serr, err.Error())
	}
	for _, r := range done {
		r.settle(nil)
	}
	for i := range ss.q.len() {
		ss.resend = append(ss.resend, ss.q.at(i).held)
	}
	ss.resumption = &Resumption{Resumed: true}
	return nil
}

func prevEntries(prev *State) []entry {
	if prev == nil {
		return nil
	}
	return prev.unacked
}
