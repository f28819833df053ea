package jid

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics, that its errors are well formed,
// and that a parsed JID is stable: printing and parsing it again, or
// rebuilding it from its parts, gives the same JID.
func FuzzParse(f *testing.F) {
	for _, tc := range validJIDs {
		f.Add(tc.in)
	}
	for _, tc := range invalidJIDs {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		j, err := Parse(s)
		if err != nil {
			checkError(t, s, err)
			return
		}
		checkJID(t, s, j)
		again, err := Parse(j.String())
		if err != nil || again != j {
			t.Fatalf("Parse(%q) = %q, but Parse(%q) = %#v, %v", s, j, j, again, err)
		}
		for _, shortcuts := range []bool{true, false} {
			b, err := build(j.Localpart(), j.Domainpart(), j.Resourcepart(), shortcuts)
			if err != nil || b != j {
				t.Fatalf("rebuilding %q from its parts (shortcuts %v) = %#v, %v", j, shortcuts, b, err)
			}
		}
		checkWith(t, j, s)
	})
}

// checkWith checks that WithLocal and WithResource, which trust j's other
// parts, answer as New does when it checks every part: with j's own parts,
// and with s (any input) as the new part.
func checkWith(t *testing.T, j JID, s string) {
	t.Helper()
	for _, part := range []string{j.Localpart(), j.Resourcepart(), s} {
		want, wantErr := New(part, j.Domainpart(), j.Resourcepart())
		got, err := j.WithLocal(part)
		if got != want || (err == nil) != (wantErr == nil) {
			t.Fatalf("%q.WithLocal(%q) = %#v, %v; New gives %#v, %v", j, part, got, err, want, wantErr)
		}
		want, wantErr = New(j.Localpart(), j.Domainpart(), part)
		got, err = j.WithResource(part)
		if got != want || (err == nil) != (wantErr == nil) {
			t.Fatalf("%q.WithResource(%q) = %#v, %v; New gives %#v, %v", j, part, got, err, want, wantErr)
		}
	}
}

func checkError(t *testing.T, s string, err error) {
	t.Helper()
	n := 0
	for _, part := range []error{ErrLocalpart, ErrDomainpart, ErrResourcepart} {
		if errors.Is(err, part) {
			n++
		}
	}
	if n != 1 || !strings.HasPrefix(err.Error(), "jid: ") {
		t.Fatalf("Parse(%q) error %q names %d parts", s, err, n)
	}
}

func checkJID(t *testing.T, s string, j JID) {
	t.Helper()
	l, d, r := j.Localpart(), j.Domainpart(), j.Resourcepart()
	for _, p := range []string{l, d, r} {
		if len(p) > maxPartBytes || !utf8.ValidString(p) {
			t.Fatalf("Parse(%q) gave a bad part %q", s, p)
		}
	}
	if d == "" || strings.ContainsAny(l, forbiddenLocal) || strings.ContainsAny(d, "@/") {
		t.Fatalf("Parse(%q) = %q: bad localpart or domainpart", s, j)
	}
	if j.Bare().Resourcepart() != "" || j.Domain().Domainpart() != d || j.Bare().Localpart() != l {
		t.Fatalf("Parse(%q) = %q: Bare or Domain lose parts", s, j)
	}
}
