package sm_test

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/xmpptest"
)

// rig is a server's stream management and its accounts, to which clients
// connect over pipes, and reconnect to resume.
type rig struct {
	tb       testing.TB
	srv      *sm.Server
	accounts *xmpptest.Accounts
	endings  chan sm.Ending
	handler  xmpp.Handler // the server sessions' handler
	onEnd    func(*xmpp.Session)
	timeout  time.Duration // of a negotiation; zero means 5 s
	mu       sync.Mutex
	servers  []*xmpp.Session
}

func newRig(tb testing.TB, c sm.ServerConfig) *rig {
	tb.Helper()
	accounts, err := xmpptest.NewAccounts(map[string]string{"juliet": "secret", "romeo": "secret"}, 4096)
	if err != nil {
		tb.Fatal(err)
	}
	r := &rig{tb: tb, accounts: accounts, endings: make(chan sm.Ending, 16)}
	if c.Unacknowledged == nil {
		c.Unacknowledged = func(e sm.Ending) { r.endings <- e }
	}
	r.srv = sm.NewServer(c)
	tb.Cleanup(func() {
		r.mu.Lock()
		ss := r.servers
		r.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		for _, s := range ss {
			_ = s.Close(ctx)
		}
		r.srv.Close()
	})
	return r
}

// conn is one client connection.
type conn struct {
	client, server *xmpp.Session
	raw            net.Conn // the client's end, to kill
}

// connect negotiates a client as user (juliet by default) with features
// between SASL and nothing else (bind is added unless noBind).
func (r *rig) connect(user string, cfg xmpp.Config, features ...xmpp.StreamFeature) (*conn, error) {
	c, s := net.Pipe()
	return r.connectOver(c, s, user, cfg, features...)
}

// connectOver is connect over the client's end c and the server's end s
// of a connection the test may cut.
func (r *rig) connectOver(c, s net.Conn, user string, cfg xmpp.Config, features ...xmpp.StreamFeature) (*conn, error) {
	if user == "" {
		user = "juliet"
	}
	timeout := r.timeout
	if timeout == 0 {
		timeout = 5 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	type result struct {
		s   *xmpp.Session
		err error
	}
	done := make(chan result, 1)
	go func() {
		scfg := xmpp.Config{InsecureAssumeSecure: true, Handler: r.handler, OnEnd: r.onEnd}
		srv, err := xmpp.ReceiveClientSession(ctx, jid.MustParse("example.net"), s, scfg,
			xmpp.SASLServer(r.accounts.ServerConfig()), xmpp.BindResource(), r.srv.Feature())
		done <- result{srv, err}
	}()
	cfg.InsecureAssumeSecure = true
	all := append([]xmpp.StreamFeature{xmpp.SASL("", "secret")}, features...)
	cl, err := xmpp.NewClientSession(ctx, jid.MustParse(user+"@example.net/balcony"), c, cfg, all...)
	if err != nil {
		_ = c.Close()
	}
	res := <-done
	if err != nil || res.err != nil {
		if cl != nil {
			_ = c.Close()
		}
		if res.s != nil {
			_ = s.Close()
		}
		if err == nil {
			err = res.err
		}
		return nil, err
	}
	r.mu.Lock()
	r.servers = append(r.servers, res.s)
	r.mu.Unlock()
	r.tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = cl.Close(ctx)
	})
	return &conn{client: cl, server: res.s, raw: c}, nil
}

func (r *rig) mustConnect(user string, cfg xmpp.Config, features ...xmpp.StreamFeature) *conn {
	r.tb.Helper()
	c, err := r.connect(user, cfg, features...)
	if err != nil {
		r.tb.Fatal(err)
	}
	return c
}

// enabled connects with stream management enabled and waits for <enabled/>.
func (r *rig) enabled(c sm.Config, cfg xmpp.Config) *conn {
	r.tb.Helper()
	cn := r.mustConnect("", cfg, xmpp.BindResource(), sm.Feature(c))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := sm.WaitEnabled(ctx, cn.client); err != nil {
		r.tb.Fatal(err)
	}
	return cn
}

// kill drops the client's connection, as a network failure would, and
// waits for both sessions to end.
func (cn *conn) kill(tb testing.TB) {
	tb.Helper()
	_ = cn.raw.Close()
	for _, s := range []*xmpp.Session{cn.client, cn.server} {
		select {
		case <-s.Done():
		case <-time.After(5 * time.Second):
			tb.Fatal("session did not end")
		}
	}
}

func ctx5(tb testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	tb.Cleanup(cancel)
	return ctx
}
