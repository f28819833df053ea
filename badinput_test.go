package xmpp_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmpptest"
)

const clientHeader = `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.net' version='1.0'>`

// negotiated drives a server session through PLAIN and bind as a client would.
func negotiated(t *testing.T) (*xmpptest.Peer, <-chan error) {
	t.Helper()
	p, done := receiving(t)
	_, err := p.LoginPlain("juliet", "pw")
	must(t, err)
	_, err = p.Bind()
	must(t, err)
	return p, done
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// expectStreamError checks that the session under test sent want and ended with it.
func expectStreamError(t *testing.T, p *xmpptest.Peer, done <-chan error, want stream.Error) {
	t.Helper()
	got, err := p.ExpectStreamError()
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(got, want) {
		t.Errorf("sent %v, want %v", got, want)
	}
	p.Close()
	select {
	case err := <-done:
		if !errors.Is(err, want) {
			t.Errorf("session ended with %v, want %v", err, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("session did not end")
	}
}

func TestBadInput_A1_A2_RestrictedXML(t *testing.T) {
	for _, tc := range []struct {
		name, before, after string
	}{
		{"A1 DOCTYPE with entities", `<?xml version='1.0'?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>`, ``},
		{"A2 comment", ``, `<!-- hi -->`},
		{"A2 processing instruction", ``, `<?evil stuff?>`},
		{"A2 undeclared entity", ``, `<message><body>&custom;</body></message>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, done := receiving(t)
			if tc.before != "" {
				go p.Write(tc.before + clientHeader[strings.Index(clientHeader, "<stream"):])
				// The header itself is refused: the session answers with
				// its own header and the error.
				_, _ = p.ReadHeader()
				expectStreamError(t, p, done, stream.RestrictedXML)
				return
			}
			must(t, p.Write(clientHeader))
			_, err := p.ReadHeader()
			must(t, err)
			_, err = p.Expect(stream.NS, "features")
			must(t, err)
			go p.Write(tc.after)
			expectStreamError(t, p, done, stream.RestrictedXML)
		})
	}
}

func TestBadInput_A4_A5_A7_AfterNegotiation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		input string
		want  stream.Error
	}{
		{"A4 oversized stanza", `<message><body>` + strings.Repeat("a", 2<<20) + `</body></message>`, stream.PolicyViolation},
		{"A5 deep nesting", strings.Repeat("<a>", 100000), stream.PolicyViolation},
		{"A7 invalid UTF-8", "<message><body>\xff\xfe</body></message>", stream.NotWellFormed},
		{"A7 NUL character", "<message><body>\x00</body></message>", stream.NotWellFormed},
		{"A7 U+FFFE", "<message><body>\uFFFE</body></message>", stream.NotWellFormed},
		{"A7 unclosed tag in attribute", `<message to='a<b'/>`, stream.NotWellFormed},
		{"A7 mismatched end tag", `<message></presence>`, stream.NotWellFormed},
		{"unbound prefix", `<x:message/>`, stream.NotWellFormed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, done := negotiated(t)
			go p.Write(tc.input)
			expectStreamError(t, p, done, tc.want)
		})
	}
}

func TestBadInput_A4_PreAuthLimit(t *testing.T) {
	p, done := receiving(t)
	must(t, p.Write(clientHeader))
	_, err := p.ReadHeader()
	must(t, err)
	_, err = p.Expect(stream.NS, "features")
	must(t, err)
	// 100 KiB is within the post-authentication limit but not before.
	go p.Write(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>` + strings.Repeat("A", 100<<10) + `</auth>`)
	expectStreamError(t, p, done, stream.PolicyViolation)
}

func TestBadInput_A8_WhitespaceAndClose(t *testing.T) {
	p, done := negotiated(t)
	must(t, p.Write("\n  \t "))
	must(t, p.Write(`<presence/>`+"\r\n"))
	must(t, p.Write(`</stream:stream>`))
	// The session answers with its own closing tag and ends cleanly.
	for {
		_, err := p.Read()
		if errors.Is(err, errStreamEnd) {
			break
		}
		must(t, err)
	}
	p.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("session ended with %v, want a clean end", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("session did not end")
	}
}

func TestBadInput_StanzaBeforeAuth(t *testing.T) {
	p, done := receiving(t)
	must(t, p.Write(clientHeader))
	_, err := p.ReadHeader()
	must(t, err)
	_, err = p.Expect(stream.NS, "features")
	must(t, err)
	go p.Write(`<message to='romeo@example.net'><body>hi</body></message>`)
	expectStreamError(t, p, done, stream.NotAuthorized)
}

func TestBadInput_WrongHost(t *testing.T) {
	p, done := receiving(t)
	go p.Write(strings.Replace(clientHeader, "to='example.net'", "to='example.org'", 1))
	_, err := p.ReadHeader()
	must(t, err)
	expectStreamError(t, p, done, stream.HostUnknown)
}

func TestBadInput_WrongNamespace(t *testing.T) {
	p, done := receiving(t)
	go p.Write(strings.Replace(clientHeader, "xmlns='jabber:client'", "xmlns='jabber:server'", 1))
	_, err := p.ReadHeader()
	must(t, err)
	expectStreamError(t, p, done, stream.InvalidNamespace)
}

// receiving starts a server session (PLAIN, binding) on one end of a pipe
// and returns a scripted peer on the other, and the session's outcome.
func receiving(t *testing.T) (*xmpptest.Peer, <-chan error) {
	t.Helper()
	return xmpptest.ReceivePipe(t)
}
