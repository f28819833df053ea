package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/avatar"
)

// TestAvatar publishes an image as alice through the embedded server (in
// her vCard and her PEP service) and fetches it as bob, who is no contact
// (so reads the vCard), to standard output and to a file, hash checked;
// then the usage errors.
func TestAvatar(t *testing.T) {
	ts := newTestServer(t)
	dir := t.TempDir()
	img := append([]byte("\x89PNG\r\n\x1a\n"), []byte("pixels")...)
	in := filepath.Join(dir, "in.png")
	if err := os.WriteFile(in, img, 0o600); err != nil {
		t.Fatal(err)
	}
	id := avatar.ID(img)
	cmd := func(user string, args ...string) result {
		t.Helper()
		return runCmd(t, "", append(append([]string{"avatar"}, ts.flags(user)...), args...)...)
	}
	if r := cmd("alice", "set", in); r.code != 0 || r.stdout != "published image/png (14 bytes, sha1 "+id+") in vCard and PEP\n" {
		t.Fatalf("set: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := cmd("bob", "get", "alice@localhost"); r.code != 0 || r.stdout != "image/png 14 bytes sha1 "+id+"\n" {
		t.Errorf("get: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	out := filepath.Join(dir, "out.png")
	if r := cmd("bob", "get", "alice@localhost", "-o", out); r.code != 0 || !strings.HasPrefix(r.stdout, "wrote "+out) {
		t.Errorf("get -o: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if got, err := os.ReadFile(out); err != nil || string(got) != string(img) {
		t.Errorf("file = %q, %v", got, err)
	}
	if r := cmd("alice", "get", "bob@localhost"); r.code == 0 {
		t.Errorf("get of a user without avatar: exit 0, stdout %q", r.stdout)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "say get or set"},
		{[]string{"frob"}, "unknown"},
		{[]string{"get"}, "one JID"},
		{[]string{"get", "a@b", "c@d"}, "one JID"},
		{[]string{"get", "@bad"}, "JID \"@bad\""},
		{[]string{"set"}, "one FILE"},
	} {
		if r := cmd("alice", tc.args...); r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("avatar %v: exit %d, stderr %q; want usage error with %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, make([]byte, avatar.MaxDataSize+1), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := cmd("alice", "set", big); r.code == 0 || !strings.Contains(r.stderr, "larger") {
		t.Errorf("set of a large file: exit %d, stderr %q", r.code, r.stderr)
	}
}
