package thirdparty

import (
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/internal/imconv"
)

// TestIMClients has slixmpp, aioxmpp and @xmpp/client exchange receipts
// (XEP-0184), chat states (XEP-0085) and corrections (XEP-0308) with a
// Canto client, both ways, over STARTTLS: the conversation of package
// imconv.
func TestIMClients(t *testing.T) {
	_, nodeErr := exec.LookPath("node")
	for _, tc := range []struct {
		client, what, install string
		have                  bool
		cmd                   []string
	}{
		{"slixmpp", "slixmpp", "apt-get install python3-slixmpp", havePython("slixmpp"), []string{systemPython, "testdata/slixmpp_im.py"}},
		{"aioxmpp", "aioxmpp", "apt-get install python3-aioxmpp", havePython("aioxmpp"), []string{systemPython, "testdata/aioxmpp_im.py"}},
		{"xmppjs", "Node.js and the npm package @xmpp/client", "npm ci --prefix internal/thirdparty/testdata/js",
			nodeErr == nil && havePath(filepath.Join("testdata/js/node_modules/@xmpp/client/package.json")), []string{"node", "testdata/js/xmppjs_im.mjs"}},
	} {
		t.Run(tc.client, func(t *testing.T) {
			need(t, tc.what, tc.install, tc.have)
			c := imconv.New(domain)
			l := newLabWith(t, func(*lab) xmpp.Handler { return c.Handler() }, tc.client)
			env := append(scriptEnv(), "NODE_EXTRA_CA_CERTS="+l.ca)
			args := append(tc.cmd[1:], l.scriptArgs(tc.client, "127.0.0.1", port(l.srv.Addr()), "starttls")...)
			run(t, env, tc.cmd[0], args...)
			c.Expect(t, tc.client)
		})
	}
}
