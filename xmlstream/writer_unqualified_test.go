package xmlstream

import (
	"bytes"
	"encoding/xml"
	"testing"
)

// TestUnqualifiedAttrsDifferential holds appendUnqualified to the general
// path (checkAttr, attrPrefix, appendAttr) on every list of up to three
// attributes drawn from names and namespaces that trip each check: bad
// names, declarations in each spelling, repeats within and across
// namespaces, values that need escaping or cannot be written.
func TestUnqualifiedAttrsDifferential(t *testing.T) {
	defer func() { unqualifiedAttrs = true }()
	spaces := []string{"", "xml", xmlNS, "u", "xmlns", xmlnsNS}
	locals := []string{"id", "xmlns", "lang", "1b", "a b", ""}
	values := []string{"v", "a&b", "\x01"}
	var pool []xml.Attr
	for _, s := range spaces {
		for _, l := range locals {
			pool = append(pool, xml.Attr{Name: xml.Name{Space: s, Local: l}, Value: values[len(pool)%len(values)]})
		}
	}
	write := func(attr []xml.Attr) string {
		var out bytes.Buffer
		w := NewWriter(&out)
		err := w.Start(xml.Name{Space: "jabber:client", Local: "iq"}, attr...)
		if err == nil {
			err = w.End()
		}
		if ferr := w.Flush(); err == nil {
			err = ferr
		}
		return out.String() + " " + errString(err)
	}
	check := func(attr ...xml.Attr) {
		unqualifiedAttrs = false
		want := write(attr)
		unqualifiedAttrs = true
		if got := write(attr); got != want {
			t.Fatalf("%q: got %s, general path %s", attr, got, want)
		}
	}
	check()
	for _, a := range pool {
		check(a)
		for _, b := range pool {
			check(a, b)
			for _, c := range pool {
				check(a, b, c)
			}
		}
	}
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
