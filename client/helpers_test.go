package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
)

const testDomain = "example.test"

var testUsers = map[string]string{"alice": "ecila", "bob": "bob!"}

// testCert is shared by every server of a test, so that a restarted server
// is trusted as the first one was.
var testCert = sync.OnceValue(func() tls.Certificate {
	c, err := server.GenerateCertificate(testDomain)
	if err != nil {
		panic(err)
	}
	return c
})

// testServer is an embedded server whose connections a test can drop.
type testServer struct {
	srv *server.Server
	ln  *trackingListener
}

// startServer starts a server for testDomain listening on addr
// ("127.0.0.1:0" for any port); it is closed when the test ends.
func startServer(t *testing.T, addr string) *testServer {
	t.Helper()
	return startServerWith(t, addr, nil)
}

// startServerWith is startServer with the configuration changed by set,
// if not nil.
func startServerWith(t *testing.T, addr string, set func(*server.Config)) *testServer {
	t.Helper()
	cert := testCert()
	cfg := server.Config{Domain: testDomain, Users: testUsers, Certificate: &cert}
	if set != nil {
		set(&cfg)
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	var ln net.Listener
	for i := 0; ; i++ { // the port of a server just closed may linger briefly
		ln, err = net.Listen("tcp", addr)
		if err == nil || i == 50 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	tl := &trackingListener{Listener: ln}
	go func() { _ = srv.Serve(tl) }()
	return &testServer{srv: srv, ln: tl}
}

func (ts *testServer) addr() string { return ts.ln.Addr().String() }

// trusting is a TLS configuration that trusts the test certificate.
func trusting() *tls.Config {
	pool := x509.NewCertPool()
	for _, der := range testCert().Certificate {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			panic(err)
		}
		pool.AddCert(c)
	}
	return &tls.Config{RootCAs: pool}
}

// trackingListener remembers the connections it accepted, so that a test
// can close them on the server's side.
type trackingListener struct {
	net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func (l *trackingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.mu.Lock()
		l.conns = append(l.conns, c)
		l.mu.Unlock()
	}
	return c, err
}

// dropAll closes every connection accepted so far.
func (l *trackingListener) dropAll() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range l.conns {
		_ = c.Close()
	}
	l.conns = nil
}

// newClient returns a client for user that connects to addr, with short
// timings, and runs it until the test ends. Run's result goes to the
// returned channel.
func newClient(t *testing.T, user, addr string, cfg Config) (*Client, <-chan error) {
	t.Helper()
	cfg.Password = testUsers[user]
	if cfg.Dial.Address == "" {
		cfg.Dial = dial.Dialer{Address: addr, TLSConfig: trusting()}
	}
	if cfg.MinBackoff == 0 {
		cfg.MinBackoff, cfg.MaxBackoff = 10*time.Millisecond, 100*time.Millisecond
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 5 * time.Second
	}
	c, err := New(jid.MustParse(user+"@"+testDomain+"/test"), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Run did not return")
		}
	})
	return c, done
}

// waitFor reads events until one in state want, failing after a timeout.
// It returns that event and the ones before it.
func waitFor(t *testing.T, c *Client, want State) (Event, []Event) {
	t.Helper()
	var seen []Event
	deadline := time.After(10 * time.Second)
	for {
		select {
		case ev, ok := <-c.Events():
			if !ok {
				t.Fatalf("events closed before %v; saw %v", want, states(seen))
			}
			seen = append(seen, ev)
			if ev.State == want {
				return ev, seen
			}
		case <-deadline:
			t.Fatalf("no %v event; saw %v", want, states(seen))
		}
	}
}

func states(evs []Event) []string {
	var out []string
	for _, ev := range evs {
		s := ev.State.String()
		if ev.Cause != nil {
			s += " (" + ev.Cause.Error() + ")"
		}
		out = append(out, s)
	}
	return out
}

// login opens a plain session for user on addr, closed when the test ends.
func login(t *testing.T, user, addr string, h xmpp.Handler) *xmpp.Session {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	j := jid.MustParse(user + "@" + testDomain + "/other")
	conn, err := dial.Dialer{Address: addr, TLSConfig: trusting()}.DialClient(ctx, j)
	if err != nil {
		t.Fatal(err)
	}
	s, err := xmpp.NewClientSession(ctx, j, conn, xmpp.Config{Handler: h},
		xmpp.StartTLS(trusting()), xmpp.SASL("", testUsers[user]), xmpp.BindResource())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Close(ctx)
	})
	return s
}

// proxy forwards TCP connections to a target; freeze makes the current
// ones stop forwarding anything (a peer that stops answering) while new
// ones still work.
type proxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	pairs  []*proxyPair
	wg     sync.WaitGroup
}

type proxyPair struct {
	client, server net.Conn
	frozen         chan struct{}
	once           sync.Once
}

func startProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: target}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.close)
	return p
}

func (p *proxy) addr() string { return p.ln.Addr().String() }

func (p *proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			_ = c.Close()
			continue
		}
		pair := &proxyPair{client: c, server: s, frozen: make(chan struct{})}
		p.mu.Lock()
		p.pairs = append(p.pairs, pair)
		p.mu.Unlock()
		p.wg.Add(2)
		go p.pipe(pair, s, c)
		go p.pipe(pair, c, s)
	}
}

// pipe copies from src to dst until either fails, dropping what it reads
// once the pair is frozen.
func (p *proxy) pipe(pair *proxyPair, dst, src net.Conn) {
	defer p.wg.Done()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			select {
			case <-pair.frozen:
			default:
				if _, werr := dst.Write(buf[:n]); werr != nil {
					return
				}
			}
		}
		if err != nil {
			select {
			case <-pair.frozen:
			default:
				_ = dst.Close()
			}
			return
		}
	}
}

// freeze stops every current connection from forwarding.
func (p *proxy) freeze() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, pair := range p.pairs {
		pair.once.Do(func() { close(pair.frozen) })
	}
}

func (p *proxy) close() {
	_ = p.ln.Close()
	p.mu.Lock()
	for _, pair := range p.pairs {
		_ = pair.client.Close()
		_ = pair.server.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}

// dialTo dials addr, trusting the test certificate.
func dialTo(addr string) dial.Dialer { return dial.Dialer{Address: addr, TLSConfig: trusting()} }
