package thirdparty

import "testing"

// TestPythonClients runs slixmpp (Debian's 1.8.3), aioxmpp and nbxmpp
// (Gajim's library) against the server over STARTTLS, and over direct TLS
// where the library has it.
func TestPythonClients(t *testing.T) {
	for _, tc := range []struct {
		client, module, pkg string
		modes               []string
	}{
		{"slixmpp", "slixmpp", "python3-slixmpp", []string{"starttls", "direct-tls"}},
		{"aioxmpp", "aioxmpp", "python3-aioxmpp", []string{"starttls"}},
		{"nbxmpp", "nbxmpp", "python3-nbxmpp", []string{"starttls", "direct-tls"}},
	} {
		t.Run(tc.client, func(t *testing.T) {
			need(t, tc.client, "apt-get install "+tc.pkg, havePython(tc.module))
			l := newLab(t, tc.client)
			for _, mode := range tc.modes {
				t.Run(mode, func(t *testing.T) {
					addr := l.srv.Addr()
					if mode == "direct-tls" {
						addr = l.srv.DirectTLSAddr()
					}
					args := append([]string{"testdata/" + tc.client + "_client.py"}, l.scriptArgs(tc.client, "127.0.0.1", port(addr), mode)...)
					run(t, scriptEnv(), systemPython, args...)
					l.expect(t, tc.client, body)
				})
			}
		})
	}
}
