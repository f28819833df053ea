package dial

import "github.com/canto-im/xmpp/internal/discover"

// ServerName returns the name to check a server's certificate against, and
// to send as SNI, for an XMPP domain: the A-label form of a domain name
// (UTS #46 lookup processing, RFC 5891), or the address of an IP literal
// without its brackets. The Dialer uses it for direct TLS; a session doing
// STARTTLS should use the same, so both methods check the same name.
func ServerName(domain string) (string, error) {
	host, _, err := discover.ASCIIDomain(domain)
	if err != nil {
		return "", wrapDomainError(err)
	}
	return host, nil
}
