package xmlstream

import (
	"bytes"
	"encoding/xml"
	"errors"
	"testing"
)

// FuzzWriterRefusedStart writes, inside a root element, a child with two
// attributes. The Writer checks each attribute as it writes it, so a
// refusal can come after part of the tag (and a prefix declaration for
// the first attribute's namespace) is in the buffer: whatever it refuses
// must leave no trace, the sibling written next must come out as if the
// refused start had never been tried, and two attributes with one name
// must always be refused.
func FuzzWriterRefusedStart(f *testing.F) {
	f.Add("urn:x", "a", "1", "", "b", "2")
	f.Add("urn:x", "a", "1", "urn:x", "a", "2")
	f.Add("urn:x", "a", "1", "urn:y", "1bad", "2")
	f.Add("", "a", "<&\"'>", "", "a", "x")
	f.Add("urn:x", "a", "1", "urn:\x00", "b", "2")
	f.Add("urn:x", "a", "1", "", "b", "\x01")
	f.Fuzz(func(t *testing.T, s1, l1, v1, s2, l2, v2 string) {
		attrs := []xml.Attr{xattr(s1, l1, v1), xattr(s2, l2, v2)}
		var out bytes.Buffer
		w := NewWriter(&out)
		if err := w.Start(name("urn:root", "root")); err != nil {
			t.Fatal(err)
		}
		err := w.Start(name("urn:root", "child"), attrs...)
		accepted := err == nil
		if accepted {
			if err := w.End(); err != nil {
				t.Fatal(err)
			}
		} else if !errors.Is(err, ErrInvalidChar) && !errors.Is(err, ErrInvalidName) {
			t.Fatalf("untyped refusal %v", err)
		}
		if w.Depth() != 1 {
			t.Fatalf("depth %d after the child, want 1", w.Depth())
		}
		if err := w.Start(name("urn:root", "ok"), xattr("urn:x", "z", "ok")); err != nil {
			t.Fatalf("sibling after the child: %v", err)
		}
		if err := w.End(); err != nil {
			t.Fatal(err)
		}
		if err := w.End(); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		wrote := out.String()
		d := NewDecoder(&out, Limits{MaxNameBytes: 1 << 20, MaxAttrValueBytes: 1 << 24, MaxElementBytes: 1 << 26})
		var root Element
		if err := d.ReadElement(&root); err != nil {
			t.Fatalf("reading %q: %v", wrote, err)
		}
		var kids []xml.Name
		for c := range root.Children() {
			kids = append(kids, c.Name())
		}
		want := []xml.Name{name("urn:root", "ok")}
		if accepted {
			want = append([]xml.Name{name("urn:root", "child")}, want...)
		}
		if len(kids) != len(want) || kids[0] != want[0] || kids[len(kids)-1] != want[len(want)-1] {
			t.Fatalf("children %v of %q, want %v", kids, wrote, want)
		}
		if ok, _ := root.Child("urn:root", "ok"); ok == nil || func() string { v, _ := ok.AttrNS("urn:x", "z"); return v }() != "ok" {
			t.Fatalf("the sibling lost its attribute: %q", wrote)
		}
		if !accepted {
			return
		}
		a, b := &attrs[0], &attrs[1]
		if !isNSDecl(a) && !isNSDecl(b) && a.Name.Local == b.Name.Local && attrSpace(a) == attrSpace(b) {
			t.Fatalf("two attributes named %v accepted: %q", a.Name, wrote)
		}
		child, _ := root.Child("urn:root", "child")
		for _, at := range attrs {
			if isNSDecl(&at) {
				continue
			}
			v, ok := child.AttrNS(attrSpace(&at), at.Name.Local)
			if attrSpace(&at) == "" {
				v, ok = child.Attr(at.Name.Local), true
			}
			if !ok || v != at.Value {
				t.Fatalf("attribute %v = %q, want %q, in %q", at.Name, v, at.Value, wrote)
			}
		}
	})
}
