package form

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/xmlstream"
)

// ErrBadType is returned for a form without a valid type.
var ErrBadType = errors.New("form: type is not form, submit, cancel or result")

// WriteXML writes f in the order of the XEP-0004 schema: instructions,
// title, fields, reported, items. It refuses a form without a valid type.
func (f Form) WriteXML(w xmlstream.Encoder) error {
	if !f.Type.Valid() {
		return ErrBadType
	}
	if err := w.Start(Name, xml.Attr{Name: xml.Name{Local: "type"}, Value: string(f.Type)}); err != nil {
		return err
	}
	for _, in := range f.Instructions {
		if err := w.TextElement(xml.Name{Space: NS, Local: "instructions"}, in); err != nil {
			return err
		}
	}
	if f.Title != "" {
		if err := w.TextElement(xml.Name{Space: NS, Local: "title"}, f.Title); err != nil {
			return err
		}
	}
	if err := writeFields(w, f.Fields); err != nil {
		return err
	}
	if f.Reported != nil {
		if err := writeGroup(w, "reported", f.Reported); err != nil {
			return err
		}
	}
	for _, it := range f.Items {
		if err := writeGroup(w, "item", it); err != nil {
			return err
		}
	}
	return w.End()
}

// writeGroup writes fields inside an element named local.
func writeGroup(w xmlstream.Encoder, local string, fields []Field) error {
	if err := w.Start(xml.Name{Space: NS, Local: local}); err != nil {
		return err
	}
	if err := writeFields(w, fields); err != nil {
		return err
	}
	return w.End()
}

func writeFields(w xmlstream.Encoder, fields []Field) error {
	for i := range fields {
		if err := fields[i].writeXML(w); err != nil {
			return err
		}
	}
	return nil
}

func (fl *Field) writeXML(w xmlstream.Encoder) error {
	var buf [3]xml.Attr
	if err := w.Start(xml.Name{Space: NS, Local: "field"}, fl.attrs(buf[:0])...); err != nil {
		return err
	}
	if fl.Desc != "" {
		if err := w.TextElement(xml.Name{Space: NS, Local: "desc"}, fl.Desc); err != nil {
			return err
		}
	}
	if fl.Required {
		if err := w.EmptyElement(xml.Name{Space: NS, Local: "required"}); err != nil {
			return err
		}
	}
	for _, v := range fl.Values {
		if err := w.TextElement(xml.Name{Space: NS, Local: "value"}, v); err != nil {
			return err
		}
	}
	for _, o := range fl.Options {
		if err := o.writeXML(w); err != nil {
			return err
		}
	}
	return w.End()
}

// attrs appends the field's present attributes to dst.
func (fl *Field) attrs(dst []xml.Attr) []xml.Attr {
	if fl.Var != "" {
		dst = append(dst, xml.Attr{Name: xml.Name{Local: "var"}, Value: fl.Var})
	}
	if fl.Type != "" {
		dst = append(dst, xml.Attr{Name: xml.Name{Local: "type"}, Value: string(fl.Type)})
	}
	if fl.Label != "" {
		dst = append(dst, xml.Attr{Name: xml.Name{Local: "label"}, Value: fl.Label})
	}
	return dst
}

func (o Option) writeXML(w xmlstream.Encoder) error {
	var buf [1]xml.Attr
	attrs := buf[:0]
	if o.Label != "" {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "label"}, Value: o.Label})
	}
	if err := w.Start(xml.Name{Space: NS, Local: "option"}, attrs...); err != nil {
		return err
	}
	if err := w.TextElement(xml.Name{Space: NS, Local: "value"}, o.Value); err != nil {
		return err
	}
	return w.End()
}
