package sasl

import (
	"encoding/base64"
	"errors"
	"strings"
	"unicode/utf8"
)

// Limits on SCRAM fields (RFC 5802 §7 gives the syntax, not the sizes).
const (
	maxNonce      = 1024 // characters of a nonce (client part or combined)
	maxSalt       = 512  // bytes of a decoded salt
	maxCBName     = 64   // characters of a channel-binding type name
	maxCBData     = 512  // bytes of decoded channel-binding data
	maxAttrs      = 32   // attributes in one message
	maxIterDigit  = 10   // digits of an iteration count
	maxErrorValue = 64   // bytes of a server error value kept for the error text
)

// attr is one "x=value" attribute of a SCRAM message.
type attr struct {
	key byte
	val string
}

var errSyntax = errors.New("syntax")

// checkMessage applies the limits every SASL message shares.
func checkMessage(msg []byte) error {
	if len(msg) == 0 || len(msg) > MaxMessageSize {
		return errors.New("message empty or too long")
	}
	if !utf8.Valid(msg) {
		return errors.New("message is not UTF-8")
	}
	return nil
}

// splitAttrs splits a SCRAM message into attributes: each is one ASCII
// letter, "=", and a non-empty value without NUL (RFC 5802 §7 attr-val).
func splitAttrs(s string) ([]attr, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, errors.New("NUL in message")
	}
	n := strings.Count(s, ",") + 1
	if n > maxAttrs {
		return nil, errors.New("too many attributes")
	}
	out := make([]attr, 0, n)
	for part := range strings.SplitSeq(s, ",") {
		if len(part) < 3 || !isAlpha(part[0]) || part[1] != '=' {
			return nil, errors.New("malformed attribute")
		}
		out = append(out, attr{part[0], part[2:]})
	}
	return out, nil
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// encodeName escapes "=" and "," in a username or authzid (RFC 5802 §5.1).
func encodeName(s string) string {
	if !strings.ContainsAny(s, "=,") {
		return s
	}
	return strings.NewReplacer("=", "=3D", ",", "=2C").Replace(s)
}

// decodeName reverses encodeName; any other "=" sequence is an error.
func decodeName(s string) (string, error) {
	if strings.IndexByte(s, '=') < 0 {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '=' {
			b.WriteByte(s[i])
			continue
		}
		switch {
		case strings.HasPrefix(s[i:], "=2C"):
			b.WriteByte(',')
		case strings.HasPrefix(s[i:], "=3D"):
			b.WriteByte('=')
		default:
			return "", errors.New("bad escape in name")
		}
		i += 2
	}
	return b.String(), nil
}

// checkNonce accepts 1 to maxNonce printable characters (RFC 5802 §7).
func checkNonce(s string) error {
	if len(s) == 0 || len(s) > maxNonce {
		return errors.New("nonce length")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e || s[i] == ',' {
			return errors.New("nonce character")
		}
	}
	return nil
}

// checkCBName accepts a channel-binding type name (RFC 5802 §7 cb-name).
func checkCBName(s string) error {
	if len(s) == 0 || len(s) > maxCBName {
		return errors.New("channel-binding name length")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlpha(c) && (c < '0' || c > '9') && c != '.' && c != '-' {
			return errors.New("channel-binding name character")
		}
	}
	return nil
}

// decodeB64 decodes padded standard base64 (RFC 4648 §4) of at most max
// bytes. The alphabet is checked first because the decoder skips CR and LF.
func decodeB64(s string, max int) ([]byte, error) {
	if len(s) == 0 || len(s) > base64.StdEncoding.EncodedLen(max) {
		return nil, errors.New("base64 length")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlpha(c) && (c < '0' || c > '9') && c != '+' && c != '/' && c != '=' {
			return nil, errors.New("base64 character")
		}
	}
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, errors.New("base64 encoding")
	}
	return b, nil
}

// parseIterations reads a positive decimal without leading zeros
// (RFC 5802 §7 posit-number).
func parseIterations(s string) (int, error) {
	if len(s) == 0 || len(s) > maxIterDigit || s[0] == '0' {
		return 0, errors.New("iteration count")
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, errors.New("iteration count")
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, nil
}
