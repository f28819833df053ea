package xmlstream

import (
	"bytes"
	"encoding/xml"
	"errors"
	"strings"
	"testing"
)

// checkEmptyTag writes t with values through EmptyTag and through
// EmptyElement, in a Writer set up by setup, and fails unless both write
// the same bytes or refuse with the same error.
func checkEmptyTag(t testing.TB, tag *EmptyTag, values []string, setup func(w *Writer) error) {
	t.Helper()
	write := func(emit func(e Encoder) error) (string, error) {
		var out bytes.Buffer
		w := NewWriter(&out)
		if err := setup(w); err != nil {
			t.Fatal(err)
		}
		err := emit(w.Encoder())
		for w.Depth() > 0 {
			if err := w.End(); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		return out.String(), err
	}
	want, wantErr := write(func(e Encoder) error {
		attrs := []xml.Attr{}
		for i, n := range tag.names {
			attrs = append(attrs, xml.Attr{Name: xml.Name{Local: n}, Value: values[i]})
		}
		return e.EmptyElement(tag.name, attrs...)
	})
	got, err := write(func(e Encoder) error { return e.EmptyTag(tag, values...) })
	if got != want || err != wantErr {
		t.Fatalf("EmptyTag(%v, %q) wrote\n%q, %v; EmptyElement wrote\n%q, %v", tag.name, values, got, err, want, wantErr)
	}
}

// emptyTagSetups are the Writers EmptyTag is compared in: at the top
// level with and without a content namespace, inside an element in the
// tag's namespace, in another, under a prefix bound to the tag's, with
// the buffer from empty to nearly full.
var emptyTagSetups = []func(w *Writer) error{
	func(w *Writer) error { return nil },
	func(w *Writer) error { w.SetDefaultNS("jabber:client"); return nil },
	func(w *Writer) error { w.SetContentNS("jabber:client"); return nil },
	func(w *Writer) error { w.SetDefaultNS("jabber:client"); return w.Start(name("", "message")) },
	func(w *Writer) error { return w.Start(name("urn:xmpp:sid:0", "x")) },
	func(w *Writer) error {
		return all(w.BindPrefix("s", "urn:xmpp:sid:0"), w.Start(name("jabber:client", "m")))
	},
	func(w *Writer) error {
		return all(w.Start(name("jabber:client", "m")), w.Text(strings.Repeat("t", 4090)))
	},
	func(w *Writer) error {
		return all(w.Start(name("jabber:client", "m")), w.Start(name("jabber:client", "n")))
	},
}

// TestEmptyTagAsEmptyElement holds EmptyTag to EmptyElement's output and
// refusals, for tags with short and long attribute names, in and out of
// namespaces, values with and without something to escape or refuse, in
// each of emptyTagSetups.
func TestEmptyTagAsEmptyElement(t *testing.T) {
	tags := []*EmptyTag{}
	for _, c := range []struct {
		name  xml.Name
		names []string
	}{
		{name("urn:xmpp:sid:0", "stanza-id"), []string{"id", "by"}},
		{name("urn:xmpp:sid:0", "origin-id"), []string{"id"}},
		{name("", "x"), []string{"a", "abcde", "abcdef", "a-much-longer-name"}},
		{name("jabber:client", "body"), nil},
		{name("urn:\x01", "x"), []string{"v"}},
		{name(xmlNS, "x"), []string{"v"}},
	} {
		tag, err := NewEmptyTag(c.name, c.names...)
		if err != nil {
			t.Fatal(err)
		}
		tags = append(tags, tag)
	}
	values := []string{"", "a", "abcdefg", "abcdefgh", "0123456789abcdef0", "juliet@example.com", "a\"b",
		"it's", "x&y", "<", "tab\t", "nul\x00", "café", "\xff", "0123456789abcde\""}
	for _, tag := range tags {
		for i := range values {
			vs := make([]string, len(tag.names))
			for j := range vs {
				vs[j] = values[(i+j)%len(values)]
			}
			for _, setup := range emptyTagSetups {
				checkEmptyTag(t, tag, vs, setup)
			}
		}
	}
	w := NewWriter(&bytes.Buffer{})
	if err := w.Encoder().EmptyTag(tags[0], "only one"); !errors.Is(err, ErrTagValues) || w.Buffered() != 0 {
		t.Fatalf("one value for two attributes: %v, %d bytes buffered", err, w.Buffered())
	}
}

// TestNewEmptyTag checks that NewEmptyTag refuses what Start refuses.
func TestNewEmptyTag(t *testing.T) {
	for _, c := range []struct {
		name  xml.Name
		names []string
	}{
		{name("", "bad name"), nil},
		{name(xmlnsNS, "x"), nil},
		{name("", "x"), []string{"a", "b", "a"}},
		{name("", "x"), []string{"xmlns"}},
		{name("", "x"), []string{"1a"}},
		{name("", "x"), []string{""}},
	} {
		if _, err := NewEmptyTag(c.name, c.names...); !errors.Is(err, ErrInvalidName) {
			t.Errorf("NewEmptyTag(%v, %q): %v, want ErrInvalidName", c.name, c.names, err)
		}
	}
}

// FuzzEmptyTag holds EmptyTag to EmptyElement for whatever values.
func FuzzEmptyTag(f *testing.F) {
	f.Add("5f8e7c2a-0b1d-4e6f-9a3c-7d2e1b0f4a6c", "juliet@example.com")
	f.Add("a&b", "\"'<>")
	tag, err := NewEmptyTag(name("urn:xmpp:sid:0", "stanza-id"), "id", "by")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, id, by string) {
		for _, setup := range emptyTagSetups {
			checkEmptyTag(t, tag, []string{id, by}, setup)
		}
	})
}
