package jid

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

type parts struct{ local, domain, resource string }

// RFC 7622 §3.5.1, then our own.
var validJIDs = []struct {
	in   string
	want parts
}{
	{"juliet@example.com", parts{"juliet", "example.com", ""}},
	{"juliet@example.com/foo", parts{"juliet", "example.com", "foo"}},
	{"juliet@example.com/foo bar", parts{"juliet", "example.com", "foo bar"}},
	{"juliet@example.com/foo@bar", parts{"juliet", "example.com", "foo@bar"}},
	{`foo\20bar@example.com`, parts{`foo\20bar`, "example.com", ""}},
	{"fussball@example.com", parts{"fussball", "example.com", ""}},
	{"fußball@example.com", parts{"fußball", "example.com", ""}},
	{"π@example.com", parts{"π", "example.com", ""}},
	{"Σ@example.com/foo", parts{"σ", "example.com", "foo"}},
	{"σ@example.com/foo", parts{"σ", "example.com", "foo"}},
	{"ς@example.com/foo", parts{"ς", "example.com", "foo"}},
	{"king@example.com/♚", parts{"king", "example.com", "♚"}},
	{"example.com", parts{"", "example.com", ""}},
	{"example.com/foobar", parts{"", "example.com", "foobar"}},
	{"a.example.com/b@example.net", parts{"", "a.example.com", "b@example.net"}},

	{"Juliet@Example.COM/Balcony", parts{"juliet", "example.com", "Balcony"}},
	{"juliet@example.com./r", parts{"juliet", "example.com", "r"}},
	{"example.com.", parts{"", "example.com", ""}},
	{"a/b/c", parts{"", "a", "b/c"}},
	{"a/@b", parts{"", "a", "@b"}},
	{"x@a/ ", parts{"x", "a", " "}},
	{"1ü@example.com", parts{"1ü", "example.com", ""}},
	{"ü_@example.com", parts{"ü_", "example.com", ""}},
	{"%!#$*+-.^_`{|}~@example.com", parts{"%!#$*+-.^_`{|}~", "example.com", ""}},
	{"localhost", parts{"", "localhost", ""}},
	{"192.0.2.1", parts{"", "192.0.2.1", ""}},
	{"[2001:DB8::0001]/r", parts{"", "[2001:db8::1]", "r"}},
	{"u@[::1]", parts{"u", "[::1]", ""}},
	{"u@[::ffff:192.0.2.1]", parts{"u", "[::ffff:192.0.2.1]", ""}},
	{"u@xn--bcher-kva.example", parts{"u", "bücher.example", ""}},
	{"u@BÜCHER.example", parts{"u", "bücher.example", ""}},
	{"u@ｅｘａｍｐｌｅ.com", parts{"u", "example.com", ""}},
	{"u@a\u3002b", parts{"u", "a.b", ""}},
	{"ｊｕｌｉｅｔ@example.com", parts{"juliet", "example.com", ""}},
	{"u@example.com/ＲＥＳ", parts{"u", "example.com", "ＲＥＳ"}},
	{"u@example.com/a\u3000b", parts{"u", "example.com", "a b"}},
	{"u@example.com/e\u0301", parts{"u", "example.com", "é"}},
	{"e\u0301@example.com", parts{"é", "example.com", ""}},
	{"ü\u0304@example.com/ü\u0304", parts{"ǖ", "example.com", "ǖ"}},
	{"Ü@example.com/Ü", parts{"ü", "example.com", "Ü"}},
	{"שלום@example.com", parts{"שלום", "example.com", ""}},
}

func TestParseValid(t *testing.T) {
	for _, tc := range validJIDs {
		j, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		got := parts{j.Localpart(), j.Domainpart(), j.Resourcepart()}
		if got != tc.want {
			t.Errorf("Parse(%q) = %+q, want %+q", tc.in, got, tc.want)
		}
		if want := joinParts(tc.want); j.String() != want {
			t.Errorf("Parse(%q).String() = %q, want %q", tc.in, j.String(), want)
		}
		n, err := New(tc.want.local, tc.want.domain, tc.want.resource)
		if err != nil || n != j {
			t.Errorf("New(%+q) = %q, %v; want %q", tc.want, n, err, j)
		}
	}
}

func joinParts(p parts) string {
	s := p.domain
	if p.local != "" {
		s = p.local + "@" + s
	}
	if p.resource != "" {
		s += "/" + p.resource
	}
	return s
}

// RFC 7622 §3.5.2, then our own.
var invalidJIDs = []struct {
	in          string
	part, cause error // cause nil: any reason
}{
	{"juliet@@example.com", ErrDomainpart, nil},
	{"juliet@example.com/", ErrResourcepart, ErrEmpty},
	{"@example.com/", ErrLocalpart, ErrEmpty},
	{"henry\u2163@example.com", ErrLocalpart, nil},
	{"♚@example.com", ErrLocalpart, nil},
	{"juliet@", ErrDomainpart, ErrEmpty},
	{"/foobar", ErrDomainpart, ErrEmpty},

	{"", ErrDomainpart, ErrEmpty},
	{"@", ErrLocalpart, ErrEmpty},
	{"a@/r", ErrDomainpart, ErrEmpty},
	{".", ErrDomainpart, ErrEmpty},
	{"u@.", ErrDomainpart, ErrEmpty},
	{"u@example.com..", ErrDomainpart, ErrLabel},
	{"u@a..b", ErrDomainpart, ErrLabel},
	{"u@.a", ErrDomainpart, ErrLabel},
	{"u@xn--.com", ErrDomainpart, ErrLabel},
	{"u@\u00ad", ErrDomainpart, ErrEmpty},
	{"u@example.com\u3002", ErrDomainpart, ErrLabel},
	{"u@" + strings.Repeat("a", 64) + ".com", ErrDomainpart, ErrLabel},
	{"u@" + strings.Repeat("ü", 60) + ".com", ErrDomainpart, ErrLabel},
	{"u@a_b.com", ErrDomainpart, nil},
	{"u@a b", ErrDomainpart, nil},
	{"u@-a.com", ErrDomainpart, nil},
	{"u@a-.com", ErrDomainpart, nil},
	{"u@ab--cd.com", ErrDomainpart, nil},
	{"u@xn--a.com", ErrDomainpart, nil},
	{"u@١.com", ErrDomainpart, nil},
	{"u@[::1", ErrDomainpart, ErrIPLiteral},
	{"u@[192.0.2.1]", ErrDomainpart, ErrIPLiteral},
	{"u@[fe80::1%eth0]", ErrDomainpart, ErrIPLiteral},
	{"u@[::1]x", ErrDomainpart, ErrIPLiteral},
	{"u@exa\xffmple.com", ErrDomainpart, ErrInvalidUTF8},
	{"u\xff@example.com", ErrLocalpart, ErrInvalidUTF8},
	{"u@example.com/\xff", ErrResourcepart, ErrInvalidUTF8},
	{"a b@example.com", ErrLocalpart, nil},
	{"a\"b@example.com", ErrLocalpart, ErrForbiddenChar},
	{"a&b@example.com", ErrLocalpart, ErrForbiddenChar},
	{"a'b@example.com", ErrLocalpart, ErrForbiddenChar},
	{"a:b@example.com", ErrLocalpart, ErrForbiddenChar},
	{"a<b@example.com", ErrLocalpart, ErrForbiddenChar},
	{"a>b@example.com", ErrLocalpart, ErrForbiddenChar},
	{"a\x00b@example.com", ErrLocalpart, nil},
	{"a\tb@example.com", ErrLocalpart, nil},
	{"u@example.com/a\x00", ErrResourcepart, nil},
	{"u@example.com/a\x7f", ErrResourcepart, nil},
	{"u@example.com/\u200b", ErrResourcepart, nil},
	{"\u0661a@example.com", ErrLocalpart, nil}, // fails the Bidi Rule
}

func TestParseInvalid(t *testing.T) {
	for _, tc := range invalidJIDs {
		j, err := Parse(tc.in)
		if err == nil {
			t.Errorf("Parse(%q) = %q, want an error", tc.in, j)
			continue
		}
		if !errors.Is(err, tc.part) {
			t.Errorf("Parse(%q) error %q does not match %q", tc.in, err, tc.part)
		}
		if tc.cause != nil && !errors.Is(err, tc.cause) {
			t.Errorf("Parse(%q) error %q does not match %q", tc.in, err, tc.cause)
		}
		if !strings.HasPrefix(err.Error(), "jid: ") {
			t.Errorf("Parse(%q) error %q lacks the package prefix", tc.in, err)
		}
	}
}

func TestAccessors(t *testing.T) {
	tests := []struct {
		in, bare, domain string
	}{
		{"u@example.com/r", "u@example.com", "example.com"},
		{"u@example.com", "u@example.com", "example.com"},
		{"example.com/r", "example.com", "example.com"},
		{"example.com", "example.com", "example.com"},
		{"ü@bücher.example/ü", "ü@bücher.example", "bücher.example"},
	}
	for _, tc := range tests {
		j := MustParse(tc.in)
		if got := j.Bare(); got != MustParse(tc.bare) || got.String() != tc.bare || got.Resourcepart() != "" {
			t.Errorf("%q.Bare() = %q, want %q", tc.in, got, tc.bare)
		}
		if got := j.Domain(); got != MustParse(tc.domain) || got.Localpart() != "" {
			t.Errorf("%q.Domain() = %q, want %q", tc.in, got, tc.domain)
		}
		if j.IsZero() {
			t.Errorf("%q.IsZero() = true", tc.in)
		}
	}
}

func TestZeroJID(t *testing.T) {
	var z JID
	if !z.IsZero() || z.String() != "" || z.Localpart() != "" || z.Domainpart() != "" || z.Resourcepart() != "" {
		t.Fatalf("zero JID is not empty: %+v", z)
	}
	if !z.Bare().IsZero() || !z.Domain().IsZero() || !z.Equal(JID{}) {
		t.Fatal("Bare or Domain of the zero JID is not zero")
	}
}

func TestEqualAndMapKey(t *testing.T) {
	a := MustParse("Juliet@EXAMPLE.com./Balcony")
	b := MustParse("juliet@example.com/Balcony")
	c := MustParse("juliet@example.com/balcony")
	if !a.Equal(b) || a != b {
		t.Fatalf("%q and %q differ", a, b)
	}
	if a.Equal(c) {
		t.Fatalf("%q equals %q, but resources are case-sensitive", a, c)
	}
	if a.Bare() != c.Bare() {
		t.Fatalf("bare JIDs of %q and %q differ", a, c)
	}
	m := map[JID]int{a: 1}
	if m[b] != 1 || m[c] != 0 {
		t.Fatal("map lookup does not follow normalisation")
	}
	if MustParse("u@example.com").Bare() != MustParse("u@example.com/r").Bare() {
		t.Fatal("Bare() of a shorter string differs")
	}
}

func TestMustParsePanics(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(r.(string), "juliet@") {
			t.Fatalf("recover() = %v, want a panic naming the input", r)
		}
	}()
	MustParse("juliet@")
}

// TestParseConcurrent runs the full path from several goroutines, for the
// race detector: the PRECIS and IDNA profiles are shared.
func TestParseConcurrent(t *testing.T) {
	inputs := []string{"Jürgen@Müller.example/Küche", "ΣΩ@ＥＸＡＭＰＬＥ.com/\u3000", "שלום@example.com"}
	want := make([]JID, len(inputs))
	for i, s := range inputs {
		want[i] = MustParse(s)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for n := range 200 {
				i := n % len(inputs)
				if j, err := parseSlow(inputs[i]); err != nil || j != want[i] {
					t.Errorf("parseSlow(%q) = %q, %v", inputs[i], j, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestMustParsePanicShortensInput(t *testing.T) {
	defer func() {
		msg, _ := recover().(string)
		if !strings.Contains(msg, `"...`) || len(msg) > 300 {
			t.Fatalf("panic message %q does not shorten the input", msg)
		}
	}()
	MustParse(strings.Repeat("a", 2000) + "@")
}
