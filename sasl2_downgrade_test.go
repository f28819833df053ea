package xmpp_test

import (
	"crypto/tls"
	"encoding/base64"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
)

// rewriteConn is a man in the middle inside the client's TLS (one that
// holds a certificate the client trusts): it rewrites what the client
// reads, chunk by chunk.
type rewriteConn struct {
	*tls.Conn
	rewrite func(string) string
	pending []byte
}

func (c *rewriteConn) Read(p []byte) (int, error) {
	if len(c.pending) == 0 {
		buf := make([]byte, 64<<10)
		n, err := c.Conn.Read(buf)
		if n == 0 {
			return 0, err
		}
		c.pending = []byte(c.rewrite(string(buf[:n])))
	}
	n := copy(p, c.pending)
	c.pending = c.pending[n:]
	return n, nil
}

var challengeRE = regexp.MustCompile(`(<challenge xmlns="urn:xmpp:sasl:2">)([^<]*)`)

// forgeHash replaces the XEP-0474 hash in a SCRAM server-first-message.
func forgeHash(s string) string {
	return challengeRE.ReplaceAllStringFunc(s, func(m string) string {
		parts := challengeRE.FindStringSubmatch(m)
		data, err := base64.StdEncoding.DecodeString(parts[2])
		if err != nil {
			return m
		}
		i := strings.Index(string(data), ",h=")
		if i < 0 {
			return m
		}
		forged := string(data[:i]) + ",h=" + base64.StdEncoding.EncodeToString(make([]byte, 32))
		return parts[1] + base64.StdEncoding.EncodeToString([]byte(forged))
	})
}

// TestSASL2Downgrade: a man in the middle that alters the SASL2 offer
// or the XEP-0474 hash is caught, by the client or by the server.
func TestSASL2Downgrade(t *testing.T) {
	stripPlus := func(s string) string {
		for _, m := range []string{"SCRAM-SHA-512-PLUS", "SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS"} {
			s = strings.ReplaceAll(s, "<mechanism>"+m+"</mechanism>", "")
		}
		return s
	}
	stripCB := regexp.MustCompile(`<sasl-channel-binding[^>]*>.*?</sasl-channel-binding>`)
	for _, tc := range []struct {
		name    string
		rewrite func(string) string
		want    error
	}{
		// -PLUS stripped, the XEP-0440 list kept: the list without a
		// -PLUS mechanism is itself the proof (XEP-0440 §Business Rules).
		{"plus stripped", stripPlus, sasl.ErrDowngrade},
		// -PLUS and the list stripped: the client, able to bind, sends
		// "y", and the server that offered -PLUS refuses (RFC 5802 §6).
		{"plus and types stripped", func(s string) string { return stripCB.ReplaceAllString(stripPlus(s), "") }, sasl.ErrNotAuthorized},
		// The strongest mechanism stripped: the XEP-0474 hash of the
		// server's list does not match what the client saw.
		{"strongest stripped", func(s string) string {
			return strings.ReplaceAll(s, "<mechanism>SCRAM-SHA-512-PLUS</mechanism>", "")
		}, sasl.ErrDowngrade},
		// A forged hash in the server-first-message.
		{"forged hash", forgeHash, sasl.ErrDowngrade},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newFastWorld(t)
			wrap := func(c *tls.Conn) io.ReadWriter { return &rewriteConn{Conn: c, rewrite: tc.rewrite} }
			client := w.clientFeatures("secret", func(c *xmpp.SASL2Config) { c.FAST = nil })
			r := connectTLSWrap(t, w.env, jid.MustParse("juliet@example.net"), client, w.serverFeatures(nil), xmpp.Config{}, xmpp.Config{}, wrap)
			if r.err == nil {
				t.Fatal("negotiation succeeded through the man in the middle")
			}
			if !errors.Is(r.err, tc.want) {
				t.Errorf("error %v, want %v", r.err, tc.want)
			}
		})
	}
}
