package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUploadProgressLines(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b)
	for _, sent := range []int64{0, 5, 9, 10, 55, 99, 100} {
		p.update(sent, 100)
	}
	p.done()
	if got, want := b.String(), "0%\n10%\n50%\n90%\n100%\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestUploadErrors(t *testing.T) {
	ts := newTestServer(t)
	file := filepath.Join(t.TempDir(), "note.txt")
	if err := os.WriteFile(file, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no file", []string{"upload"}, exitUsage, "want FILE"},
		{"missing file", append(append([]string{"upload"}, ts.flags("alice")...), "/nonexistent/x"), exitError, "no such file"},
		{"directory", append(append([]string{"upload"}, ts.flags("alice")...), t.TempDir()), exitError, "not a regular file"},
		{"bad TO", append(append([]string{"upload"}, ts.flags("alice")...), file, "@@"), exitError, "TO"},
		{"no service", append(append([]string{"upload"}, ts.flags("alice")...), file), exitError, "no HTTP upload service"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCmd(t, "", tc.args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d with %q", r.code, r.stderr, tc.code, tc.want)
			}
		})
	}
}
