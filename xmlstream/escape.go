package xmlstream

import (
	"strings"
	"unicode/utf8"
)

// The Writer escapes only what XML 1.0 requires in each position, plus the
// characters that would not survive parsing as themselves. Anything more
// makes a relayed stanza grow (a server re-encodes what it routes), and a
// stanza that grows past the recipient's limit is refused there.
//
// In character data (§2.4) '<' and '&' must be escaped, and '>' only where
// it would end "]]>". A literal CR would be turned into LF by end-of-line
// handling (§2.11), so it is written as a character reference.
//
// In an attribute value (§3.1, §3.3.3) '<', '&' and the delimiting quote
// must be escaped. Literal tab, LF and CR would be replaced by spaces by
// attribute-value normalization, so they are character references. The
// delimiter is the quote the value holds fewer of, so that a value full of
// one kind of quote is written with the other and grows by nothing.
//
// Each escape is the shortest form of its character, so a re-encoded value
// is never longer than the escaped form it was parsed from.
//
// Escaping tables: for each ASCII byte, what it must be written as, or "" if
// it is written as itself. Control characters outside Char are refused by the
// callers before the table is consulted.
var (
	textEscapes = [128]string{'&': "&amp;", '<': "&lt;", '\r': "&#xD;"}
	// attrEscapesDQ is for values delimited by '"', attrEscapesSQ by '\''.
	attrEscapesDQ = [128]string{'&': "&amp;", '<': "&lt;", '"': "&#34;",
		'\t': "&#9;", '\n': "&#xA;", '\r': "&#xD;"}
	attrEscapesSQ = [128]string{'&': "&amp;", '<': "&lt;", '\'': "&#39;",
		'\t': "&#9;", '\n': "&#xA;", '\r': "&#xD;"}
)

// attrQuote returns the delimiter for value, and the table escaping it: a
// double quote, unless value holds more double quotes than apostrophes.
func attrQuote(value string) (byte, *[128]string) {
	if strings.IndexByte(value, '"') >= 0 && strings.Count(value, `"`) > strings.Count(value, "'") {
		return '\'', &attrEscapesSQ
	}
	return '"', &attrEscapesDQ
}

// appendText appends character data s to dst, escaped (see above). A '>'
// is escaped after "]]", and also when it comes before any other character
// than ']' in s: the bytes written before s may have ended with "]]".
// It reports false, with dst possibly extended, if s holds invalid UTF-8 or
// a character outside Char.
func appendText(dst []byte, s string) ([]byte, bool) {
	// Plain ASCII is passed over a word at a time, at the start and after
	// each ASCII byte that needed a look.
	i := plainTextPrefix(s)
	if i == len(s) {
		return append(dst, s...), true
	}
	last := 0
	for i < len(s) {
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
			i += plainTextPrefix(s[i:])
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

// closesCDATA reports whether the '>' at s[i] could end "]]>": it follows
// "]]", or only ']' characters of s precede it (what came before s is not
// known here).
func closesCDATA(s string, i int) bool {
	if i >= 2 {
		return s[i-1] == ']' && s[i-2] == ']'
	}
	return i == 0 || s[0] == ']'
}

// appendEscaped appends s to dst, escaped with table. It reports false, with
// dst possibly extended, if s holds invalid UTF-8 or a character outside Char.
func appendEscaped(dst []byte, s string, table *[128]string) ([]byte, bool) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if esc := table[c]; esc != "" {
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
