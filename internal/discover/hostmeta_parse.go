package discover

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
)

// Link relations of XEP-0156 and the XRD namespace of RFC 6415.
const (
	RelWebSocket = "urn:xmpp:alt-connections:websocket"
	RelBOSH      = "urn:xmpp:alt-connections:xbosh"
	NSXRD        = "http://docs.oasis-open.org/ns/xri/xrd-1.0"
)

const (
	maxLinks  = 16   // endpoints kept of each kind
	maxURLLen = 2048 // longest URL kept
)

// parseXRD reads the Link children of an XRD document (RFC 6415 §3). The
// root must be XRD in the XRD namespace or, leniently, in none; a DOCTYPE
// is refused.
func parseXRD(doc []byte) (Endpoints, error) {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var links linkSet
	depth, roots := 0, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Endpoints{}, fmt.Errorf("%w: %w", ErrSyntax, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if roots > 1 || t.Name.Local != "XRD" || !xrdSpace(t.Name.Space) {
					return Endpoints{}, fmt.Errorf("%w: root element is not one XRD", ErrSyntax)
				}
			} else if depth == 1 && t.Name.Local == "Link" && xrdSpace(t.Name.Space) {
				links.add(attrValue(t, "rel"), attrValue(t, "href"))
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.Directive:
			return Endpoints{}, fmt.Errorf("%w: DOCTYPE or other directive", ErrSyntax)
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return Endpoints{}, fmt.Errorf("%w: text outside the root element", ErrSyntax)
			}
		}
	}
	if roots == 0 {
		return Endpoints{}, fmt.Errorf("%w: no XRD element", ErrSyntax)
	}
	return links.eps, nil
}

func xrdSpace(ns string) bool { return ns == NSXRD || ns == "" }

func attrValue(el xml.StartElement, local string) string {
	for _, a := range el.Attr {
		if a.Name.Space == "" && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// jrd is the part of a JSON host-meta document (RFC 6415 Appendix A) that
// XEP-0156 uses.
type jrd struct {
	Links []struct {
		Rel  string `json:"rel"`
		Href string `json:"href"`
	} `json:"links"`
}

// parseJRD reads the links of a JSON host-meta document, which must be an
// object.
func parseJRD(doc []byte) (Endpoints, error) {
	trimmed := bytes.TrimLeft(doc, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return Endpoints{}, fmt.Errorf("%w: not a JSON object", ErrSyntax)
	}
	var d jrd
	if err := json.Unmarshal(doc, &d); err != nil {
		return Endpoints{}, fmt.Errorf("%w: %w", ErrSyntax, err)
	}
	var links linkSet
	for _, l := range d.Links {
		links.add(l.Rel, l.Href)
	}
	return links.eps, nil
}

// linkSet collects the usable links, deduplicated and bounded.
type linkSet struct{ eps Endpoints }

// add keeps href if rel is one of XEP-0156's and href is a TLS URL of the
// right scheme: wss for WebSocket, https for BOSH (XEP-0156 §3: "MUST only
// use connection URLs starting with 'https://' or 'wss://'").
func (s *linkSet) add(rel, href string) {
	switch strings.TrimSpace(rel) {
	case RelWebSocket:
		s.eps.WebSocket = appendURL(s.eps.WebSocket, href, "wss")
	case RelBOSH:
		s.eps.BOSH = appendURL(s.eps.BOSH, href, "https")
	}
}

func appendURL(list []string, href, scheme string) []string {
	u, err := secureURL(href, scheme)
	if err != nil || len(list) >= maxLinks || slices.Contains(list, u) {
		return list
	}
	return append(list, u)
}

var errRejectedURL = errors.New("discover: URL rejected")

// secureURL returns the normalised form of an absolute URL of scheme with
// a host and no credentials.
func secureURL(href, scheme string) (string, error) {
	href = strings.TrimSpace(href)
	if len(href) > maxURLLen {
		return "", errRejectedURL
	}
	u, err := url.Parse(href)
	if err != nil {
		return "", err
	}
	if u.Scheme != scheme || u.Opaque != "" || u.User != nil || u.Hostname() == "" {
		return "", errRejectedURL
	}
	return u.String(), nil
}
