package xmlstream

import (
	"encoding/xml"
	"testing"
)

func TestInvalidate(t *testing.T) {
	for _, in := range []string{
		`<a xmlns='urn:x' id='1'><b k='v'>text</b><c/></a>`,
		`<a xmlns='urn:x'/>`,
		`<a xmlns='urn:x'>t<b/>u</a>`,
	} {
		t.Run(in, func(t *testing.T) {
			el := readOne(t, in)
			keep := el.Clone()
			var views []*Element
			for c := range el.Children() {
				views = append(views, c)
			}
			el.Invalidate()
			for _, v := range append(views, el) {
				if v.Name() != (xml.Name{}) || v.Attr("id") != "" || v.Attr("k") != "" || v.Text() != "" {
					t.Errorf("after Invalidate: name %v, text %q", v.Name(), v.Text())
				}
				for range v.Children() {
					t.Error("a child survived Invalidate")
				}
			}
			if keep.Name().Local != "a" {
				t.Errorf("the clone was invalidated too: %v", keep.Name())
			}
			var zero Element
			zero.Invalidate() // no panic on an empty element
		})
	}
}
