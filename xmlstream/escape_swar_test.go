package xmlstream

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"
)

// appendTextBytewise is appendText as it was before the word-at-a-time
// pass: every byte looked at. The reference for TestAppendTextDifferential.
func appendTextBytewise(dst []byte, s string) ([]byte, bool) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c == '>' && closesCDATA(s, i) {
			dst = append(dst, s[last:i]...)
			dst = append(dst, "&gt;"...)
			i++
			last = i
			continue
		}
		if c < utf8.RuneSelf {
			if esc := textEscapes[c]; esc != "" {
				dst = append(dst, s[last:i]...)
				dst = append(dst, esc...)
				last = i + 1
			} else if c < 0x20 && c != '\t' && c != '\n' {
				return dst, false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !isChar(r) {
			return dst, false
		}
		i += n
	}
	return append(dst, s[last:]...), true
}

// TestAppendTextDifferential holds appendText's word-at-a-time pass to the
// byte-by-byte escaping: each piece (escaped characters, CDATA ends,
// controls, DEL, UTF-8 valid and not, non-Chars) at every position of
// texts of up to 20 bytes, alone and in pairs.
func TestAppendTextDifferential(t *testing.T) {
	pieces := []string{"<", ">", "&", "]", "]]>", "\r", "\t", "\n", "\x00", "\x1f", "\x7f", " ", "é",
		"\U0001F600", "\uFFFE", "\xed\xa0\x80", "\xc3", "\xff", "\x80", "=", "?", "\x3d\x3f", ";"}
	base := "hello, world: abcdefg"
	check := func(s string) {
		t.Helper()
		got, gotOK := appendText([]byte("x"), s)
		want, wantOK := appendTextBytewise([]byte("x"), s)
		if gotOK != wantOK || gotOK && !bytes.Equal(got, want) {
			t.Fatalf("appendText(%q) = %q, %v; byte by byte %q, %v", s, got, gotOK, want, wantOK)
		}
		if p := plainTextPrefix(s); p > len(s) || bytes.ContainsAny([]byte(s[:p]), "<>&\r\t\n") || !isPrintableASCII(s[:p]) {
			t.Fatalf("plainTextPrefix(%q) = %d", s, p)
		}
	}
	for n := range 21 {
		check(base[:n])
		for _, p := range pieces {
			for at := 0; at <= n; at++ {
				s := base[:at] + p + base[at:n]
				check(s)
				for _, q := range pieces {
					check(s + q)
					check(q + s)
				}
			}
		}
	}
	// Every pair of bytes, the second right after the first or a word
	// later: a byte a borrow runs into is flagged only above a true one.
	eachBytePair("abcdefghijklmnopq", func(b []byte) { check(string(b)) })
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// TestCommonNamesAreNCNames: the names the Writer takes without looking at
// their bytes are names it would have taken anyway.
func TestCommonNamesAreNCNames(t *testing.T) {
	for _, s := range []string{"id", "to", "iq", "from", "type", "body", "message", "presence",
		"i d", "t\x00", "1d", "fr m", "typ\xff", "messag:", "presence", "-resence", "", "x", "lang"} {
		if commonNameBit(s) != 0 && !isNCName(s) {
			t.Errorf("commonNameBit(%q) != 0 but not an NCName", s)
		}
	}
	if commonNameBit("message") == 0 || commonNameBit("messagE") != 0 {
		t.Error("commonNameBit does not compare names whole")
	}
	// Each common name has a bit of its own, which tells repeated
	// attributes apart.
	var bits uint8
	for _, s := range []string{"id", "to", "iq", "from", "type", "body", "message", "presence"} {
		if b := commonNameBit(s); b == 0 || b&(b-1) != 0 || bits&b != 0 {
			t.Errorf("commonNameBit(%q) = %#x, not a bit of its own", s, b)
		} else {
			bits |= b
		}
	}
}

// TestPlainInQuotesDifferential holds plainInQuotes to its definition on
// each piece at every position of values of up to 20 bytes.
func TestPlainInQuotesDifferential(t *testing.T) {
	pieces := []string{"<", ">", "&", "'", `"`, "#", "$", "%", "\x06", "\x02", "\r", "\t", "\n", "\x00", "\x1f",
		"\x7f", " ", "é", "\xff", "\x80", "\xa2", "\xa6"}
	base := "b@example.net/bench1"
	want := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '<' || c == '&' || c == '"' {
				return false
			}
		}
		return true
	}
	for n := range 21 {
		for _, p := range pieces {
			for at := 0; at <= n; at++ {
				s := base[:at] + p + base[at:n]
				if got := plainInQuotes(s); got != want(s) {
					t.Fatalf("plainInQuotes(%q) = %v", s, got)
				}
			}
		}
	}
	// Every pair of bytes, the second right after the first or a word
	// later: a byte a borrow runs into is flagged only above a true one.
	eachBytePair("abcdefghijklmnopq", func(b []byte) {
		if s := string(b); plainInQuotes(s) != want(s) {
			t.Fatalf("plainInQuotes(%q) = %v", s, !want(s))
		}
	})
}

// TestPutPlainQuoted holds putPlainQuoted (and putQuoted's offset) to
// plainInQuotes, for a value with each piece at every position, and
// checks that it stores the value and its quote and nothing past them,
// in room for exactly those.
func TestPutPlainQuoted(t *testing.T) {
	pieces := []string{"", "<", "&", "'", `"`, "\x00", "\x7f", "é", "\xff"}
	base := "b@example.net/bench1"
	for n := range 21 {
		for _, p := range pieces {
			for at := 0; at <= n; at++ {
				s := base[:at] + p + base[at:n]
				mem := bytes.Repeat([]byte{0xAA}, 3+len(s)+1+8)
				ok := putPlainQuoted(unsafe.Pointer(&mem[0]), 3, s)
				if ok != plainInQuotes(s) {
					t.Fatalf("putPlainQuoted(%q) = %v", s, ok)
				}
				if end := putQuoted(unsafe.Pointer(&mem[0]), 3, s); ok && end != 3+len(s)+1 || !ok && end != -1 {
					t.Fatalf("putQuoted(%q) = %d", s, end)
				}
				if end := 3 + len(s) + 1; ok && string(mem[3:end]) != s+`"` {
					t.Fatalf("putPlainQuoted(%q) stored %q", s, mem[3:end])
				}
				if bytes.Count(mem[:3], []byte{0xAA}) != 3 || bytes.Count(mem[3+len(s)+1:], []byte{0xAA}) != 8 {
					t.Fatalf("putPlainQuoted(%q) stored outside its room: %q", s, mem)
				}
			}
		}
	}
}

// TestLowerName holds lowerName to its definition, 1 to 8 bytes a to z,
// over every byte at every place of names of each length (the other
// bytes letters), and over names that only carries could pass.
func TestLowerName(t *testing.T) {
	want := func(s string) bool {
		if len(s) == 0 || len(s) > 8 {
			return false
		}
		for i := 0; i < len(s); i++ {
			if s[i] < 'a' || s[i] > 'z' {
				return false
			}
		}
		return true
	}
	for n := 0; n <= 9; n++ {
		for i := range max(n, 1) {
			for c := range 256 {
				b := []byte(strings.Repeat("q", n))
				if n > 0 {
					b[i] = byte(c)
				}
				s := string(b)
				if got := lowerName(s); got != want(s) {
					t.Fatalf("lowerName(%q) = %v", s, got)
				}
				if lowerName(s) && !isNCName(s) {
					t.Fatalf("lowerName(%q) but not an NCName", s)
				}
			}
		}
	}
	for _, s := range []string{"\xff\xff", "a\xe1", "\xe1a", "z\xfb", "{", "`", "@a", "a[", "zzzzzzz\x80", "\x80zzzzzzz"} {
		if lowerName(s) {
			t.Errorf("lowerName(%q) = true", s)
		}
	}
}

// TestPutShort checks that putShort stores s, of each length it takes,
// and nothing outside its room.
func TestPutShort(t *testing.T) {
	const base = "abcdefghijklmnop"
	for n := 1; n <= 16; n++ {
		s := base[:n]
		mem := bytes.Repeat([]byte{0xAA}, 3+n+8)
		putShort(unsafe.Pointer(&mem[0]), 3, s)
		if string(mem[3:3+n]) != s {
			t.Fatalf("putShort(%q) stored %q", s, mem[3:3+n])
		}
		if bytes.Count(mem[:3], []byte{0xAA}) != 3 || bytes.Count(mem[3+n:], []byte{0xAA}) != 8 {
			t.Fatalf("putShort(%q) stored outside its room: %q", s, mem)
		}
	}
}
