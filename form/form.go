package form

import "encoding/xml"

// NS is the namespace of data forms.
const NS = "jabber:x:data"

// Name is the name of the form element, <x xmlns='jabber:x:data'/>.
var Name = xml.Name{Space: NS, Local: "x"}

// FormTypeVar is the var of the hidden field that names what a form is
// about (XEP-0068).
const FormTypeVar = "FORM_TYPE"

// Type is the type of a form (XEP-0004 §3.1): what the form is for.
type Type string

// The form types.
const (
	TypeForm   Type = "form"   // a form to fill in
	TypeSubmit Type = "submit" // a filled-in form
	TypeCancel Type = "cancel" // the submitter gave up
	TypeResult Type = "result" // data returned, e.g. search results
)

// Valid reports whether t is one of the four form types.
func (t Type) Valid() bool {
	switch t {
	case TypeForm, TypeSubmit, TypeCancel, TypeResult:
		return true
	}
	return false
}

// FieldType is the type of a field (XEP-0004 §3.3).
type FieldType string

// The field types. The empty FieldType means the attribute is absent: a
// text-single field in a form, a type to infer from context elsewhere.
const (
	Boolean     FieldType = "boolean"
	Fixed       FieldType = "fixed"
	Hidden      FieldType = "hidden"
	JIDMulti    FieldType = "jid-multi"
	JIDSingle   FieldType = "jid-single"
	ListMulti   FieldType = "list-multi"
	ListSingle  FieldType = "list-single"
	TextMulti   FieldType = "text-multi"
	TextPrivate FieldType = "text-private"
	TextSingle  FieldType = "text-single"
)

// Known reports whether t is one of the defined field types.
func (t FieldType) Known() bool {
	switch t {
	case Boolean, Fixed, Hidden, JIDMulti, JIDSingle, ListMulti, ListSingle, TextMulti, TextPrivate, TextSingle:
		return true
	}
	return false
}

// multiValued reports whether fields of type t may carry several values.
func (t FieldType) multiValued() bool {
	return t == ListMulti || t == JIDMulti || t == TextMulti || t == Hidden
}

// Form is a data form, the <x/> element.
type Form struct {
	Type         Type
	Title        string   // empty for none
	Instructions []string // one element each
	Fields       []Field
	// Reported and Items are the table of a result (XEP-0004 §3.4): the
	// column headers and one row of fields per item. Nil for none.
	Reported []Field
	Items    [][]Field
}

// Field is a <field/> of a form, a reported header or an item.
type Field struct {
	Var      string // required except for fixed fields
	Label    string
	Type     FieldType
	Desc     string
	Required bool
	Values   []string
	Options  []Option // for list-single and list-multi
}

// Option is one choice of a list field.
type Option struct {
	Label string
	Value string
}

// HiddenFormType returns the hidden FORM_TYPE field naming ns, which
// XEP-0068 puts first in a form.
func HiddenFormType(ns string) Field {
	return Field{Var: FormTypeVar, Type: Hidden, Values: []string{ns}}
}

// FormType returns the value of the FORM_TYPE field, or "" if the form has
// none. A FORM_TYPE with a type other than hidden (or none) does not count.
func (f Form) FormType() string {
	fl, ok := f.Field(FormTypeVar)
	if !ok || fl.Type != Hidden && fl.Type != "" {
		return ""
	}
	return fl.Value()
}

// Field returns the first top-level field named v.
func (f Form) Field(v string) (Field, bool) {
	for _, fl := range f.Fields {
		if fl.Var == v {
			return fl, true
		}
	}
	return Field{}, false
}
