package sm

import (
	"context"
	"encoding/xml"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// DefaultWindow is how long a server keeps a dropped stream for
// resumption when [ServerConfig] leaves Window zero.
const DefaultWindow = 5 * time.Minute

// ServerConfig is the receiving side's configuration. The zero value
// offers resumable streams with the defaults.
type ServerConfig struct {
	// Window is the longest time a stream that ended without its closing
	// tag is kept for resumption; a client's shorter 'max' is honoured.
	// Zero means DefaultWindow; negative offers acknowledgements only.
	Window time.Duration
	// Location, if set, is sent in <enabled/> as where to reconnect to
	// resume ("host:port").
	Location string
	// MaxUnacked, MaxUnackedBytes, AckEvery and AckAfter are as in
	// [Config], for what the server sends. A stanza that does not fit is
	// refused: the send that wrote it fails with [ErrQueueFull].
	MaxUnacked, MaxUnackedBytes int
	AckEvery                    int
	AckAfter                    time.Duration
	// Unacknowledged is told, once a stream's stream management is over
	// for good, of the stanzas sent on it that the client never
	// acknowledged, so that the server treats them as sent to an
	// unavailable resource (bounce, store offline; XEP-0198 §4, RFC 6121
	// §8.5). It is called from the ending session's goroutine, the
	// window's timer or [Server.Drop]'s caller, and must not block. Nil
	// drops them.
	Unacknowledged func(Ending)
}

// Ending is a stream whose stream management is over.
type Ending struct {
	// Session is the stream's last session.
	Session *xmpp.Session
	// Detached means the session had ended earlier and was kept for
	// resumption ([Server.Detached] reported true): its owner cleans up
	// after it now.
	Detached bool
	// Unacked are the stanzas the client never acknowledged, oldest first.
	Unacked []*xmlstream.Element
	// Receipts holds, for each of Unacked, the receipt [Send] returned
	// for it, or nil: the owner tells what it sent itself (and keeps
	// elsewhere) from the rest. Each is settled with [ErrUnacknowledged]
	// before Unacknowledged is told.
	Receipts []*Receipt
}

// Server is the receiving side's stream management: the feature it
// offers, and the streams kept for resumption, by SM-ID. One Server serves
// any number of sessions at once.
type Server struct {
	cfg ServerConfig
	lim limits

	mu      sync.Mutex
	streams map[string]*kept
	closed  bool
}

// kept is one resumable stream.
type kept struct {
	id       string
	ss       *session
	sess     *xmpp.Session // the live session, or the last one
	max      time.Duration
	detached bool          // sess ended; waiting for a resumption
	resuming bool          // a new session is taking the stream over
	gone     chan struct{} // closed when sess has ended
	// While resuming: abort ends the resumption under way, and settled
	// is closed once it gave the stream back or its session started.
	abort   context.CancelFunc
	settled chan struct{}
	unwatch func() bool // stops the watch on a resumed session that has not started
	// taken is the live session a resumption ended with conflict: its
	// end keeps the stream even if that resumption failed meanwhile.
	taken *xmpp.Session
	timer *time.Timer
	// dropped: the client bound afresh while sess still ran (Drop): the
	// stream is not kept when sess ends, nor resumed meanwhile.
	dropped bool
}

// NewServer returns a server's stream management configured by c.
func NewServer(c ServerConfig) *Server {
	if c.Window == 0 {
		c.Window = DefaultWindow
	}
	lim := Config{MaxUnacked: c.MaxUnacked, MaxUnackedBytes: c.MaxUnackedBytes, AckEvery: c.AckEvery, AckAfter: c.AckAfter}.limits()
	return &Server{cfg: c, lim: lim, streams: make(map[string]*kept)}
}

// Feature returns the stream feature: <sm/> offered with resource
// binding (XEP-0198 §3). <enable/> reaches the running session once
// bound; <resume/> is negotiated in place of binding.
func (srv *Server) Feature() xmpp.StreamFeature { return serverFeature{srv} }

type serverFeature struct{ srv *Server }

func (serverFeature) Name() xml.Name { return FeatureName }

func (serverFeature) States() (needs, excludes, provides xmpp.State) {
	return xmpp.Authenticated | xmpp.Bound, 0, 0
}

func (f serverFeature) Advertise(_ context.Context, n *xmpp.Negotiation, w xmlstream.Encoder) (bool, bool, error) {
	if attachPending(n) {
		// Enabled inside Bind 2 (Server.Bind2): attached here, last, and
		// not offered again (a second <enable/> gets <failed/>).
		return false, false, nil
	}
	if err := w.EmptyElement(FeatureName); err != nil {
		return false, false, err
	}
	ss := newSession(f.srv.lim)
	ss.server = f.srv
	key.Attach(n, ss)
	return true, false, nil
}

func (f serverFeature) Negotiate(ctx context.Context, n *xmpp.Negotiation, el *xmlstream.Element) (xmpp.FeatureResult, error) {
	if !n.State().Has(xmpp.Received) {
		return xmpp.FeatureResult{}, errors.New("sm: Server.Feature is the receiving side's; use sm.Feature")
	}
	switch el.Name() {
	case ResumeName:
		return f.srv.resume(ctx, n, el)
	case EnableName:
		// §3: not before binding.
		return xmpp.FeatureResult{}, n.Send(ctx, Failed{Condition: stanza.UnexpectedRequest})
	}
	return xmpp.FeatureResult{}, n.Fail(stream.UnsupportedStanzaType, "<"+el.Name().Local+"/> before resource binding")
}

// receive takes the client's protocol elements other than <r/> and <a/>
// once the session runs.
func (srv *Server) receive(s *xmpp.Session, ss *session, el *xmlstream.Element) error {
	ctx, cancel := context.WithTimeout(context.Background(), replyTimeout)
	defer cancel()
	switch el.Name() {
	case EnableName:
		return srv.enable(ctx, s, ss, el)
	case ResumeName:
		// §5: resumption takes the place of binding; this stream is bound.
		return s.Send(ctx, Failed{Condition: stanza.UnexpectedRequest})
	}
	e := stream.UnsupportedStanzaType
	e.Text = "<" + el.Name().Local + "/> is not the client's to send"
	return e
}

// enable answers <enable/> (§3, §5).
func (srv *Server) enable(ctx context.Context, s *xmpp.Session, ss *session, el *xmlstream.Element) error {
	req, err := ParseEnable(el)
	ss.mu.Lock()
	again := ss.on
	ss.mu.Unlock()
	switch {
	case again:
		// §3: one attempt only.
		return s.Send(ctx, Failed{Condition: stanza.UnexpectedRequest})
	case err != nil:
		return s.Send(ctx, Failed{Condition: stanza.BadRequest})
	}
	var answer Enabled
	var k *kept
	srv.mu.Lock()
	if req.Resume && srv.cfg.Window > 0 && !srv.closed {
		k = &kept{id: stanza.NewStreamID(), ss: ss, sess: s, max: srv.cfg.Window, gone: make(chan struct{})}
		if req.Max > 0 {
			k.max = min(k.max, time.Duration(req.Max)*time.Second)
		}
		srv.streams[k.id] = k
		answer = Enabled{ID: k.id, Resume: true, Max: secs(k.max), Location: srv.cfg.Location}
	}
	srv.mu.Unlock()
	ss.mu.Lock()
	ss.on = true
	ss.in.Start() // the client's stanzas count from <enable/> (§4)
	if k != nil {
		ss.id = k.id
	}
	ss.mu.Unlock()
	return s.Send(ctx, enabling{ss: ss, e: answer})
}

// enabling writes <enabled/> and starts counting what the server sends
// right behind it, under the session's write lock, so that no stanza
// slips in between (§4).
type enabling struct {
	ss *session
	e  Enabled
}

func (en enabling) WriteXML(w xmlstream.Encoder) error {
	if err := en.e.WriteXML(w); err != nil {
		return err
	}
	en.ss.mu.Lock()
	en.ss.outOn.Store(true)
	en.ss.mu.Unlock()
	return nil
}

// started records the session that now carries a resumed stream, or
// keeps a stream enabled inline (Bind2) now that it runs.
func (srv *Server) started(s *xmpp.Session, ss *session) {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if ss.resumed && ss.claim != nil {
		// Resumed inline: <success/> is sent and the session runs.
		k := ss.claim
		ss.claim = nil
		srv.mu.Unlock()
		srv.commit(k, ss)
		srv.mu.Lock()
	}
	if ss.lost {
		// The negotiation's end gave the stream back first (see
		// InlineResume): this copy of it must not go on, nor its queue,
		// which the stream kept, be reported when it ends.
		ss.mu.Lock()
		ss.q.reset()
		ss.bytes, ss.resend = 0, nil
		ss.id, ss.on = "", false
		ss.outOn.Store(false)
		ss.mu.Unlock()
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), replyTimeout)
			defer cancel()
			_ = s.CloseWithError(ctx, stream.UndefinedCondition)
		}()
		return
	}
	if !ss.resumed && ss.keep > 0 && ss.id != "" {
		if srv.closed || srv.streams[ss.id] != nil {
			ss.mu.Lock()
			ss.id = "" // not kept after all
			ss.mu.Unlock()
			return
		}
		srv.streams[ss.id] = &kept{id: ss.id, ss: ss, sess: s, max: ss.keep, gone: make(chan struct{})}
		return
	}
	if k := srv.streams[ss.id]; k != nil && k.ss == ss {
		k.sess, k.detached, k.taken = s, false, nil
		k.gone = make(chan struct{})
		if k.timer != nil {
			k.timer.Stop() // unstarted ran, yet the session started
		}
		k.doneResuming()
	}
}

// unstarted keeps for resumption a stream whose resumption on ss was
// answered <resumed/> but whose negotiation then failed: no session ever
// carries ss, so nothing else would end the resumption.
func (srv *Server) unstarted(k *kept, ss *session) {
	srv.mu.Lock()
	if srv.streams[k.id] != k || k.ss != ss || !k.resuming {
		srv.mu.Unlock()
		return
	}
	k.detached = true
	k.doneResuming()
	srv.keepLocked(k)
}

// keepLocked starts the window of k, detached and no longer resuming, or
// ends it at once if its client bound afresh meanwhile (Drop). Called
// with mu, which it releases.
func (srv *Server) keepLocked(k *kept) {
	if !k.dropped {
		k.timer = time.AfterFunc(k.max, func() { srv.expire(k) })
		srv.mu.Unlock()
		return
	}
	if srv.streams[k.id] != k {
		srv.mu.Unlock()
		return
	}
	delete(srv.streams, k.id)
	srv.mu.Unlock()
	srv.settle(Ending{Session: k.sess, Detached: true}, k.ss)
}

// ended keeps a resumable stream that ended without its closing tag, or
// ends its stream management.
func (srv *Server) ended(s *xmpp.Session, ss *session) {
	ss.mu.Lock()
	id := ss.id
	ss.mu.Unlock()
	srv.mu.Lock()
	k := srv.streams[id]
	if k != nil && k.sess == s && k.ss == ss {
		var local *xmpp.LocalStreamError
		err := s.Err()
		keep := k.resuming || !k.dropped && (k.taken == s || err != nil && !errors.As(err, &local) && !srv.closed)
		close(k.gone)
		if keep {
			k.detached = true
			ss.mu.Lock()
			ss.detached = true
			ss.mu.Unlock()
			if !k.resuming {
				k.timer = time.AfterFunc(k.max, func() { srv.expire(k) })
			}
			srv.mu.Unlock()
			return
		}
		delete(srv.streams, id)
	}
	srv.mu.Unlock()
	srv.settle(Ending{Session: s}, ss)
}

// settle hands what ss's client never acknowledged to Unacknowledged.
func (srv *Server) settle(e Ending, ss *session) {
	ss.mu.Lock()
	es := ss.unacked()
	ss.q.reset()
	ss.bytes = 0
	ss.mu.Unlock()
	tracked := false
	for _, en := range es {
		if en.r != nil {
			tracked = true
			en.r.settle(ErrUnacknowledged)
		}
	}
	if srv.cfg.Unacknowledged == nil || len(es) == 0 && !e.Detached {
		return
	}
	for _, en := range es {
		el, err := en.held.Element()
		if err != nil {
			continue
		}
		e.Unacked = append(e.Unacked, el)
		if tracked {
			e.Receipts = append(e.Receipts, en.r)
		}
	}
	srv.cfg.Unacknowledged(e)
}

// expire ends a kept stream whose window has passed.
func (srv *Server) expire(k *kept) {
	srv.mu.Lock()
	if srv.streams[k.id] != k || !k.detached || k.resuming {
		srv.mu.Unlock()
		return
	}
	delete(srv.streams, k.id)
	srv.mu.Unlock()
	srv.settle(Ending{Session: k.sess, Detached: true}, k.ss)
}

// Detached reports whether s, a session that has ended, was kept for
// resumption: its owner keeps what the session stood for (a server, the
// client's resource and what is routed to it) until the stream is resumed
// on another session ([IsResumed] on that one), its window passes or
// [Server.Drop] ends it (Unacknowledged is told, with Ending.Detached).
// Call it from
// [xmpp.Config.OnEnd].
func (srv *Server) Detached(s *xmpp.Session) bool {
	ss, ok := key.Get(s)
	if !ok || ss.server != srv {
		return false
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.detached
}

// Close ends stream management for the streams kept for resumption now:
// their Unacknowledged are told. Streams that end after Close are not
// kept.
func (srv *Server) Close() {
	srv.mu.Lock()
	srv.closed = true
	var ks []*kept
	for id, k := range srv.streams {
		if k.detached && !k.resuming {
			if k.timer != nil {
				k.timer.Stop()
			}
			delete(srv.streams, id)
			ks = append(ks, k)
		}
	}
	srv.mu.Unlock()
	for _, k := range ks {
		srv.settle(Ending{Session: k.sess, Detached: true}, k.ss)
	}
}

// resume answers <resume/> (§5): the stream named is taken over if it
// belongs to the authenticated account.
func (srv *Server) resume(ctx context.Context, n *xmpp.Negotiation, el *xmlstream.Element) (xmpp.FeatureResult, error) {
	req, err := ParseResume(el)
	if err != nil {
		return xmpp.FeatureResult{}, n.Send(ctx, Failed{Condition: stanza.BadRequest})
	}
	ss, k, old, fail, err := srv.takeOver(ctx, n, req, n.Remote())
	if err != nil {
		return xmpp.FeatureResult{}, err
	}
	if fail != nil {
		return xmpp.FeatureResult{}, n.Send(ctx, *fail)
	}
	if srv.droppedSince(k) {
		return xmpp.FeatureResult{}, n.Send(ctx, Failed{Condition: stanza.ItemNotFound})
	}
	if err := n.Send(ctx, Resumed{PrevID: k.id, H: ss.in.Load()}); err != nil {
		srv.giveBack(k)
		return xmpp.FeatureResult{}, err
	}
	srv.commit(k, ss)
	srv.mu.Lock()
	if k.ss == ss && k.resuming {
		// Should the negotiation still fail before the session starts,
		// the stream waits again, on ss.
		k.unwatch = context.AfterFunc(ctx, func() { srv.unstarted(k, ss) })
	}
	srv.mu.Unlock()
	key.Attach(n, ss)
	return xmpp.FeatureResult{Add: xmpp.Bound, Remote: old.RemoteAddr()}, nil
}

// takeOver claims, for a new session of the account user, the stream
// req names (§5): the old session, if still open, is ended with conflict
// and waited for, and the returned state carries the stream on with the
// client's h taken. fail is the answer when there is no such stream for
// user; err, when the stream cannot go on (h too high: the stream error
// is sent). Until commit, the old state keeps its queue, so that a
// resumption that fails later gives the stream back (giveBack) whole.
// Shared by <resume/> after authentication and the SASL2 inline form.
func (srv *Server) takeOver(ctx context.Context, n *xmpp.Negotiation, req Resume, user jid.JID) (ss *session, k *kept, old *xmpp.Session, fail *Failed, err error) {
	for {
		srv.mu.Lock()
		k = srv.streams[req.PrevID]
		if k == nil || srv.closed || k.dropped || !sameAccount(k.sess.RemoteAddr(), user) {
			srv.mu.Unlock()
			// Another account's stream is not found either: its id is
			// not confirmed to exist.
			return nil, nil, nil, &Failed{Condition: stanza.ItemNotFound}, nil
		}
		if !k.resuming {
			break
		}
		// Another connection is resuming the stream. This one is the
		// client's latest: the other's may be dead without this side
		// knowing yet (its client gave up on it, or it was cut right
		// after <resume/>). The latest wins, as over a live old stream
		// (§5): the other is ended, and gives the stream back, queue and
		// all, unless it is past <resumed/>; then its session is the one
		// to take over once it runs.
		abort, settled := k.abort, k.settled
		srv.mu.Unlock()
		abort()
		select {
		case <-settled:
		case <-ctx.Done():
			return nil, nil, nil, nil, ctx.Err()
		}
	}
	// The waits below end early when a newer resumption aborts this one.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	k.resuming, k.abort, k.settled = true, cancel, make(chan struct{})
	if k.timer != nil {
		k.timer.Stop()
	}
	old, gone := k.sess, k.gone
	srv.mu.Unlock()
	if !isDone(old) {
		// §5: the old stream is still open: conflict ends it. Writing the
		// stream error may wait for a peer that does not read (up to the
		// session's own bound); this resumption waits for the end below,
		// where its context or a newer resumption can stop the wait.
		srv.mu.Lock()
		k.taken = old
		srv.mu.Unlock()
		live := old
		go func() { _ = live.CloseWithError(context.Background(), stream.Conflict) }()
	}
	select {
	case <-gone:
	case <-ctx.Done():
		srv.giveBack(k)
		return nil, nil, nil, nil, ctx.Err()
	}
	// What the old stream received is routed before anything the new one
	// receives: its handler has returned for every stanza (order kept per
	// direction across the resumption).
	select {
	case <-old.Handled():
	case <-ctx.Done():
		srv.giveBack(k)
		return nil, nil, nil, nil, ctx.Err()
	}
	srv.mu.Lock()
	dropped := k.dropped
	srv.mu.Unlock()
	if dropped {
		// The client bound afresh meanwhile (Drop): it will not resume
		// this stream, which ends now.
		srv.giveBack(k)
		return nil, nil, nil, &Failed{Condition: stanza.ItemNotFound}, nil
	}
	prev := k.ss
	ss = newSession(srv.lim)
	ss.server = srv
	prev.mu.Lock()
	ss.id, ss.resumed = k.id, true
	ss.on = true
	ss.outOn.Store(true)
	ss.in.Start()
	ss.in.Store(prev.in.Load())
	ss.out, ss.acked = prev.out, prev.acked
	// prev's copies go on in ss (and stay in prev if this fails): prev
	// must never reuse their storage, whatever it is told later.
	prev.copies.Disown()
	for i := range prev.q.len() {
		ss.push(*prev.q.at(i))
	}
	prev.mu.Unlock()
	done, err := ss.ack(req.H)
	if err != nil {
		srv.giveBack(k)
		var serr stream.Error
		errors.As(err, &serr)
		return nil, nil, nil, nil, n.Fail(serr, err.Error())
	}
	ss.ackedOnResume = done
	for i := range ss.q.len() {
		ss.resend = append(ss.resend, ss.q.at(i).held)
	}
	if f := afterTakeOver.Load(); f != nil {
		(*f)()
	}
	return ss, k, old, nil, nil
}

// afterTakeOver, if set (by tests only), runs when takeOver has passed
// its checks, before the caller answers <resumed/>.
var afterTakeOver atomic.Pointer[func()]

// droppedSince reports whether the client bound afresh (Drop) after
// takeOver checked k, and if so ends the resumption, and with it the
// stream (giveBack), so that the caller answers <failed/> with
// item-not-found (XEP-0198 §5) rather than <resumed/>: the stream stays
// open and the client binds afresh, instead of a resumed stream whose
// resource is gone. Checked right before the answer, under the lock Drop
// takes: a Drop after it finds the resumption answered, and the stream
// then ends with its session (its owner ends that one with conflict).
func (srv *Server) droppedSince(k *kept) bool {
	srv.mu.Lock()
	dropped := k.dropped
	srv.mu.Unlock()
	if dropped {
		srv.giveBack(k)
	}
	return dropped
}

// commit makes ss, which resumed k, the stream's state once <resumed/> is
// sent: the old state lets its queue go.
func (srv *Server) commit(k *kept, ss *session) {
	srv.mu.Lock()
	prev := k.ss
	k.ss, k.detached = ss, false
	srv.mu.Unlock()
	if prev == ss {
		return
	}
	prev.mu.Lock()
	prev.q.reset()
	prev.bytes = 0
	prev.mu.Unlock()
	// What the client's h acknowledged is settled now that the old
	// session's queue is let go (a failed resumption keeps it there).
	for _, r := range ss.ackedOnResume {
		r.settle(nil)
	}
	ss.ackedOnResume = nil
}

// giveBack returns a stream whose resumption failed to its window (what
// was left of it), or ends it if its client bound afresh (Drop).
func (srv *Server) giveBack(k *kept) {
	srv.mu.Lock()
	k.doneResuming()
	if !k.detached {
		srv.mu.Unlock()
		return
	}
	srv.keepLocked(k)
}

// doneResuming ends the resumption under way: the stream is given back, or
// its new session runs. Called with the Server's mu.
func (k *kept) doneResuming() {
	if !k.resuming {
		return
	}
	k.resuming, k.abort = false, nil
	if k.unwatch != nil {
		k.unwatch()
		k.unwatch = nil
	}
	close(k.settled)
}

func sameAccount(a, b jid.JID) bool { return !a.IsZero() && a.Bare() == b.Bare() }

func isDone(s *xmpp.Session) bool {
	select {
	case <-s.Done():
		return true
	default:
		return false
	}
}

// IsResumed reports whether s carries a stream resumed from an earlier
// session (on either side).
func IsResumed(s *xmpp.Session) bool {
	ss, ok := key.Get(s)
	if !ok {
		return false
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.resumed
}

// Resumable reports whether s has a stream that will be kept for
// resumption if its connection drops (the client asked for it and this
// server granted it). A server's delivery code uses it to tell a stanza
// that could not be written to an ending session, which waits for the
// resumed one, from one that failed.
func (srv *Server) Resumable(s *xmpp.Session) bool {
	ss, ok := key.Get(s)
	if !ok || ss.server != srv {
		return false
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.id != ""
}
