package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestServeMUC: `serve` hosts group chat on conference.DOMAIN unless -muc
// is empty, and `send -muc` joins a room there, speaks and leaves.
func TestServeMUC(t *testing.T) {
	for _, tc := range []struct {
		name, muc, want string
		sent            bool
	}{
		{"default", mucDomainTemplate, "conference.localhost", true},
		{"other domain", "rooms.localhost", "rooms.localhost", true},
		{"none", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := startCmd(t, "serve", "-listen", "127.0.0.1:0", "-direct-tls", "127.0.0.1:0", "-muc", tc.muc,
				"-user", "alice:x", "-cert-out", t.TempDir()+"/ca.pem")
			srv.stdout.waitFor(t, "Press Ctrl-C to stop.")
			out := srv.stdout.String()
			d := regexp.MustCompile(`direct TLS +(\S+)`).FindStringSubmatch(out)
			ca := regexp.MustCompile(`written to +(\S+)`).FindStringSubmatch(out)
			if d == nil || ca == nil {
				t.Fatalf("serve printed:\n%s", out)
			}
			got := ""
			if chat := regexp.MustCompile(`group chat +(\S+)`).FindStringSubmatch(out); chat != nil {
				got = chat[1]
			}
			if got != tc.want {
				t.Fatalf("group chat on %q, want %q:\n%s", got, tc.want, out)
			}
			room := "coven@" + tc.want
			if tc.want == "" {
				room = "coven@conference.localhost"
			}
			r := runCmd(t, "", "send", "-jid", "alice@localhost", "-password", "x", "-server", d[1], "-direct-tls", "-ca", ca[1],
				"-timeout", "5s", "-muc", room, "-nick", "witch", "when", "shall", "we", "three", "meet")
			if (r.code == 0) != tc.sent {
				t.Errorf("send -muc %s: exit %d, stderr %s", room, r.code, r.stderr)
			}
			if code := srv.stop(t); code != 0 {
				t.Errorf("serve exited %d: %s", code, srv.stderr)
			}
			if tc.sent && strings.Contains(srv.stderr.String(), "level=WARN") {
				t.Errorf("serve warned:\n%s", srv.stderr)
			}
		})
	}
}
