package main

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"slices"
	"strings"

	"github.com/canto-im/xmpp/server"
)

// userFlag collects -user NAME:PASSWORD flags.
type userFlag map[string]string

func (u userFlag) String() string { return "" }

func (u userFlag) Set(v string) error {
	name, password, ok := strings.Cut(v, ":")
	if !ok || name == "" || password == "" {
		return errors.New("want NAME:PASSWORD")
	}
	if _, dup := u[name]; dup {
		return fmt.Errorf("user %q given twice", name)
	}
	u[name] = password
	return nil
}

// serveFlags are the flags of "xmpp serve".
type serveFlags struct {
	listen, directTLS, websocket, domain string
	metrics                              string
	certFile, keyFile, certOut           string
	users                                userFlag
	verbose                              bool
}

func runServe(ctx context.Context, e *env, args []string) int {
	f := serveFlags{users: userFlag{}}
	fs := newFlagSet("serve", "[flags]", "Run an in-memory XMPP server for development until interrupted")
	fs.StringVar(&f.listen, "listen", "127.0.0.1:5222", "accept STARTTLS client connections on `ADDR` (empty: none)")
	fs.StringVar(&f.directTLS, "direct-tls", "", "also accept direct TLS (XEP-0368) connections on `ADDR`")
	fs.StringVar(&f.websocket, "websocket", "", "also accept XMPP over WebSocket (RFC 7395) on HTTPS at `ADDR`, path "+server.WebSocketPath)
	fs.StringVar(&f.metrics, "metrics", "", "serve the server's counters in the Prometheus text format over HTTP at `ADDR`, path "+metricsPath)
	fs.StringVar(&f.domain, "domain", "localhost", "the XMPP `DOMAIN` to serve")
	fs.Var(f.users, "user", "create an account, `NAME:PASSWORD` (repeat for more)")
	fs.StringVar(&f.certFile, "cert", "", "serve the certificate (chain) in the PEM `FILE` (with -key; default: a generated self-signed one)")
	fs.StringVar(&f.keyFile, "key", "", "the private key of -cert, a PEM `FILE`")
	fs.StringVar(&f.certOut, "cert-out", "", "write the certificate in use to the PEM `FILE`, for clients' -ca")
	fs.BoolVar(&f.verbose, "v", false, "log every connection's raw XML to standard error")
	if ok, code := parse(e, fs, args); !ok {
		return code
	}
	if err := serve(ctx, e, f); err != nil {
		return e.fail("serve", err)
	}
	return exitOK
}

func serve(ctx context.Context, e *env, f serveFlags) error {
	if f.listen == "" && f.directTLS == "" && f.websocket == "" {
		return errors.New("nothing to listen on: give -listen, -direct-tls or -websocket")
	}
	cfg := server.Config{Domain: f.domain, Users: f.users,
		Logger: slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))}
	if f.verbose {
		cfg.RawLog = e.stderr
	}
	if (f.certFile == "") != (f.keyFile == "") {
		return errors.New("-cert and -key go together")
	}
	if f.certFile != "" {
		cert, err := tls.LoadX509KeyPair(f.certFile, f.keyFile)
		if err != nil {
			return fmt.Errorf("-cert/-key: %w", err)
		}
		cfg.Certificate = &cert
	}
	srv, err := server.New(cfg)
	if err != nil {
		return err
	}
	defer srv.Close()
	if f.listen != "" {
		if err := srv.Listen(ctx, f.listen); err != nil {
			return fmt.Errorf("-listen: %w", err)
		}
	}
	if f.directTLS != "" {
		if err := srv.ListenDirectTLS(ctx, f.directTLS); err != nil {
			return fmt.Errorf("-direct-tls: %w", err)
		}
	}
	if f.websocket != "" {
		if err := srv.ListenWebSocket(ctx, f.websocket); err != nil {
			return fmt.Errorf("-websocket: %w", err)
		}
	}
	var metricsAddr net.Addr
	if f.metrics != "" {
		addr, stop, err := serveMetrics(ctx, srv, f.metrics, cfg.Logger)
		if err != nil {
			return fmt.Errorf("-metrics: %w", err)
		}
		defer stop()
		metricsAddr = addr
	}
	if f.certOut != "" {
		if err := os.WriteFile(f.certOut, srv.CertificatePEM(), 0o644); err != nil {
			return fmt.Errorf("-cert-out: %w", err)
		}
	}
	announce(e.stdout, srv, f, metricsAddr)
	<-ctx.Done()
	fmt.Fprintln(e.stdout, "stopping")
	return srv.Close()
}

// announce prints where the server listens and how to reach it.
func announce(w io.Writer, srv *server.Server, f serveFlags, metrics net.Addr) {
	fmt.Fprintf(w, "Canto development server for %s\n", srv.Domain())
	if a := srv.Addr(); a != nil {
		fmt.Fprintf(w, "  STARTTLS    %s\n", a)
	}
	if a := srv.DirectTLSAddr(); a != nil {
		fmt.Fprintf(w, "  direct TLS  %s\n", a)
	}
	if u := srv.WebSocketURL(); u != "" {
		fmt.Fprintf(w, "  WebSocket   %s\n", u)
	}
	if metrics != nil {
		fmt.Fprintf(w, "  metrics     http://%s%s\n", metrics, metricsPath)
	}
	names := make([]string, 0, len(f.users))
	for n := range f.users {
		names = append(names, n)
	}
	slices.Sort(names)
	if len(names) == 0 {
		fmt.Fprintln(w, "  accounts    none (add some with -user NAME:PASSWORD)")
	} else {
		fmt.Fprintf(w, "  accounts    %s\n", strings.Join(names, ", "))
	}
	sum := sha256.Sum256(firstCertDER(srv.CertificatePEM()))
	kind := "self-signed"
	if f.certFile != "" {
		kind = f.certFile
	}
	fmt.Fprintf(w, "  certificate %s, SHA-256 fingerprint %x\n", kind, sum)
	if f.certOut != "" {
		fmt.Fprintf(w, "  written to  %s (clients: -ca %s)\n", f.certOut, f.certOut)
	}
	fmt.Fprintln(w, "Press Ctrl-C to stop.")
}

// firstCertDER returns the DER of the first certificate in PEM data.
func firstCertDER(data []byte) []byte {
	if b, _ := pem.Decode(data); b != nil {
		return b.Bytes
	}
	return nil
}
