package discover

import (
	"fmt"
	"net/netip"
	"strings"

	"golang.org/x/net/idna"
)

// ASCIIDomain returns the form of an XMPP domain used in DNS queries, URLs
// and TLS server names: the A-label form of a domain name (RFC 5891,
// converted with the UTS #46 lookup profile), or the bare address of an IP
// literal, without the brackets of an IPv6 literal. The boolean reports
// whether the domain is an IP address, which has no SRV records.
func ASCIIDomain(domain string) (host string, isIP bool, err error) {
	trimmed := strings.TrimSuffix(strings.TrimPrefix(domain, "["), "]")
	if addr, perr := netip.ParseAddr(trimmed); perr == nil && addr.Zone() == "" {
		if trimmed != domain && !addr.Is6() {
			return "", false, fmt.Errorf("%w: %q: brackets around an IPv4 address", ErrDomain, domain)
		}
		return addr.String(), true, nil
	}
	ascii, err := idna.Lookup.ToASCII(domain)
	if err != nil {
		return "", false, fmt.Errorf("%w: %q: %w", ErrDomain, domain, err)
	}
	if ascii == "" || strings.ContainsAny(ascii, "[]:/?#@% ") {
		return "", false, fmt.Errorf("%w: %q", ErrDomain, domain)
	}
	return ascii, false, nil
}
