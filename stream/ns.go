package stream

// Namespaces of RFC 6120 §4 and RFC 7395.
const (
	// NS qualifies the stream element, <stream:features/> and <stream:error/>.
	NS = "http://etherx.jabber.org/streams"
	// NSError qualifies the conditions and text of a stream error.
	NSError = "urn:ietf:params:xml:ns:xmpp-streams"
	// NSFraming qualifies <open/> and <close/> on WebSocket connections.
	NSFraming = "urn:ietf:params:xml:ns:xmpp-framing"

	// The content namespaces a stream may declare as its default (RFC 6120
	// §4.8.2 and XEP-0114).
	nsClient    = "jabber:client"
	nsServer    = "jabber:server"
	nsComponent = "jabber:component:accept"

	nsXML = "http://www.w3.org/XML/1998/namespace"
)

// Version is the version of XMPP this package speaks, for Header.Version.
const Version = "1.0"

// CloseTag closes a stream opened with [Header.WriteStart] (RFC 6120 §4.4).
const CloseTag = "</stream:stream>"

// supportedContentNS reports whether ns may be a stream's content namespace.
func supportedContentNS(ns string) bool {
	return ns == nsClient || ns == nsServer || ns == nsComponent
}
