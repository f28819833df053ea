package jid

import (
	"errors"
	"testing"
)

func TestWithParts(t *testing.T) {
	tests := []struct {
		j, local, resource string
		wantLocal, wantRes string // "" means an error
	}{
		{"example.com", "Juliet", "Balcony", "juliet@example.com", "example.com/Balcony"},
		{"romeo@example.com/a", "JULIET", "", "juliet@example.com/a", "romeo@example.com"},
		{"example.com", "\u00c9lise", "\u212b", "\u00e9lise@example.com", "example.com/\u00c5"},
		{"example.com", "a@b", "\x01", "", ""},
		{"example.com", "", "r/s@t", "example.com", "example.com/r/s@t"},
	}
	for _, tc := range tests {
		j := MustParse(tc.j)
		got, err := j.WithLocal(tc.local)
		if tc.wantLocal == "" && !errors.Is(err, ErrLocalpart) || tc.wantLocal != "" && (err != nil || got.String() != tc.wantLocal) {
			t.Errorf("%q.WithLocal(%q) = %q, %v; want %q", j, tc.local, got, err, tc.wantLocal)
		}
		got, err = j.WithResource(tc.resource)
		if tc.wantRes == "" && !errors.Is(err, ErrResourcepart) || tc.wantRes != "" && (err != nil || got.String() != tc.wantRes) {
			t.Errorf("%q.WithResource(%q) = %q, %v; want %q", j, tc.resource, got, err, tc.wantRes)
		}
	}
	for _, f := range []func(JID) (JID, error){
		func(j JID) (JID, error) { return j.WithLocal("u") },
		func(j JID) (JID, error) { return j.WithResource("r") },
	} {
		if j, err := f(JID{}); !errors.Is(err, ErrDomainpart) {
			t.Errorf("on the zero JID: %q, %v; want a domainpart error", j, err)
		}
	}
}
