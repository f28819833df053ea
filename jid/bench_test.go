package jid

import "testing"

// Micro-benchmarks of Parse: an ASCII full JID, a Unicode JID, a
// domain-only JID, and the shapes between them.

func benchmarkParse(b *testing.B, s string) {
	b.ReportAllocs()
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if _, err := Parse(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseASCII(b *testing.B) { benchmarkParse(b, "user@example.com/resource") }

// BenchmarkParseUnicode has a non-ASCII character in every part, so each
// goes through PRECIS or IDNA.
func BenchmarkParseUnicode(b *testing.B) { benchmarkParse(b, "jürgen@müller.example/Küche") }

func BenchmarkParseDomain(b *testing.B) { benchmarkParse(b, "example.com") }

// BenchmarkParseASCIIUpper needs lower-casing, so it builds a new string.
func BenchmarkParseASCIIUpper(b *testing.B) { benchmarkParse(b, "User@Example.com/resource") }

// BenchmarkParseUnicodeLocal has only a non-ASCII localpart, the common
// shape of an internationalised address.
func BenchmarkParseUnicodeLocal(b *testing.B) { benchmarkParse(b, "jürgen@example.com/phone") }

// BenchmarkParseSlow is the full path on the ASCII JID, for comparison.
func BenchmarkParseSlow(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseSlow("user@example.com/resource"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New("user", "example.com", "resource"); err != nil {
			b.Fatal(err)
		}
	}
}
