package receipts

import (
	"context"
	"errors"
	"sync"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// MaxPending bounds the receipts one session waits for at once: beyond it
// SendWithReceipt fails with ErrTooManyPending before sending, so that the
// table of waits cannot grow without end.
const MaxPending = 1024

var (
	// ErrTooManyPending is returned by SendWithReceipt when the session
	// already waits for MaxPending receipts.
	ErrTooManyPending = errors.New("receipts: too many receipts awaited on this session")
	// ErrPending is returned by SendWithReceipt for a message whose id is
	// already awaited on the session: the two receipts could not be told
	// apart.
	ErrPending = errors.New("receipts: a receipt for this message id is already awaited")
	// ErrNoRecipient is returned by SendWithReceipt for a message without
	// a to address: there is no one whose receipt to wait for.
	ErrNoRecipient = errors.New("receipts: the message has no recipient")
	// ErrNotContent is returned by SendWithReceipt for a message that may
	// not ask for a receipt (§5): an error, or a receipt itself.
	ErrNotContent = errors.New("receipts: an error or a receipt cannot ask for a receipt")
)

// waiter is one awaited receipt.
type waiter struct {
	to   jid.JID // the message's recipient
	done chan struct{}
}

// table is the receipts one session waits for, by message id.
type table map[string]*waiter

// pending holds the tables of the sessions that wait for receipts. A
// session's table is removed when its last wait ends, so that a session
// that waits for nothing costs nothing, and nothing outlives the waits.
var pending struct {
	sync.Mutex
	bySession map[*xmpp.Session]table
}

// SendWithReceipt sends msg with a receipt request added and waits until
// the recipient acknowledges it, until ctx ends (returning ctx's error) or
// until the session ends (returning its error, or xmpp.ErrClosed when it
// closed cleanly).
//
// msg must have an id (§7: ErrNoID) and a recipient (ErrNoRecipient), and
// be neither an error nor a receipt (§5: ErrNotContent); msg itself is not
// changed (the request is added to a copy). A receipt counts when it comes
// from msg's recipient: from any of its resources if msg is addressed to a
// bare JID, from exactly that address otherwise. The session's handler
// must route receipts to a [Handler] (Handler.Handle), or the wait lasts
// until ctx ends.
func SendWithReceipt(ctx context.Context, s *xmpp.Session, msg *message.Message) error {
	id, to := msg.Header.ID, msg.Header.To
	if id == "" {
		return ErrNoID
	}
	if to.IsZero() {
		return ErrNoRecipient
	}
	if msg.Header.Type == stanza.ErrorMessage || isReceipt(msg.Payload) {
		return ErrNotContent
	}
	w := &waiter{to: to, done: make(chan struct{})}
	if err := add(s, id, w); err != nil {
		return err
	}
	defer remove(s, id, w)

	m := *msg
	m.Payload = append(m.Payload[:len(m.Payload):len(m.Payload)], Request{})
	if err := s.Send(ctx, &m); err != nil {
		return err
	}
	select {
	case <-w.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-s.Done():
		if err := s.Err(); err != nil {
			return err
		}
		return xmpp.ErrClosed
	}
}

// isReceipt reports whether payload holds a <received/>.
func isReceipt(payload []xmlstream.Marshaler) bool {
	for _, p := range payload {
		switch p.(type) {
		case Received, *Received:
			return true
		}
	}
	return false
}

// add registers w as the wait for id on s.
func add(s *xmpp.Session, id string, w *waiter) error {
	pending.Lock()
	defer pending.Unlock()
	t := pending.bySession[s]
	if len(t) >= MaxPending {
		return ErrTooManyPending
	}
	if _, dup := t[id]; dup {
		return ErrPending
	}
	if t == nil {
		if pending.bySession == nil {
			pending.bySession = make(map[*xmpp.Session]table)
		}
		t = make(table)
		pending.bySession[s] = t
	}
	t[id] = w
	return nil
}

// remove ends the wait w for id on s, dropping the session's table when
// it is empty.
func remove(s *xmpp.Session, id string, w *waiter) {
	pending.Lock()
	defer pending.Unlock()
	t := pending.bySession[s]
	if t[id] != w {
		return
	}
	delete(t, id)
	if len(t) == 0 {
		delete(pending.bySession, s)
	}
}

// resolve ends the wait for the receipt r received on s from from, if one
// awaits it from that sender, and reports whether one did.
func resolve(s *xmpp.Session, from jid.JID, r Received) bool {
	pending.Lock()
	defer pending.Unlock()
	w := pending.bySession[s][r.ID]
	if w == nil || !fromRecipient(w.to, from) {
		return false
	}
	select {
	case <-w.done: // a second receipt (another resource): already resolved
		return false
	default:
		close(w.done)
		return true
	}
}

// fromRecipient reports whether a receipt from from answers a message sent
// to to: a bare JID is answered by any of its resources, a full JID (or a
// domain) only by itself.
func fromRecipient(to, from jid.JID) bool {
	if to.Resourcepart() == "" && to.Localpart() != "" {
		return from.Bare().Equal(to)
	}
	return from.Equal(to)
}
