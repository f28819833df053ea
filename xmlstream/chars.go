package xmlstream

import (
	"encoding/binary"
	"unicode/utf8"
	"unsafe"
)

// isChar reports whether r is in XML 1.0's Char production:
// #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
func isChar(r rune) bool {
	switch {
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= utf8.MaxRune:
		return true
	}
	return false
}

// asciiClass holds, per ASCII byte, bits saying how names treat it.
var asciiClass = [256]uint8{}

const (
	classNameStart uint8 = 1 << iota // may start an NCName
	className                        // may continue an NCName
)

func init() {
	for c := 0; c < 128; c++ {
		b := byte(c)
		switch {
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b == '_':
			asciiClass[c] = classNameStart | className
		case b >= '0' && b <= '9', b == '-', b == '.':
			asciiClass[c] = className
		}
	}
}

// isNameStartRune reports whether the non-ASCII rune r may start an XML 1.0
// (fifth edition) Name.
func isNameStartRune(r rune) bool {
	switch {
	case r >= 0xC0 && r <= 0xD6, r >= 0xD8 && r <= 0xF6, r >= 0xF8 && r <= 0x2FF,
		r >= 0x370 && r <= 0x37D, r >= 0x37F && r <= 0x1FFF, r >= 0x200C && r <= 0x200D,
		r >= 0x2070 && r <= 0x218F, r >= 0x2C00 && r <= 0x2FEF, r >= 0x3001 && r <= 0xD7FF,
		r >= 0xF900 && r <= 0xFDCF, r >= 0xFDF0 && r <= 0xFFFD, r >= 0x10000 && r <= 0xEFFFF:
		return true
	}
	return false
}

// isNameRune reports whether the non-ASCII rune r may continue an XML Name.
func isNameRune(r rune) bool {
	return isNameStartRune(r) || r == 0xB7 || r >= 0x300 && r <= 0x36F || r >= 0x203F && r <= 0x2040
}

// isNCName reports whether s is an XML NCName (a Name without colons).
// An ASCII name, the common case, is checked in one loop of a table load
// per byte; the first other byte hands over to ncNameFrom.
func isNCName(s string) bool {
	if s == "" || s[0] < utf8.RuneSelf && asciiClass[s[0]]&classNameStart == 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if asciiClass[s[i]]&className == 0 {
			return s[i] >= utf8.RuneSelf && ncNameFrom(s, i)
		}
	}
	return true
}

// ncNameFrom reports whether s is an NCName, given that s[:i] is one (or i
// is 0 and s is not empty).
func ncNameFrom(s string, i int) bool {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			cl := asciiClass[c]
			if cl&className == 0 || i == 0 && cl&classNameStart == 0 {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return false
		}
		if i == 0 && !isNameStartRune(r) || i > 0 && !isNameRune(r) {
			return false
		}
		i += n
	}
	return true
}

// validChars reports whether s is valid UTF-8 made only of XML Chars.
func validChars(s string) bool {
	n := len(s)
	if n < 8 {
		return validCharsFrom(s, 0)
	}
	// Printable ASCII, the common case (namespace URIs), is passed over
	// eight bytes at a time, the last word overlapping the one before.
	b := unsafe.Slice(unsafe.StringData(s), n)
	i := 0
	for ; i+8 < n; i += 8 {
		if !printableASCII(binary.LittleEndian.Uint64(b[i:])) {
			return validCharsFrom(s, i)
		}
	}
	return printableASCII(binary.LittleEndian.Uint64(b[n-8:])) || validCharsFrom(s, i)
}

// printableASCII reports whether every byte of x is in 0x20-0x7F.
func printableASCII(x uint64) bool {
	return (x|(x-lo8*0x20)&^x)&hi8 == 0
}

// validCharsFrom reports whether s[i:] is valid UTF-8 made only of XML
// Chars; i is 0 or follows an ASCII byte.
func validCharsFrom(s string, i int) bool {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !isChar(r) {
			return false
		}
		i += n
	}
	return true
}

// isName reports whether s is an XML Name: an NCName in which colons may
// also appear, anywhere.
func isName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); {
		if s[i] == ':' {
			i++
			continue
		}
		c := s[i]
		if c < utf8.RuneSelf {
			cl := asciiClass[c]
			if cl&className == 0 || i == 0 && cl&classNameStart == 0 {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || i == 0 && !isNameStartRune(r) || i > 0 && !isNameRune(r) {
			return false
		}
		i += n
	}
	return true
}
