package thirdparty

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// TestJavaScriptClients runs @xmpp/client (over STARTTLS, direct TLS and
// WebSocket), StanzaJS and Strophe.js (over WebSocket) under Node.js, as
// installed from testdata/js/package-lock.json by `npm ci`.
func TestJavaScriptClients(t *testing.T) {
	_, nodeErr := exec.LookPath("node")
	for _, tc := range []struct {
		client, script, pkg string
		modes               []string
	}{
		{"xmppjs", "xmppjs_client.mjs", "@xmpp/client", []string{"starttls", "direct-tls", "websocket"}},
		{"stanzajs", "stanza_client.mjs", "stanza", []string{"websocket"}},
		{"strophejs", "strophe_client.mjs", "strophe.js", []string{"websocket"}},
	} {
		t.Run(tc.client, func(t *testing.T) {
			need(t, "Node.js and the npm package "+tc.pkg, "npm ci --prefix internal/thirdparty/testdata/js",
				nodeErr == nil && havePath(filepath.Join("testdata/js/node_modules", tc.pkg, "package.json")))
			l := newLab(t, tc.client)
			env := append(scriptEnv(), "NODE_EXTRA_CA_CERTS="+l.ca)
			for _, mode := range tc.modes {
				t.Run(mode, func(t *testing.T) {
					host, p := "127.0.0.1", port(l.srv.Addr())
					switch mode {
					case "direct-tls":
						p = port(l.srv.DirectTLSAddr())
					case "websocket":
						host, p = l.wsURL(), port(l.srv.WebSocketAddr())
					}
					args := append([]string{"testdata/js/" + tc.script}, l.scriptArgs(tc.client, host, p, mode)...)
					run(t, env, "node", args...)
					l.expect(t, tc.client, body)
				})
			}
		})
	}
}
