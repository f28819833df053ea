package form_test

import (
	"reflect"
	"testing"

	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that Parse and Validate never panic and that a parsed
// form survives writing and parsing back unchanged.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		botFormXML, searchResultXML,
		`<x xmlns='jabber:x:data' type='submit'><field var='a' type='colour'><value>red</value></field></x>`,
		`<x xmlns='jabber:x:data' type='result'><reported/><item/><item><field/></item></x>`,
		`<x xmlns='jabber:x:data' type='form'><field type='list-single'><option><value/></option></field></x>`,
		`<x xmlns='jabber:x:data'/>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		got, err := form.Parse(el)
		if err != nil {
			return
		}
		_ = got.Validate()
		_ = got.FormType()
		out, err := xmpptest.MarshalString("", got)
		if err != nil {
			t.Fatalf("%q parsed to %+v, which does not write: %v", s, got, err)
		}
		back, err := xmpptest.ReadElement("", out)
		if err != nil {
			t.Fatal(err)
		}
		again, err := form.Parse(back)
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("%q: %+v\nround-trips through %s to %+v, %v", s, got, out, again, err)
		}
	})
}
