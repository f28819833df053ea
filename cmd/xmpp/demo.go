package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// demoTimeout bounds the whole demo.
const demoTimeout = 30 * time.Second

// demoMechanism is the SASL mechanism the demo clients use: SCRAM with
// channel binding, so the transcript can say exactly what happened.
const demoMechanism = sasl.ScramSHA256Plus

func runDemo(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("demo", "[-v]", "Start a server on a free loopback port, log in two accounts over STARTTLS with SCRAM, exchange messages, a ping and a disco query, and print what happens")
	verbose := fs.Bool("v", false, "also print the raw XML each client sends and receives")
	if ok, code := parse(e, fs, args); !ok {
		return code
	}
	if err := demo(ctx, e.stdout, *verbose); err != nil {
		fmt.Fprintf(e.stderr, "xmpp demo: FAILED: %v\n", err)
		return exitError
	}
	return exitOK
}

// transcript prints what happens, one actor per line; it is written from
// several goroutines.
type transcript struct {
	mu sync.Mutex
	w  io.Writer
}

func (t *transcript) say(who, format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.w, "%-6s  %s\n", who, fmt.Sprintf(format, args...))
}

// raw returns a writer that prints a client's raw XML in the transcript,
// one line of the session's raw log (connection, direction, element) at a
// time.
func (t *transcript) raw(who string) io.Writer {
	return writerFunc(func(p []byte) (int, error) {
		for _, line := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
			t.say(who, "│ %s", line)
		}
		return len(p), nil
	})
}

type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func demo(ctx context.Context, w io.Writer, verbose bool) error {
	ctx, cancel := context.WithTimeout(ctx, demoTimeout)
	defer cancel()
	t := &transcript{w: w}
	t.say("", "Canto demo: an XMPP server and two clients in one process, over real TCP sockets.")
	users := map[string]string{"alice": stanza.NewID(), "bob": stanza.NewID()}
	srv, err := server.New(server.Config{Domain: "localhost", Users: users})
	if err != nil {
		return err
	}
	defer srv.Close()
	if err := srv.Listen(ctx, "127.0.0.1:0"); err != nil {
		return fmt.Errorf("server: %w", err)
	}
	t.say("server", "listening on %s for localhost (STARTTLS, self-signed certificate, accounts alice and bob)", srv.Addr())
	alice, err := demoLogin(ctx, t, srv, "alice", users["alice"], verbose)
	if err != nil {
		return err
	}
	defer closeSession(alice.sess)
	bob, err := demoLogin(ctx, t, srv, "bob", users["bob"], verbose)
	if err != nil {
		return err
	}
	defer closeSession(bob.sess)
	if err := chatBothWays(ctx, t, alice, bob); err != nil {
		return err
	}
	if err := pingServer(ctx, t, alice); err != nil {
		return err
	}
	if err := discoServer(ctx, t, bob); err != nil {
		return err
	}
	alice.logout(t)
	bob.logout(t)
	t.say("", "Demo finished: both logins, both messages, the ping and the disco query worked.")
	return nil
}

// demoClient is a logged-in demo account and what it receives.
type demoClient struct {
	name string
	sess *xmpp.Session
	in   chan *xmlstream.Element
}

func demoLogin(ctx context.Context, t *transcript, srv *server.Server, name, password string, verbose bool) (*demoClient, error) {
	c := &demoClient{name: name, in: make(chan *xmlstream.Element, 16)}
	addr := jid.MustParse(name + "@localhost/demo")
	tlsCfg := &tls.Config{RootCAs: srv.CertPool()}
	conn, err := dial.Dialer{Address: srv.Addr().String(), TLSConfig: tlsCfg}.DialClient(ctx, addr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	cfg := xmpp.Config{Handler: mux.New(mux.Fallback(xmpp.HandlerFunc(c.receive)))}
	if verbose {
		cfg.RawLog = t.raw(name)
	}
	c.sess, err = xmpp.NewClientSession(ctx, addr, conn, cfg,
		xmpp.StartTLS(tlsCfg), xmpp.SASL("", password, demoMechanism), xmpp.BindResource())
	if err != nil {
		return nil, fmt.Errorf("%s: logging in: %w", name, err)
	}
	st := c.sess.TLSState()
	t.say(name, "logged in as %s: STARTTLS (%s, certificate verified for localhost), SASL %s, resource bound",
		c.sess.LocalAddr(), tls.VersionName(st.Version), demoMechanism)
	if err := c.sess.Send(ctx, available); err != nil {
		return nil, err
	}
	if _, err := c.wait(ctx, "presence", c.sess.LocalAddr()); err != nil {
		return nil, fmt.Errorf("%s: waiting for the server to echo initial presence: %w", name, err)
	}
	t.say(name, "is available (sent initial presence; the server echoed it)")
	return c, nil
}

// receive keeps messages and presence for the demo to wait on.
func (c *demoClient) receive(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.Kind == stanza.KindIQ {
		return stanza.NewError(stanza.ServiceUnavailable)
	}
	select {
	case c.in <- st.Element.Clone():
	default:
	}
	return nil
}

// wait returns the next received element named local from 'from'.
func (c *demoClient) wait(ctx context.Context, local string, from jid.JID) (*xmlstream.Element, error) {
	for {
		select {
		case el := <-c.in:
			if el.Name().Local == local && el.Attr("from") == from.String() {
				return el, nil
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (c *demoClient) logout(t *transcript) {
	closeSession(c.sess)
	t.say(c.name, "logged out")
}

// chatBothWays sends a message from alice to bob's bare JID and bob's
// answer to the full JID it came from.
func chatBothWays(ctx context.Context, t *transcript, alice, bob *demoClient) error {
	hello := "Hello Bob! This is Alice, through the Canto server."
	if err := alice.sess.Send(ctx, message.Chat(bob.sess.LocalAddr().Bare(), hello)); err != nil {
		return err
	}
	t.say("alice", "→ %s: %s", bob.sess.LocalAddr().Bare(), hello)
	got, err := bob.wait(ctx, "message", alice.sess.LocalAddr())
	if err != nil {
		return fmt.Errorf("bob did not get alice's message: %w", err)
	}
	body, _ := bodyOf(got)
	if body != hello {
		return fmt.Errorf("bob got %q, want %q", body, hello)
	}
	t.say("bob", "← %s: %s", got.Attr("from"), body)
	reply := "Hi Alice, Bob here. Got it!"
	from := jid.MustParse(got.Attr("from"))
	if err := bob.sess.Send(ctx, message.Chat(from, reply)); err != nil {
		return err
	}
	t.say("bob", "→ %s: %s", from, reply)
	got, err = alice.wait(ctx, "message", bob.sess.LocalAddr())
	if err != nil {
		return fmt.Errorf("alice did not get bob's answer: %w", err)
	}
	if body, _ = bodyOf(got); body != reply {
		return fmt.Errorf("alice got %q, want %q", body, reply)
	}
	t.say("alice", "← %s: %s", got.Attr("from"), body)
	return nil
}

func pingServer(ctx context.Context, t *transcript, c *demoClient) error {
	server := c.sess.LocalAddr().Domain()
	rtt, err := ping.Send(ctx, c.sess, server)
	if err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	t.say(c.name, "pinged %s (XEP-0199): pong in %s", server, roundTrip(rtt))
	return nil
}

func discoServer(ctx context.Context, t *transcript, c *demoClient) error {
	server := c.sess.LocalAddr().Domain()
	info, err := disco.GetInfo(ctx, c.sess, server, "")
	if err != nil {
		return fmt.Errorf("disco: %w", err)
	}
	if len(info.Identities) == 0 {
		return errors.New("disco: the server reported no identity")
	}
	id := info.Identities[0]
	t.say(c.name, "asked %s what it is (XEP-0030): %s/%s %q, %d features:", server, id.Category, id.Type, id.Name, len(info.Features))
	for _, f := range info.Features {
		t.say("", "    %s", f)
	}
	return nil
}
