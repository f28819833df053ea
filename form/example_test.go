package form_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/xmlstream"
)

// Writing a form to fill in.
func ExampleForm_WriteXML() {
	f := form.Form{
		Type:  form.TypeForm,
		Title: "Subscribe",
		Fields: []form.Field{
			form.HiddenFormType("urn:example:subscribe"),
			{Var: "digest", Type: form.Boolean, Label: "Daily digest?", Values: []string{"0"}},
		},
	}
	w := xmlstream.NewWriter(os.Stdout)
	_ = f.WriteXML(w.Encoder())
	_ = w.Flush()
	fmt.Println()
	// Output:
	// <x xmlns="jabber:x:data" type="form"><title>Subscribe</title><field var="FORM_TYPE" type="hidden"><value>urn:example:subscribe</value></field><field var="digest" type="boolean" label="Daily digest?"><value>0</value></field></x>
}

// Reading and checking a submitted form.
func ExampleParse() {
	d := xmlstream.NewDecoder(strings.NewReader(`<x xmlns='jabber:x:data' type='submit'>
  <field var='FORM_TYPE'><value>urn:example:subscribe</value></field>
  <field var='digest'><value>true</value></field>
</x>`), xmlstream.Limits{})
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil {
		fmt.Println(err)
		return
	}
	f, err := form.Parse(&el)
	if err != nil {
		fmt.Println(err)
		return
	}
	digest, _ := f.Field("digest")
	on, err := digest.Bool()
	fmt.Println(f.FormType(), on, err, f.Validate())
	// Output:
	// urn:example:subscribe true <nil> <nil>
}
