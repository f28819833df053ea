package sm

import (
	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/xmlstream"
)

// Finishing gives, on a client closing its stream gracefully, the count of
// stanzas it handled: XEP-0198 §4 recommends an <a/> right before the
// closing tag, since the server otherwise takes whatever the client had not
// acknowledged yet as undelivered, and stores or routes it again (the
// client then gets it twice, at its next login). A server's session says
// nothing (nil).
func (ss *session) Finishing(*xmpp.Session) xmlstream.Marshaler {
	if ss.server != nil || !ss.in.Counting() {
		return nil
	}
	return Ack{H: ss.in.Load()}
}
