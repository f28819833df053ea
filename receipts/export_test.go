package receipts

import (
	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
)

// Wait registers a wait for id on s, as SendWithReceipt does, and returns
// the function that ends it.
func Wait(s *xmpp.Session, id string, to jid.JID) (func(), error) {
	w := &waiter{to: to, done: make(chan struct{})}
	if err := add(s, id, w); err != nil {
		return nil, err
	}
	return func() { remove(s, id, w) }, nil
}

// Sessions returns how many sessions have a table of waits.
func Sessions() int {
	pending.Lock()
	defer pending.Unlock()
	return len(pending.bySession)
}

var FromRecipient = fromRecipient
