package sm

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// Errors of the package.
var (
	// ErrQueueFull is returned by a send whose stanza does not fit in the
	// queue of stanzas the peer has not acknowledged (Config.MaxUnacked and
	// MaxUnackedBytes): the stanza was not sent. An acknowledgement has
	// been requested; [WaitRoom] waits for room.
	ErrQueueFull = errors.New("sm: too many stanzas not acknowledged yet")
	// ErrNotEnabled is returned on a session without stream management.
	ErrNotEnabled = errors.New("sm: stream management is not enabled on this session")
	// ErrRunning is returned by [Ended] on a session that still runs.
	ErrRunning = errors.New("sm: the session is still running")
	// ErrUnacknowledged is a [Receipt]'s error when its stanza will never
	// be acknowledged: the stream ended and cannot be resumed, or its
	// resumption failed. The stanza may or may not have arrived.
	ErrUnacknowledged = errors.New("sm: the stanza was not acknowledged")
	// ErrNotTracked is a [Receipt]'s error when what [Send] sent was not a
	// stanza stream management counts, or was held back by another
	// extension (XEP-0352) rather than sent.
	ErrNotTracked = errors.New("sm: the element sent is not tracked")
)

// key finds a session's stream management state.
var key = xmpp.NewExtensionKey[*session]("sm")

// limits are one side's bounds and acknowledgement policy.
type limits struct {
	maxStanzas, maxBytes int
	ackEvery             int
	ackAfter             time.Duration
}

// entry is one stanza sent and not acknowledged yet: 32 bytes, of which
// two pointers (the copy's chunk, and the receipt, nil unless sent with
// Send), so that a full window's queue is small, and cheap for the
// collector to scan and for the write barrier to fill while it runs.
type entry struct {
	held xmpp.Held
	r    *Receipt // nil unless sent with Send
	// unreported: sent with Unreported, left out of what a failed
	// resumption reports lost.
	unreported bool
}

// session is one stream's stream management: the counters of XEP-0198 §4,
// the queue of stanzas the peer has not acknowledged, and the requests for
// acknowledgements. It is attached to the session (see key) and carried
// over to the session that resumes the stream.
type session struct {
	lim    limits
	server *Server // the receiving side's shared state; nil on a client
	// fillAck is appendAck, made once: what Receive answers <r/> with.
	fillAck func([]byte) []byte

	mu     sync.Mutex
	sess   *xmpp.Session
	on     bool             // enabled (or enabling, on a client)
	outOn  atomic.Bool      // counting what this side sends (set under mu; read first in Sending)
	in     xmpp.StanzaCount // h: stanzas received and handled (the read loop counts, once started)
	out    uint32           // stanzas sent
	acked  uint32           // the peer's latest h
	q      queue
	copies xmpp.Copies // the copies in q made on this stream (see unacked)
	bytes  int
	reqAt  uint32 // out when <r/> was last sent
	timer  *time.Timer
	mode   timerMode // what the timer is set for
	due    time.Time // when it is set to fire (see request)
	ended  bool
	resend []xmpp.Held // a resumed stream's unacknowledged stanzas, sent first
	// ackedOnResume are the receipts the client's h on <resume/> covered,
	// settled once the resumption commits.
	ackedOnResume []*Receipt
	// room is closed when an acknowledgement frees room in the queue;
	// made by the first WaitRoom (or Flush) that waits, so that acknowledgements
	// nobody waits for (the common case) allocate nothing.
	room chan struct{}

	// stalled: a stanza was refused since the last <a/>, and waits for
	// the answer to a request; if it frees no room, ack asks again.
	stalled bool
	// The requests of the current round (since the last <a/>, or the
	// stream's start): wrote, one is known written; inflight, those
	// whose send has not returned (see asked); outFrom, reqAt before the
	// first; round tells an asking of an earlier round, whose outcome no
	// longer matters.
	wrote    bool
	inflight int
	outFrom  uint32
	round    uint32

	// Client side.
	enabled    chan struct{} // closed when the server answered <enable/>
	enabledAs  Enabled
	enableErr  error
	resumption *Resumption // set by Resume's negotiation

	resumed bool // the stream was resumed onto this session

	// Server side.
	id       string // the SM-ID, if resumable
	detached bool   // the session ended and the stream was kept
	// Server side, enabled or resumed inline (inline_server.go); guarded
	// by the Server's mu.
	keep  time.Duration // enabled in Bind 2: the window, kept from Started
	claim *kept         // resumed in SASL2: the stream, committed in Started
	lost  bool          // the claimed resumption was given back first
}

func newSession(lim limits) *session {
	ss := &session{lim: lim}
	ss.fillAck = ss.appendAck
	return ss
}

// appendAck appends <a/> with the current h, as the session's writer
// encodes it, for [xmpp.Session.Answer].
func (ss *session) appendAck(dst []byte) []byte {
	dst = append(dst, ackRawStart...)
	dst = strconv.AppendUint(dst, uint64(ss.in.Load()), 10)
	return append(dst, `"/>`...)
}

// ackRawStart is <a/> up to its h's value (a test holds appendAck to the
// writer's encoding of Ack).
const ackRawStart = `<a xmlns="` + NS + `" h="`

// pending returns how many stanzas are not acknowledged. Called with mu.
func (ss *session) pending() int { return ss.q.len() }

// push queues e. Called with mu.
func (ss *session) push(e entry) {
	*ss.q.slot() = e
	ss.bytes += e.held.Len()
}

// full reports whether a stanza of n bytes does not fit. A lone stanza
// larger than the byte bound fits an empty queue. Called with mu.
func (ss *session) full(n int) bool {
	p := ss.pending()
	return p >= ss.lim.maxStanzas || p > 0 && ss.bytes+n > ss.lim.maxBytes
}

// tooHigh is the stream error for an h beyond what was sent (§6).
func tooHigh(h, sent uint32) stream.Error {
	e := stream.UndefinedCondition
	e.App = stream.NewAppCondition(NS, TooHighName.Local,
		uintAttr("h", h), uintAttr("send-count", sent))
	e.Text = fmt.Sprintf("You acknowledged %d stanzas, but I only sent you %d so far.", h, sent)
	return e
}

// ack takes the peer's h: the stanzas it covers leave the queue, and
// their receipts are returned to be told. Called with mu.
func (ss *session) ack(h uint32) ([]*Receipt, error) {
	n := h - ss.acked // modulo 2^32: h wraps (§4)
	if int64(n) > int64(ss.pending()) {
		return nil, tooHigh(h, ss.out)
	}
	var done []*Receipt
	// In place, over the ring's one or two runs of entries, each cleared
	// whole at the end: entry by entry through q.at, and each cleared
	// on its own, cost a third more.
	for left := int(n); left > 0; {
		run := ss.q.oldest(left)
		for i := range run {
			e := &run[i]
			ss.bytes -= e.held.Len()
			ss.copies.Done(&e.held) // acknowledged, and referred to nowhere else
			if e.r != nil {
				done = append(done, e.r)
			}
		}
		clear(run)
		ss.q.drop(len(run))
		left -= len(run)
	}
	ss.acked = h
	ss.newRound() // an unasked <a/> too: a second request is harmless, a lost one is not
	if ss.stalled {
		ss.stalled = false
		if n == 0 {
			// The peer answered without counting the stanzas that
			// filled the queue (it may count late): ask again, or the
			// refused sender would wait for the timer.
			ss.schedule(0, modeNow)
		}
	}
	if n > 0 && ss.room != nil {
		close(ss.room)
		ss.room = nil
	}
	return done, nil
}

// AtWire has the session call Sending after the other extensions, whatever
// order the features were negotiated in: the queue holds only stanzas
// written, not one another Sender holds back (XEP-0352's, say). (h needs
// no such order: the read loop counts stanzas whichever Receiver takes
// them, see StanzaCount.)
func (*session) AtWire() {}

// StanzaCount is h: the read loop counts the peer's stanzas there (§4),
// once enabled, so that Receive sees only the protocol's elements.
func (ss *session) StanzaCount() *xmpp.StanzaCount { return &ss.in }

// ReceiveNamespace is the protocol's: Receive sees nothing else.
func (ss *session) ReceiveNamespace() string { return NS }

// Receive takes the protocol's elements.
func (ss *session) Receive(s *xmpp.Session, el *xmlstream.Element) (bool, error) {
	name := el.Name()
	if name.Space != NS {
		return false, nil
	}
	switch name.Local {
	case RequestName.Local:
		if !ss.in.Counting() {
			return true, notEnabled(name.Local)
		}
		// Answered once the read loop has handled what it read with
		// this <r/>, with h as it is then: several requests in one
		// batch get one <a/>, and the read loop does not wait for the
		// write lock.
		s.Answer(key, ss.fillAck)
		return true, nil
	case AckName.Local:
		a, err := ParseAck(el)
		if err != nil {
			e := stream.BadFormat
			e.Text = err.Error()
			return true, e
		}
		ss.mu.Lock()
		if !ss.on {
			ss.mu.Unlock()
			return true, notEnabled(name.Local)
		}
		asked := ss.asked()
		done, err := ss.ack(a.H)
		if err == nil && asked {
			ss.answered()
		}
		ss.mu.Unlock()
		for _, r := range done {
			r.settle(nil)
		}
		return true, err
	}
	if ss.server != nil {
		return true, ss.server.receive(s, ss, el)
	}
	return true, ss.receiveClient(el)
}

// notEnabled is the stream error for <r/> or <a/> before stream management
// is enabled: XEP-0198 defines them only after <enable/> (§4), so here
// they are elements the stream does not support (RFC 6120 §4.9.3.22).
func notEnabled(local string) stream.Error {
	e := stream.UnsupportedStanzaType
	e.Text = "<" + local + "/> before stream management was enabled"
	return e
}

// replyTimeout bounds the writes the package makes on its own (<a/>, <r/>,
// <enabled/>) when the peer does not read.
const replyTimeout = 10 * time.Second

// Sending counts and copies each stanza that reaches the wire.
func (ss *session) Sending(_ *xmpp.Session, o *xmpp.Outgoing) {
	if !ss.outOn.Load() {
		return // not enabled: a server session's value before <enable/>
	}
	if _, ok := o.Stanza(); !ok {
		return
	}
	var r *Receipt
	src := o.Source()
	if t, ok := src.(tracked); ok {
		r, src = t.r, t.m
	}
	_, quiet := src.(unreported)
	// mu is unlocked on each return rather than deferred: Sending runs
	// for every stanza sent, and the defer cost more than the lock.
	ss.mu.Lock()
	if !ss.outOn.Load() {
		ss.mu.Unlock()
		return
	}
	if ss.full(o.Len()) && o.Refuse(ErrQueueFull) {
		// The answer to a request makes room; if it makes none, ack
		// asks again. Only ask now, in the refused stanza's place, if
		// no request is out or about to go from the timer: asking
		// again would only have the peer answer twice and, from the
		// timer, cost a goroutine and a write each time the queue
		// fills.
		ss.stalled = true
		if !ss.asked() && ss.mode != modeNow {
			// Written in the refused stanza's place (Outgoing.Follow);
			// a failed write ends the stream: never a request marked
			// out that did not go.
			o.Follow(requestRaw)
			ss.askWritten()
		}
		ss.mu.Unlock()
		return
	}
	ss.out++
	e := ss.q.slot() // zero: only what is set is stored
	o.CopyTo(&ss.copies, &e.held)
	if r != nil {
		r.tracked = true
		e.r = r
	}
	e.unreported = quiet
	ss.bytes += o.Len()
	if ss.mode == modeNow {
		ss.mu.Unlock()
		return // the timer is about to ask
	}
	if n := int64(ss.out - ss.reqAt); ss.lim.ackEvery > 0 && n >= int64(ss.lim.ackEvery) && (!ss.asked() || n >= int64(ss.lim.maxStanzas/4)) {
		// <r/> right after the stanza, in the same write: no timer to
		// wake, and no send of its own to wait for the write lock.
		// While a request is out its answer is what to wait for (see
		// answered), until a quarter of the queue's bound was sent
		// after it: a request that went in at the back of a full
		// pipeline is answered only once the peer has read all of it,
		// and if it were the only one out the queue would fill first,
		// the sender waiting with the pipeline run dry. So a full
		// queue's latest request is at most a quarter of it from its
		// end. The seam writes it even if a later Sender holds or
		// refuses the stanza; a failed write ends the stream.
		o.Follow(requestRaw)
		ss.askWritten()
		if ss.mode == modeUnlessOut {
			ss.rearm() // asked in the tail's place
		}
	}
	if ss.mode == modeOff && ss.lim.ackAfter > 0 {
		ss.schedule(ss.lim.ackAfter, modeTimed)
	}
	ss.mu.Unlock()
}

// requestRaw is <r/> as the session's writer encodes it, for
// [xmpp.Outgoing.Follow] (a test holds it to the writer's encoding).
var requestRaw = []byte(`<r xmlns="` + NS + `"/>`)

// ask marks a request for an acknowledgement out, at the current count,
// before its send: the sender then calls sent or, if the send failed,
// takeBack. Called with mu.
func (ss *session) ask() asking {
	a := asking{round: ss.round, prevAt: ss.reqAt, at: ss.out}
	ss.markOut()
	ss.inflight++
	return a
}

// askWritten marks out a request written with a stanza (Outgoing.Follow),
// whose failed write ends the stream. Called with mu.
func (ss *session) askWritten() {
	ss.markOut()
	ss.wrote = true
}

// markOut is what ask and askWritten share. Called with mu.
func (ss *session) markOut() {
	if !ss.asked() {
		ss.outFrom = ss.reqAt
	}
	ss.reqAt = ss.out
}

// asked reports whether a request is out: one went out after the last
// <a/> came in, so an answer is on its way, or its send has not returned;
// never a request whose send failed (see takeBack). Called with mu.
func (ss *session) asked() bool { return ss.wrote || ss.inflight > 0 }

// newRound forgets the requests marked out so far, answered (or, on a
// resumed stream, answered by no one). Called with mu.
func (ss *session) newRound() {
	ss.round++
	ss.wrote, ss.inflight = false, 0
}

// asking is one request marked out by ask: the round it belongs to, and
// the count it asked at and the one before.
type asking struct{ round, prevAt, at uint32 }

// sent records that the request a was written.
func (ss *session) sent(a asking) {
	ss.mu.Lock()
	if a.round == ss.round {
		ss.inflight--
		ss.wrote = true
	}
	ss.mu.Unlock()
}

// answered follows the peer's answer to a request (not an <a/> it sent
// unasked, §4, which would otherwise have each bring a request of this
// side's): the stanzas sent while it was out, which the count did not ask
// about (fewer than a quarter of the bound), are asked about by the next stanza sent
// if they are AckEvery or more, and after tailDelay if nothing more is
// sent, rather than after AckAfter; unless the answer acknowledged them
// already (the peer's h counts what it handled when it answered). Called
// with mu.
func (ss *session) answered() {
	if ss.lim.ackEvery > 0 && ss.out != ss.reqAt && ss.pending() > 0 && !ss.asked() && ss.mode != modeNow && !ss.ended {
		ss.schedule(tailDelay, modeUnlessOut)
	}
}

// tailDelay is how long the stanzas sent while a request was out wait,
// once it is answered, for the count to ask about them (see answered):
// far longer than a busy sender takes to send its next stanza, even on a
// loaded machine, so that a burst that goes on asks in its own writes,
// and yet a small part of the time a person notices, or of the round trip
// of a slow network, so that a burst's tail learns its fate promptly.
const tailDelay = 10 * time.Millisecond

// retryDelay is how long a request whose send failed (the peer read
// nothing for replyTimeout, or a Sender refused it) waits to be sent
// again: a sender refused for a full queue waits for its answer, and
// nothing else may ask. Short next to a sender's patience, long enough
// that a Sender refusing every request costs little.
const retryDelay = 100 * time.Millisecond

// timerMode is what the request timer is set for.
type timerMode uint8

const (
	modeOff timerMode = iota // not set
	// modeTimed: AckAfter since a stanza was sent or a request went;
	// asks even while a request is out (the peer may have missed it).
	modeTimed
	// modeNow: a stanza refused for a full queue, or a resumed stream,
	// needs an answer now; the count asks nothing meanwhile.
	modeNow
	// modeUnlessOut: a burst's tail (see answered) or a failed request
	// (see request); asks unless the count has asked by then.
	modeUnlessOut
)

// rearm sets the timer back from modeUnlessOut to AckAfter, or stops it.
// Called with mu.
func (ss *session) rearm() {
	if ss.lim.ackAfter > 0 {
		ss.schedule(ss.lim.ackAfter, modeTimed)
		return
	}
	ss.stopTimer()
}

// stopTimer stops the request timer. Called with mu.
func (ss *session) stopTimer() {
	ss.mode = modeOff
	if ss.timer != nil {
		ss.timer.Stop()
	}
}

// schedule sets the timer to fire after d for m. Called with mu.
func (ss *session) schedule(d time.Duration, m timerMode) {
	if ss.ended {
		return
	}
	ss.mode, ss.due = m, time.Now().Add(d)
	if ss.timer == nil {
		ss.timer = time.AfterFunc(d, ss.request)
		return
	}
	ss.timer.Reset(d)
}

// request sends <r/> if stanzas wait for an acknowledgement, and asks
// again later while they do. If the send fails and the stream goes on,
// the request is taken back (no request is out then, the count asks
// again from where it asked before) and, while one is due, tried again
// after retryDelay: an <r/> that was never written gets no answer, and a
// sender refused for a full queue, or the count, would wait for it for
// good.
func (ss *session) request() {
	ss.mu.Lock()
	mode := ss.mode
	if mode == modeOff || time.Now().Before(ss.due) {
		// Stopped, or set again after it fired (the count asked in
		// the tail's place): a stale call, which must not send a
		// second <r/>; the timer fires again at due.
		ss.mu.Unlock()
		return
	}
	ss.mode = modeOff
	if ss.ended || ss.pending() == 0 || ss.sess == nil {
		// With nothing pending, AckAfter at least since a stanza was
		// sent (the timer is set by the first sent while it is off)
		// and everything acknowledged: idle. (letGoIdle leaves a queue
		// that holds anything as it is.)
		ss.q.letGoIdle()
		ss.mu.Unlock()
		return
	}
	if ss.lim.ackAfter > 0 {
		ss.schedule(ss.lim.ackAfter, modeTimed)
	}
	if mode == modeUnlessOut && ss.asked() {
		ss.mu.Unlock()
		return // the count asked in its place
	}
	a := ss.ask()
	s := ss.sess
	ss.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), replyTimeout)
	defer cancel()
	if err := s.Send(ctx, Request{}); err != nil {
		ss.takeBack(a, mode, err)
		return
	}
	ss.sent(a)
}

// takeBack undoes ask for a request whose send failed, unless an answer
// came meanwhile: if no other request of the round was written or is on
// its way (their sends may overlap: Flush, the timer), none is out, and
// the count asks again from where it asked before the round's first.
// from is the timer's mode the request went for (modeOff for Flush's):
// it goes again after retryDelay if it was needed now (modeNow, set for
// it again), if a sender refused for a full queue waits for it, or if the
// timer sent it and one is still due (see dueByCount). err is the send's:
// after [xmpp.ErrClosed] (this side's closing tag went, or the peer's
// came) the stream takes no more and answers nothing, so nothing asks
// again on it, not even for a refused sender (its WaitRoom returns
// ErrClosed when the session ends); a resumed stream asks afresh
// (Started).
func (ss *session) takeBack(a asking, from timerMode, err error) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if a.round != ss.round {
		return
	}
	if ss.reqAt == a.at {
		// Unless a later request asked at a later count, what this one
		// asked about is not asked about: an answer to another then
		// leaves it to the tail (see answered).
		ss.reqAt = a.prevAt
	}
	closed := errors.Is(err, xmpp.ErrClosed)
	if closed {
		ss.stopTimer() // AckAfter's too: every request would fail alike
	}
	if ss.inflight--; ss.wrote || ss.inflight > 0 {
		return
	}
	ss.reqAt = ss.outFrom
	switch {
	case closed, ss.pending() == 0:
	case from == modeNow:
		ss.schedule(retryDelay, modeNow)
	case ss.stalled || ss.dueByCount() || from != modeOff && ss.lim.ackAfter > 0:
		ss.schedule(retryDelay, modeUnlessOut)
	}
}

// dueByCount reports whether the count has reached AckEvery since the
// last request written: a failed request's stanzas, and those sent while
// it was out (the count asked nothing meanwhile), may see no stanza more
// to ask after, so the timer asks again, Flush's failed request too.
// Otherwise (a burst's tail, fewer than AckEvery) the count asks about
// them when it reaches AckEvery, and with AckAfter negative no timer asks
// again and again; with AckAfter on, the timer's failed request goes
// again (Flush's is left to AckAfter's timer, which Sending set). Called
// with mu.
func (ss *session) dueByCount() bool {
	return ss.lim.ackEvery > 0 && int64(ss.out-ss.reqAt) >= int64(ss.lim.ackEvery)
}

// Started sends again, first, what a resumed stream's peer had not
// acknowledged (§5): they keep their numbers, so they are not counted
// again (the Senders after this one, none, see them).
func (ss *session) Started(s *xmpp.Session) {
	if ss.server != nil {
		ss.server.started(s, ss)
	}
	ss.mu.Lock()
	ss.sess = s
	// A request left unanswered on the stream this one resumes is
	// answered by no one, and the count starts here: what was sent
	// before was asked about there, or is sent again and asked about
	// below.
	ss.stalled = false
	ss.newRound()
	ss.reqAt = ss.out
	resend := ss.resend
	ss.resend = nil
	ss.mu.Unlock()
	if len(resend) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), replyTimeout)
	defer cancel()
	_ = s.Release(ctx, func() []xmpp.Held { return resend }) // a failed write ends the session
	// Learn soon what arrived: the <r/> goes after what was sent again,
	// so that the answer can cover it.
	ss.mu.Lock()
	ss.schedule(0, modeNow)
	ss.mu.Unlock()
}

// Ended stops the requests; the queue stays for a resumption.
func (ss *session) Ended(s *xmpp.Session) {
	ss.mu.Lock()
	ss.ended = true
	if ss.timer != nil {
		ss.timer.Stop()
	}
	ss.mu.Unlock()
	if ss.server != nil {
		ss.server.ended(s, ss)
		return
	}
	ss.mu.Lock()
	resumable := ss.enabledAs.Resume
	ss.mu.Unlock()
	if !resumable {
		for _, r := range ss.takeReceipts() {
			r.settle(ErrUnacknowledged)
		}
	}
}

// takeReceipts removes and returns the receipts of the queue.
func (ss *session) takeReceipts() []*Receipt {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	var rs []*Receipt
	for i := range ss.q.len() {
		if e := ss.q.at(i); e.r != nil {
			rs = append(rs, e.r)
			e.r = nil
		}
	}
	return rs
}

// unacked returns copies of the queue's entries. They are handed out (to
// the program, or to the stream that resumes this one), so from now on
// this stream reuses none of their storage, whatever it is told later.
// Called with mu.
func (ss *session) unacked() []entry {
	ss.copies.Disown()
	return ss.q.all()
}

// WaitRoom waits until the queue of stanzas s sent and the peer has not
// acknowledged has room for one more, or ctx is done. On a session
// without stream management it returns at once.
func WaitRoom(ctx context.Context, s *xmpp.Session) error {
	ss, ok := key.Get(s)
	if !ok {
		return nil
	}
	return ss.waitAcked(ctx, s, func() bool { return !ss.outOn.Load() || !ss.full(0) })
}

// waitAcked waits until done, checked with mu held after each
// acknowledgement, reports true (nil), ctx is done (its error) or s ends
// ([xmpp.ErrClosed]).
func (ss *session) waitAcked(ctx context.Context, s *xmpp.Session, done func() bool) error {
	for {
		ss.mu.Lock()
		if done() {
			ss.mu.Unlock()
			return nil
		}
		if ss.room == nil {
			ss.room = make(chan struct{})
		}
		room := ss.room // closed by the next acknowledgement
		ss.mu.Unlock()
		select {
		case <-room:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.Done():
			return xmpp.ErrClosed
		}
	}
}

// Counts returns the counters of s's stream: stanzas received (h), sent,
// and acknowledged by the peer (its latest h). ok is false if stream
// management is not enabled.
func Counts(s *xmpp.Session) (in, out, acked uint32, ok bool) {
	ss, found := key.Get(s)
	if !found {
		return 0, 0, 0, false
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.in.Load(), ss.out, ss.acked, ss.on
}

// secs converts a duration to whole seconds for 'max', at least one.
func secs(d time.Duration) uint32 {
	s := d / time.Second
	switch {
	case s < 1:
		return 1
	case s > 1<<32-1:
		return 1<<32 - 1
	}
	return uint32(s)
}
