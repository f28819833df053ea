// Package discover finds where an XMPP service listens.
//
// It implements the DNS SRV resolution of RFC 6120 §3.2 with the record
// ordering of RFC 2782 (lowest priority first, then a weighted random
// choice among equal priorities), extended by XEP-0368 with _xmpps-client
// and _xmpps-server records for direct TLS, whose priorities and weights are
// mixed with the _xmpp- ones as if they were one record set. A lone SRV
// record whose target is "." means that the service is decidedly not
// offered: it is reported as ErrNoService and must not lead to the fallback
// to the domain's address records.
//
// It also implements the HTTP lookup of XEP-0156: the Web Host Metadata
// (RFC 6415) of a domain, fetched over HTTPS only in its XRD form
// (/.well-known/host-meta) or its JSON form (/.well-known/host-meta.json),
// from which the WebSocket (RFC 7395, wss:// only) and BOSH (XEP-0206,
// https:// only) endpoints are taken. Every fetch is bounded in size and time.
//
// Nothing here checks a certificate against a discovered host: the callers
// verify the certificate of any endpoint found here against the XMPP domain
// (RFC 7590; trusting the discovered host instead was CVE-2022-24968).
package discover
