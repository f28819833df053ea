package interop

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/avatar"
	"github.com/canto-im/xmpp/hashes"
)

// aioxmppImage is the image internal/thirdparty/testdata/aioxmpp_avatar.py
// publishes.
const aioxmppImage = "\x89PNG\r\n\x1a\nfrom aioxmpp"

// TestAvatarAioxmpp: Canto publishes an avatar whose metadata carries
// XEP-0300 hashes (sha-256, sha3-256) next to its SHA-1 id; the server
// keeps them (Canto reads them back and Fetch checks them), and aioxmpp's
// avatar service, which knows nothing of them, still fetches the image and
// checks its SHA-1. aioxmpp then publishes its own avatar, which Canto
// fetches with the SHA-1 id checked.
func TestAvatarAioxmpp(t *testing.T) {
	if !python("aioxmpp")() {
		skipOrFail(t, "aioxmpp is missing (apt-get install python3-aioxmpp)")
	}
	eachServer(t, func(t *testing.T, srv *server) {
		if !srv.requires(t, capPEP) {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		_, bob := mutualContacts(ctx, t, srv)
		img := []byte("\x89PNG\r\n\x1a\nfrom canto to aioxmpp " + strconv.FormatInt(time.Now().UnixNano(), 10))
		var hs []hashes.Hash
		for _, a := range []hashes.Algo{hashes.SHA256, hashes.SHA3_256} {
			h, err := hashes.Sum(a, img)
			if err != nil {
				t.Fatal(err)
			}
			hs = append(hs, h)
		}
		in, err := avatar.PublishInfo(ctx, bob.Session, img, avatar.Info{Type: "image/png", Width: 1, Height: 1, Hashes: hs})
		if err != nil {
			t.Fatalf("publish: %v", err)
		}
		md, err := avatar.FetchMetadata(ctx, bob.Session, bareJID(t, "bob"))
		if err != nil || len(md.Infos) != 1 || !slices.EqualFunc(md.Infos[0].Hashes, hs, func(a, b hashes.Hash) bool { return a.String() == b.String() }) {
			t.Fatalf("%s did not keep the XEP-0300 hashes: %+v, %v", srv.name, md, err)
		}
		if got, err := avatar.Fetch(ctx, bob.Session, bareJID(t, "bob")); err != nil || string(got.Data) != string(img) {
			t.Fatalf("bob fetches his own avatar: %+v, %v", got, err)
		}

		ca := filepath.Join(t.TempDir(), "ca.pem")
		if err := os.WriteFile(ca, pki.certPEM, 0o600); err != nil {
			t.Fatal(err)
		}
		run, cancelRun := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancelRun()
		client := exec.CommandContext(run, systemPython, scripts+"aioxmpp_avatar.py", loopback, strconv.Itoa(srv.ports.c2s), domain,
			"alice", srv.accounts["alice"], ca, bareJID(t, "bob").String(), "starttls", in.ID)
		client.WaitDelay = 5 * time.Second
		out, err := client.CombinedOutput()
		if err != nil || !slices.Contains(strings.Fields(string(out)), "OK") {
			t.Fatalf("aioxmpp: %v\n%s", err, out)
		}
		got, err := avatar.Fetch(ctx, bob.Session, bareJID(t, "alice"))
		if err != nil || got.ID != avatar.ID([]byte(aioxmppImage)) || string(got.Data) != aioxmppImage {
			t.Fatalf("bob fetches aioxmpp's avatar: %+v, %v", got, err)
		}
	})
}
