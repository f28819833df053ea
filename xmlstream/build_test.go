package xmlstream

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"testing"
)

func TestBuilders(t *testing.T) {
	ns := "urn:x"
	errBody := errors.New("body failed")
	tests := []struct {
		name    string
		write   func(e Encoder) error
		want    string
		wantErr error
	}{
		{"text element", func(e Encoder) error {
			return e.TextElement(name(ns, "a"), "x<y")
		}, `<a xmlns="urn:x">x&lt;y</a>`, nil},
		{"text element with attributes", func(e Encoder) error {
			return e.TextElement(name(ns, "a"), "hi", xattr(xmlNS, "lang", "en"), xattr("", "k", "v"))
		}, `<a xmlns="urn:x" xml:lang="en" k="v">hi</a>`, nil},
		{"empty text is an empty element", func(e Encoder) error {
			return e.TextElement(name(ns, "a"), "")
		}, `<a xmlns="urn:x"/>`, nil},
		{"bad text writes nothing", func(e Encoder) error {
			return e.TextElement(name(ns, "a"), "\x00")
		}, ``, ErrInvalidChar},
		{"bad name writes nothing", func(e Encoder) error {
			return e.TextElement(name(ns, "1a"), "x")
		}, ``, ErrInvalidName},
		{"empty element", func(e Encoder) error {
			return e.EmptyElement(name(ns, "a"), xattr("", "k", "v"))
		}, `<a xmlns="urn:x" k="v"/>`, nil},
		{"element with children", func(e Encoder) error {
			return e.Element(name(ns, "a"), []xml.Attr{xattr("", "k", "v")}, func(e Encoder) error {
				if err := e.TextElement(name(ns, "b"), "1"); err != nil {
					return err
				}
				return e.EmptyElement(name("urn:y", "c"))
			})
		}, `<a xmlns="urn:x" k="v"><b>1</b><c xmlns="urn:y"/></a>`, nil},
		{"element without body", func(e Encoder) error {
			return e.Element(name(ns, "a"), nil, nil)
		}, `<a xmlns="urn:x"/>`, nil},
		{"nested marshaler", func(e Encoder) error {
			return e.Element(name(ns, "a"), nil, func(e Encoder) error {
				return e.Marshal(TextElement{Name: name(ns, "b"), Text: "t"})
			})
		}, `<a xmlns="urn:x"><b>t</b></a>`, nil},
		{"failing body writes nothing", func(e Encoder) error {
			return e.Element(name(ns, "a"), nil, func(e Encoder) error {
				if err := e.TextElement(name(ns, "b"), "1"); err != nil {
					return err
				}
				return errBody
			})
		}, ``, errBody},
		{"body leaving an element open", func(e Encoder) error {
			return e.Element(name(ns, "a"), nil, func(e Encoder) error { return e.Start(name(ns, "b")) })
		}, ``, ErrEndMismatch},
		{"body closing the element", func(e Encoder) error {
			return e.Element(name(ns, "a"), nil, func(e Encoder) error { return e.End() })
		}, ``, ErrEndMismatch},
		{"text element value", TextElement{Name: name(ns, "a"), Text: "t", Attr: []xml.Attr{xattr("", "k", "v")}}.WriteXML,
			`<a xmlns="urn:x" k="v">t</a>`, nil},
		{"empty element value", EmptyElement{Name: name(ns, "a")}.WriteXML, `<a xmlns="urn:x"/>`, nil},
		{"struct", Struct(struct {
			XMLName xml.Name `xml:"urn:x a"`
			B       string   `xml:"b"`
		}{B: "1"}).WriteXML, `<a xmlns="urn:x"><b>1</b></a>`, nil},
		{"struct that is a marshaler", Struct(EmptyElement{Name: name(ns, "a")}).WriteXML, `<a xmlns="urn:x"/>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(&buf)
			err := tt.write(w.Encoder())
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if w.Depth() != 0 {
				t.Fatalf("depth %d after write", w.Depth())
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// The builders are for the hot path: common use must not allocate.
func TestBuildersAllocate(t *testing.T) {
	w := NewWriter(discard{})
	e := w.Encoder()
	a, b := name("urn:x", "a"), name("urn:x", "b")
	text := "hello"
	tests := []struct {
		name string
		f    func() error
	}{
		{"TextElement", func() error { return e.TextElement(a, text, xattr("", "k", text)) }},
		{"EmptyElement", func() error { return e.EmptyElement(a, xattr("", "k", text)) }},
		{"Element", func() error {
			return e.Element(a, []xml.Attr{xattr("", "k", text)}, func(e Encoder) error {
				return e.TextElement(b, text)
			})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if n := testing.AllocsPerRun(100, func() {
				if err := tt.f(); err != nil {
					t.Fatal(err)
				}
			}); n != 0 {
				t.Errorf("%v allocations, want 0", n)
			}
		})
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func BenchmarkBuilders(b *testing.B) {
	w := NewWriter(discard{})
	e := w.Encoder()
	msg, body := name("jabber:client", "message"), name("jabber:client", "body")
	to := "juliet@example.com"
	b.ReportAllocs()
	for b.Loop() {
		err := e.Element(msg, []xml.Attr{xattr("", "to", to), xattr("", "type", "chat")}, func(e Encoder) error {
			return e.TextElement(body, "hello")
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleEncoder_Element() {
	w := NewWriter(os.Stdout)
	e := w.Encoder()
	item := xml.Name{Space: "jabber:iq:roster", Local: "item"}
	err := e.Element(item, []xml.Attr{{Name: xml.Name{Local: "jid"}, Value: "juliet@example.com"}}, func(e Encoder) error {
		return e.TextElement(xml.Name{Space: item.Space, Local: "group"}, "Friends")
	})
	if err != nil {
		fmt.Println(err)
	}
	_ = w.Flush()
	// Output: <item xmlns="jabber:iq:roster" jid="juliet@example.com"><group>Friends</group></item>
}
