package jid

import "strings"

// escapes lists, per XEP-0106 §4, the characters a localpart cannot hold and
// their escape sequences ("\" and two lowercase hex digits). The backslash
// itself is escaped only where it would start one of these sequences.
var escapes = [...]struct {
	char byte
	seq  string
}{
	{' ', "20"}, {'"', "22"}, {'&', "26"}, {'\'', "27"}, {'/', "2f"},
	{':', "3a"}, {'<', "3c"}, {'>', "3e"}, {'@', "40"}, {'\\', "5c"},
}

// Escape applies XEP-0106 JID escaping to a localpart given by a user or a
// foreign system: each of space " & ' / : < > @ becomes "\" and its two hex
// digits (so "d'artagnan" becomes "d\27artagnan"), and a backslash that
// would otherwise read as the start of such a sequence becomes "\5c".
// Leading and trailing spaces are removed, since XEP-0106 forbids "\20" at
// either end of an escaped localpart. The result still has to pass New or
// Parse to become a JID.
func Escape(local string) string {
	local = strings.Trim(local, " ")
	if !needsEscape(local) {
		return local
	}
	var b strings.Builder
	b.Grow(len(local) + 8)
	for i := 0; i < len(local); i++ {
		c := local[i]
		seq, ok := escapeFor(c)
		if c == '\\' {
			ok = isEscapeSeq(local[i+1:])
		}
		if !ok {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('\\')
		b.WriteString(seq)
	}
	return b.String()
}

// Unescape reverses Escape for display or for a gateway: each of the ten
// XEP-0106 sequences ("\20" ... "\5c", lowercase only) becomes its character;
// anything else, such as "\41" or a lone backslash, is left as it is.
func Unescape(local string) string {
	if !strings.Contains(local, `\`) {
		return local
	}
	var b strings.Builder
	b.Grow(len(local))
	for i := 0; i < len(local); i++ {
		if c, ok := unescapeAt(local[i:]); ok {
			b.WriteByte(c)
			i += 2
			continue
		}
		b.WriteByte(local[i])
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if _, ok := escapeFor(s[i]); ok {
			return true
		}
	}
	return false
}

// escapeFor returns the escape sequence of c, if c is in the table.
func escapeFor(c byte) (string, bool) {
	for _, e := range escapes {
		if e.char == c {
			return e.seq, true
		}
	}
	return "", false
}

// isEscapeSeq reports whether s starts with the two hex digits of one of the
// escape sequences.
func isEscapeSeq(s string) bool {
	if len(s) < 2 {
		return false
	}
	for _, e := range escapes {
		if s[:2] == e.seq {
			return true
		}
	}
	return false
}

// unescapeAt decodes an escape sequence at the start of s.
func unescapeAt(s string) (byte, bool) {
	if len(s) < 3 || s[0] != '\\' {
		return 0, false
	}
	for _, e := range escapes {
		if s[1:3] == e.seq {
			return e.char, true
		}
	}
	return 0, false
}
