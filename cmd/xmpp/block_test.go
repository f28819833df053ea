package main

import (
	"strings"
	"testing"
)

// TestBlock blocks and reports, lists, removes and removes all through the
// command against the embedded server, and checks the usage errors.
func TestBlock(t *testing.T) {
	ts := newTestServer(t)
	block := func(args ...string) result {
		t.Helper()
		return runCmd(t, "", append(append([]string{"block"}, ts.flags("alice")...), args...)...)
	}
	for _, step := range []struct {
		args []string
		want string
	}{
		{[]string{"list"}, "no blocked addresses\n"},
		{[]string{"add", "bob@localhost", "spam.example"}, "blocked 2 address(es)\n"},
		{[]string{"add", "-report", "spam", "-text", "ads", "carol@localhost"}, "blocked and reported 1 address(es) for spam\n"},
		{[]string{"list"}, "bob@localhost\ncarol@localhost\nspam.example\n"},
		{[]string{"remove", "bob@localhost"}, "unblocked 1 address(es)\n"},
		{[]string{"list"}, "carol@localhost\nspam.example\n"},
		{[]string{"remove", "-all"}, "unblocked everyone\n"},
		{[]string{"list"}, "no blocked addresses\n"},
	} {
		r := block(step.args...)
		if r.code != 0 || r.stdout != step.want {
			t.Errorf("block %s: exit %d, stdout %q, stderr %q; want %q", strings.Join(step.args, " "), r.code, r.stdout, r.stderr, step.want)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "say list, add or remove"},
		{[]string{"frobnicate"}, "unknown"},
		{[]string{"list", "x"}, "takes no arguments"},
		{[]string{"add"}, "needs JIDs"},
		{[]string{"add", "-report", "rude", "bob@localhost"}, "say spam or abuse"},
		{[]string{"add", "-text", "x", "bob@localhost"}, "-text needs -report"},
		{[]string{"add", "-all"}, "-all is for remove"},
		{[]string{"add", "@bad"}, "JID \"@bad\""},
		{[]string{"remove"}, "needs JIDs or -all"},
		{[]string{"remove", "-all", "bob@localhost"}, "not both"},
		{[]string{"remove", "-report", "spam", "bob@localhost"}, "are for add"},
	} {
		r := block(tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("block %s: exit %d, stderr %q; want usage error with %q", strings.Join(tc.args, " "), r.code, r.stderr, tc.want)
		}
	}
}
