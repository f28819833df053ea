// Package xmpp will hold Canto's sessions: stream negotiation on both sides,
// sending and receiving stanzas, and IQ tracking (RFC 6120).
//
// Until the sessions land, the low-level packages stand on their own:
// [github.com/canto-im/xmpp/jid] (RFC 7622 addresses),
// [github.com/canto-im/xmpp/xmlstream] (the restricted-XML token layer),
// [github.com/canto-im/xmpp/stanza] (RFC 6120 §8 stanzas and errors),
// [github.com/canto-im/xmpp/stream] (RFC 6120 §4 headers, features and errors)
// and [github.com/canto-im/xmpp/sasl] (SASL mechanisms for both sides).
package xmpp
