package jid

import (
	"strings"
	"testing"
	"unsafe"
)

// agree fails t unless Parse (fast path and ASCII shortcuts) and parseSlow
// (PRECIS and IDNA throughout) give the same JID or the same error.
func agree(t *testing.T, s string) {
	t.Helper()
	fast, errFast := Parse(s)
	slow, errSlow := parseSlow(s)
	switch {
	case (errFast == nil) != (errSlow == nil):
		t.Fatalf("%q: Parse = %q, %v; parseSlow = %q, %v", s, fast, errFast, slow, errSlow)
	case errFast != nil && errFast.Error() != errSlow.Error():
		t.Fatalf("%q: Parse error %q, parseSlow error %q", s, errFast, errSlow)
	case fast != slow:
		t.Fatalf("%q: Parse = %#v, parseSlow = %#v", s, fast, slow)
	}
	if j, ok := parseASCII(s); ok && (errSlow != nil || j != slow) {
		t.Fatalf("%q: parseASCII = %#v, parseSlow = %#v, %v", s, j, slow, errSlow)
	}
}

func TestFastPathTaken(t *testing.T) {
	for _, s := range []string{
		"user@example.com/resource",
		"example.com",
		"example.com/r",
		"USER@Example.COM/Resource",
		"user@example.com./r",
		"example.com.",
		"u@a-b.c-d/ r@s/t ",
		"u@192.0.2.1",
		"%!#$*+-.^_`{|}~@xn-a.com",
		"u@" + strings.Repeat("a", 63) + ".com",
	} {
		j, ok := parseASCII(s)
		if !ok {
			t.Errorf("parseASCII(%q) declined", s)
			continue
		}
		slow, err := parseSlow(s)
		if err != nil || slow != j {
			t.Errorf("parseASCII(%q) = %#v; parseSlow = %#v, %v", s, j, slow, err)
		}
	}
}

func TestFastPathDeclinesInvalid(t *testing.T) {
	for _, tc := range invalidJIDs {
		if j, ok := parseASCII(tc.in); ok {
			t.Errorf("parseASCII(%q) = %q, but it is invalid", tc.in, j)
		}
	}
}

func TestFastPathSharesNormalisedInput(t *testing.T) {
	s := "user@example.com/resource"
	j := MustParse(s)
	if unsafe.StringData(j.String()) != unsafe.StringData(s) {
		t.Fatal("the JID of a normalised ASCII input does not share the input")
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = Parse(s) }); n != 0 {
		t.Errorf("Parse(%q) allocates %v times, want 0", s, n)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = Parse("jürgen@example.com/Küche") }); n != 0 {
		t.Errorf("Parse of a normalised non-ASCII JID allocates %v times, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = Parse("User@Example.com/resource") }); n > 1 {
		t.Errorf("Parse of a JID needing lower-casing allocates %v times, want 1", n)
	}
}

// TestFastPathEveryByte puts every byte value in every position class of
// each part and checks both paths agree.
func TestFastPathEveryByte(t *testing.T) {
	templates := []string{
		"%s", "a%sb", "%s@example.com", "a%sb@example.com", "u@%s", "u@%s.com",
		"u@a%sb.com", "u@ab.com%s", "u@example.com/%s", "u@example.com/r%s",
		"u@a%s/r", "%s/r", "u@x%s-y.com",
	}
	for _, tmpl := range templates {
		for b := 0; b < 256; b++ {
			agree(t, strings.Replace(tmpl, "%s", string([]byte{byte(b)}), 1))
		}
	}
}

// TestFastPathDomainLabels tries every short domain over an alphabet that
// exercises the label rules (hyphens, dots, case, the "xn--" prefix).
func TestFastPathDomainLabels(t *testing.T) {
	const alphabet = "aX-.n1"
	var gen func(prefix string, n int)
	gen = func(prefix string, n int) {
		agree(t, "u@"+prefix)
		agree(t, prefix+"/r")
		if n == 0 {
			return
		}
		for i := 0; i < len(alphabet); i++ {
			gen(prefix+alphabet[i:i+1], n-1)
		}
	}
	gen("", 5)
	for _, d := range []string{"xn--", "xn--a", "XN--BCHER-KVA", "xn--bcher-kva", "ab--c", "a--bc", "--", "a-", "-a"} {
		agree(t, "u@"+d+".example")
	}
}

func TestFastPathLengths(t *testing.T) {
	for _, n := range []int{62, 63, 64} {
		agree(t, "u@"+strings.Repeat("a", n)+".com")
	}
	for _, n := range []int{1022, 1023, 1024, maxInputBytes, maxInputBytes + 1} {
		long := strings.Repeat("a", n)
		agree(t, long+"@example.com")
		agree(t, "u@example.com/"+long)
		agree(t, "u@"+labels(n))
		agree(t, "u@"+labels(n)+".")
	}
}

// labels returns a domain of n octets made of short labels.
func labels(n int) string {
	s := strings.Repeat("abcdefghi.", n/10+1)[:n]
	if strings.HasSuffix(s, ".") {
		s = s[:n-1] + "x"
	}
	return s
}

// FuzzFastPath is the differential test between the fast path and the full
// path.
func FuzzFastPath(f *testing.F) {
	for _, tc := range validJIDs {
		f.Add(tc.in)
	}
	for _, tc := range invalidJIDs {
		f.Add(tc.in)
	}
	for _, s := range []string{"user@example.com/resource", "USER@EXAMPLE.COM", "u@xn--bcher-kva.example", "u@[::1]/r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		agree(t, s)
	})
}
