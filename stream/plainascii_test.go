package stream

import (
	"strings"
	"testing"

	"github.com/canto-im/xmpp/jid"
)

// TestPlainASCII checks the word-at-a-time scan against the byte rule for
// every byte value at every position of strings of 1 to 19 bytes (both
// the eight-byte words and the tail), and after a byte it must pass.
func TestPlainASCII(t *testing.T) {
	plain := func(c byte) bool {
		return c >= 0x20 && c <= 0x7E && !strings.ContainsRune(`&<>'"`, rune(c))
	}
	for n := 1; n < 20; n++ {
		for p := range n {
			for c := range 256 {
				b := []byte(strings.Repeat("a", n))
				b[p] = byte(c)
				if got, want := plainASCII(string(b)), plain(byte(c)); got != want {
					t.Fatalf("plainASCII(%q) = %v, want %v", b, got, want)
				}
				if p+1 < n {
					b[p+1] = 0x7F // a byte to flag right after one that may pass
					if plainASCII(string(b)) {
						t.Fatalf("plainASCII(%q) = true", b)
					}
				}
			}
		}
	}
	// Every pair of bytes in a word, next to each other and apart: a
	// borrow or carry out of one byte must not hide the other.
	for a := range 256 {
		for c := range 256 {
			for _, at := range [][2]int{{0, 1}, {2, 3}, {6, 7}, {0, 7}, {7, 8}} {
				b := []byte("abcdefghij")
				b[at[0]], b[at[1]] = byte(a), byte(c)
				if got, want := plainASCII(string(b)), plain(byte(a)) && plain(byte(c)); got != want {
					t.Fatalf("plainASCII(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
}

// TestUsualValuesArePlain checks that what the header writer takes
// without escaping needs none.
func TestUsualValuesArePlain(t *testing.T) {
	for _, v := range []string{NS, nsClient, nsServer, Version, "en"} {
		if !plainASCII(v) {
			t.Errorf("%q is written as it is, but is not plain", v)
		}
	}
}

// TestAppendStartEscapesTheRest holds appendStart's shortcuts for the
// usual values to the general rule, every attribute in order and escaped,
// over usual, unusual, empty, escaped and invalid values.
func TestAppendStartEscapesTheRest(t *testing.T) {
	general := func(h Header) ([]byte, error) {
		b := []byte(xmlDecl + "<stream:stream")
		for _, a := range [...]struct{ name, value string }{
			{"xmlns", h.NS}, {"xmlns:stream", NS}, {"to", h.To.String()}, {"from", h.From.String()},
			{"id", h.ID}, {"version", h.Version}, {"xml:lang", h.Lang},
		} {
			if a.value == "" {
				continue
			}
			var ok bool
			b = append(b, " "+a.name+"='"...)
			if b, ok = appendEscaped(b, a.value); !ok {
				return nil, ErrInvalidValue
			}
			b = append(b, '\'')
		}
		return append(b, '>'), nil
	}
	to, from := jid.MustParse("example.net"), jid.MustParse("a@example.net")
	for _, ns := range []string{nsClient, nsServer, nsComponent, "", "x'y"} {
		for _, version := range []string{Version, "", "1.10", "1\x00"} {
			for _, lang := range []string{"en", "", "en-GB", "e&n"} {
				for _, id := range []string{"", "abc", "a<b", "\x01"} {
					h := Header{To: to, From: from, ID: id, Version: version, Lang: lang, NS: ns}
					got, err := h.appendStart(nil)
					want, wantErr := general(h)
					if string(got) != string(want) || err != wantErr {
						t.Errorf("%+v: got %q, %v; want %q, %v", h, got, err, want, wantErr)
					}
				}
			}
		}
	}
}
