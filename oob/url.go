package oob

import (
	"errors"
	"net/url"
	"strings"
)

// ErrInvalidURL refuses a <url/> that is not an absolute RFC 3986 URI.
var ErrInvalidURL = errors.New("oob: url is not an absolute URI")

// uriChars are the characters RFC 3986 §2 allows in a URI, besides
// letters and digits: reserved, unreserved and '%'.
const uriChars = ":/?#[]@!$&'()*+,;=-._~%"

// checkURL returns nil if s is an absolute URI: a scheme and something
// after it, made only of the characters RFC 3986 allows.
func checkURL(s string) error {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(uriChars, c) >= 0) {
			return ErrInvalidURL
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Opaque == "" && u.Host == "" && u.Path == "" {
		return ErrInvalidURL
	}
	return nil
}
