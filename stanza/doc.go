// Package stanza implements the XML stanzas of RFC 6120 §8: the <message/>,
// <presence/> and <iq/> headers with their common attributes (§8.1), the
// stanza kinds and types (§8.2, and RFC 6121 §5.2.2 and §4.7.1 for the message
// and presence types), stanza errors with all the defined conditions (§8.3),
// and unpredictable stanza ids (§8.1.3 and the security advice of §13.12).
//
// Every header type can be used two ways. Through encoding/xml, by embedding
// it in a struct of your own:
//
//	type Chat struct {
//		stanza.Message
//		Body string `xml:"body"`
//	}
//
// and through the restricted-XML token layer of package xmlstream, without
// encoding/xml: [ParseHeader] reads the header of a received element and
// [Message.WriteStart] writes an opening tag, for code on the hot path.
//
// The XMLName of the header types carries no namespace in its struct tag,
// because the same stanzas travel in the jabber:client, jabber:server and
// jabber:component:accept namespaces ([NSClient], [NSServer], [NSComponent]).
package stanza
