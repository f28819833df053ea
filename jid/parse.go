package jid

import "strings"

const (
	// maxPartBytes is the RFC 7622 §3.1 limit on each normalised part.
	maxPartBytes = 1023
	// maxInputBytes bounds a part as given, before any Unicode processing:
	// preparation can shrink a part (width and compatibility mapping, ignored
	// code points), but a part this long is never worth the work.
	maxInputBytes = 4 * maxPartBytes
)

// Parse parses s as [localpart@]domainpart[/resourcepart] (RFC 7622 §3.1:
// the resourcepart starts at the first '/', the localpart ends at the first
// '@' before it) and normalises each part.
func Parse(s string) (JID, error) {
	if j, ok := parseASCII(s); ok {
		return j, nil
	}
	return parse(s, true)
}

// New builds a JID from its parts; local and resource may be empty, meaning
// absent. The parts are validated and normalised as by Parse, so a localpart
// holding '@' or '/' is rejected (see Escape).
func New(local, domain, resource string) (JID, error) {
	return build(local, domain, resource, true)
}

// parseSlow is the full path: PRECIS and IDNA on every part, no shortcuts.
// Parse must answer exactly as it does; the tests check that it does.
func parseSlow(s string) (JID, error) { return parse(s, false) }

// parse splits s and prepares the parts. With shortcuts, a part that the
// ASCII checks (fast.go) or the unchanged checks (unchanged.go) are sure of
// skips PRECIS and IDNA.
func parse(s string, shortcuts bool) (JID, error) {
	rest, resource, hasResource := strings.Cut(s, "/")
	local, domain, hasLocal := strings.Cut(rest, "@")
	if !hasLocal {
		local, domain = "", rest
	}
	switch {
	case hasLocal && local == "":
		return JID{}, localErr(ErrEmpty)
	case domain == "":
		return JID{}, domainErr(ErrEmpty)
	case hasResource && resource == "":
		return JID{}, resourceErr(ErrEmpty)
	}
	l, d, r, err := prepParts(local, domain, resource, shortcuts)
	if err != nil {
		return JID{}, err
	}
	if l == local && d == domain && r == resource {
		// Already normalised: share s rather than copy it.
		return JID{full: s, localLen: uint16(len(l)), bareLen: uint16(len(rest))}, nil
	}
	return assemble(l, d, r), nil
}

func build(local, domain, resource string, shortcuts bool) (JID, error) {
	l, d, r, err := prepParts(local, domain, resource, shortcuts)
	if err != nil {
		return JID{}, err
	}
	return assemble(l, d, r), nil
}

func prepParts(local, domain, resource string, shortcuts bool) (l, d, r string, err error) {
	if l, err = prepLocal(local, shortcuts); err != nil {
		return "", "", "", err
	}
	if d, err = prepDomain(domain, shortcuts); err != nil {
		return "", "", "", err
	}
	if r, err = prepResource(resource, shortcuts); err != nil {
		return "", "", "", err
	}
	return l, d, r, nil
}

// prepLocal normalises a localpart; "" stays "" (absent).
func prepLocal(s string, shortcuts bool) (string, error) {
	if s == "" {
		return "", nil
	}
	if shortcuts {
		if lower, ok := asciiLocal(s); ok {
			if lower {
				return toLowerASCII(s), nil
			}
			return s, nil
		}
		if unchangedLocal(s) {
			return s, nil
		}
	}
	return enforceLocal(s)
}

// prepDomain normalises a domainpart, which may not be empty.
func prepDomain(s string, shortcuts bool) (string, error) {
	if shortcuts {
		if d, lower, ok := asciiDomain(s); ok {
			if lower {
				return toLowerASCII(d), nil
			}
			return d, nil
		}
	}
	return enforceDomain(s)
}

// prepResource normalises a resourcepart; "" stays "" (absent).
func prepResource(s string, shortcuts bool) (string, error) {
	if s == "" {
		return "", nil
	}
	if shortcuts && (asciiResource(s) || unchangedResource(s)) {
		return s, nil
	}
	return enforceResource(s)
}
