package vcard

import (
	"encoding/base64"
	"encoding/xml"

	"github.com/canto-im/xmpp/xmlstream"
)

// n returns the name of a vCard property or its part.
func n(local string) xml.Name { return xml.Name{Space: NS, Local: local} }

// WriteXML writes c as a <vCard/>. A Photo with more than MaxPhotoSize
// bytes of Data gives ErrPhotoTooLarge.
func (c Card) WriteXML(e xmlstream.Encoder) error {
	if c.Photo != nil && len(c.Photo.Data) > MaxPhotoSize {
		return ErrPhotoTooLarge
	}
	return e.Element(Name, nil, c.writeFields)
}

// writeFields writes the children of the <vCard/>, in the order of the
// DTD, then Extra.
func (c *Card) writeFields(e xmlstream.Encoder) error {
	err := texts(e, "FN", c.FN)
	if err == nil && c.N != (NameParts{}) {
		err = e.Element(n("N"), nil, func(e xmlstream.Encoder) error {
			return texts(e, "FAMILY", c.N.Family, "GIVEN", c.N.Given, "MIDDLE", c.N.Middle, "PREFIX", c.N.Prefix, "SUFFIX", c.N.Suffix)
		})
	}
	if err == nil {
		err = texts(e, "NICKNAME", c.Nickname)
	}
	if err == nil && c.Photo != nil {
		err = e.Element(n("PHOTO"), nil, c.Photo.write)
	}
	if err == nil {
		err = texts(e, "BDAY", c.BDay)
	}
	for i := 0; err == nil && i < len(c.Addrs); i++ {
		a := &c.Addrs[i]
		err = e.Element(n("ADR"), nil, func(e xmlstream.Encoder) error {
			if err := flags(e, a.Types); err != nil {
				return err
			}
			return texts(e, "POBOX", a.POBox, "EXTADD", a.ExtAdd, "STREET", a.Street, "LOCALITY", a.Locality,
				"REGION", a.Region, "PCODE", a.PCode, "CTRY", a.Country)
		})
	}
	for i := 0; err == nil && i < len(c.Tels); i++ {
		// §9: a TEL always has a NUMBER, empty if need be.
		err = typed(e, "TEL", c.Tels[i].Types, "NUMBER", c.Tels[i].Number)
	}
	for i := 0; err == nil && i < len(c.Emails); i++ {
		err = typed(e, "EMAIL", c.Emails[i].Types, "USERID", c.Emails[i].UserID)
	}
	if err == nil {
		err = texts(e, "JABBERID", c.JabberID, "TITLE", c.Title, "ROLE", c.Role)
	}
	if err == nil && (c.Org.Name != "" || len(c.Org.Units) > 0) {
		err = e.Element(n("ORG"), nil, func(e xmlstream.Encoder) error {
			err := texts(e, "ORGNAME", c.Org.Name)
			for _, u := range c.Org.Units {
				if err == nil {
					err = e.TextElement(n("ORGUNIT"), u)
				}
			}
			return err
		})
	}
	if err == nil {
		err = texts(e, "NOTE", c.Note, "URL", c.URL, "DESC", c.Desc)
	}
	for _, x := range c.Extra {
		if err == nil && x != nil {
			err = x.WriteXML(e)
		}
	}
	return err
}

// write writes the children of PHOTO.
func (p *Photo) write(e xmlstream.Encoder) error {
	err := texts(e, "TYPE", p.Type)
	if err == nil && len(p.Data) > 0 {
		err = e.TextElement(n("BINVAL"), base64.StdEncoding.EncodeToString(p.Data))
	}
	if err == nil {
		err = texts(e, "EXTVAL", p.External)
	}
	return err
}

// texts writes a text element for each non-empty value of the name, value
// pairs kv.
func texts(e xmlstream.Encoder, kv ...string) error {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			continue
		}
		if err := e.TextElement(n(kv[i]), kv[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// flags writes one empty element per type flag.
func flags(e xmlstream.Encoder, types []string) error {
	for _, t := range types {
		if err := e.EmptyElement(n(t)); err != nil {
			return err
		}
	}
	return nil
}

// typed writes a property made of type flags and one value, always
// written.
func typed(e xmlstream.Encoder, name string, types []string, value, v string) error {
	return e.Element(n(name), nil, func(e xmlstream.Encoder) error {
		if err := flags(e, types); err != nil {
			return err
		}
		return e.TextElement(n(value), v)
	})
}
