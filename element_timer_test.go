package xmpp_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmpptest"
)

// negotiatedWith is negotiated with a configuration of the session under
// test.
func negotiatedWith(t *testing.T, cfg xmpp.Config) (*xmpptest.Peer, <-chan error) {
	t.Helper()
	cfg.InsecureAssumeSecure = true
	c, s := net.Pipe()
	p, done := xmpptest.Receive(t, c, s, cfg)
	_, err := p.LoginPlain("juliet", "pw")
	must(t, err)
	_, err = p.Bind()
	must(t, err)
	return p, done
}

// TestFault_StanzaTimeout: with Config.StanzaTimeout, an element kept open
// by a byte now and then ends the stream with connection-timeout; white
// space between elements, however long it lasts, and elements that arrive
// after a long silence do not.
func TestFault_StanzaTimeout(t *testing.T) {
	const timeout = 300 * time.Millisecond
	for _, tc := range []struct {
		name   string
		chunks []string // written 50 ms apart
		ends   bool
	}{
		{"trickled stanza", append([]string{"<message><body>"}, strings.Split(strings.Repeat("x", 20), "")...), true},
		{"trickled start tag", strings.Split("<message to='someone@example.net' type='chat' id='abcdefgh'>", ""), true},
		{"whitespace keep-alives", strings.Split(strings.Repeat(" \n", 10), ""), false},
		{"stanzas after silence", []string{"<presence/>", " ", " ", " ", " ", " ", " ", " ", "<presence/>\n", " ", " ", " ", " ", " ", " ", "<message><body>hi</body></message>"}, false},
		{"stanzas split in time", []string{"<presence>", "<show>away</show>", "</presence>", "<presence>", "</presence>"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, done := negotiatedWith(t, xmpp.Config{StanzaTimeout: timeout})
			go func() { // take what the session writes (its stream error)
				for {
					if _, err := p.Read(); err != nil {
						return
					}
				}
			}()
			for _, c := range tc.chunks {
				if err := p.Write(c); err != nil {
					break // the session closed the pipe
				}
				time.Sleep(50 * time.Millisecond)
			}
			if !tc.ends {
				select {
				case err := <-done:
					t.Fatalf("the session ended: %v", err)
				case <-time.After(2 * timeout):
				}
				return
			}
			select {
			case err := <-done:
				var lse *xmpp.LocalStreamError
				if !errors.As(err, &lse) || lse.Err.Condition != stream.ConnectionTimeout.Condition {
					t.Errorf("ended with %v, want connection-timeout", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the element has been open for seconds")
			}
		})
	}
}

// TestFault_StanzaTimeoutUnderBackPressure: while a slow handler keeps the
// queue full, the read loop does not read, and the peer's elements already
// on their way are not timed: back-pressure from this side never ends an
// honest stream with connection-timeout.
func TestFault_StanzaTimeoutUnderBackPressure(t *testing.T) {
	const timeout = 200 * time.Millisecond
	slow := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		time.Sleep(timeout) // each stanza takes as long as the timeout
		return nil
	})
	p, done := negotiatedWith(t, xmpp.Config{StanzaTimeout: timeout, HandlerQueue: 1, Handler: slow})
	go func() {
		for {
			if _, err := p.Read(); err != nil {
				return
			}
		}
	}()
	// Six stanzas in one write: most wait in the transport while the
	// handler works through them, over four times the timeout.
	must(t, p.Write(strings.Repeat("<message><body>hi</body></message>", 6)))
	select {
	case err := <-done:
		t.Fatalf("the session ended: %v", err)
	case <-time.After(8 * timeout):
	}
}
