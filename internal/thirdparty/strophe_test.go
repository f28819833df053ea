package thirdparty

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestLibstrophe builds a small C client on libstrophe (Debian
// libstrophe-dev, the library profanity uses) and runs it over STARTTLS and
// direct TLS.
func TestLibstrophe(t *testing.T) {
	_, ccErr := exec.LookPath("cc")
	flags, pcErr := exec.Command("pkg-config", "--cflags", "--libs", "libstrophe").Output()
	need(t, "libstrophe and a C compiler", "apt-get install libstrophe-dev gcc pkg-config", ccErr == nil && pcErr == nil)
	bin := filepath.Join(t.TempDir(), "strophe_client")
	args := append([]string{"-o", bin, "testdata/strophe_client.c"}, strings.Fields(string(flags))...)
	if out, err := exec.Command("cc", args...).CombinedOutput(); err != nil {
		t.Fatalf("cc %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	l := newLab(t, "strophe")
	for _, mode := range []string{"starttls", "direct-tls"} {
		t.Run(mode, func(t *testing.T) {
			addr := l.srv.Addr()
			if mode == "direct-tls" {
				addr = l.srv.DirectTLSAddr()
			}
			run(t, scriptEnv(), bin, l.scriptArgs("strophe", "127.0.0.1", port(addr), mode)...)
			l.expect(t, "strophe", body)
		})
	}
}
