package oob

import (
	"encoding/xml"
	"errors"
	"strings"

	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of the <x/> extension (§4); IQNS, of the IQ
// request (§3). Each is also the disco feature of its side (§5).
const (
	NS   = "jabber:x:oob"
	IQNS = "jabber:iq:oob"
)

// Name is the <x/> element of messages and presence.
var Name = xml.Name{Space: NS, Local: "x"}

// ErrNoURL refuses an element without its required <url/>.
var ErrNoURL = errors.New("oob: no <url/>")

// errNotX refuses an element that is not <x xmlns='jabber:x:oob'/>.
var errNotX = errors.New("oob: not an <x xmlns='jabber:x:oob'/>")

// Data is the <x/> of a message or presence: a URL and what it is.
type Data struct {
	URL  string // an absolute URI
	Desc string // a description for people; "" for none
}

// WriteXML writes d, refusing an invalid URL with [ErrInvalidURL].
func (d Data) WriteXML(e xmlstream.Encoder) error {
	if err := checkURL(d.URL); err != nil {
		return err
	}
	return e.Element(Name, nil, func(e xmlstream.Encoder) error { return writeURL(e, NS, d.URL, d.Desc) })
}

// Parse reads an <x xmlns='jabber:x:oob'/>.
func Parse(el *xmlstream.Element) (Data, error) {
	if el.Name() != Name {
		return Data{}, errNotX
	}
	u, desc, err := readURL(el, NS)
	return Data{URL: u, Desc: desc}, err
}

// Find returns the valid <x/> elements of the message or presence el, in
// document order. Invalid ones are skipped: a URL that cannot be trusted
// to be one is not shown.
func Find(el *xmlstream.Element) []Data {
	var out []Data
	for c := range el.Children() {
		if d, err := Parse(c); err == nil {
			out = append(out, d)
		}
	}
	return out
}

// writeURL writes the <url/> and <desc/> children, in namespace ns.
func writeURL(e xmlstream.Encoder, ns, u, desc string) error {
	if err := e.TextElement(xml.Name{Space: ns, Local: "url"}, u); err != nil {
		return err
	}
	if desc == "" {
		return nil
	}
	return e.TextElement(xml.Name{Space: ns, Local: "desc"}, desc)
}

// readURL reads the <url/> and <desc/> children of el, in namespace ns.
// White space around the URL (a pretty-printed element) is not part of
// it.
func readURL(el *xmlstream.Element, ns string) (u, desc string, err error) {
	uel, ok := el.Child(ns, "url")
	if !ok {
		return "", "", ErrNoURL
	}
	u = strings.TrimSpace(uel.Text())
	if err := checkURL(u); err != nil {
		return "", "", err
	}
	if d, ok := el.Child(ns, "desc"); ok {
		desc = d.Text()
	}
	return u, desc, nil
}
