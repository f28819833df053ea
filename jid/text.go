package jid

import (
	"encoding/xml"
	"strconv"
)

// MarshalText implements encoding.TextMarshaler. The zero JID marshals to
// empty text.
func (j JID) MarshalText() ([]byte, error) { return []byte(j.full), nil }

// UnmarshalText implements encoding.TextUnmarshaler. Empty text gives the
// zero JID and no error; anything else must be a valid JID.
func (j *JID) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*j = JID{}
		return nil
	}
	p, err := Parse(string(text))
	if err != nil {
		return err
	}
	*j = p
	return nil
}

// MarshalXMLAttr implements xml.MarshalerAttr. The zero JID gives the zero
// xml.Attr, which encoding/xml omits.
func (j JID) MarshalXMLAttr(name xml.Name) (xml.Attr, error) {
	if j.IsZero() {
		return xml.Attr{}, nil
	}
	return xml.Attr{Name: name, Value: j.full}, nil
}

// UnmarshalXMLAttr implements xml.UnmarshalerAttr, with the rules of
// UnmarshalText: an empty attribute gives the zero JID.
func (j *JID) UnmarshalXMLAttr(attr xml.Attr) error {
	if attr.Value == "" {
		*j = JID{}
		return nil
	}
	p, err := Parse(attr.Value)
	if err != nil {
		return err
	}
	*j = p
	return nil
}

// quote shortens and quotes s for a panic message.
func quote(s string) string {
	const max = 64
	if len(s) > max {
		return strconv.Quote(s[:max]) + "..."
	}
	return strconv.Quote(s)
}
