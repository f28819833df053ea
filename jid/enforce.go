package jid

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/secure/bidirule"
	"golang.org/x/text/secure/precis"
	"golang.org/x/text/unicode/bidi"
	"golang.org/x/text/unicode/norm"
)

// localProfile is PRECIS UsernameCaseMapped (RFC 8265 §3.3) without its Bidi
// Rule step: precis.UsernameCaseMapped applies the Bidi Rule to every
// non-ASCII string, which rejects left-to-right names such as "1ü" or "ü_",
// while RFC 8265 applies it only to strings holding right-to-left characters.
// enforceLocal applies it that way.
var localProfile = precis.NewIdentifier(precis.FoldWidth, precis.LowerCase(), precis.Norm(norm.NFC))

// forbiddenLocal are the characters RFC 7622 §3.3.1 excludes from localparts
// beyond what PRECIS does (space is already excluded by the IdentifierClass).
const forbiddenLocal = "\"&'/:<>@"

// enforceLocal is the full localpart path (RFC 7622 §3.3).
func enforceLocal(s string) (string, error) {
	if err := checkInput(s); err != nil {
		return "", localErr(err)
	}
	out, err := localProfile.String(s)
	if err != nil {
		return "", localErr(err)
	}
	if bidirule.DirectionString(out) == bidi.RightToLeft && !bidirule.ValidString(out) {
		return "", localErr(bidirule.ErrInvalid)
	}
	// Checked after width mapping, which turns e.g. U+FF20 into '@'.
	if strings.ContainsAny(out, forbiddenLocal) {
		return "", localErr(ErrForbiddenChar)
	}
	if err := checkOutput(out); err != nil {
		return "", localErr(err)
	}
	return out, nil
}

// enforceResource is the full resourcepart path (RFC 7622 §3.4).
func enforceResource(s string) (string, error) {
	if err := checkInput(s); err != nil {
		return "", resourceErr(err)
	}
	out, err := precis.OpaqueString.String(s)
	if err != nil {
		return "", resourceErr(err)
	}
	if err := checkOutput(out); err != nil {
		return "", resourceErr(err)
	}
	return out, nil
}

// checkInput rejects what must not reach the Unicode libraries: invalid
// UTF-8 (OpaqueString would silently turn it into U+FFFD) and oversized
// input.
func checkInput(s string) error {
	switch {
	case s == "":
		return ErrEmpty
	case len(s) > maxInputBytes:
		return ErrTooLong
	case !utf8.ValidString(s):
		return ErrInvalidUTF8
	}
	return nil
}

// checkOutput applies the RFC 7622 §3.1 length limits to a normalised part.
func checkOutput(s string) error {
	switch {
	case s == "":
		return ErrEmpty
	case len(s) > maxPartBytes:
		return ErrTooLong
	}
	return nil
}
