package xmpp

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/canto-im/xmpp/xmlstream"
)

// NSFAST is the namespace of FAST authentication (XEP-0484).
const NSFAST = "urn:xmpp:fast:0"

var fastName = xml.Name{Space: NSFAST, Local: "fast"}

// maxFASTToken bounds a token as read from the server.
const maxFASTToken = 512

// fastMechanisms lists the mechanisms of a <fast/> offer.
func fastMechanisms(el *xmlstream.Element) []string {
	var out []string
	for c := range el.Children() {
		if c.Name() == (xml.Name{Space: NSFAST, Local: "mechanism"}) {
			out = append(out, strings.TrimSpace(c.Text()))
		}
	}
	return out
}

// fastOffer is the server's <fast/> in <inline/>.
type fastOffer []string

func (f fastOffer) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(fastName); err != nil {
		return err
	}
	for _, m := range f {
		if err := w.TextElement(xml.Name{Space: NSFAST, Local: "mechanism"}, m); err != nil {
			return err
		}
	}
	return w.End()
}

// fastUse is the client's <fast/> in <authenticate/>: it authenticates
// with a token.
type fastUse struct {
	count      int
	invalidate bool
}

func (f fastUse) WriteXML(w xmlstream.Encoder) error {
	attrs := []xml.Attr{{Name: xml.Name{Local: "count"}, Value: strconv.Itoa(f.count)}}
	if f.invalidate {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "invalidate"}, Value: "true"})
	}
	return w.EmptyElement(fastName, attrs...)
}

// parseFASTUse reads the client's <fast/>: count is -1 when absent.
func parseFASTUse(el *xmlstream.Element) (count int, invalidate bool, err error) {
	count = -1
	if c := el.Attr("count"); c != "" {
		if count, err = strconv.Atoi(c); err != nil || count < 0 {
			return 0, false, errors.New("FAST count is not a non-negative integer")
		}
	}
	switch v := el.Attr("invalidate"); v {
	case "", "0", "false":
	case "1", "true":
		invalidate = true
	default:
		return 0, false, errors.New("FAST invalidate is not a boolean")
	}
	return count, invalidate, nil
}

// fastRequestToken is the client's <request-token/>.
type fastRequestToken struct{ mechanism string }

func (r fastRequestToken) WriteXML(w xmlstream.Encoder) error {
	return w.EmptyElement(xml.Name{Space: NSFAST, Local: "request-token"}, xml.Attr{Name: xml.Name{Local: "mechanism"}, Value: r.mechanism})
}

// fastTokenElement is the server's <token/> in <success/>.
type fastTokenElement FASTToken

func (t fastTokenElement) WriteXML(w xmlstream.Encoder) error {
	return w.EmptyElement(xml.Name{Space: NSFAST, Local: "token"},
		xml.Attr{Name: xml.Name{Local: "expiry"}, Value: t.Expiry.UTC().Format(time.RFC3339)},
		xml.Attr{Name: xml.Name{Local: "token"}, Value: t.Token})
}

// parseFASTToken reads a <token/> for the mechanism it was asked for.
func parseFASTToken(el *xmlstream.Element, mechanism string) (FASTToken, error) {
	tok := el.Attr("token")
	if tok == "" || len(tok) > maxFASTToken {
		return FASTToken{}, errors.New("xmpp: FAST token missing or too long")
	}
	exp, err := time.Parse(time.RFC3339, el.Attr("expiry"))
	if err != nil {
		return FASTToken{}, fmt.Errorf("xmpp: FAST token expiry: %w", err)
	}
	return FASTToken{Mechanism: mechanism, Token: tok, Expiry: exp}, nil
}

// newFASTToken makes a token with 256 bits from crypto/rand (the HT
// draft asks for at least 128).
func newFASTToken(mechanism string, lifetime time.Duration) FASTToken {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand, Go 1.24)
	return FASTToken{Mechanism: mechanism, Token: base64.RawURLEncoding.EncodeToString(b), Expiry: time.Now().Add(lifetime)}
}
