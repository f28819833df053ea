package xmlstream

import "unicode/utf8"

// Escaping tables: for each ASCII byte, what it must be written as, or "" if
// it is written as itself. Control characters outside Char are refused by the
// callers before the table is consulted.
var (
	textEscapes = [128]string{'&': "&amp;", '<': "&lt;", '>': "&gt;", '\r': "&#xD;"}
	attrEscapes = [128]string{'&': "&amp;", '<': "&lt;", '>': "&gt;", '"': "&quot;",
		'\t': "&#x9;", '\n': "&#xA;", '\r': "&#xD;"}
)

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
