package main

import (
	"strings"
	"testing"
)

// TestRoster adds, updates, lists and removes contacts, and checks the
// usage errors.
func TestRoster(t *testing.T) {
	ts := newTestServer(t)
	steps := []struct {
		name     string
		args     []string
		wantCode int
		want     string // in stdout, or stderr for a failure
		notWant  string
	}{
		{"empty", []string{"list"}, 0, "(empty roster)", ""},
		{"add with flags after the JID", []string{"add", "bob@localhost", "-name", "Bob", "-group", "Friends", "-group", "Work"}, 0, "added bob@localhost", ""},
		{"add with flags before", []string{"-name", "Carol", "add", "carol@localhost"}, 0, "added carol@localhost", ""},
		{"list", []string{"list"}, 0, `bob@localhost "Bob" subscription=none groups=Friends,Work`, ""},
		{"update", []string{"add", "bob@localhost", "-name", "Robert"}, 0, "added bob@localhost", ""},
		{"list after update", []string{"list"}, 0, `bob@localhost "Robert" subscription=none`, "groups="},
		{"remove", []string{"remove", "bob@localhost"}, 0, "removed bob@localhost", ""},
		{"list after remove", []string{"list"}, 0, `carol@localhost "Carol"`, "bob@localhost"},
		{"remove unknown", []string{"remove", "bob@localhost"}, 1, "item-not-found", ""},
		{"no action", nil, 2, "want list, add JID or remove JID", ""},
		{"unknown action", []string{"frobnicate", "x@localhost"}, 2, `unknown action "frobnicate"`, ""},
		{"add without JID", []string{"add"}, 2, "want list, add JID", ""},
		{"list with an argument", []string{"list", "x"}, 2, "want list", ""},
		{"bad JID", []string{"add", "@localhost"}, 1, `JID "@localhost"`, ""},
	}
	for _, st := range steps {
		args := append([]string{"roster"}, ts.flags("alice")...)
		r := runCmd(t, "", append(args, st.args...)...)
		out := r.stdout
		if st.wantCode != 0 {
			out = r.stderr
		}
		if r.code != st.wantCode || !strings.Contains(out, st.want) || (st.notWant != "" && strings.Contains(out, st.notWant)) {
			t.Errorf("%s: exit %d, stdout:\n%s\nstderr:\n%s", st.name, r.code, r.stdout, r.stderr)
		}
	}
}
