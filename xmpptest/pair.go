package xmpptest

import (
	"context"
	"crypto/tls"
	"errors"
	"net"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
)

// Options configure [NewClientServer]. The zero value gives a client
// juliet@example.net with password "secret", authenticated by the sasl
// package's default choice, over a pipe both sides treat as secure.
type Options struct {
	// TLS runs STARTTLS with a freshly generated certificate for the
	// domain. False (zero) declares the pipe secure on both sides instead
	// (Config.InsecureAssumeSecure).
	TLS bool
	// ClientJID is the client's address; a resourcepart is requested when
	// binding. Zero means juliet@example.net.
	ClientJID jid.JID
	// Password is the account's password on the server. Empty means "secret".
	Password string
	// ClientPassword is what the client authenticates with. Empty means Password.
	ClientPassword string
	// Mechanisms are the client's SASL mechanisms in order of preference;
	// nil means the sasl package's default order.
	Mechanisms []string
	// Iterations is the servers's PBKDF2 iteration count; zero means 4096.
	Iterations int
	// TCP connects the two over a loopback TCP connection instead of net.Pipe.
	TCP bool
	// Client and Server are the two sessions' configurations (handlers,
	// loggers, limits). InsecureAssumeSecure is set on both when TLS is false.
	Client, Server xmpp.Config
	// ClientFeatures and ServerFeatures are more stream features for each
	// side, after resource binding (features negotiated after bind, such as
	// XEP-0352's).
	ClientFeatures, ServerFeatures []xmpp.StreamFeature
}

// NewClientServer connects a client and a server session over net.Pipe and
// negotiates them for real: STARTTLS (if asked), SASL and resource binding.
// Close both sessions when done.
func NewClientServer(ctx context.Context, opts Options) (client, server *xmpp.Session, err error) {
	if opts.ClientJID.IsZero() {
		opts.ClientJID = jid.MustParse("juliet@example.net")
	}
	if opts.Password == "" {
		opts.Password = "secret"
	}
	if opts.ClientPassword == "" {
		opts.ClientPassword = opts.Password
	}
	if opts.Iterations == 0 {
		opts.Iterations = 4096
	}
	accounts, err := NewAccounts(map[string]string{opts.ClientJID.Localpart(): opts.Password}, opts.Iterations)
	if err != nil {
		return nil, nil, err
	}
	cfeatures, sfeatures, err := features(opts, accounts)
	if err != nil {
		return nil, nil, err
	}
	if !opts.TLS {
		opts.Client.InsecureAssumeSecure = true
		opts.Server.InsecureAssumeSecure = true
	}
	c, s, err := connPair(opts.TCP)
	if err != nil {
		return nil, nil, err
	}
	type result struct {
		s   *xmpp.Session
		err error
	}
	done := make(chan result, 1)
	go func() {
		srv, err := xmpp.ReceiveClientSession(ctx, opts.ClientJID.Domain(), s, opts.Server, sfeatures...)
		done <- result{srv, err}
	}()
	client, cerr := xmpp.NewClientSession(ctx, opts.ClientJID, c, opts.Client, cfeatures...)
	if cerr != nil {
		_ = c.Close() // unblocks the server side
	}
	r := <-done
	if cerr != nil || r.err != nil {
		if client != nil {
			_ = c.Close()
		}
		if r.s != nil {
			_ = s.Close()
		}
		return nil, nil, errors.Join(cerr, r.err)
	}
	return client, r.s, nil
}

// features builds both sides' stream features.
func features(opts Options, accounts *Accounts) (client, server []xmpp.StreamFeature, err error) {
	if opts.TLS {
		cert, pool, err := Certificate(opts.ClientJID.Domainpart())
		if err != nil {
			return nil, nil, err
		}
		client = append(client, xmpp.StartTLS(&tls.Config{RootCAs: pool}))
		server = append(server, xmpp.StartTLS(&tls.Config{Certificates: []tls.Certificate{cert}}))
	}
	client = append(client,
		xmpp.SASL("", opts.ClientPassword, opts.Mechanisms...),
		xmpp.BindResource())
	server = append(server,
		xmpp.SASLServer(accounts.ServerConfig()),
		xmpp.BindResource())
	client = append(client, opts.ClientFeatures...)
	server = append(server, opts.ServerFeatures...)
	return client, server, nil
}

// connPair returns two connected ends: a pipe, or loopback TCP.
func connPair(tcp bool) (net.Conn, net.Conn, error) {
	if !tcp {
		c, s := net.Pipe()
		return c, s, nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	defer ln.Close()
	type accepted struct {
		c   net.Conn
		err error
	}
	ch := make(chan accepted, 1)
	go func() {
		c, err := ln.Accept()
		ch <- accepted{c, err}
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		return nil, nil, err
	}
	a := <-ch
	if a.err != nil {
		c.Close()
		return nil, nil, a.err
	}
	return c, a.c, nil
}
