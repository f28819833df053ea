package jid

import (
	"errors"
	"testing"
)

func TestNewInvalid(t *testing.T) {
	tests := []struct {
		local, domain, resource string
		part, cause             error
	}{
		{"", "", "", ErrDomainpart, ErrEmpty},
		{"u", "", "r", ErrDomainpart, ErrEmpty},
		{"a@b", "example.com", "", ErrLocalpart, ErrForbiddenChar},
		{"a/b", "example.com", "", ErrLocalpart, ErrForbiddenChar},
		{"a\uff20b", "example.com", "", ErrLocalpart, ErrForbiddenChar},
		{"u", "example.com/r", "", ErrDomainpart, nil},
		{"u", "a@example.com", "", ErrDomainpart, nil},
		{"u", "example.com", "\x01", ErrResourcepart, nil},
	}
	for _, tc := range tests {
		j, err := New(tc.local, tc.domain, tc.resource)
		if err == nil {
			t.Errorf("New(%q, %q, %q) = %q, want an error", tc.local, tc.domain, tc.resource, j)
			continue
		}
		if !errors.Is(err, tc.part) || tc.cause != nil && !errors.Is(err, tc.cause) {
			t.Errorf("New(%q, %q, %q) error %q, want %q / %v", tc.local, tc.domain, tc.resource, err, tc.part, tc.cause)
		}
	}
}

func TestNewRoundTripsThroughParse(t *testing.T) {
	j, err := New("a/b-is-escaped-first", "example.com", "x")
	if err == nil {
		t.Fatalf("New accepted a slash in the localpart: %q", j)
	}
	j, err = New(Escape("a/b"), "example.com", "r/s@t")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(j.String())
	if err != nil || p != j {
		t.Fatalf("Parse(%q) = %q, %v; want the same JID", j, p, err)
	}
	if Unescape(p.Localpart()) != "a/b" || p.Resourcepart() != "r/s@t" {
		t.Fatalf("parts changed: %q", p)
	}
}

func TestNewNormalises(t *testing.T) {
	tests := []struct {
		local, domain, resource, want string
	}{
		{"Juliet", "Example.COM.", "Balcony", "juliet@example.com/Balcony"},
		{"", "EXAMPLE.com", "", "example.com"},
		{"ＪＵＬＩＥＴ", "ＥＸＡＭＰＬＥ.com", "r", "juliet@example.com/r"},
		{"u", "[2001:DB8:0::1]", "", "u@[2001:db8::1]"},
	}
	for _, tc := range tests {
		j, err := New(tc.local, tc.domain, tc.resource)
		if err != nil || j.String() != tc.want {
			t.Errorf("New(%q, %q, %q) = %q, %v; want %q", tc.local, tc.domain, tc.resource, j, err, tc.want)
		}
	}
}
