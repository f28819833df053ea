package csi

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// server is the receiving side's state for one client session. inactive
// is read on every send; the queue is only touched under the session's
// write lock (in Sending, and in the take function given to Release), so
// it needs no lock of its own.
type server struct {
	max      int
	inactive atomic.Bool
	held     queue[xmpp.Held]

	// left is what was held when the stream ended (Ended), until
	// TakeHeld takes it.
	mu   sync.Mutex
	left []xmpp.Held
}

var serverKey = xmpp.NewExtensionKey[*server]("csi server")

// releaseTimeout bounds the wait to flush what was held when the client
// becomes active, if the client does not read.
const releaseTimeout = 10 * time.Second

// ReceiveNamespace is XEP-0352's: the session calls Receive for nothing
// else, so that stanzas pass no Receiver on their way to the handler.
func (*server) ReceiveNamespace() string { return NS }

// Receive takes the client's indications (XEP-0352 §4). Any other element
// in the namespace ends the stream with unsupported-stanza-type (RFC 6120
// §4.9.3.22). The flush on <active/> happens before the next element is
// read, so that what the client sends next is answered after it
// (XEP-0352 §5).
func (sv *server) Receive(s *xmpp.Session, el *xmlstream.Element) (bool, error) {
	name := el.Name()
	if name.Space != NS {
		return false, nil
	}
	switch name {
	case InactiveName:
		sv.inactive.Store(true)
	case ActiveName:
		// Set before Release: if Release fails, the next send flushes.
		sv.inactive.Store(false)
		ctx, cancel := context.WithTimeout(context.Background(), releaseTimeout)
		defer cancel()
		_ = s.Release(ctx, sv.held.take) // a failed write ends the session itself
	default:
		e := stream.UnsupportedStanzaType
		e.Text = "unknown client state indication <" + name.Local + "/>"
		return true, e
	}
	return true, nil
}

// Sending holds back what can wait while the client is inactive, and sends
// what was held, in order, before anything that cannot.
func (sv *server) Sending(_ *xmpp.Session, o *xmpp.Outgoing) {
	if !sv.inactive.Load() || sv.max < 0 {
		sv.flush(o)
		return
	}
	el, err := o.Element()
	if err != nil {
		sv.flush(o)
		return
	}
	key, collapse, ok := holdable(el)
	if !ok || !sv.held.fits(key, collapse, o.Len(), sv.max) {
		sv.flush(o)
		return
	}
	sv.held.add(key, collapse, o.Hold())
}

// flush releases what is held ahead of o.
func (sv *server) flush(o *xmpp.Outgoing) {
	if sv.held.len() > 0 {
		o.Release(sv.held.take()...)
	}
}

// Ended keeps what is held when the stream ends, for the session that
// resumes it ([TakeHeld]). It runs under the session's write lock, after
// the last Sending.
func (sv *server) Ended(*xmpp.Session) {
	left := sv.held.take()
	sv.mu.Lock()
	sv.left = left
	sv.mu.Unlock()
}
