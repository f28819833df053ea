package client

import (
	"errors"
	"net"
	"strconv"
	"strings"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/stream"
)

// directTLSPort is the port a see-other-host without one gets on a direct
// TLS client, the port XEP-0368 deployments customarily use (the XEP
// itself names none).
const directTLSPort = 5223

// redirectOf returns where err sends the client: a host:port for a
// see-other-host stream error (RFC 6120 §4.9.3.19), a URL for a WebSocket
// see-other-uri (RFC 7395 §3.6.1), or "" when err is no redirect or one
// that does not fit the transport.
func (c *Client) redirectOf(err error) string {
	if c.cfg.WebSocket != nil {
		var so *xmpp.SeeOtherURIError
		if errors.As(err, &so) {
			return so.URI
		}
		return ""
	}
	var se stream.Error
	if !errors.As(err, &se) || se.Condition != stream.SeeOtherHost.Condition {
		return ""
	}
	port := dial.DefaultClientPort
	if c.cfg.Dial.DirectTLS {
		port = directTLSPort
	}
	return hostPort(se.Host, port)
}

// hostPort turns the text of a see-other-host (a domain, an IPv4 address or
// a bracketed IPv6 address, each with an optional port) into host:port, or
// "" if it is none of these.
func hostPort(s string, defaultPort int) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		host, port = s, strconv.Itoa(defaultPort)
		if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
			host = host[1 : len(host)-1]
		}
	}
	if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
		return ""
	}
	if host == "" || strings.ContainsAny(host, "[]/ @") {
		return ""
	}
	if strings.Contains(host, ":") && net.ParseIP(host) == nil {
		return "" // a colon only in an IPv6 address
	}
	return net.JoinHostPort(host, port)
}

// redirects tracks a chain of redirects followed in a row.
type redirects struct {
	max     int
	visited []string
	next    string // where the next attempt goes; "" means as configured
}

// follow reports whether to follow a redirect to dest, and if so makes it
// the next attempt's destination. A chain longer than max, or one that
// comes back to a place it has visited, is not followed.
func (r *redirects) follow(dest string) bool {
	if dest == "" || r.max < 0 || len(r.visited) >= r.max {
		return false
	}
	for _, v := range r.visited {
		if v == dest {
			return false
		}
	}
	r.visited = append(r.visited, dest)
	r.next = dest
	return true
}

// reset ends the chain: the next attempt goes where configured.
func (r *redirects) reset() {
	r.visited = r.visited[:0]
	r.next = ""
}
