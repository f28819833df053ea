package jid

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/secure/bidirule"
	"golang.org/x/text/secure/precis"
	"golang.org/x/text/unicode/bidi"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Shortcuts for non-ASCII parts that are already in normal form, which is
// how servers send them: they report whether PRECIS would accept the part
// and return it unchanged. Like the ASCII checks they never reject; when
// unsure the caller takes the full path. Every mapping step involved works
// code point by code point (width folding, lower-casing without the final
// sigma rule, mapping spaces) except normalisation, which is checked on the
// whole string, so checking each code point and then NFC is exact; the tests
// check it against the full path for every code point.

var (
	identifierClass = localProfile.Allowed()
	freeformClass   = precis.OpaqueString.Allowed()
)

// unchangedLocal reports whether enforceLocal would return s as it is.
func unchangedLocal(s string) bool {
	if s == "" || len(s) > maxPartBytes {
		return false
	}
	simple := true // only code points that need no whole-string check
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r < utf8.RuneSelf:
			if localClass[r] != asIs {
				return false
			}
		case r < twoByteEnd && twoByte()[r]&simpleLocal != 0:
		case r == utf8.RuneError && n == 1, !localRune(r):
			return false
		default:
			simple = false
		}
	}
	// The Bidi Rule applies only with right-to-left characters: leave those
	// to the full path.
	return simple || norm.NFC.QuickSpanString(s) == len(s) && bidirule.DirectionString(s) == bidi.LeftToRight
}

// unchangedResource reports whether enforceResource would return s as it is.
func unchangedResource(s string) bool {
	if s == "" || len(s) > maxPartBytes {
		return false
	}
	simple := true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r < utf8.RuneSelf:
			if r < 0x20 || r > 0x7e {
				return false
			}
		case r < twoByteEnd && twoByte()[r]&simpleResource != 0:
		case r == utf8.RuneError && n == 1, !resourceRune(r):
			return false
		default:
			simple = false
		}
	}
	return simple || norm.NFC.QuickSpanString(s) == len(s)
}

// localRune reports whether r is valid in a localpart and left alone by
// width folding and lower-casing.
func localRune(r rune) bool {
	return !contextual(r) && identifierClass.Contains(r) &&
		unicode.ToLower(r) == r && width.LookupRune(r).Folded() == 0
}

// resourceRune reports whether r is valid in a resourcepart and left alone
// by the mapping of spaces.
func resourceRune(r rune) bool {
	return !contextual(r) && freeformClass.Contains(r) && !unicode.Is(unicode.Zs, r)
}

// contextual reports whether r has a contextual rule (RFC 5892 Appendix A,
// used by PRECIS): whether it is valid depends on its neighbours, so the
// shortcuts leave it to the full path.
func contextual(r rune) bool {
	switch {
	case r == 0x00b7, // middle dot
		r == 0x0375,              // Greek lower numeral sign
		r == 0x05f3, r == 0x05f4, // Hebrew geresh and gershayim
		r == 0x200c, r == 0x200d, // zero width non-joiner and joiner
		r == 0x30fb,                // katakana middle dot
		0x0660 <= r && r <= 0x0669, // Arabic-Indic digits
		0x06f0 <= r && r <= 0x06f9: // extended Arabic-Indic digits
		return true
	}
	return false
}

// twoByte caches, for the code points with two-octet UTF-8 encodings (most
// alphabetic scripts), which ones are simple: valid and unchanged as above,
// in NFC on their own, and unable to combine with or reorder against their
// neighbours (canonical combining class 0, no backward composition). A
// string of simple code points is in NFC, so the whole-string check can be
// skipped; simple local code points are also left-to-right, so the Bidi Rule
// does not apply. It is built on first use, from the same predicates.
var twoByte = sync.OnceValue(func() *[twoByteEnd]uint8 {
	var t [twoByteEnd]uint8
	for r := rune(utf8.RuneSelf); r < twoByteEnd; r++ {
		s := string(r)
		if !norm.NFC.PropertiesString(s).BoundaryBefore() || !norm.NFC.IsNormalString(s) {
			continue
		}
		if localRune(r) && bidirule.DirectionString(s) == bidi.LeftToRight {
			t[r] |= simpleLocal
		}
		if resourceRune(r) {
			t[r] |= simpleResource
		}
	}
	return &t
})

const (
	twoByteEnd     = 0x800
	simpleLocal    = 1 << 0
	simpleResource = 1 << 1
)
