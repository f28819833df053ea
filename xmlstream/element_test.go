package xmlstream

import (
	"encoding/xml"
	"slices"
	"strings"
	"testing"
)

const sampleStanza = `<message xmlns='jabber:client' to='a@b' from='c@d/e' xml:lang='en' type='chat'>` +
	`<body>hi &amp; bye</body><x xmlns='urn:x' a='1'>t<y/>u<z>no</z></x><body>second</body></message>`

func readOne(t *testing.T, in string) *Element {
	t.Helper()
	d := NewDecoder(strings.NewReader(in), Limits{})
	el := new(Element)
	if err := d.ReadElement(el); err != nil {
		t.Fatal(err)
	}
	return el
}

func TestElementAccessors(t *testing.T) {
	el := readOne(t, sampleStanza)
	if el.Name() != name("jabber:client", "message") {
		t.Errorf("Name %v", el.Name())
	}
	attrTests := []struct{ local, want string }{{"to", "a@b"}, {"from", "c@d/e"}, {"type", "chat"}, {"id", ""}, {"lang", ""}}
	for _, tt := range attrTests {
		if got := el.Attr(tt.local); got != tt.want {
			t.Errorf("Attr(%q) = %q, want %q", tt.local, got, tt.want)
		}
	}
	if v, ok := el.AttrNS(xmlNS, "lang"); !ok || v != "en" {
		t.Errorf("AttrNS(xml, lang) = %q, %v", v, ok)
	}
	if _, ok := el.AttrNS("", "lang"); ok {
		t.Error("AttrNS found lang without namespace")
	}
	attrs := el.Attrs()
	if len(attrs) != 4 || attrs[0] != xattr("", "to", "a@b") || attrs[2] != xattr(xmlNS, "lang", "en") {
		t.Errorf("Attrs %v", attrs)
	}
	attrs[0].Value = "changed"
	if el.Attr("to") != "a@b" {
		t.Error("Attrs does not copy")
	}
	if start := el.StartElement(); start.Name != el.Name() || len(start.Attr) != 4 {
		t.Errorf("StartElement %v", start)
	}
	if first, ok := el.FirstChild(); !ok || first != name("jabber:client", "body") {
		t.Errorf("FirstChild %v %v", first, ok)
	}
	var names []string
	for c := range el.Children() {
		names = append(names, c.Name().Local+"="+c.Text())
	}
	if want := []string{"body=hi & bye", "x=tu", "body=second"}; !slices.Equal(names, want) {
		t.Errorf("Children %q, want %q", names, want)
	}
	x, ok := el.Child("urn:x", "x")
	if !ok || x.Attr("a") != "1" || x.Text() != "tu" {
		t.Fatalf("Child(urn:x, x) = %v %v", x, ok)
	}
	if z, ok := x.Child("urn:x", "z"); !ok || z.Text() != "no" {
		t.Errorf("nested Child: %v", ok)
	}
	if first, ok := x.FirstChild(); !ok || first.Local != "y" {
		t.Errorf("FirstChild of x: %v", first)
	}
	if b, ok := el.Child("jabber:client", "body"); !ok || b.Text() != "hi & bye" {
		t.Errorf("Child(body) is not the first body")
	}
	if _, ok := el.Child("urn:x", "body"); ok {
		t.Error("Child matched a name in another namespace")
	}
	if el.Text() != "" {
		t.Errorf("Text of message %q", el.Text())
	}
	if el.Size() != len(sampleStanza) {
		t.Errorf("Size %d, want %d", el.Size(), len(sampleStanza))
	}
	for range el.Children() {
		break // stopping early must not panic
	}
}

func TestElementZero(t *testing.T) {
	var el Element
	if el.Name() != (xml.Name{}) || el.Attr("a") != "" || el.Text() != "" || el.Size() != 0 || el.Attrs() != nil {
		t.Fatal("zero Element is not empty")
	}
	if _, ok := el.AttrNS("", "a"); ok {
		t.Fatal("AttrNS on zero Element")
	}
	if _, ok := el.FirstChild(); ok {
		t.Fatal("FirstChild on zero Element")
	}
	if _, ok := el.Child("", "a"); ok {
		t.Fatal("Child on zero Element")
	}
	for range el.Children() {
		t.Fatal("Children on zero Element")
	}
	if tok, err := el.Tokens().Token(); tok != nil || err == nil {
		t.Fatal("Tokens on zero Element")
	}
	if c := el.Clone(); c.Name() != (xml.Name{}) {
		t.Fatal("Clone of zero Element")
	}
}

func TestElementCloneOwnsStorage(t *testing.T) {
	d := NewDecoder(strings.NewReader(sampleStanza+`<presence xmlns='jabber:client' to='z'/>`), Limits{})
	var el Element
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	x, _ := el.Child("urn:x", "x")
	cx := x.Clone()
	c := el.Clone()
	want, wantX := elementTokens(&el), elementTokens(x)
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	if got := elementTokens(c); !slices.Equal(got, want) {
		t.Fatalf("clone changed after reuse:\n%q\n%q", got, want)
	}
	if got := elementTokens(cx); !slices.Equal(got, wantX) || cx.Attr("a") != "1" {
		t.Fatalf("clone of a view: %q", got)
	}
}

func TestElementDecode(t *testing.T) {
	el := readOne(t, sampleStanza)
	var m struct {
		XMLName xml.Name `xml:"jabber:client message"`
		To      string   `xml:"to,attr"`
		Type    string   `xml:"type,attr"`
		Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		Bodies  []string `xml:"body"`
		X       struct {
			A    string `xml:"a,attr"`
			Text string `xml:",chardata"`
			Z    string `xml:"urn:x z"`
		} `xml:"urn:x x"`
	}
	if err := el.Decode(&m); err != nil {
		t.Fatal(err)
	}
	if m.To != "a@b" || m.Type != "chat" || m.Lang != "en" || !slices.Equal(m.Bodies, []string{"hi & bye", "second"}) ||
		m.X.A != "1" || m.X.Text != "tu" || m.X.Z != "no" {
		t.Fatalf("decoded %+v", m)
	}
	var wrong struct {
		XMLName xml.Name `xml:"urn:other message"`
	}
	if err := el.Decode(&wrong); err == nil {
		t.Fatal("decoding into a struct of another namespace succeeded")
	}
}

func TestElementAttrDoesNotAllocate(t *testing.T) {
	el := readOne(t, sampleStanza)
	allocs := testing.AllocsPerRun(100, func() {
		_ = el.Attr("type")
		_, _ = el.AttrNS(xmlNS, "lang")
		_ = el.Name()
		_, _ = el.FirstChild()
	})
	if allocs != 0 {
		t.Fatalf("%v allocations", allocs)
	}
}
