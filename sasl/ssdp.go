package sasl

import (
	"crypto"
	"encoding/base64"
	"slices"
	"strings"
)

// XEP-0474 (version 0.5.0) separators: between names, and between the
// mechanism list and the channel-binding list.
const (
	ssdpNameSep = "\x1e"
	ssdpListSep = "\x1f"
)

// ssdpString builds the string XEP-0474 §4.1 hashes: the advertised
// mechanisms sorted by octet and joined by %x1E, then, if channel-binding
// types were advertised (XEP-0440), %x1F and the sorted types joined by
// %x1E.
func ssdpString(mechanisms, bindings []string) string {
	s := strings.Join(slices.Sorted(slices.Values(mechanisms)), ssdpNameSep)
	if len(bindings) > 0 {
		s += ssdpListSep + strings.Join(slices.Sorted(slices.Values(bindings)), ssdpNameSep)
	}
	return s
}

// ssdpHash is the value of the "h" attribute for the SCRAM hash h.
func ssdpHash(h crypto.Hash, mechanisms, bindings []string) string {
	sum := hashSum(newHash(h), []byte(ssdpString(mechanisms, bindings)))
	return base64.StdEncoding.EncodeToString(sum)
}
