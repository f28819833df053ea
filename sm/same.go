package sm

import "github.com/canto-im/xmpp"

// SameStream reports whether a and b, sessions of a Server, carry the
// same resumable stream: one resumed the other's, or a resumption of it.
// A server that keeps a client's resource by name uses it on resumption
// to tell the resource of the stream resumed from one bound afresh under
// the same full JID meanwhile ([Server.Drop]), which the resumed session
// must not take over.
func SameStream(a, b *xmpp.Session) bool {
	if a == nil || b == nil {
		return false
	}
	sa, ok := key.Get(a)
	if !ok {
		return false
	}
	sb, ok := key.Get(b)
	if !ok || sa.server == nil || sa.server != sb.server {
		return false
	}
	sa.mu.Lock()
	ida := sa.id
	sa.mu.Unlock()
	sb.mu.Lock()
	idb := sb.id
	sb.mu.Unlock()
	return ida != "" && ida == idb
}
