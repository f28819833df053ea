package main

import (
	"flag"
	"io"
	"testing"
	"time"
)

// TestStayWhitespaceFlag: -whitespace of listen and echo reaches the
// client's Config.Whitespace.
func TestStayWhitespaceFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want time.Duration
	}{
		{nil, 0},
		{[]string{"-whitespace", "45s"}, 45 * time.Second},
	} {
		fs := flag.NewFlagSet("echo", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		var sf stayFlags
		sf.register(fs)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		f := clientFlags{jid: "alice@localhost", password: "secret", server: "127.0.0.1:5222", timeout: time.Second}
		cfg, err := f.clientConfig(&env{getenv: func(string) string { return "" }}, sf, nil)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Whitespace != tc.want {
			t.Errorf("%v: Whitespace %v, want %v", tc.args, cfg.Whitespace, tc.want)
		}
	}
}
