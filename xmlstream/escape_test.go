package xmlstream

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
)

// TestBadInput_WriterMinimalEscaping: a relayed stanza must not grow by
// escapes XML does not need, or a server re-encoding it sends its clients
// what they must refuse ('>' in text was written as "&gt;", '"' in values as
// "&quot;": 300 KB became 1.05 MB). Each case is written, checked for its
// exact form, and read back unchanged.
func TestBadInput_WriterMinimalEscaping(t *testing.T) {
	tests := []struct {
		name  string
		attr  string
		texts []string // written by consecutive Text calls
		want  string
	}{
		{"greater-than in text", "", []string{"a > b >> c"}, `<a v="">a > b >> c</a>`},
		{"CDATA end in text", "", []string{"x]]>y"}, `<a v="">x]]&gt;y</a>`},
		{"CDATA end across calls", "", []string{"x]]", ">y"}, `<a v="">x]]&gt;y</a>`},
		{"CDATA end across calls, one bracket each", "", []string{"x]", "]", ">y"}, `<a v="">x]]&gt;y</a>`},
		{"brackets then greater-than at start", "", []string{"x]", "]>"}, `<a v="">x]]&gt;</a>`},
		{"greater-than after one bracket", "", []string{"a]>b"}, `<a v="">a]>b</a>`},
		{"quotes in attribute", `say "hi"`, nil, `<a v='say "hi"'></a>`},
		{"apostrophes in attribute", `it's`, nil, `<a v="it's"></a>`},
		{"both quotes, more double", `""'`, nil, `<a v='""&#39;'></a>`},
		{"both quotes, more single", `''"`, nil, `<a v="''&#34;"></a>`},
		{"greater-than in attribute", `a>b`, nil, `<a v="a>b"></a>`},
		{"whitespace in attribute", "\t\n\r ", nil, `<a v="&#9;&#xA;&#xD; "></a>`},
		{"CR in text", "", []string{"a\r\nb"}, "<a v=\"\">a&#xD;\nb</a>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			w := NewWriter(&out)
			if err := w.Start(xml.Name{Local: "a"}, xml.Attr{Name: xml.Name{Local: "v"}, Value: tt.attr}); err != nil {
				t.Fatal(err)
			}
			w.closeStartTag() // an empty element would be written <a/>
			for _, s := range tt.texts {
				if err := w.Text(s); err != nil {
					t.Fatal(err)
				}
			}
			if err := all(w.End(), w.Flush()); err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.want {
				t.Errorf("got  %s\nwant %s", out.String(), tt.want)
			}
			d := NewDecoder(&out, Limits{})
			var el Element
			if err := d.ReadElement(&el); err != nil {
				t.Fatalf("reading back: %v", err)
			}
			if el.Attr("v") != tt.attr || el.Text() != strings.Join(tt.texts, "") {
				t.Errorf("read back v=%q text=%q", el.Attr("v"), el.Text())
			}
		})
	}
}

// TestBadInput_WriterDoesNotGrowQuotesAndBrackets: 300 KB of '>' in text
// and 100 KB of '"' in an attribute are written at their own size.
func TestBadInput_WriterDoesNotGrowQuotesAndBrackets(t *testing.T) {
	text := strings.Repeat(">", 300<<10)
	value := strings.Repeat(`"`, 100<<10)
	var out bytes.Buffer
	w := NewWriter(&out)
	err := all(w.Start(xml.Name{Local: "a"}, xml.Attr{Name: xml.Name{Local: "v"}, Value: value}), w.Text(text), w.End(), w.Flush())
	if err != nil {
		t.Fatal(err)
	}
	if overhead := out.Len() - len(text) - len(value); overhead > 32 {
		t.Errorf("written %d bytes for %d of content", out.Len(), len(text)+len(value))
	}
}
