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

	"github.com/canto-im/xmpp/internal/imconv"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// systemPython is Debian's Python, where the python3-* packages are.
const systemPython = "/usr/bin/python3"

// scripts is where the clients' side of the conversation of package
// imconv is, with the other third-party scripts.
const scripts = "../thirdparty/testdata/"

// TestIMClients has slixmpp and aioxmpp (Debian) and @xmpp/client (npm,
// installed in internal/thirdparty/testdata/js) exchange delivery receipts,
// chat states and corrections with a Canto client through the server, both
// ways: the conversation of package imconv, as internal/thirdparty holds
// it through the embedded server.
func TestIMClients(t *testing.T) {
	_, nodeErr := exec.LookPath("node")
	for _, tc := range []struct {
		client, missing string
		have            func() bool
		cmd             []string
	}{
		{"slixmpp", "slixmpp is missing (apt-get install python3-slixmpp)", python("slixmpp"), []string{systemPython, scripts + "slixmpp_im.py"}},
		{"aioxmpp", "aioxmpp is missing (apt-get install python3-aioxmpp)", python("aioxmpp"), []string{systemPython, scripts + "aioxmpp_im.py"}},
		{"xmppjs", "Node.js or @xmpp/client is missing (npm ci --prefix internal/thirdparty/testdata/js)", func() bool {
			_, err := os.Stat(scripts + "js/node_modules/@xmpp/client/package.json")
			return nodeErr == nil && err == nil
		}, []string{"node", scripts + "js/xmppjs_im.mjs"}},
	} {
		t.Run(tc.client, func(t *testing.T) {
			if !tc.have() {
				skipOrFail(t, tc.missing)
			}
			eachServer(t, func(t *testing.T, srv *server) { imConversation(t, srv, tc.cmd) })
		})
	}
}

// python reports whether the system Python imports module.
func python(module string) func() bool {
	return func() bool { return exec.Command(systemPython, "-c", "import "+module).Run() == nil }
}

// imConversation runs the client command cmd as alice against srv, with the
// Canto side logged in as bob.
func imConversation(t *testing.T, srv *server, cmd []string) {
	c := imconv.New(domain)
	canto := srv.loginAs(t, "bob", "canto", c.Handler())
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	// Available presence, so that messages to the bare JID reach it.
	if err := canto.Send(ctx, xmlstream.MarshalerFunc(stanza.Presence{}.WriteEmpty)); err != nil {
		t.Fatal(err)
	}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pki.certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	run, cancelRun := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancelRun()
	args := append(cmd[1:len(cmd):len(cmd)], loopback, strconv.Itoa(srv.ports.c2s), domain,
		"alice", srv.accounts["alice"], ca, bareJID(t, "bob").String(), "starttls")
	client := exec.CommandContext(run, cmd[0], args...)
	client.Env = append(os.Environ(), "NODE_EXTRA_CA_CERTS="+ca)
	client.WaitDelay = 5 * time.Second
	out, err := client.CombinedOutput()
	if err != nil || !slices.Contains(strings.Fields(string(out)), "OK") {
		t.Fatalf("%s: %v\n%s", strings.Join(cmd, " "), err, out)
	}
	c.Expect(t, "alice")
}
