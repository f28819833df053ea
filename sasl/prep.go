package sasl

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/secure/precis"
)

// Field limits, in bytes unless said otherwise.
const (
	maxUsername = 1023 // a JID localpart (RFC 7622 §3.3)
	maxPassword = 1023
	maxAuthzid  = 3071 // a full JID (RFC 7622 §3.1)
	maxTrace    = 255  // characters (RFC 4505 §3)
)

// prepareUsername applies UsernameCaseMapped (server: lookups compare
// usernames the way XMPP compares localparts) or UsernameCasePreserved
// (client: the server does the mapping) of RFC 8265 §3.
func prepareUsername(s string, caseMapped bool) (string, error) {
	if len(s) == 0 || len(s) > maxUsername {
		return "", fmt.Errorf("%w: username length %d", ErrInvalidCredentials, len(s))
	}
	var out string
	if isIdentifierASCII(s) {
		// For printable ASCII both profiles only map case (if at all).
		out = s
		if caseMapped {
			out = strings.ToLower(s)
		}
	} else {
		p := precis.UsernameCasePreserved
		if caseMapped {
			p = precis.UsernameCaseMapped
		}
		var err error
		if out, err = p.String(s); err != nil {
			return "", fmt.Errorf("%w: username: %w", ErrInvalidCredentials, err)
		}
	}
	if len(out) == 0 || len(out) > maxUsername {
		return "", fmt.Errorf("%w: username length %d", ErrInvalidCredentials, len(out))
	}
	return out, nil
}

// preparePassword applies the OpaqueString profile of RFC 8265 §4.2.
func preparePassword(s string) (string, error) {
	if len(s) == 0 || len(s) > maxPassword {
		return "", fmt.Errorf("%w: password length %d", ErrInvalidCredentials, len(s))
	}
	if isFreeformASCII(s) {
		return s, nil // printable ASCII and space are left as they are
	}
	out, err := precis.OpaqueString.String(s)
	if err != nil {
		return "", fmt.Errorf("%w: password: %w", ErrInvalidCredentials, err)
	}
	if len(out) > maxPassword {
		return "", fmt.Errorf("%w: password length %d", ErrInvalidCredentials, len(out))
	}
	return out, nil
}

// checkAuthzid bounds an authorization identity; its syntax (a JID in XMPP)
// is the caller's business.
func checkAuthzid(s string) error {
	if len(s) > maxAuthzid || !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return fmt.Errorf("%w: authzid is too long or not UTF-8", ErrInvalidCredentials)
	}
	return nil
}

// checkTrace validates ANONYMOUS trace information: at most 255 characters
// of UTF-8 without control characters (RFC 4505 §3).
func checkTrace(s string) error {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxTrace {
		return fmt.Errorf("%w: trace is too long or not UTF-8", ErrInvalidCredentials)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("%w: control character in trace", ErrInvalidCredentials)
		}
	}
	return nil
}

// isIdentifierASCII reports whether s is all printable ASCII without space,
// the ASCII part of the PRECIS IdentifierClass (RFC 8264 §9.1).
func isIdentifierASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// isFreeformASCII reports whether s is all printable ASCII or space, which
// OpaqueString leaves unchanged.
func isFreeformASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
