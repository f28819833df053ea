package jid

import (
	"strings"
	"unsafe"
)

// The ASCII fast path. Each check below answers ok only when it is sure that
// the full path (PRECIS, IDNA) would accept the part, and then yields exactly
// what the full path would; when unsure, or when the part is invalid, it
// answers !ok and the caller takes the full path, which also produces every
// error. So the fast path never rejects anything itself.

// Byte classes for the tables below.
const (
	asIs     = iota // kept unchanged
	upper           // 'A'..'Z', lower-cased
	labelDot        // '.' in a domainpart
	unsure          // anything else: leave it to the full path
)

// localClass: printable ASCII is PVALID in the PRECIS IdentifierClass, except
// the characters RFC 7622 forbids in a localpart.
var localClass = func() (t [256]uint8) {
	for c := range t {
		t[c] = unsure
	}
	for c := 0x21; c < 0x7f; c++ {
		t[c] = asIs
	}
	for _, c := range forbiddenLocal {
		t[c] = unsure
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = upper
	}
	return t
}()

// domainClass: the STD3 ASCII rules allow letters, digits and hyphen (where
// a hyphen may stand is checked per label).
var domainClass = func() (t [256]uint8) {
	for c := range t {
		t[c] = unsure
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = asIs
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = asIs
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = upper
	}
	t['-'] = asIs
	t['.'] = labelDot
	return t
}()

// asciiLocal reports whether s is a localpart the fast path can take, and
// whether it needs lower-casing.
func asciiLocal(s string) (lower, ok bool) {
	if len(s) > maxPartBytes {
		return false, false
	}
	for i := 0; i < len(s); i++ {
		if c := localClass[s[i]]; c != asIs {
			if c != upper {
				return false, false
			}
			lower = true
		}
	}
	return lower, s != ""
}

// asciiDomain reports whether s is a domainpart the fast path can take; d is
// s without its final dot, and lower whether d needs lower-casing.
func asciiDomain(s string) (d string, lower, ok bool) {
	d = strings.TrimSuffix(s, ".")
	if d == "" || len(d) > maxPartBytes {
		return "", false, false
	}
	start := 0 // of the current label
	for i := 0; i < len(d); i++ {
		c := domainClass[d[i]]
		if c == asIs {
			continue
		}
		switch c {
		case upper:
			lower = true
		case labelDot:
			if !plainLabel(d[start:i]) {
				return "", false, false
			}
			start = i + 1
		default:
			return "", false, false
		}
	}
	return d, lower, plainLabel(d[start:])
}

// plainLabel reports whether an LDH label passes the IDNA checks untouched:
// not empty, at most 63 octets, no hyphen at either end, and no hyphens in
// the third and fourth positions (the reserved "xn--" form, left to IDNA).
func plainLabel(l string) bool {
	n := len(l)
	return n > 0 && n <= maxLabelBytes && l[0] != '-' && l[n-1] != '-' &&
		(n < 4 || l[2] != '-' || l[3] != '-')
}

// asciiResource reports whether s is a resourcepart the fast path can take:
// printable ASCII and space are valid and unchanged under OpaqueString.
func asciiResource(s string) bool {
	if s == "" || len(s) > maxPartBytes {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// toLowerASCII lower-cases the ASCII letters of s.
func toLowerASCII(s string) string {
	return bytesToString(appendLower(make([]byte, 0, len(s)), s))
}

// parseASCII is Parse for pure-ASCII input in one allocation at most (none
// when s is already normalised, since the JID then shares s). It answers !ok
// whenever a part is not sure-valid; the caller then takes the full path.
func parseASCII(s string) (JID, bool) {
	bare, resource := s, ""
	if i := strings.IndexByte(s, '/'); i >= 0 {
		bare, resource = s[:i], s[i+1:]
		if !asciiResource(resource) {
			return JID{}, false
		}
	}
	local, domain, lowerLocal := "", bare, false
	if i := strings.IndexByte(bare, '@'); i >= 0 {
		var ok bool
		local, domain = bare[:i], bare[i+1:]
		if lowerLocal, ok = asciiLocal(local); !ok {
			return JID{}, false
		}
	}
	d, lowerDomain, ok := asciiDomain(domain)
	if !ok {
		return JID{}, false
	}
	j := JID{full: s, localLen: uint16(len(local))}
	j.bareLen = uint16(j.domainStart() + len(d))
	if lowerLocal || lowerDomain || len(d) != len(domain) {
		j.full = joinLower(local, d, resource)
	}
	return j, true
}

// joinLower writes local@domain/resource in one allocation, lower-casing the
// localpart and domainpart; empty local and resource are left out.
func joinLower(local, domain, resource string) string {
	b := make([]byte, 0, len(local)+1+len(domain)+1+len(resource))
	b = appendLower(b, local)
	if local != "" {
		b = append(b, '@')
	}
	b = appendLower(b, domain)
	if resource != "" {
		b = append(b, '/')
		b = append(b, resource...)
	}
	return bytesToString(b)
}

func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// bytesToString turns b into a string without copying; b must not be used
// afterwards (the same thing strings.Builder does).
func bytesToString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}
