package jid

import (
	"errors"
	"strings"
	"testing"
)

// Tests for hostile and confusing addresses (RFC 7622, PRECIS): case-mapped
// and full-width localparts, '@' in a localpart, empty and over-long parts,
// IDNA domains, opaque resources.

func TestBadInput_E27_CaseMappedLocalpartsEqual(t *testing.T) {
	groups := [][]string{
		{"juliet@example.com", "JULIET@example.com", "Juliet@EXAMPLE.COM", "ｊｕｌｉｅｔ@example.com", "JULIET@example.com."},
		{"σ@example.com", "Σ@example.com"},
		{"straße@example.com", "STRAßE@example.com", "STRAẞE@example.com"},
		{"é@example.com", "e\u0301@example.com", "É@example.com", "E\u0301@example.com"},
	}
	for _, g := range groups {
		first := MustParse(g[0])
		for _, s := range g[1:] {
			if j := MustParse(s); j != first || j.Bare() != first.Bare() {
				t.Errorf("%q = %q, want it equal to %q", s, j, first)
			}
		}
	}
	// Distinct after case mapping: final sigma is not folded to sigma, and
	// sharp s is not expanded to "ss".
	for _, pair := range [][2]string{{"ς@example.com", "σ@example.com"}, {"straße@example.com", "strasse@example.com"}} {
		if MustParse(pair[0]) == MustParse(pair[1]) {
			t.Errorf("%q and %q compare equal", pair[0], pair[1])
		}
	}
}

func TestBadInput_E27_AtInLocalpart(t *testing.T) {
	for _, local := range []string{"a@b", "@", "a\uff20b", "\ufe6b"} {
		_, err := New(local, "example.com", "")
		if !errors.Is(err, ErrLocalpart) {
			t.Errorf("New(%q, ...) error %v, want ErrLocalpart", local, err)
		}
	}
	// In a string the first '@' ends the localpart, so a second one lands in
	// the domainpart, which rejects it.
	if _, err := Parse("a@b@example.com"); !errors.Is(err, ErrDomainpart) {
		t.Errorf("Parse(a@b@example.com) error %v, want ErrDomainpart", err)
	}
	if _, err := Parse("a\uff20b@example.com"); !errors.Is(err, ErrForbiddenChar) {
		t.Errorf("full-width @ in a localpart: error %v, want ErrForbiddenChar", err)
	}
}

func TestBadInput_E27_FullWidthAndCompatibility(t *testing.T) {
	mapped := []struct{ in, want string }{
		{"ＪＵＬＩＥＴ@example.com", "juliet@example.com"},         // full-width folded in the localpart
		{"ﾃｽﾄ@example.com", "テスト@example.com"},               // half-width katakana folded
		{"u@ＥＸＡＭＰＬＥ．ｃｏｍ", "u@example.com"},                   // full-width domain, full stop included
		{"u@ℌ.example", "u@h.example"},                       // UTS #46 compatibility mapping
		{"u@example.com/ＲＥＳ", "u@example.com/ＲＥＳ"},           // resource is opaque: kept
		{"u@example.com/\u00a0x\u3000", "u@example.com/ x "}, // but its spaces become ASCII
		{"u@example.com/ﬁ", "u@example.com/ﬁ"},               // and compatibility forms stay
	}
	for _, tc := range mapped {
		j, err := Parse(tc.in)
		if err != nil || j.String() != tc.want {
			t.Errorf("Parse(%q) = %q, %v; want %q", tc.in, j, err, tc.want)
		}
	}
	// Compatibility characters are not PVALID in a localpart.
	for _, local := range []string{"ﬁ", "henry\u2163", "①", "ℌ", "x\u00b2", "a\u00a0b", "\u3000"} {
		if _, err := New(local, "example.com", ""); !errors.Is(err, ErrLocalpart) {
			t.Errorf("localpart %q: error %v, want ErrLocalpart", local, err)
		}
	}
}

func TestBadInput_E27_EmptyParts(t *testing.T) {
	tests := []struct {
		in   string
		part error
	}{
		{"", ErrDomainpart},
		{"@example.com", ErrLocalpart},
		{"@example.com/r", ErrLocalpart},
		{"u@", ErrDomainpart},
		{"u@/r", ErrDomainpart},
		{"/r", ErrDomainpart},
		{"u@example.com/", ErrResourcepart},
		{"example.com/", ErrResourcepart},
		{"u@.", ErrDomainpart},
		{"u@\u00ad\u00ad", ErrDomainpart}, // maps to nothing
	}
	for _, tc := range tests {
		_, err := Parse(tc.in)
		if !errors.Is(err, tc.part) || !errors.Is(err, ErrEmpty) {
			t.Errorf("Parse(%q) error %v, want %v and ErrEmpty", tc.in, err, tc.part)
		}
	}
}

func TestBadInput_E27_PartLength(t *testing.T) {
	max := strings.Repeat("a", maxPartBytes)
	over := max + "a"
	fits := []string{max + "@example.com", "u@example.com/" + max, "u@" + labels(maxPartBytes), "u@" + labels(maxPartBytes) + "."}
	for _, s := range fits {
		if _, err := Parse(s); err != nil {
			t.Errorf("Parse of a 1023-octet part: %v", err)
		}
	}
	tooLong := []struct {
		in   string
		part error
	}{
		{over + "@example.com", ErrLocalpart},
		{"u@example.com/" + over, ErrResourcepart},
		{"u@" + labels(maxPartBytes+1), ErrDomainpart},
		{strings.Repeat("ü", 512) + "@example.com", ErrLocalpart},      // 1024 octets in UTF-8
		{"u@example.com/" + strings.Repeat("é", 512), ErrResourcepart}, // likewise
		{strings.Repeat("a", 10*maxInputBytes) + "@example.com", ErrLocalpart},
	}
	for _, tc := range tooLong {
		_, err := Parse(tc.in)
		if !errors.Is(err, tc.part) || !errors.Is(err, ErrTooLong) {
			t.Errorf("Parse of a %d-octet input: error %v, want %v and ErrTooLong", len(tc.in), err, tc.part)
		}
	}
	// Full-width input longer than 1023 octets that normalises within it.
	wide := strings.Repeat("ａ", 400) // 1200 octets
	if j, err := Parse(wide + "@example.com"); err != nil || j.Localpart() != strings.Repeat("a", 400) {
		t.Errorf("full-width localpart: %v", err)
	}
}

func TestBadInput_E27_DomainIDNA(t *testing.T) {
	same := [][]string{
		{"u@bücher.example", "u@xn--bcher-kva.example", "u@XN--BCHER-KVA.EXAMPLE", "u@BÜCHER.example.", "u@bu\u0308cher.example"},
		{"u@faß.de", "u@xn--fa-hia.de"}, // non-transitional: ß is kept
	}
	for _, g := range same {
		first := MustParse(g[0])
		if first.Domainpart() != strings.Split(strings.TrimPrefix(g[0], "u@"), "/")[0] {
			t.Errorf("%q: domain %q is not in U-label form", g[0], first.Domainpart())
		}
		for _, s := range g[1:] {
			if j, err := Parse(s); err != nil || j != first {
				t.Errorf("Parse(%q) = %q, %v; want %q", s, j, err, first)
			}
		}
	}
	// 40 × ü is 80 octets in UTF-8 but fits in 63 as an A-label.
	if _, err := Parse("u@" + strings.Repeat("ü", 40) + ".example"); err != nil {
		t.Errorf("long U-label with a short A-label: %v", err)
	}
	for _, d := range []string{"xn--zz", "xn--a", "xn--abc-", "a_b", "ab--cd", "-ab", "ab-", "\u0661x", "a\u200db", "a..b"} {
		if _, err := New("u", d+".example", ""); !errors.Is(err, ErrDomainpart) {
			t.Errorf("domain %q: error %v, want ErrDomainpart", d, err)
		}
	}
}

func TestBadInput_E27_ResourceOpaque(t *testing.T) {
	a := MustParse("juliet@example.com/Balcony")
	b := MustParse("juliet@example.com/balcony")
	if a == b || a.Resourcepart() != "Balcony" {
		t.Fatalf("resources %q and %q compare equal", a, b)
	}
	for _, r := range []string{"Ünïcode Çase", "a@b/c", "♚", " leading", "ＦＵＬＬ"} {
		j, err := New("u", "example.com", r)
		if err != nil || j.Resourcepart() != r {
			t.Errorf("resource %q became %q, %v", r, j.Resourcepart(), err)
		}
	}
}
