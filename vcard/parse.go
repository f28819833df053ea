package vcard

import (
	"encoding/base64"
	"strings"

	"github.com/canto-im/xmpp/xmlstream"
)

// Parse reads a <vCard/>. Children that the Card's fields cannot hold
// exactly go to Extra, cloned. A PHOTO over MaxPhotoSize gives
// ErrPhotoTooLarge; a PHOTO whose BINVAL is not base64 is kept in Extra.
func Parse(el *xmlstream.Element) (Card, error) {
	if el.Name() != Name {
		return Card{}, ErrInvalid
	}
	var c Card
	for ch := range el.Children() {
		ok := false
		if ch.Name().Space == NS && len(ch.Attrs()) == 0 && !c.has(ch.Name().Local) {
			var err error
			if ok, err = c.take(ch.Name().Local, ch); err != nil {
				return Card{}, err
			}
		}
		if !ok {
			c.Extra = append(c.Extra, ch.Clone())
		}
	}
	return c, nil
}

// has reports whether c already holds the single property local, so
// that a second one goes to Extra. An empty one is as good as none: it is
// not written back, so a later one may take its place.
func (c *Card) has(local string) bool {
	if p := c.textField(local); p != nil {
		return *p != ""
	}
	switch local {
	case "N":
		return c.N != (NameParts{})
	case "ORG":
		return c.Org.Name != "" || len(c.Org.Units) > 0
	case "PHOTO":
		return c.Photo != nil
	}
	return false
}

// take stores the property ch, named local, in c and reports whether it
// could, exactly.
func (c *Card) take(local string, ch *xmlstream.Element) (bool, error) {
	if p := c.textField(local); p != nil {
		if _, has := ch.FirstChild(); has {
			return false, nil
		}
		*p = ch.Text()
		return true, nil
	}
	switch local {
	case "N":
		var v NameParts
		return parts(ch, nil, map[string]*string{"FAMILY": &v.Family, "GIVEN": &v.Given, "MIDDLE": &v.Middle,
			"PREFIX": &v.Prefix, "SUFFIX": &v.Suffix}, func() { c.N = v }), nil
	case "ORG":
		var v Org
		ok := parts(ch, func(name, text string) bool {
			if name == "ORGUNIT" {
				v.Units = append(v.Units, text)
			}
			return name == "ORGUNIT"
		}, map[string]*string{"ORGNAME": &v.Name}, func() { c.Org = v })
		return ok, nil
	case "ADR":
		var v Addr
		return parts(ch, flag(&v.Types), map[string]*string{"POBOX": &v.POBox, "EXTADD": &v.ExtAdd, "STREET": &v.Street,
			"LOCALITY": &v.Locality, "REGION": &v.Region, "PCODE": &v.PCode, "CTRY": &v.Country},
			func() { c.Addrs = append(c.Addrs, v) }), nil
	case "TEL":
		var v Tel
		// §9: the number is in NUMBER, which is always there.
		return hasChild(ch, "NUMBER") && parts(ch, flag(&v.Types), map[string]*string{"NUMBER": &v.Number},
			func() { c.Tels = append(c.Tels, v) }), nil
	case "EMAIL":
		var v Email
		return hasChild(ch, "USERID") && parts(ch, flag(&v.Types), map[string]*string{"USERID": &v.UserID},
			func() { c.Emails = append(c.Emails, v) }), nil
	case "PHOTO":
		return c.takePhoto(ch)
	}
	return false, nil
}

// textField returns the field of a property made of text only, or nil.
func (c *Card) textField(local string) *string {
	switch local {
	case "FN":
		return &c.FN
	case "NICKNAME":
		return &c.Nickname
	case "BDAY":
		return &c.BDay
	case "JABBERID":
		return &c.JabberID
	case "TITLE":
		return &c.Title
	case "ROLE":
		return &c.Role
	case "NOTE":
		return &c.Note
	case "URL":
		return &c.URL
	case "DESC":
		return &c.Desc
	}
	return nil
}

// takePhoto stores PHOTO.
func (c *Card) takePhoto(ch *xmlstream.Element) (bool, error) {
	var v Photo
	var bin string
	if !parts(ch, nil, map[string]*string{"TYPE": &v.Type, "BINVAL": &bin, "EXTVAL": &v.External}, func() {}) {
		return false, nil
	}
	// Encoders wrap base64 in lines; the white space is not data.
	bin = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, bin)
	if len(bin) > base64.StdEncoding.EncodedLen(MaxPhotoSize) {
		return false, ErrPhotoTooLarge
	}
	if bin != "" {
		data, err := base64.StdEncoding.DecodeString(bin)
		if err != nil {
			return false, nil
		}
		if len(data) > MaxPhotoSize {
			return false, ErrPhotoTooLarge
		}
		v.Data = data
	}
	c.Photo = &v
	return true, nil
}

// parts reads a structured property: its children, each text only and
// without attributes, go to the field named in one (each at most once) or
// to more (repeatable children, flags); anything else, or text outside
// children, makes it report false. done is called when it reports true.
func parts(el *xmlstream.Element, more func(name, text string) bool, one map[string]*string, done func()) bool {
	if strings.TrimSpace(el.Text()) != "" {
		return false
	}
	seen := make(map[string]bool, len(one))
	for ch := range el.Children() {
		name := ch.Name()
		if _, has := ch.FirstChild(); has || name.Space != NS || len(ch.Attrs()) != 0 {
			return false
		}
		if p, ok := one[name.Local]; ok {
			if seen[name.Local] {
				return false
			}
			seen[name.Local] = true
			*p = ch.Text()
			continue
		}
		if more == nil || !more(name.Local, ch.Text()) {
			return false
		}
	}
	done()
	return true
}

// flag returns the more function of parts that takes empty children as
// type flags.
func flag(types *[]string) func(name, text string) bool {
	return func(name, text string) bool {
		if text != "" {
			return false
		}
		*types = append(*types, name)
		return true
	}
}

// hasChild reports whether el has a child local in NS.
func hasChild(el *xmlstream.Element, local string) bool {
	_, ok := el.Child(NS, local)
	return ok
}
