package sm

import (
	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/message"
)

// Resuming reports whether a connection is resuming the stream id.
func Resuming(srv *Server, id string) bool {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	k := srv.streams[id]
	return k != nil && k.resuming
}

// QueueBodies returns the bodies of the stanzas in s's queue of stanzas
// not acknowledged, parsed from the copies kept to send again.
func QueueBodies(s *xmpp.Session) []string {
	ss, ok := key.Get(s)
	if !ok {
		return nil
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	var out []string
	for i := range ss.q.len() {
		out = append(out, heldBody(ss.q.at(i).held))
	}
	return out
}

// heldBody is the body of a kept message, or what went wrong.
func heldBody(h xmpp.Held) string {
	el, err := h.Element()
	if err != nil {
		return "unparsable: " + err.Error()
	}
	m, err := message.Parse(el)
	if err != nil {
		return "not a message: " + err.Error()
	}
	return m.Body("")
}

// SetAfterTakeOver runs f when a resumption has passed its checks, before
// <resumed/> is answered; nil removes it.
func SetAfterTakeOver(f func()) {
	if f == nil {
		afterTakeOver.Store(nil)
		return
	}
	afterTakeOver.Store(&f)
}
