package server

import "github.com/canto-im/xmpp/stanza"

// boundAlready answers a resource binding request on a running
// session. The stream has its resource already: bound in negotiation, or
// kept by a XEP-0198 resumption (§5: the resumed session keeps its full
// JID, and the client does not bind again). RFC 6120 §7.6.2.2 names
// not-allowed for a client that may not bind a resource to the stream;
// binding is negotiated once per stream (§7.1), so the request is refused
// and the stream, its full JID and its stream management go on as before.
// The server generated the error, not the account (§8.3.2), whichever
// address the request had.
func (s *Server) boundAlready() error {
	return stanza.Error{Type: stanza.Cancel, Condition: stanza.NotAllowed, By: s.domain, Text: "a resource is bound to this stream already"}
}
