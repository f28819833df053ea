package csi

import "github.com/canto-im/xmpp"

// TakeHeld returns what the server side of s held back for its inactive
// client when the stream ended, oldest first, and forgets it; nil on a
// session still running, a client's session, or one that held nothing.
//
// A stream resumed with XEP-0198 starts active (XEP-0352 §5.2), and what
// was held was never sent, so stream management has no copy of it: a
// server that resumes s's stream on a new session sends it there with
// [xmpp.Session.Release], which writes it through the new session's
// Senders (stream management counts it). Otherwise it goes with s.
func TakeHeld(s *xmpp.Session) []xmpp.Held {
	sv, ok := serverKey.Get(s)
	if !ok {
		return nil
	}
	sv.mu.Lock()
	defer sv.mu.Unlock()
	left := sv.left
	sv.left = nil
	return left
}
