package vcard

import (
	"bytes"
	"encoding/xml"
	"reflect"
	"slices"

	"github.com/canto-im/xmpp/xmlstream"
)

// Equal reports whether c and o hold the same vCard: the same fields, and
// Extra elements with the same names, attributes and text in the same
// order (however their namespaces were declared).
func (c Card) Equal(o Card) bool {
	ce, oe := c.Extra, o.Extra
	c.Extra, o.Extra = nil, nil
	if c.Photo != nil && o.Photo != nil && c.Photo.Type == o.Photo.Type && c.Photo.External == o.Photo.External &&
		bytes.Equal(c.Photo.Data, o.Photo.Data) {
		c.Photo, o.Photo = nil, nil
	}
	return reflect.DeepEqual(c, o) && slices.EqualFunc(ce, oe, sameElement)
}

// sameElement reports whether a and b have the same tokens.
func sameElement(a, b *xmlstream.Element) bool {
	if a == nil || b == nil {
		return a == b
	}
	ra, rb := a.Tokens(), b.Tokens()
	for {
		ta, errA := ra.Token()
		tb, errB := rb.Token()
		if errA != nil || errB != nil {
			return errA != nil && errB != nil
		}
		if !sameToken(ta, tb) {
			return false
		}
	}
}

func sameToken(a, b xml.Token) bool {
	switch a := a.(type) {
	case xml.StartElement:
		b, ok := b.(xml.StartElement)
		return ok && a.Name == b.Name && slices.Equal(a.Attr, b.Attr)
	case xml.EndElement:
		b, ok := b.(xml.EndElement)
		return ok && a.Name == b.Name
	case xml.CharData:
		b, ok := b.(xml.CharData)
		return ok && bytes.Equal(a, b)
	}
	return false
}
