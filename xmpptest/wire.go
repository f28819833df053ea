package xmpptest

import (
	"encoding/xml"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/xmlstream"
)

// WireCase is one case of [RunWire]: an element as XML text and the Go
// value it stands for.
type WireCase[T any] struct {
	Name string
	// XML is the element's text, read with no namespace in scope. It is
	// compared with what Value writes by meaning (namespace-resolved
	// names, attributes in any order, text), not byte for byte.
	XML string
	// Value is what XML parses to and what writes as XML.
	Value T
	// ParseOnly marks an XML that parses to Value without being the form
	// Value writes (an alternative spelling a parser accepts): write is
	// not compared with XML, though the round trip is still checked.
	ParseOnly bool
	// WantErr, when not nil, makes the case an expected failure, checked
	// with errors.Is (or [ErrAny] for any error): parsing XML must fail
	// with it, or, if XML is empty, writing Value must.
	WantErr error
}

// ErrAny is a WireCase.WantErr that accepts any error.
var ErrAny = errors.New("xmpptest: any error")

// RunWire runs each case as a subtest of t checking a wire type T, an
// element's Go value that writes itself (T or *T is an
// xmlstream.Marshaler) and is read by parse:
//
//   - write: Value writes the same element as XML;
//   - parse: XML parses to Value;
//   - round trip: what Value writes parses back to Value;
//   - expected errors: see WantErr.
//
// Values are compared with their Equal(T) bool method if T has one (as
// time.Time does), with reflect.DeepEqual otherwise.
func RunWire[T any, P interface {
	*T
	xmlstream.Marshaler
}](t *testing.T, parse func(*xmlstream.Element) (T, error), cases []WireCase[T]) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) { checkWire[T, P](t, parse, tc) })
	}
}

// checkWire checks one case of RunWire.
func checkWire[T any, P interface {
	*T
	xmlstream.Marshaler
}](t testing.TB, parse func(*xmlstream.Element) (T, error), tc WireCase[T]) {
	t.Helper()
	v := tc.Value
	if tc.WantErr != nil {
		checkWireError(t, parse, tc, P(&v))
		return
	}
	got, err := parse(Element(t, tc.XML))
	if err != nil {
		t.Fatalf("parse %s: %v", tc.XML, err)
	}
	if !wireEqual(got, tc.Value) {
		t.Errorf("parse %s:\n got %+v\nwant %+v", tc.XML, got, tc.Value)
	}
	written, err := MarshalString("", P(&v))
	if err != nil {
		t.Fatalf("write %+v: %v", tc.Value, err)
	}
	if !tc.ParseOnly {
		if same, err := SameXML(written, tc.XML); err != nil || !same {
			t.Errorf("write %+v:\n got %s\nwant %s (%v)", tc.Value, written, tc.XML, err)
		}
	}
	back, err := parse(Element(t, written))
	if err != nil || !wireEqual(back, tc.Value) {
		t.Errorf("round trip of %+v through %s: %+v, %v", tc.Value, written, back, err)
	}
}

// checkWireError checks a case that expects an error.
func checkWireError[T any](t testing.TB, parse func(*xmlstream.Element) (T, error), tc WireCase[T], m xmlstream.Marshaler) {
	t.Helper()
	var err error
	what := "parse " + tc.XML
	if tc.XML != "" {
		var got T
		if got, err = parse(Element(t, tc.XML)); err == nil {
			t.Fatalf("%s: got %+v, want error %v", what, got, tc.WantErr)
		}
	} else {
		what = fmt.Sprintf("write %+v", tc.Value)
		var out string
		if out, err = MarshalString("", m); err == nil {
			t.Fatalf("%s: wrote %s, want error %v", what, out, tc.WantErr)
		}
	}
	if tc.WantErr != ErrAny && !errors.Is(err, tc.WantErr) {
		t.Errorf("%s: error %v, want %v", what, err, tc.WantErr)
	}
}

// wireEqual compares two values as RunWire documents.
func wireEqual[T any](a, b T) bool {
	if e, ok := any(a).(interface{ Equal(T) bool }); ok {
		return e.Equal(b)
	}
	return reflect.DeepEqual(a, b)
}

// SameXML reports whether the elements a and b (each read on its own)
// mean the same, as [SameElement] says. The error is a reading error.
func SameXML(a, b string) (bool, error) {
	ea, err := ReadElement("", a)
	if err != nil {
		return false, err
	}
	eb, err := ReadElement("", b)
	if err != nil {
		return false, err
	}
	return SameElement(ea, eb), nil
}

// SameElement reports whether a and b mean the same: the same
// namespace-resolved names, the same attributes in any order and the same
// text, however prefixes, namespace declarations, quotes, references and
// empty-element tags were spelled.
func SameElement(a, b *xmlstream.Element) bool {
	return slices.Equal(meaning(a), meaning(b))
}

// meaning lists el's tokens in a form that compares as SameElement says:
// attributes sorted, adjacent character data joined.
func meaning(el *xmlstream.Element) []string {
	var out []string
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			out = append(out, fmt.Sprintf("%q", text.String()))
			text.Reset()
		}
	}
	r := el.Tokens()
	for {
		tok, err := r.Token()
		if err != nil { // io.EOF: an Element's tokens cannot fail otherwise
			flush()
			return out
		}
		switch tok := tok.(type) {
		case xml.CharData:
			text.Write(tok)
		case xml.StartElement:
			flush()
			attrs := make([]string, 0, len(tok.Attr))
			for _, a := range tok.Attr {
				attrs = append(attrs, fmt.Sprintf("{%s}%s=%q", a.Name.Space, a.Name.Local, a.Value))
			}
			slices.Sort(attrs)
			out = append(out, fmt.Sprintf("<{%s}%s %s>", tok.Name.Space, tok.Name.Local, strings.Join(attrs, " ")))
		case xml.EndElement:
			flush()
			out = append(out, fmt.Sprintf("</{%s}%s>", tok.Name.Space, tok.Name.Local))
		}
	}
}
