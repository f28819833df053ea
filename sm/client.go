package sm

import (
	"context"
	"encoding/xml"
	"sync"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// Defaults of [Config] and [ServerConfig]. DefaultMaxUnacked is as many
// stanzas of 128 bytes as DefaultMaxUnackedBytes holds, which is what
// bounds the memory: more than a session's outbox (256 KiB) holds, so
// that a sender faster than its peer waits for the transport, woken as
// soon as a write makes room, rather than for an acknowledgement, which
// comes only once the peer has read everything up to its request.
const (
	DefaultMaxUnacked      = DefaultMaxUnackedBytes / 128
	DefaultMaxUnackedBytes = 1 << 20
	DefaultAckEvery        = 16
	DefaultAckAfter        = 5 * time.Second
)

// Config is the client side's configuration. The zero value asks for a
// resumable stream with the defaults below.
type Config struct {
	// NoResume enables acknowledgements only, without asking for a
	// resumable stream.
	NoResume bool
	// Max is the longest resumption time the client would like (sent as
	// 'max', in whole seconds); zero leaves the choice to the server.
	Max time.Duration
	// MaxUnacked and MaxUnackedBytes bound the stanzas sent and not
	// acknowledged yet that are kept, counted and as encoded. A send
	// beyond either fails with [ErrQueueFull]. Zero means
	// DefaultMaxUnacked and DefaultMaxUnackedBytes.
	MaxUnacked, MaxUnackedBytes int
	// AckEvery asks for an acknowledgement (<r/>) after that many stanzas
	// sent since the last request, mostly one request at a time: while
	// one is out (a request of the count, the timer or [Flush]), stanzas
	// sent ask nothing until they are AckEvery and a quarter of
	// MaxUnacked (so that when the queue is full the latest request's
	// answer makes room for three quarters of it at least), and once it
	// is answered the next stanza asks about them if they
	// are AckEvery or more, or, if nothing more is sent, a request goes
	// after a few milliseconds rather than after AckAfter. An <a/>
	// the peer sends unasked answers nothing. A request whose send fails
	// while the stream goes on is not out: the count asks again from
	// where it asked before, and the request goes again after 100 ms
	// while one is due: AckEvery stanzas or more were sent since the
	// last request written (Flush's failed request too), AckAfter is
	// positive (a failed Flush then leaves it to AckAfter), or the answer
	// is needed at once (a sender refused for a full queue waits for it,
	// or the stream was just resumed). A burst's tail of fewer than
	// AckEvery is then left to the count.
	// Zero means DefaultAckEvery, negative never by count.
	AckEvery int
	// AckAfter asks for an acknowledgement when a stanza has waited that
	// long for one, and again every AckAfter while some wait; zero means
	// DefaultAckAfter, negative never by time.
	AckAfter time.Duration
}

func (c Config) limits() limits {
	return limits{
		maxStanzas: orDefault(c.MaxUnacked, DefaultMaxUnacked),
		maxBytes:   orDefault(c.MaxUnackedBytes, DefaultMaxUnackedBytes),
		ackEvery:   orDefault(c.AckEvery, DefaultAckEvery),
		ackAfter:   orDefault(c.AckAfter, DefaultAckAfter),
	}
}

func orDefault[T int | time.Duration](v, d T) T {
	if v == 0 {
		return d
	}
	return v
}

// Feature returns the client's stream feature that enables stream
// management once the resource is bound (list it after
// [xmpp.BindResource]). Its negotiation sends <enable/> and does not wait:
// the server's answer is taken by the running session, and [WaitEnabled]
// waits for it. After a successful [ResumeFeature] or [InlineResume], or
// once [Bind2] enabled stream management, it does nothing.
func Feature(c Config) xmpp.StreamFeature { return enableFeature{c: c} }

type enableFeature struct{ c Config }

func (enableFeature) Name() xml.Name { return FeatureName }

// States: negotiated once bound (XEP-0198 §3).
func (enableFeature) States() (needs, excludes, provides xmpp.State) {
	return xmpp.Authenticated | xmpp.Bound, 0, 0
}

func (enableFeature) Advertise(context.Context, *xmpp.Negotiation, xmlstream.Encoder) (bool, bool, error) {
	return false, false, nil // the client side's feature
}

func (f enableFeature) Negotiate(ctx context.Context, n *xmpp.Negotiation, _ *xmlstream.Element) (xmpp.FeatureResult, error) {
	if n.State().Has(xmpp.Received) {
		return xmpp.FeatureResult{}, n.Fail(stream.UnsupportedStanzaType, "sm.Feature is the client's feature; use Server.Feature")
	}
	if ss, ok := key.Lookup(n); ok && (ss.resumption != nil && ss.resumption.Resumed || ss.enabled != nil) {
		return xmpp.FeatureResult{}, nil // resumed, or enabled inline by Bind 2 (Bind2)
	}
	if err := n.Send(ctx, f.c.enable()); err != nil {
		return xmpp.FeatureResult{}, err
	}
	key.Attach(n, f.c.enabling(n)) // counting starts after <enable/> (§4)
	return xmpp.FeatureResult{}, nil
}

// receiveClient takes the server's answer to <enable/>.
func (ss *session) receiveClient(el *xmlstream.Element) error {
	var en Enabled
	var err error
	switch el.Name() {
	case EnabledName:
		en, err = ParseEnabled(el)
		if err != nil {
			e := stream.BadFormat
			e.Text = err.Error()
			return e
		}
	case FailedName:
		f, _ := ParseFailed(el)
		err = f
	default:
		e := stream.UnsupportedStanzaType
		e.Text = "unexpected <" + el.Name().Local + "/>"
		return e
	}
	ss.mu.Lock()
	if ss.enabled == nil || ss.enableErr != nil || ss.enabledAs != (Enabled{}) || ss.in.Counting() {
		ss.mu.Unlock()
		e := stream.UnsupportedStanzaType
		e.Text = "<" + el.Name().Local + "/> without <enable/>"
		return e
	}
	var orphans []*Receipt
	if err != nil {
		// Stream management is off: what was kept is let go.
		ss.enableErr = err
		ss.on = false
		ss.outOn.Store(false)
		orphans = make([]*Receipt, 0)
		for i := range ss.q.len() {
			if r := ss.q.at(i).r; r != nil {
				orphans = append(orphans, r)
			}
		}
		ss.q.reset()
		ss.bytes = 0
	} else {
		ss.enabledAs = en
		ss.in.Start() // the peer's stanzas count from here (§4)
	}
	close(ss.enabled)
	ss.mu.Unlock()
	for _, r := range orphans {
		r.settle(err)
	}
	return nil
}

// WaitEnabled waits for the server's answer to [Feature]'s <enable/> on s and returns it:
// the <enabled/> (with the SM-ID when the stream is resumable), or the
// server's [Failed]. On a resumed session it returns the stream's
// <enabled/> as first received.
func WaitEnabled(ctx context.Context, s *xmpp.Session) (Enabled, error) {
	ss, ok := key.Get(s)
	if !ok || ss.enabled == nil {
		return Enabled{}, ErrNotEnabled
	}
	select {
	case <-ss.enabled:
	case <-ctx.Done():
		return Enabled{}, ctx.Err()
	case <-s.Done():
		select {
		case <-ss.enabled:
		default:
			return Enabled{}, xmpp.ErrClosed
		}
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.enabledAs, ss.enableErr
}

// Receipt tells when the peer acknowledged one stanza sent with [Send]:
// that the server received it (XEP-0198 §4), not that the recipient did. A
// stanza the server bounces is acknowledged too; the bounce comes to the
// session's handler as an error stanza (see the package documentation).
// Its methods are safe for concurrent use.
type Receipt struct {
	once    sync.Once
	done    chan struct{}
	err     error
	tracked bool // counted by the Sender (guarded by the session's mu)
}

func newReceipt() *Receipt { return &Receipt{done: make(chan struct{})} }

// settle settles the receipt; only the first call counts (a stanza may
// be reported lost by one resumption attempt and then another).
func (r *Receipt) settle(err error) {
	r.once.Do(func() {
		r.err = err
		close(r.done)
	})
}

// Done is closed when the stanza has been acknowledged or never will be
// (see Err).
func (r *Receipt) Done() <-chan struct{} { return r.done }

// Err returns nil once the stanza is acknowledged; [ErrUnacknowledged]
// (or the server's [Failed]) if it never will be; and nil before Done is
// closed.
func (r *Receipt) Err() error {
	select {
	case <-r.done:
		return r.err
	default:
		return nil
	}
}

// Wait waits until the stanza is acknowledged (nil), will never be (the
// error of Err), or ctx is done. A stanza sent before a connection drops
// may be acknowledged on the session that resumes the stream.
func (r *Receipt) Wait(ctx context.Context) error {
	select {
	case <-r.done:
		return r.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// tracked is what Send writes: the caller's stanza, recognised by the
// Sender through [xmpp.Outgoing.Source].
type tracked struct {
	m xmlstream.Marshaler
	r *Receipt
}

func (t tracked) WriteXML(w xmlstream.Encoder) error { return t.m.WriteXML(w) }

// Send sends m, one stanza, on s and returns its receipt, which is settled
// when the peer acknowledges the stanza. Once the stanza is in the queue
// of unacknowledged stanzas Send returns nil even if its write failed: on
// a resumable stream it is sent again when the stream resumes, else its
// receipt is settled with [ErrUnacknowledged]. Send fails with [ErrQueueFull],
// without sending, when the queue of unacknowledged stanzas is full, and
// with [ErrNotEnabled] on a session without stream management.
func Send(ctx context.Context, s *xmpp.Session, m xmlstream.Marshaler) (*Receipt, error) {
	ss, ok := key.Get(s)
	if !ok {
		return nil, ErrNotEnabled
	}
	ss.mu.Lock()
	on := ss.outOn.Load()
	ss.mu.Unlock()
	if !on {
		return nil, ErrNotEnabled
	}
	r := newReceipt()
	err := s.Send(ctx, tracked{m: m, r: r})
	ss.mu.Lock()
	counted := r.tracked
	ss.mu.Unlock()
	if counted {
		// Queued: even if the write failed (the connection dropped), the
		// stanza is now the stream's to send again on resumption or to
		// report lost, and the receipt says which. Failing the call would
		// make a caller send it again, and the peer get it twice.
		return r, nil
	}
	if err != nil {
		return nil, err
	}
	r.settle(ErrNotTracked)
	return r, nil
}
