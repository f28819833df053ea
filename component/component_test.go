package component_test

import (
	"context"
	"errors"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/component"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestMain(m *testing.M) { xmpptest.Main(m) }

var compDomain = jid.MustParse("bot.example.net")

func secrets(d jid.JID) (string, bool) {
	if d == compDomain {
		return "s3cret", true
	}
	return "", false
}

type chat struct {
	stanza.Message
	Body string `xml:"body"`
}

// connect runs both sides over a pipe and returns their outcomes.
func connect(t *testing.T, domain jid.JID, secret string, serverCfg xmpp.Config) (comp, srv *xmpp.Session, compErr, srvErr error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// TCP: on a synchronous pipe a peer that writes a stream error while
	// the other writes its handshake would block both.
	a, b := tcpPair(t)
	type result struct {
		s   *xmpp.Session
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := component.Receive(ctx, b, serverCfg, secrets)
		done <- result{s, err}
	}()
	comp, compErr = component.NewSession(ctx, domain, secret, a, xmpp.Config{})
	r := <-done
	a.Close()
	b.Close()
	return comp, r.s, compErr, r.err
}

func TestHandshakeAndMessages(t *testing.T) {
	got := make(chan chat, 1)
	serverCfg := xmpp.Config{Handler: xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		var m chat
		if err := st.Element.Decode(&m); err != nil {
			return err
		}
		got <- m
		return nil
	})}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	a, b := net.Pipe()
	done := make(chan *xmpp.Session, 1)
	go func() {
		s, err := component.Receive(ctx, b, serverCfg, secrets)
		if err != nil {
			t.Error(err)
		}
		done <- s
	}()
	comp, err := component.NewSession(ctx, compDomain, "s3cret", a, xmpp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	srv := <-done
	if srv == nil {
		t.FailNow()
	}
	if srv.RemoteAddr() != compDomain {
		t.Errorf("server sees %v", srv.RemoteAddr())
	}
	m := chat{Message: stanza.Message{From: jid.MustParse("echo@bot.example.net"), To: jid.MustParse("juliet@example.net"), Type: stanza.ChatMessage}, Body: "hi"}
	if err := comp.Send(ctx, xmlstream.Struct(m)); err != nil {
		t.Fatal(err)
	}
	select {
	case m := <-got:
		if m.Body != "hi" || m.From.String() != "echo@bot.example.net" {
			t.Errorf("server got %+v", m)
		}
	case <-ctx.Done():
		t.Fatal("message not delivered")
	}
	if err := comp.Close(ctx); err != nil {
		t.Error(err)
	}
	_ = srv.Close(ctx)
}

func TestBadSecretRefused(t *testing.T) {
	_, _, compErr, srvErr := connect(t, compDomain, "wrong", xmpp.Config{})
	if !errors.Is(compErr, component.ErrHandshake) || !errors.Is(compErr, stream.NotAuthorized) {
		t.Errorf("component: %v, want a refused handshake (not-authorized)", compErr)
	}
	if !errors.Is(srvErr, stream.NotAuthorized) {
		t.Errorf("server: %v, want not-authorized", srvErr)
	}
}

func TestUnknownDomain(t *testing.T) {
	_, _, compErr, srvErr := connect(t, jid.MustParse("other.example.net"), "s3cret", xmpp.Config{})
	if !errors.Is(compErr, stream.HostUnknown) || !errors.Is(srvErr, stream.HostUnknown) {
		t.Errorf("component %v, server %v: want host-unknown", compErr, srvErr)
	}
}

func TestHandshakeValue(t *testing.T) {
	for _, tc := range []struct{ id, secret, want string }{
		// XEP-0114 §3, example: stream id 3BF96D32 (the secret is "test").
		{"3BF96D32", "test", "aaee83c26aeeafcbabeabfcbcd50df997e0a2a1e"},
		{"", "", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
		{"abc", "", "a9993e364706816aba3e25717850c26c9cd0d89d"},
	} {
		if got := component.Handshake(tc.id, tc.secret); got != tc.want {
			t.Errorf("Handshake(%q, %q) = %q, want %q", tc.id, tc.secret, got, tc.want)
		}
	}
}

// TestBadInput_C24_ConstantTimeHandshake checks that the server compares the
// handshake with crypto/subtle, never with ==.
func TestBadInput_C24_ConstantTimeHandshake(t *testing.T) {
	src, err := os.ReadFile("component.go")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "subtle.ConstantTimeCompare([]byte(el.Text()), []byte(expected))") {
		t.Fatal("the handshake is not compared in constant time")
	}
}

func tcpPair(t *testing.T) (net.Conn, net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	ch := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		ch <- c
	}()
	a, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	b := <-ch
	if b == nil {
		t.Fatal("accept failed")
	}
	return a, b
}

// TestReceiveAdmit: admit runs once the handshake is verified, with the
// component's domain, and its error refuses the component: a stream error
// as it is, another error as internal-server-error.
func TestReceiveAdmit(t *testing.T) {
	for _, tc := range []struct {
		name   string
		secret string
		admit  error
		want   error // the component's error
		called bool
	}{
		{"admitted", "s3cret", nil, nil, true},
		{"conflict", "s3cret", stream.Conflict, stream.Conflict, true},
		{"other error", "s3cret", errors.New("full"), stream.InternalServerError, true},
		{"wrong secret", "guess", nil, component.ErrHandshake, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			a, b := tcpPair(t)
			defer a.Close()
			defer b.Close()
			var called jid.JID
			done := make(chan error, 1)
			go func() {
				s, err := component.ReceiveAdmit(ctx, b, xmpp.Config{}, secrets, func(d jid.JID) error {
					called = d
					return tc.admit
				})
				if s != nil {
					defer s.Close(ctx)
				}
				done <- err
			}()
			comp, err := component.NewSession(ctx, compDomain, tc.secret, a, xmpp.Config{})
			if comp != nil {
				comp.Close(ctx)
			}
			srvErr := <-done
			if tc.want == nil && (err != nil || srvErr != nil) || tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("component: %v (server: %v), want %v", err, srvErr, tc.want)
			}
			if (called == compDomain) != tc.called {
				t.Errorf("admit called with %q", called)
			}
		})
	}
}
