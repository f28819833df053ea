package client

import (
	"net"
	"strconv"
	"testing"
)

// FuzzHostPort feeds see-other-host texts, which come from the peer: the
// result is empty or a host:port that splits back into a host and a valid
// port.
func FuzzHostPort(f *testing.F) {
	for _, s := range []string{"other.example.com", "other.example.com:5333", "[2001:db8::1]:9090", "[::1]", "192.0.2.1", ":", "[]:1", "a:b:c", " x "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := hostPort(s, 5222)
		if out == "" {
			return
		}
		host, port, err := net.SplitHostPort(out)
		if err != nil || host == "" {
			t.Fatalf("hostPort(%q) = %q: %v", s, out, err)
		}
		if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
			t.Fatalf("hostPort(%q) = %q: bad port", s, out)
		}
	})
}
