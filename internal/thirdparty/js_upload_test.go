package thirdparty

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/upload"
)

// TestXMPPJSUpload: @xmpp/client finds the embedded server's upload
// service (XEP-0363, mounted at upload.DOMAIN), asks for a slot by hand,
// PUTs a file over HTTPS and GETs the same bytes back; then the test
// fetches the file from the URL the client got, and compares digests.
func TestXMPPJSUpload(t *testing.T) {
	_, nodeErr := exec.LookPath("node")
	need(t, "Node.js and the npm package @xmpp/client", "npm ci --prefix internal/thirdparty/testdata/js",
		nodeErr == nil && havePath(filepath.Join("testdata/js/node_modules", "@xmpp/client", "package.json")))
	l := newLab(t, "xmppjs")
	files, roots := l.mountUpload(t)
	env := append(scriptEnv(), "NODE_EXTRA_CA_CERTS="+roots)
	args := append([]string{"testdata/js/xmppjs_upload.mjs"}, l.scriptArgs("xmppjs", "127.0.0.1", port(l.srv.Addr()), "starttls")...)
	out := run(t, env, "node", args...)
	var url, sum string
	for line := range strings.Lines(out) {
		if u, ok := strings.CutPrefix(strings.TrimSpace(line), "URL "); ok {
			url = u
		}
		if s, ok := strings.CutPrefix(strings.TrimSpace(line), "SHA256 "); ok {
			sum = s
		}
	}
	if !strings.HasPrefix(url, files.URL+"/upload/") || sum == "" {
		t.Fatalf("no URL under %s/upload/ or no digest:\n%s", files.URL, out)
	}
	resp, err := files.Client().Get(url)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	got := sha256.Sum256(b)
	if err != nil || resp.StatusCode != http.StatusOK || hex.EncodeToString(got[:]) != sum {
		t.Errorf("GET %s: %s, %d bytes (sha256 %x), %v; the client put sha256 %s", url, resp.Status, len(b), got, err, sum)
	}
}

// mountUpload mounts an upload service at upload.DOMAIN on the lab's
// server, its files served over HTTPS by an httptest server. It returns
// that server and a PEM file trusting both it and the XMPP server.
func (l *lab) mountUpload(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	// The listener exists before the start: the service's URLs need its
	// address, the server needs the service as its handler.
	files := httptest.NewUnstartedServer(nil)
	base := "https://" + files.Listener.Addr().String() + "/upload/"
	svc, err := upload.NewService(upload.ServiceConfig{Domain: jid.MustParse("upload." + domain), BaseURL: base, MaxFileSize: 1 << 20})
	if err != nil {
		files.Close()
		t.Fatal(err)
	}
	files.Config.Handler = svc
	files.StartTLS()
	t.Cleanup(files.Close)
	if err := l.srv.Mount("upload."+domain, svc); err != nil {
		t.Fatal(err)
	}
	roots := filepath.Join(t.TempDir(), "roots.pem")
	pemData := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: files.Certificate().Raw}), l.srv.CertificatePEM()...)
	if err := os.WriteFile(roots, pemData, 0o600); err != nil {
		t.Fatal(err)
	}
	return files, roots
}
