package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/internal/syncio"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/websocket"
)

// newFlagSet returns the flag set of a command; parse prints its help.
func newFlagSet(name, args, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "usage: xmpp %s %s\n\n%s.\n\nFlags:\n", name, args, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses argv; when it returns false the command must exit with code
// (0 after -h, 2 after a bad flag).
func parse(e *env, fs *flag.FlagSet, argv []string) (ok bool, code int) {
	fs.SetOutput(io.Discard)
	err := fs.Parse(argv)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(e.stdout)
		fs.Usage()
		return false, exitOK
	case err != nil:
		fs.SetOutput(e.stderr)
		fmt.Fprintf(e.stderr, "xmpp %s: %v\n", fs.Name(), err)
		fs.Usage()
		return false, exitUsage
	}
	return true, exitOK
}

// clientFlags are the flags every client command shares.
type clientFlags struct {
	jid, password, passwordFile, resource string
	server, websocket, ca                 string
	directTLS, insecure, verbose          bool
	timeout                               time.Duration
}

func (f *clientFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.jid, "jid", "", "your address, `user@domain` (required)")
	fs.StringVar(&f.password, "password", "", "your password (else -password-file, else $XMPP_PASSWORD)")
	fs.StringVar(&f.passwordFile, "password-file", "", "read the password from the first line of `FILE`")
	fs.StringVar(&f.resource, "resource", "", "the resource to bind (default: the -jid's, else one the server picks)")
	fs.StringVar(&f.server, "server", "", "connect to `HOST:PORT` instead of looking up the domain's servers")
	fs.BoolVar(&f.directTLS, "direct-tls", false, "use TLS from the first byte (XEP-0368) instead of STARTTLS")
	fs.StringVar(&f.websocket, "websocket", "", "connect over WebSocket (RFC 7395) to `URL`, wss://host[:port]/path, instead of -server")
	fs.StringVar(&f.ca, "ca", "", "also trust the certificates in the PEM `FILE` (e.g. from 'xmpp serve -cert-out')")
	fs.BoolVar(&f.insecure, "insecure-skip-verify", false, "do not verify the server's certificate (INSECURE: anyone can intercept)")
	fs.DurationVar(&f.timeout, "timeout", 30*time.Second, "give up connecting, and waiting for each answer, after `D`")
	fs.BoolVar(&f.verbose, "v", false, "print the raw XML of the stream to standard error")
}

// errWebSocketAlone is the answer to -websocket with a TCP flag.
var errWebSocketAlone = errors.New("-websocket replaces -server and -direct-tls: give one or the other")

// address returns the JID to log in as, with -resource applied.
func (f *clientFlags) address() (jid.JID, error) {
	if f.jid == "" {
		return jid.JID{}, errors.New("-jid is required (e.g. -jid alice@localhost)")
	}
	j, err := jid.Parse(f.jid)
	if err != nil {
		return jid.JID{}, fmt.Errorf("-jid %q: %w", f.jid, err)
	}
	if j.Localpart() == "" {
		return jid.JID{}, fmt.Errorf("-jid %q: an account address needs a user part (user@domain)", f.jid)
	}
	if f.resource != "" {
		if j, err = jid.New(j.Localpart(), j.Domainpart(), f.resource); err != nil {
			return jid.JID{}, fmt.Errorf("-resource %q: %w", f.resource, err)
		}
	}
	return j, nil
}

// secret returns the password from -password, -password-file or
// $XMPP_PASSWORD, in that order.
func (f *clientFlags) secret(e *env) (string, error) {
	switch {
	case f.password != "":
		return f.password, nil
	case f.passwordFile != "":
		b, err := os.ReadFile(f.passwordFile)
		if err != nil {
			return "", fmt.Errorf("-password-file: %w", err)
		}
		line, _, _ := strings.Cut(string(b), "\n")
		return strings.TrimSuffix(line, "\r"), nil
	case e.getenv("XMPP_PASSWORD") != "":
		return e.getenv("XMPP_PASSWORD"), nil
	}
	return "", errors.New("no password: use -password, -password-file FILE or the XMPP_PASSWORD environment variable")
}

// tlsConfig returns the TLS configuration the flags ask for.
func (f *clientFlags) tlsConfig() (*tls.Config, error) {
	cfg := &tls.Config{InsecureSkipVerify: f.insecure}
	if f.ca == "" {
		return cfg, nil
	}
	pem, err := os.ReadFile(f.ca)
	if err != nil {
		return nil, fmt.Errorf("-ca: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("-ca %s: no PEM certificate in the file", f.ca)
	}
	cfg.RootCAs = pool
	return cfg, nil
}

// connect logs in as the flags say, with h handling what arrives. ctx
// bounds the connection and the negotiation, together with -timeout.
func (f *clientFlags) connect(ctx context.Context, e *env, h xmpp.Handler) (*xmpp.Session, error) {
	if f.websocket != "" && (f.server != "" || f.directTLS) {
		return nil, errWebSocketAlone
	}
	addr, err := f.address()
	if err != nil {
		return nil, err
	}
	password, err := f.secret(e)
	if err != nil {
		return nil, err
	}
	tlsCfg, err := f.tlsConfig()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	cfg := xmpp.Config{Handler: h}
	if f.verbose {
		// The session writes it from its reading and writing goroutines.
		cfg.RawLog = syncio.NewWriter(e.stderr)
	}
	login := []xmpp.StreamFeature{xmpp.SASL("", password), xmpp.BindResource()}
	var s *xmpp.Session
	if f.websocket != "" {
		// TLS is the WebSocket's (wss://): no STARTTLS.
		d := websocket.Dialer{URL: f.websocket, TLSConfig: tlsCfg}
		s, err = d.NewClientSession(ctx, addr, cfg, login...)
	} else {
		s, err = f.connectTCP(ctx, addr, tlsCfg, cfg, login)
	}
	if err != nil {
		return nil, describe(err, addr, f)
	}
	return s, nil
}

// connectTCP logs in over TCP, with STARTTLS or direct TLS.
func (f *clientFlags) connectTCP(ctx context.Context, addr jid.JID, tlsCfg *tls.Config, cfg xmpp.Config, login []xmpp.StreamFeature) (*xmpp.Session, error) {
	d := dial.Dialer{TLSConfig: tlsCfg, Address: f.server, DirectTLS: f.directTLS}
	conn, err := d.DialClient(ctx, addr)
	if err != nil {
		return nil, err
	}
	return xmpp.NewClientSession(ctx, addr, conn, cfg, append([]xmpp.StreamFeature{xmpp.StartTLS(tlsCfg)}, login...)...)
}

// closeSession ends a session politely, waiting at most a few seconds.
func closeSession(s *xmpp.Session) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.Close(ctx)
}
