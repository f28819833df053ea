package thirdparty

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestXMPPJSFAST: @xmpp/client logs in to the embedded server with SASL2
// and Bind 2, gets a FAST token, and logs in again with the token alone
// (its password wrong).
func TestXMPPJSFAST(t *testing.T) {
	_, nodeErr := exec.LookPath("node")
	need(t, "Node.js and the npm package @xmpp/client", "npm ci --prefix internal/thirdparty/testdata/js",
		nodeErr == nil && havePath(filepath.Join("testdata/js/node_modules", "@xmpp/client", "package.json")))
	l := newLab(t, "xmppjs")
	env := append(scriptEnv(), "NODE_EXTRA_CA_CERTS="+l.ca)
	args := append([]string{"testdata/js/xmppjs_fast.mjs"}, l.scriptArgs("xmppjs", "127.0.0.1", port(l.srv.Addr()), "starttls")...)
	out := run(t, env, "node", args...)
	if !strings.Contains(out, "MECHANISM HT-SHA-256-NONE") {
		t.Errorf("token for another mechanism:\n%s", out)
	}
}

// TestXMPPJSSMInline: @xmpp/client enables stream management inside its
// Bind 2 request to the embedded server, and after its connection is cut
// resumes the stream inside SASL2 authentication, keeping its full JID.
func TestXMPPJSSMInline(t *testing.T) {
	_, nodeErr := exec.LookPath("node")
	need(t, "Node.js and the npm package @xmpp/client", "npm ci --prefix internal/thirdparty/testdata/js",
		nodeErr == nil && havePath(filepath.Join("testdata/js/node_modules", "@xmpp/client", "package.json")))
	l := newLab(t, "xmppjs")
	env := append(scriptEnv(), "NODE_EXTRA_CA_CERTS="+l.ca)
	args := append([]string{"testdata/js/xmppjs_sm_inline.mjs"}, l.scriptArgs("xmppjs", "127.0.0.1", port(l.srv.Addr()), "starttls")...)
	out := run(t, env, "node", args...)
	for _, want := range []string{"ENABLED INLINE true", "RESUMED INLINE true SAME JID true"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}
