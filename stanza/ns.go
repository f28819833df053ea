package stanza

// Namespaces of stanzas and stanza errors.
const (
	// NSClient qualifies stanzas on client-to-server streams (RFC 6120 §4.8.2).
	NSClient = "jabber:client"
	// NSServer qualifies stanzas on server-to-server streams (RFC 6120 §4.8.2).
	NSServer = "jabber:server"
	// NSComponent qualifies stanzas on external component streams (XEP-0114).
	NSComponent = "jabber:component:accept"
	// NSError qualifies the conditions and text of a stanza error (RFC 6120 §8.3.2).
	NSError = "urn:ietf:params:xml:ns:xmpp-stanzas"

	// nsXML is the namespace bound to the xml: prefix (xml:lang).
	nsXML = "http://www.w3.org/XML/1998/namespace"
)

// IsContentNS reports whether ns is one of the namespaces stanzas are
// qualified by: [NSClient], [NSServer] or [NSComponent].
func IsContentNS(ns string) bool {
	return ns == NSClient || ns == NSServer || ns == NSComponent
}
