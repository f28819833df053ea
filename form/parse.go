package form

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/xmlstream"
)

// Errors for an element that cannot be read as a form.
var (
	ErrNotForm   = errors.New("form: not a jabber:x:data <x/> element")
	ErrBadOption = errors.New("form: <option/> without exactly one <value/>")
	ErrReported  = errors.New("form: more than one <reported/>")
)

// Parse reads a form. The type is required. A field type this package does
// not know is read as text-single, as XEP-0004 §3.3 says; elements of other
// namespaces inside the form or its fields are skipped. Fields are not
// validated: see [Form.Validate].
func Parse(el *xmlstream.Element) (Form, error) {
	if el.Name() != Name {
		return Form{}, ErrNotForm
	}
	f := Form{Type: Type(el.Attr("type"))}
	if !f.Type.Valid() {
		return Form{}, ErrBadType
	}
	for c := range el.Children() {
		if err := f.addChild(c); err != nil {
			return Form{}, err
		}
	}
	return f, nil
}

// addChild reads one child of the form element into f.
func (f *Form) addChild(c *xmlstream.Element) error {
	name := c.Name()
	if name.Space != NS {
		return nil
	}
	var err error
	switch name.Local {
	case "title":
		f.Title = c.Text()
	case "instructions":
		f.Instructions = append(f.Instructions, c.Text())
	case "field":
		var fl Field
		fl, err = parseField(c)
		f.Fields = append(f.Fields, fl)
	case "reported":
		if f.Reported != nil {
			return ErrReported
		}
		f.Reported, err = parseGroup(c)
	case "item":
		var it []Field
		it, err = parseGroup(c)
		f.Items = append(f.Items, it)
	}
	return err
}

// parseGroup reads the fields of a <reported/> or <item/>; the result is
// never nil, so that an empty <reported/> is told from none.
func parseGroup(el *xmlstream.Element) ([]Field, error) {
	fields := []Field{}
	for c := range el.Children() {
		if c.Name() != fieldName {
			continue
		}
		fl, err := parseField(c)
		if err != nil {
			return nil, err
		}
		fields = append(fields, fl)
	}
	return fields, nil
}

var fieldName = xml.Name{Space: NS, Local: "field"}

// parseField reads a <field/>.
func parseField(el *xmlstream.Element) (Field, error) {
	fl := Field{Var: el.Attr("var"), Label: el.Attr("label")}
	if t, ok := el.AttrNS("", "type"); ok {
		fl.Type = FieldType(t)
		if !fl.Type.Known() {
			fl.Type = TextSingle
		}
	}
	for c := range el.Children() {
		name := c.Name()
		if name.Space != NS {
			continue
		}
		switch name.Local {
		case "desc":
			fl.Desc = c.Text()
		case "required":
			fl.Required = true
		case "value":
			fl.Values = append(fl.Values, c.Text())
		case "option":
			o, err := parseOption(c)
			if err != nil {
				return Field{}, err
			}
			fl.Options = append(fl.Options, o)
		}
	}
	return fl, nil
}

// parseOption reads an <option/>, which has exactly one <value/>.
func parseOption(el *xmlstream.Element) (Option, error) {
	o := Option{Label: el.Attr("label")}
	n := 0
	for c := range el.Children() {
		if c.Name() == valueName {
			o.Value = c.Text()
			n++
		}
	}
	if n != 1 {
		return Option{}, ErrBadOption
	}
	return o, nil
}

var valueName = xml.Name{Space: NS, Local: "value"}
