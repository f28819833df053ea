package jid

import (
	"encoding"
	"encoding/xml"
	"errors"
	"testing"
)

var (
	_ encoding.TextMarshaler   = JID{}
	_ encoding.TextUnmarshaler = (*JID)(nil)
	_ xml.MarshalerAttr        = JID{}
	_ xml.UnmarshalerAttr      = (*JID)(nil)
)

func TestText(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"", "", nil},
		{"Juliet@Example.com/Balcony", "juliet@example.com/Balcony", nil},
		{"juliet@", "", ErrDomainpart},
	}
	for _, tc := range tests {
		j := MustParse("stale@example.com")
		err := j.UnmarshalText([]byte(tc.in))
		if !errors.Is(err, tc.err) || err != nil && tc.err == nil {
			t.Errorf("UnmarshalText(%q) error %v, want %v", tc.in, err, tc.err)
			continue
		}
		if err != nil {
			continue
		}
		out, err := j.MarshalText()
		if err != nil || string(out) != tc.want {
			t.Errorf("UnmarshalText(%q) then MarshalText = %q, %v; want %q", tc.in, out, err, tc.want)
		}
	}
}

type stanza struct {
	XMLName xml.Name `xml:"message"`
	To      JID      `xml:"to,attr"`
	From    JID      `xml:"from,attr,omitempty"`
	Body    JID      `xml:"body"`
}

func TestXML(t *testing.T) {
	in := stanza{To: MustParse("b@example.net/bench"), Body: MustParse("example.net")}
	out, err := xml.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	const want = `<message to="b@example.net/bench"><body>example.net</body></message>`
	if string(out) != want {
		t.Fatalf("xml.Marshal = %s, want %s", out, want)
	}
	empty, err := xml.Marshal(stanza{})
	if err != nil || string(empty) != `<message><body></body></message>` {
		t.Fatalf("xml.Marshal of zero JIDs = %s, %v; want the attributes left out", empty, err)
	}
	var back stanza
	if err := xml.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if back.To != in.To || !back.From.IsZero() || back.Body != in.Body {
		t.Fatalf("round trip gave %+v, want %+v", back, in)
	}
}

func TestXMLAttr(t *testing.T) {
	name := xml.Name{Local: "to"}
	if a, err := (JID{}).MarshalXMLAttr(name); err != nil || a != (xml.Attr{}) {
		t.Errorf("zero JID MarshalXMLAttr = %v, %v; want the zero Attr", a, err)
	}
	j := MustParse("stale@example.com")
	if err := j.UnmarshalXMLAttr(xml.Attr{Name: name}); err != nil || !j.IsZero() {
		t.Errorf("empty attribute gave %q, %v; want the zero JID", j, err)
	}
	if err := j.UnmarshalXMLAttr(xml.Attr{Name: name, Value: "A@B"}); err != nil || j.String() != "a@b" {
		t.Errorf("UnmarshalXMLAttr(A@B) gave %q, %v", j, err)
	}
	var bad stanza
	err := xml.Unmarshal([]byte(`<message to="@example.com"/>`), &bad)
	if !errors.Is(err, ErrLocalpart) {
		t.Errorf("xml.Unmarshal with a bad JID: %v, want ErrLocalpart", err)
	}
}
