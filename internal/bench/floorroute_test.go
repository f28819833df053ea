package bench

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp/server"
)

// BenchmarkFloorRouteTLS is the floor BenchmarkRouteTLS is judged against:
// the same routing with no XML at all, so that the ratio of the two is the
// figure that survives a noisy machine, and what is left between them is
// what XMPP costs (marshalling, parsing, stamping, the sessions and the
// routing).
// Each pair's sender writes its message as a Canto client writes it, an
// in-process relay reads it and writes the receiver the bytes the server
// delivers for it (with the from, xml:lang and stanza-id the server
// stamps), and the sender waits for them to arrive before sending the
// next, one message in flight per pair as in the route benchmark. Both
// sets of bytes are those of a real routing through the server, recorded
// once per run (captureRoute), with each pair's own addresses.
//
// The transport is the route benchmark's: 2N client connections over TCP
// loopback, TLS with a certificate the server's generator makes (ECDSA
// P-256) and the server's and client's TLS settings, which negotiate what
// the server does (TLS 1.3, TLS_AES_128_GCM_SHA256, X25519MLKEM768: the
// set-up fails if they differ). The relay does what a server needs at
// least without XML: a goroutine per connection reads it (into 448 bytes,
// the read a session's decoder makes when nothing is buffered, as at one
// message in flight), the message ends where its known length does, and
// the reader writes the delivery straight to the receiver's connection
// under that connection's lock, as the server's outbox does when idle. The
// clients likewise have a reader goroutine per connection and write under
// a per-connection lock. The connections are set up once per size,
// outside the timer.
func BenchmarkFloorRouteTLS(b *testing.B) {
	capture, err := captureRoute()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{100, 1000} {
		var env *floorRouteEnv
		b.Run(fmt.Sprint("pairs=", n), func(b *testing.B) {
			if env == nil {
				var err error
				if env, err = newFloorRouteEnv(n, capture); err != nil {
					if env != nil {
						env.close()
					}
					b.Fatal(err)
				}
			}
			env.run(b)
		})
		if env != nil {
			env.close()
		}
	}
}

// floorReadSize is what a floor connection reads into: the idle read of a
// session's decoder (xmlstream's idleReadSize), which is where a message
// lands when it arrives on a connection with nothing buffered.
const floorReadSize = 448

// lockedConn is a connection written under a lock, as a session's writes
// are.
type lockedConn struct {
	mu sync.Mutex
	c  *tls.Conn
}

func (l *lockedConn) write(p []byte) error {
	l.mu.Lock()
	_, err := l.c.Write(p)
	l.mu.Unlock()
	return err
}

// floorRoutePair is one sender and its receiver, client ends.
type floorRoutePair struct {
	from            lockedConn
	to              *tls.Conn
	sent, delivered []byte
	in              chan struct{} // a delivery arrived
	got             []byte        // the latest delivery, read after in
}

// floorRouteEnv is the relay and its connected pairs.
type floorRouteEnv struct {
	ln    net.Listener
	pairs []floorRoutePair
	conns []net.Conn // every end, for close
	wg    sync.WaitGroup
}

// floorRouteTLS returns the relay's and the clients' TLS configurations:
// the server's own (a certificate from its generator, TLS 1.2 at least)
// and the client's (the server's pool, the domain as the name to verify).
func floorRouteTLS() (srv, cli *tls.Config, err error) {
	cert, err := server.GenerateCertificate("example.test")
	if err != nil {
		return nil, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert.Leaf)
	srv = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	cli = &tls.Config{RootCAs: pool, ServerName: "example.test", MinVersion: tls.VersionTLS12}
	return srv, cli, nil
}

func newFloorRouteEnv(n int, capture *routeCapture) (*floorRouteEnv, error) {
	srvTLS, cliTLS, err := floorRouteTLS()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	env := &floorRouteEnv{ln: ln, pairs: make([]floorRoutePair, n)}
	// Connect one at a time, so that each accept is the dial before it;
	// then shake hands, routeLogins pairs at a time.
	relay := make([][2]*tls.Conn, n)
	for i := range env.pairs {
		p := &env.pairs[i]
		p.sent, p.delivered = capture.forPair(i)
		p.in = make(chan struct{}, 1)
		p.got = make([]byte, len(p.delivered))
		for side := range 2 {
			c, s, err := env.connect()
			if err != nil {
				return env, err
			}
			if side == 0 {
				p.from.c = tls.Client(c, cliTLS)
			} else {
				p.to = tls.Client(c, cliTLS)
			}
			relay[i][side] = tls.Server(s, srvTLS)
		}
	}
	err = forPairs(len(env.pairs), func(ctx context.Context, i int) error {
		p := &env.pairs[i]
		return errors.Join(
			handshake(ctx, p.from.c, relay[i][0], capture),
			handshake(ctx, p.to, relay[i][1], capture))
	})
	if err != nil {
		return env, err
	}
	for i := range env.pairs {
		p := &env.pairs[i]
		to := &lockedConn{c: relay[i][1]}
		env.wg.Go(func() { relayMessages(relay[i][0], to, len(p.sent), p.delivered) })
		env.wg.Go(func() { drain(relay[i][1]) })
		env.wg.Go(func() { drain(p.from.c) })
		env.wg.Go(func() { receive(p.to, p.got, p.in) })
	}
	return env, nil
}

// connect dials the relay and accepts the connection.
func (env *floorRouteEnv) connect() (c, s net.Conn, err error) {
	if c, err = net.Dial("tcp", env.ln.Addr().String()); err != nil {
		return nil, nil, err
	}
	env.conns = append(env.conns, c)
	if s, err = env.ln.Accept(); err != nil {
		return nil, nil, err
	}
	env.conns = append(env.conns, s)
	return c, s, nil
}

// handshake runs both ends' TLS handshakes and checks that they agreed on
// what the real sessions did.
func handshake(ctx context.Context, c, s *tls.Conn, want *routeCapture) error {
	done := make(chan error, 1)
	go func() { done <- s.HandshakeContext(ctx) }()
	err := c.HandshakeContext(ctx)
	if serr := <-done; err != nil || serr != nil {
		return fmt.Errorf("floor: TLS handshake: client %v, relay %v", err, serr)
	}
	st := c.ConnectionState()
	if st.Version != want.version || st.CipherSuite != want.suite || st.CurveID != want.curve {
		return fmt.Errorf("floor: TLS negotiated %s %s %s, the server %s %s %s",
			tls.VersionName(st.Version), tls.CipherSuiteName(st.CipherSuite), st.CurveID,
			tls.VersionName(want.version), tls.CipherSuiteName(want.suite), want.curve)
	}
	return nil
}

// relayMessages is the relay's reader of a sender's connection: each
// message of size bytes it reads, it delivers to the receiver's connection.
func relayMessages(from *tls.Conn, to *lockedConn, size int, delivery []byte) {
	r := bufio.NewReaderSize(from, floorReadSize)
	msg := make([]byte, size)
	for {
		if _, err := io.ReadFull(r, msg); err != nil {
			return
		}
		if err := to.write(delivery); err != nil {
			return
		}
	}
}

// drain is the reader of a connection nothing arrives on (the relay's end
// of a receiver's, the client end of a sender's), as a session's read loop
// waits on its stream.
func drain(c *tls.Conn) {
	_, _ = io.Copy(io.Discard, bufio.NewReaderSize(c, floorReadSize))
}

// receive is the receiving client's reader: it reads each delivery into
// got and signals in.
func receive(c *tls.Conn, got []byte, in chan<- struct{}) {
	r := bufio.NewReaderSize(c, floorReadSize)
	for {
		if _, err := io.ReadFull(r, got); err != nil {
			close(in)
			return
		}
		in <- struct{}{}
	}
}

// close ends every connection and waits for the readers.
func (env *floorRouteEnv) close() {
	_ = env.ln.Close()
	for _, c := range env.conns {
		_ = c.Close()
	}
	env.wg.Wait()
}

// send sends pair p's message and waits for its delivery.
func (p *floorRoutePair) send(ctx context.Context) error {
	if err := p.from.write(p.sent); err != nil {
		return err
	}
	select {
	case _, ok := <-p.in:
		if !ok {
			return errors.New("floor: receiver's connection closed")
		}
		return nil
	case <-ctx.Done():
		return errors.New("floor: message lost")
	}
}

// run sends b.N messages spread over the pairs, as routeEnv.run does.
func (env *floorRouteEnv) run(b *testing.B) {
	runPairs(b, len(env.pairs), func(ctx context.Context, i int) error { return env.pairs[i].send(ctx) })
}

// TestFloorRouteTLS checks the floor against the real routing it stands
// for: the capture is the benchmark's message as sent and as delivered,
// whole, the floor's connections negotiate the server's TLS, and each
// receiver reads its pair's delivery byte for byte.
func TestFloorRouteTLS(t *testing.T) {
	capture, err := captureRoute()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct {
		name  string
		b     []byte
		attrs []string
	}{
		{"sent", capture.sent, []string{`to="u1@example.test/bench"`}},
		{"delivered", capture.delivered, []string{`to="u1@example.test/bench"`, `from="u0@example.test/bench"`, `<stanza-id `}},
	} {
		if err := wholeElement(m.b); err != nil {
			t.Errorf("%s %q: %v", m.name, m.b, err)
		}
		for _, a := range m.attrs {
			if !bytes.Contains(m.b, []byte(a)) {
				t.Errorf("%s %q: no %s", m.name, m.b, a)
			}
		}
	}
	if capture.chunks != 1 {
		t.Errorf("the server delivered the message in %d writes; the floor writes it in one", capture.chunks)
	}
	env, err := newFloorRouteEnv(2, capture)
	if env != nil {
		defer env.close()
	}
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for i := range env.pairs {
		p := &env.pairs[i]
		for range 3 {
			if err := p.send(ctx); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(p.got, p.delivered) {
				t.Fatalf("pair %d received %q, want %q", i, p.got, p.delivered)
			}
		}
	}
	if s, d := env.pairs[1].sent, env.pairs[1].delivered; !bytes.Contains(s, []byte(`to="u3@example.test/bench"`)) ||
		!bytes.Contains(d, []byte(`from="u2@example.test/bench"`)) {
		t.Errorf("pair 1 sends %q, receives %q: not its accounts", s, d)
	}
}

// wholeElement checks that b is one whole element and nothing else.
func wholeElement(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if depth != 0 {
				return errors.New("element not closed")
			}
			return nil
		}
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
			if depth == 0 && d.InputOffset() != int64(len(b)) {
				return fmt.Errorf("%d bytes after the element", int64(len(b))-d.InputOffset())
			}
		case xml.CharData:
			if depth == 0 {
				return errors.New("text outside the element")
			}
		}
	}
}
