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
	"time"

	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/server/store"
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

// componentFlag collects -component DOMAIN=SECRET flags.
type componentFlag map[string]string

func (c componentFlag) String() string { return "" }

func (c componentFlag) Set(v string) error {
	domain, secret, ok := strings.Cut(v, "=")
	if !ok || domain == "" || secret == "" {
		return errors.New("want DOMAIN=SECRET")
	}
	if _, dup := c[domain]; dup {
		return fmt.Errorf("component %q given twice", domain)
	}
	c[domain] = secret
	return nil
}

// serveFlags are the flags of "xmpp serve".
type serveFlags struct {
	listen, directTLS, websocket, domain string
	metrics                              string
	certFile, keyFile, certOut, keyOut   string
	certDir, mechanisms                  string
	users                                userFlag
	components                           componentFlag
	componentListen                      string
	muc                                  string
	verbose                              bool
	data                                 string
	admin                                adminFlags
	insecureNoLoginBackoff               bool
	upload                               uploadFlags
	allowRegistration                    bool
}

func runServe(ctx context.Context, e *env, args []string) int {
	f := serveFlags{users: userFlag{}, components: componentFlag{}}
	fs := newFlagSet("serve", "[flags]", "Run an XMPP server for development until interrupted: in memory, or keeping its\n"+
		"accounts, rosters, block lists, vCards and offline messages in -data DIR (SQLite).\n"+
		"With -data, -add-user, -remove-user, -set-password and -list-users change DIR's\n"+
		"accounts and exit (the server must not be running on DIR); passwords are read\n"+
		"from the first line of standard input.")
	fs.StringVar(&f.listen, "listen", "127.0.0.1:5222", "accept STARTTLS client connections on `ADDR` (empty: none)")
	fs.StringVar(&f.directTLS, "direct-tls", "", "also accept direct TLS (XEP-0368) connections on `ADDR`")
	fs.StringVar(&f.websocket, "websocket", "", "also accept XMPP over WebSocket (RFC 7395) on HTTPS at `ADDR`, path "+server.WebSocketPath)
	fs.StringVar(&f.metrics, "metrics", "", "serve the server's counters in the Prometheus text format over HTTP at `ADDR`, path "+metricsPath)
	fs.StringVar(&f.domain, "domain", "localhost", "the XMPP `DOMAIN` to serve")
	fs.Var(f.users, "user", "create an account, `NAME:PASSWORD` (repeat for more)")
	fs.Var(f.components, "component", "accept an external component (XEP-0114) for `DOMAIN=SECRET` on -component-listen (repeat for more)")
	fs.StringVar(&f.componentListen, "component-listen", "127.0.0.1:5347", "accept -component connections on `ADDR` (XEP-0114 has no TLS: keep it on loopback or a trusted network)")
	fs.StringVar(&f.muc, "muc", mucDomainTemplate, "serve group chat (XEP-0045) on `DOMAIN` (empty: none)")
	fs.StringVar(&f.certFile, "cert", "", "serve the certificate (chain) in the PEM `FILE` (with -key; default: a generated self-signed one)")
	fs.StringVar(&f.keyFile, "key", "", "the private key of -cert, a PEM `FILE`")
	fs.StringVar(&f.certOut, "cert-out", "", "write the certificate in use to the PEM `FILE`, for clients' -ca")
	fs.StringVar(&f.keyOut, "key-out", "", "write the private key of the certificate in use to the PEM `FILE` (mode 0600)")
	fs.StringVar(&f.certDir, "cert-dir", "", "keep the generated certificate and key in `DIR` and reuse them at later starts (instead of a new one each time)")
	fs.StringVar(&f.mechanisms, "mechanisms", "", "offer only these SASL mechanisms, in order: a comma-separated `LIST` of "+strings.Join(servedMechanisms, ", ")+" (default: all, -PLUS first)")
	fs.BoolVar(&f.insecureNoLoginBackoff, "insecure-no-login-backoff", false, "answer failed logins at once, without the delay that slows password guessing (for test harnesses; never on a server others can reach)")
	fs.BoolVar(&f.verbose, "v", false, "log every connection's raw XML to standard error")
	fs.StringVar(&f.data, "data", "", "keep accounts and their data in `DIR` (an SQLite database), and the generated certificate unless -cert or -cert-dir")
	fs.StringVar(&f.admin.add, "add-user", "", "with -data: create the account `NAME` (password on standard input) and exit")
	fs.StringVar(&f.admin.remove, "remove-user", "", "with -data: remove the account `NAME` and all it keeps, cancelling its subscriptions with the accounts of -domain, and exit")
	fs.StringVar(&f.admin.password, "set-password", "", "with -data: set the password of the account `NAME` (on standard input) and exit")
	fs.BoolVar(&f.admin.list, "list-users", false, "with -data: list the accounts and exit")
	f.upload.register(fs)
	fs.BoolVar(&f.allowRegistration, "allow-registration", false, "let clients create accounts in-band (XEP-0077), at most 3 an hour per address")
	if ok, code := parse(e, fs, args); !ok {
		return code
	}
	if f.admin.any() {
		if err := administer(ctx, e, f.data, f.domain, f.admin); err != nil {
			return e.fail("serve", err)
		}
		return exitOK
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
	cfg := server.Config{Domain: f.domain, Users: f.users, Components: f.components, InsecureNoLoginBackoff: f.insecureNoLoginBackoff,
		AllowRegistration: f.allowRegistration,
		Logger:            slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))}
	if f.verbose {
		cfg.RawLog = e.stderr
	}
	mechs, err := parseMechanisms(f.mechanisms)
	if err != nil {
		return err
	}
	cfg.Mechanisms = mechs
	cert, origin, err := serveCertificate(f)
	if err != nil {
		return err
	}
	cfg.Certificate = &cert
	if f.data != "" {
		st, err := openData(ctx, f.data)
		if err != nil {
			return err
		}
		defer st.Close() // after srv.Close below
		cfg.Store = st
	}
	srv, err := server.New(cfg)
	if err != nil {
		return err
	}
	defer srv.Close()
	if err := mountMUC(ctx, srv, mucDomain(f.muc, f.domain), cfg.Store, cfg.Logger); err != nil {
		return err
	}
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
	if len(f.components) > 0 {
		if f.componentListen == "" {
			return errors.New("-component needs -component-listen")
		}
		if err := srv.ListenComponents(ctx, f.componentListen); err != nil {
			return fmt.Errorf("-component-listen: %w", err)
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
	uploadURL, stopUpload, err := startUpload(ctx, srv, f.domain, f.upload, cert, cfg.Logger)
	if err != nil {
		return err
	}
	defer stopUpload()
	if f.certOut != "" {
		if err := os.WriteFile(f.certOut, srv.CertificatePEM(), 0o644); err != nil {
			return fmt.Errorf("-cert-out: %w", err)
		}
	}
	if f.keyOut != "" {
		if err := writeKey(f.keyOut, cert); err != nil {
			return fmt.Errorf("-key-out: %w", err)
		}
	}
	names, err := accountNames(ctx, cfg.Store, f.users)
	if err != nil {
		return err
	}
	announce(e.stdout, srv, f, names, certName(cert), origin, metricsAddr)
	if uploadURL != "" {
		fmt.Fprintf(e.stdout, "  upload      upload.%s, files at %s\n", f.domain, uploadURL)
	}
	<-ctx.Done()
	fmt.Fprintln(e.stdout, "stopping")
	return srv.Close()
}

// servedMechanisms are the SASL mechanisms the server can offer.
var servedMechanisms = []string{
	sasl.ScramSHA512Plus, sasl.ScramSHA256Plus, sasl.ScramSHA1Plus,
	sasl.ScramSHA512, sasl.ScramSHA256, sasl.ScramSHA1, sasl.Plain,
}

// parseMechanisms reads -mechanisms; empty means the server's default.
func parseMechanisms(list string) ([]string, error) {
	if list == "" {
		return nil, nil
	}
	var out []string
	for _, m := range strings.Split(list, ",") {
		m = strings.ToUpper(strings.TrimSpace(m))
		if !slices.Contains(servedMechanisms, m) {
			return nil, fmt.Errorf("-mechanisms: %q is not one of %s", m, strings.Join(servedMechanisms, ", "))
		}
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out, nil
}

// serveCertificate returns the certificate to serve and says where it
// comes from: -cert and -key, -cert-dir, or generated for this run.
func serveCertificate(f serveFlags) (tls.Certificate, string, error) {
	if (f.certFile == "") != (f.keyFile == "") {
		return tls.Certificate{}, "", errors.New("-cert and -key go together")
	}
	switch {
	case f.certFile != "" && f.certDir != "":
		return tls.Certificate{}, "", errors.New("-cert-dir keeps a generated certificate; it does not go with -cert")
	case f.certFile != "":
		cert, err := tls.LoadX509KeyPair(f.certFile, f.keyFile)
		if err != nil {
			return tls.Certificate{}, "", fmt.Errorf("-cert/-key: %w", err)
		}
		return cert, f.certFile, nil
	case f.certDir != "" || f.data != "":
		dir := f.certDir
		if dir == "" {
			dir = f.data // the data directory keeps the certificate too
		}
		cert, fresh, err := keptCertificate(dir, f.domain, time.Now())
		if err != nil {
			return tls.Certificate{}, "", err
		}
		origin := "self-signed, kept in " + dir
		if fresh {
			origin = "self-signed, generated into " + dir
		}
		return cert, origin, nil
	}
	cert, err := server.GenerateCertificate(f.domain)
	return cert, "self-signed, new at every start (keep one with -cert-dir)", err
}

// announce prints where the server listens and how to reach it. name is
// the certificate's name: clients must use it, not the address, to
// verify the certificate.
func announce(w io.Writer, srv *server.Server, f serveFlags, names []string, name, origin string, metrics net.Addr) {
	fmt.Fprintf(w, "Canto development server for %s\n", srv.Domain())
	if a := srv.Addr(); a != nil {
		fmt.Fprintf(w, "  STARTTLS    %s\n", a)
	}
	if a := srv.DirectTLSAddr(); a != nil {
		fmt.Fprintf(w, "  direct TLS  %s\n", a)
	}
	if a := srv.WebSocketAddr(); a != nil {
		fmt.Fprintf(w, "  WebSocket   %s\n", webSocketURL(name, a.String()))
	}
	if a := srv.ComponentAddr(); a != nil {
		domains := make([]string, 0, len(f.components))
		for d := range f.components {
			domains = append(domains, d)
		}
		slices.Sort(domains)
		fmt.Fprintf(w, "  components  %s (%s)\n", a, strings.Join(domains, ", "))
	}
	if d := mucDomain(f.muc, srv.Domain().String()); d != "" {
		fmt.Fprintf(w, "  group chat  %s\n", d)
	}
	if metrics != nil {
		fmt.Fprintf(w, "  metrics     http://%s%s\n", metrics, metricsPath)
	}
	if len(names) == 0 {
		fmt.Fprintln(w, "  accounts    none (add some with -user NAME:PASSWORD)")
	} else {
		fmt.Fprintf(w, "  accounts    %s\n", strings.Join(names, ", "))
	}
	sum := sha256.Sum256(firstCertDER(srv.CertificatePEM()))
	fmt.Fprintf(w, "  certificate for %s (%s), SHA-256 fingerprint %x\n", name, origin, sum)
	if f.certOut != "" {
		fmt.Fprintf(w, "  written to  %s (clients: -ca %s)\n", f.certOut, f.certOut)
	}
	if f.insecureNoLoginBackoff {
		fmt.Fprintln(w, "  WARNING     failed logins are not slowed down (-insecure-no-login-backoff): keep this server to yourself")
	}
	fmt.Fprintln(w, "Press Ctrl-C to stop.")
}

// accountNames returns the accounts served, sorted: those of the store
// (nil: none) and of -user.
func accountNames(ctx context.Context, st store.Store, users userFlag) ([]string, error) {
	var names []string
	if st != nil {
		var err error
		if names, err = st.Accounts(ctx); err != nil {
			return nil, err
		}
	}
	for n := range users {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names, nil
}

// webSocketURL is the URL of the WebSocket listener at addr under the
// certificate's name, which a browser checks against the URL's host, with
// the address it listens on when the name is not it.
func webSocketURL(name, addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || name == "" || name == host {
		return "wss://" + addr + server.WebSocketPath
	}
	return "wss://" + net.JoinHostPort(name, port) + server.WebSocketPath + " (listening on " + addr + ")"
}

// firstCertDER returns the DER of the first certificate in PEM data.
func firstCertDER(data []byte) []byte {
	if b, _ := pem.Decode(data); b != nil {
		return b.Bytes
	}
	return nil
}
