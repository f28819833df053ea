package xmlstream

import (
	"encoding/xml"
	"slices"
	"testing"
)

func TestElementAppendAttrs(t *testing.T) {
	prefix := []xml.Attr{{Name: xml.Name{Local: "kept"}, Value: "1"}}
	for _, tt := range []struct{ name, in string }{
		{"stanza", sampleStanza},
		{"no attributes", `<message xmlns='jabber:client'><body>x</body></message>`},
		{"only declarations", `<a xmlns='urn:a' xmlns:p='urn:p'/>`},
		{"prefixed", `<a xmlns='urn:a' xmlns:p='urn:p' p:x='1' y='2'/>`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			el := readOne(t, tt.in)
			if got, want := el.AppendAttrs(nil), el.Attrs(); !slices.Equal(got, want) {
				t.Errorf("AppendAttrs(nil) = %v, want %v", got, want)
			}
			got := el.AppendAttrs(slices.Clone(prefix))
			if want := append(slices.Clone(prefix), el.Attrs()...); !slices.Equal(got, want) {
				t.Errorf("AppendAttrs(prefix) = %v, want %v", got, want)
			}
		})
	}
}

func TestElementAppendAttrsDoesNotAllocate(t *testing.T) {
	el := readOne(t, sampleStanza)
	var buf [8]xml.Attr
	allocs := testing.AllocsPerRun(100, func() {
		if len(el.AppendAttrs(buf[:0])) != 4 {
			t.Fatal("wrong count")
		}
	})
	if allocs != 0 {
		t.Fatalf("%v allocations", allocs)
	}
}
