package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/upload"
)

// uploadPath is where the upload service's HTTPS listener serves files.
const uploadPath = "/upload/"

// uploadFlags are the flags of "xmpp serve" for its upload service.
type uploadFlags struct {
	listen, dir string
	maxSize     int64
}

func (u *uploadFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&u.listen, "upload-listen", "", "run an HTTP upload service (XEP-0363) at upload.DOMAIN, serving files over HTTPS at `ADDR`, path "+uploadPath)
	fs.StringVar(&u.dir, "upload-dir", "", "keep uploaded files in `DIR` (default: in memory)")
	fs.Int64Var(&u.maxSize, "upload-max-size", upload.DefaultMaxFileSize, "the largest file the upload service takes, in `BYTES`")
}

// startUpload runs the upload service when -upload-listen is given: its
// HTTPS listener, with the server's certificate, and its component
// mounted on srv. It returns the files' base URL ("" when not asked for)
// and a function that stops the listener.
func startUpload(ctx context.Context, srv *server.Server, domain string, f uploadFlags, cert tls.Certificate, log *slog.Logger) (string, func(), error) {
	if f.listen == "" {
		return "", func() {}, nil
	}
	if f.dir != "" {
		if err := os.MkdirAll(f.dir, 0o700); err != nil {
			return "", nil, fmt.Errorf("-upload-dir: %w", err)
		}
	}
	svcDomain, err := jid.Parse("upload." + domain)
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		return "", nil, err
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	base := "https://" + net.JoinHostPort(domain, port) + uploadPath
	svc, err := upload.NewService(upload.ServiceConfig{Domain: svcDomain, BaseURL: base, Dir: f.dir, MaxFileSize: f.maxSize})
	if err != nil {
		ln.Close()
		return "", nil, err
	}
	if err := mountUpload(srv, svcDomain.String(), svc); err != nil {
		ln.Close()
		return "", nil, err
	}
	hs := &http.Server{
		Handler:           svc,
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	go func() {
		if err := hs.ServeTLS(ln, "", ""); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("upload listener", "err", err)
		}
	}()
	stop := func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}
	return base, stop, nil
}

// mountUpload runs h as the in-process component domain of srv.
func mountUpload(srv *server.Server, domain string, h xmpp.Handler) error {
	if err := srv.Mount(domain, h); err != nil {
		return fmt.Errorf("-upload-listen: %w", err)
	}
	return nil
}
