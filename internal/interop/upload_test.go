package interop

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/oob"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/upload"
)

// TestUpload finds the server's HTTP upload service (Prosody's
// mod_http_file_share, ejabberd's mod_http_upload), asks for a slot, PUTs
// a file, GETs the same bytes back, and sees a file over the advertised
// limit refused with file-too-large (XEP-0363 §3–§7). Prosody's and
// ejabberd's services are on loopback plain HTTP, hence InsecureAllowHTTP;
// Canto's is on HTTPS with the test's certificate.
func TestUpload(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		alice := srv.loginAs(t, "alice", "", nil)
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		si, err := upload.Discover(ctx, alice.Session, alice.LocalAddr().Domain())
		if err != nil {
			t.Fatal(err)
		}
		if si.JID.String() != "upload."+domain || si.MaxFileSize != 1<<20 {
			t.Errorf("service %+v, want upload.%s taking 1 MiB", si, domain)
		}
		tr := &http.Transport{Proxy: nil, DisableKeepAlives: true, TLSClientConfig: &tls.Config{RootCAs: pki.roots}}
		defer tr.CloseIdleConnections()
		data := bytes.Repeat([]byte("canto upload interop\n"), 1000)
		var last atomic.Int64 // written by the transport's goroutine
		c := upload.Client{HTTP: &http.Client{Transport: tr}, InsecureAllowHTTP: true, Progress: func(sent, _ int64) { last.Store(sent) }}
		req := upload.Request{Filename: "très cool.txt", Size: int64(len(data)), ContentType: "text/plain"}
		u, err := c.Upload(ctx, alice.Session, si.JID, req, bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if last.Load() != int64(len(data)) {
			t.Errorf("progress ended at %d of %d", last.Load(), len(data))
		}
		hr, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := c.HTTP.Do(hr)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || !bytes.Equal(got, data) {
			t.Errorf("GET %s: %s, %d bytes, %v", u, resp.Status, len(got), err)
		}
		_, err = upload.RequestSlot(ctx, alice.Session, si.JID, upload.Request{Filename: "big.bin", Size: 2 << 20})
		var tl *upload.FileTooLargeError
		if !errors.As(err, &tl) {
			t.Errorf("2 MiB slot: %v, want file-too-large", err)
		} else if tl.Max != 0 && tl.Max != 1<<20 {
			t.Errorf("file-too-large says at most %d", tl.Max)
		}
	})
}

// TestCLIUpload runs "xmpp upload FILE TO": progress lines, the URL on
// the last line, and TO receives it as out-of-band data.
func TestCLIUpload(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		got := make(chan []oob.Data, 1)
		srv.loginAs(t, "bob", "up", xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
			if st.Header.Kind == stanza.KindMessage {
				select {
				case got <- oob.Find(st.Element):
				default:
				}
			}
			return nil
		}))
		file := filepath.Join(t.TempDir(), "notes.txt")
		data := bytes.Repeat([]byte("uploaded by the CLI\n"), 500)
		if err := os.WriteFile(file, data, 0o600); err != nil {
			t.Fatal(err)
		}
		r := runCLI(t, cmdLine("upload", cliFlags(t, srv, "carol", "starttls"), "-insecure-http", file, "bob@"+domain+"/up")...)
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		if r.code != 0 || len(lines) < 2 || lines[len(lines)-2] != "100%" {
			t.Fatalf("exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
		}
		u := lines[len(lines)-1]
		select {
		case d := <-got:
			if len(d) != 1 || d[0].URL != u {
				t.Errorf("bob got %+v, want %s", d, u)
			}
		case <-time.After(testTimeout):
			t.Error("bob got no message")
		}
		hc := &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true, TLSClientConfig: &tls.Config{RootCAs: pki.roots}}}
		resp, err := hc.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || !bytes.Equal(b, data) {
			t.Errorf("GET %s: %d bytes, %v", u, len(b), err)
		}
	})
}
