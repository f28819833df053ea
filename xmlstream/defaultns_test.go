package xmlstream

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"
)

// TestDefaultNamespaceKept checks the default namespace startTag keeps at
// hand (defaultNS) as scopes begin and end, and across the symbol table's
// renewals: the stream's default namespace is not a well-known name and
// follows a name that is not kept, so that a renewal gives it a new symbol.
func TestDefaultNamespaceKept(t *testing.T) {
	const space = "urn:example:kept"
	var in strings.Builder
	in.WriteString(`<stream:stream unkept='1' xmlns='` + space + `' xmlns:stream='` + streamNS + `'>`)
	const n = 3000 // ever new names, enough for renewals
	for i := range n {
		fmt.Fprintf(&in, `<e%d><c xmlns='urn:inner'><d xmlns='urn:%d'/><g/></c><f/></e%d>`, i, i, i)
	}
	d := NewDecoder(strings.NewReader(in.String()+streamTail), Limits{})
	if _, err := d.ReadStart(); err != nil {
		t.Fatal(err)
	}
	var el Element
	for i := range n {
		if err := d.ReadElement(&el); err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("{%s}e%d {urn:inner}c {urn:%d}d {urn:inner}g {%s}f", space, i, i, space)
		if got := startNames(t, &el); got != want {
			t.Fatalf("element %d: got %s, want %s", i, got, want)
		}
	}
}

// startNames returns the names of el's start tags, {space}local, in order.
func startNames(t *testing.T, el *Element) string {
	var names []string
	toks := el.Tokens()
	for {
		tok, err := toks.Token()
		if err == io.EOF {
			return strings.Join(names, " ")
		}
		if err != nil {
			t.Fatal(err)
		}
		if s, ok := tok.(xml.StartElement); ok {
			names = append(names, "{"+s.Name.Space+"}"+s.Name.Local)
		}
	}
}
