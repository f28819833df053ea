package xmlstream

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

type chatMessage struct {
	XMLName xml.Name `xml:"jabber:client message"`
	To      string   `xml:"to,attr"`
	Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Body    string   `xml:"body"`
}

type selfWriting struct{ id string }

func (s selfWriting) WriteXML(w Encoder) error {
	return all(w.Start(name("urn:s", "s"), xattr("", "id", s.id)), w.End())
}

func TestWriterEncode(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	w.SetDefaultNS("jabber:client")
	if err := w.Encode(chatMessage{To: "a@b", Lang: "en", Body: "1 < 2"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Encode(selfWriting{id: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Encode(make(chan int)); err == nil {
		t.Fatal("encoding a channel succeeded")
	}
	_ = w.Flush()
	want := `<message to="a@b" xml:lang="en"><body>1 &lt; 2</body></message><s xmlns="urn:s" id="x"/>`
	if out.String() != want {
		t.Fatalf("got  %s\nwant %s", out.String(), want)
	}
}

func TestWriterCopyFromEncodingXML(t *testing.T) {
	in := `<a xmlns="u" xmlns:p="v" p:x="1"><b>t</b><p:c/></a>`
	var out bytes.Buffer
	w := NewWriter(&out)
	if err := w.Copy(xml.NewDecoder(strings.NewReader(in))); err != nil {
		t.Fatal(err)
	}
	_ = w.Flush()
	want := `<a xmlns="u" xmlns:ns0="v" ns0:x="1"><b>t</b><c xmlns="v"/></a>`
	if out.String() != want {
		t.Fatalf("got  %s\nwant %s", out.String(), want)
	}
}

// TestBadInput_A6_RoundTrip checks parse -> encode -> parse keeps names,
// namespaces, attributes and text, for received stanzas that a library
// forwards (carbons, MAM, components).
func TestBadInput_A6_RoundTrip(t *testing.T) {
	inputs := []string{
		`<message xmlns='jabber:client' to='a@b'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='evil'><body>x</body></message></forwarded></message>`,
		`<a xmlns:p='urn:p' xmlns:q='urn:p' p:x='1'><q:b xmlns='urn:d' y='2'><c xmlns:p='urn:other' p:z='3'/></q:b></a>`,
		`<a xmlns='u'><b xmlns=''><c xmlns='u'/></b></a>`,
		"<a v='&#9;&#10;&#13;&lt;&quot;'>&#13;\r\n]]&gt;<![CDATA[<&>]]></a>",
		`<xml:a xml:lang='en'/>`,
	}
	for _, in := range inputs {
		d := NewDecoder(strings.NewReader(in), Limits{})
		var el Element
		if err := d.ReadElement(&el); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		want := elementTokens(&el)
		for range 2 { // twice: the re-encoded form is stable too
			var out bytes.Buffer
			w := NewWriter(&out)
			if err := all(el.WriteXML(w.Encoder()), w.Flush()); err != nil {
				t.Fatal(err)
			}
			d.Reset(&out)
			if err := d.ReadElement(&el); err != nil {
				t.Fatalf("re-reading %s: %v", out.String(), err)
			}
			if got := elementTokens(&el); !slices.Equal(got, want) {
				t.Fatalf("%s:\ngot  %q\nwant %q", in, got, want)
			}
		}
	}
}

// FuzzWriterRoundTrip writes one element with an attribute and text, and
// checks that reading it back gives exactly what was written, or that the
// Writer refused it; and that StartStanza writes what Start writes (and
// EmptyStanza what they write with End).
func FuzzWriterRoundTrip(f *testing.F) {
	f.Add("jabber:client", "message", "", "to", "a@b", "hello")
	f.Add("", "a", xmlNS, "lang", "en", "<&>\r\n")
	f.Add("urn:x", "é", "urn:y", "ü", "\t\"'", "]]>")
	f.Add("u", "a", "", "a", "\x00", "\ufffe")
	f.Add("u", "a", "xmlns", "x", "1", "")
	f.Add("xmlns", "a", "xml", "lang", "1", "")
	f.Add("", "message", "xmlns", "x", "1", "")
	f.Fuzz(func(t *testing.T, space, local, aspace, alocal, value, text string) {
		// StartStanza writes what Start does, with the fuzzed strings
		// as values (the lengths choose which are present).
		checkStanzaAsStart(t, name(space, local), &StanzaAttrs{ID: value, To: text, From: alocal, Lang: aspace, Type: value,
			Has: StanzaAttr(len(text)+len(alocal)) % (HasLang << 1)}, 0)
		var out bytes.Buffer
		w := NewWriter(&out)
		a := xattr(aspace, alocal, value)
		err := w.Start(name(space, local), a)
		if err == nil {
			err = w.Text(text)
			if err := w.End(); err != nil {
				t.Fatal(err)
			}
		}
		if err != nil {
			if !errors.Is(err, ErrInvalidChar) && !errors.Is(err, ErrInvalidName) {
				t.Fatalf("untyped refusal %v", err)
			}
			return
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		wrote := out.String()
		d := NewDecoder(&out, Limits{MaxNameBytes: 1 << 20, MaxAttrValueBytes: 1 << 24, MaxElementBytes: 1 << 26})
		var el Element
		if err := d.ReadElement(&el); err != nil {
			t.Fatalf("reading %q: %v", wrote, err)
		}
		if el.Name() != name(space, local) || el.Text() != text {
			t.Fatalf("got %v %q, want %v %q", el.Name(), el.Text(), name(space, local), text)
		}
		if !isNSDecl(&a) {
			if attrSpace(&a) == "" {
				if el.Attr(alocal) != value {
					t.Fatalf("attribute %q, want %q", el.Attr(alocal), value)
				}
			} else if v, ok := el.AttrNS(attrSpace(&a), alocal); !ok || v != value {
				t.Fatalf("attribute %q, want %q", v, value)
			}
		}
		if err := d.ReadElement(&el); err != io.EOF {
			t.Fatalf("more than one element written: %v", err)
		}
		// StartResolved and StartResolvedAttrs (here in a stream with a
		// content namespace, as the server routes stanzas) take aspace
		// as a namespace name, whatever it is: the attribute reads back
		// in exactly that namespace.
		for _, inherit := range []bool{false, true} {
			out.Reset()
			w = NewWriter(&out)
			start, wantName := w.StartResolved, name(space, local)
			if inherit {
				w.SetContentNS("urn:content")
				start = w.StartResolvedAttrs
				if space == "" {
					wantName.Space = "urn:content"
				}
			}
			if err := start(name(space, local), a); err != nil {
				// Start took a Space "xmlns" attribute for a declaration
				// and ignored it unchecked.
				if a.Name.Space == "xmlns" && (errors.Is(err, ErrInvalidChar) || errors.Is(err, ErrInvalidName)) {
					return
				}
				t.Fatalf("StartResolved (inherit %v) refused what Start wrote: %v", inherit, err)
			}
			if err := all(w.End(), w.Flush()); err != nil {
				t.Fatal(err)
			}
			wrote = out.String()
			d.Reset(&out)
			if err := d.ReadElement(&el); err != nil {
				t.Fatalf("reading %q: %v", wrote, err)
			}
			if el.Name() != wantName {
				t.Fatalf("wrote %q: name %v, want %v", wrote, el.Name(), wantName)
			}
			if v, ok := el.AttrNS(aspace, alocal); !isResolvedDecl(&a) && (!ok || v != value) {
				t.Fatalf("wrote %q: attribute %q, %v, want %q", wrote, v, ok, value)
			}
		}
	})
}
