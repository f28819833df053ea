package xmlstream

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

func name(space, local string) xml.Name { return xml.Name{Space: space, Local: local} }

func xattr(space, local, value string) xml.Attr {
	return xml.Attr{Name: name(space, local), Value: value}
}

func TestWriterOutput(t *testing.T) {
	tests := []struct {
		name  string
		setup func(w *Writer)
		write func(w *Writer) error
		want  string
	}{
		{"empty element", nil, func(w *Writer) error {
			return all(w.Start(name("jabber:client", "presence")), w.End())
		}, `<presence xmlns="jabber:client"/>`},
		{"default namespace", func(w *Writer) { w.SetDefaultNS("jabber:client") }, func(w *Writer) error {
			return all(w.Start(name("jabber:client", "message"), xattr("", "to", "a@b")),
				w.Start(name("jabber:client", "body")), w.Text("hi"), w.End(), w.End())
		}, `<message to="a@b"><body>hi</body></message>`},
		{"payload namespace", func(w *Writer) { w.SetDefaultNS("jabber:client") }, func(w *Writer) error {
			return all(w.Start(name("jabber:client", "iq")), w.Start(name("jabber:iq:roster", "query")),
				w.Start(name("jabber:iq:roster", "item"), xattr("", "jid", "x")), w.End(), w.End(),
				w.Start(name("jabber:client", "error")), w.End(), w.End())
		}, `<iq><query xmlns="jabber:iq:roster"><item jid="x"/></query><error/></iq>`},
		{"empty namespace inherits", func(w *Writer) { w.SetDefaultNS("jabber:client") }, func(w *Writer) error {
			return all(w.Start(name("jabber:client", "a")), w.Start(name("", "b")), w.End(), w.Start(name("", "c")), w.End(), w.End())
		}, `<a><b/><c/></a>`},
		{"element in no namespace", func(w *Writer) { w.SetDefaultNS("jabber:client") }, func(w *Writer) error {
			d := NewDecoder(strings.NewReader(`<a xmlns='jabber:client'><b xmlns=''><c/></b><d/></a>`), Limits{})
			var el Element
			return all(d.ReadElement(&el), el.WriteXML(w.Encoder()))
		}, `<a><b xmlns=""><c/></b><d/></a>`},
		{"attribute namespaces", nil, func(w *Writer) error {
			return all(w.Start(name("urn:e", "e"), xattr(xmlNS, "lang", "en"), xattr("urn:a", "x", "1"), xattr("urn:a", "y", "2")),
				w.Start(name("urn:e", "f"), xattr("urn:a", "z", "3")), w.End(), w.End())
		}, `<e xmlns="urn:e" xml:lang="en" xmlns:ns0="urn:a" ns0:x="1" ns0:y="2"><f ns0:z="3"/></e>`},
		{"bound stream prefix", func(w *Writer) { _ = w.BindPrefix("stream", streamNS); w.SetDefaultNS("jabber:client") }, func(w *Writer) error {
			return all(w.Start(name(streamNS, "error")), w.Start(name("urn:ietf:params:xml:ns:xmpp-streams", "not-well-formed")),
				w.End(), w.End())
		}, `<stream:error><not-well-formed xmlns="urn:ietf:params:xml:ns:xmpp-streams"/></stream:error>`},
		{"namespace declarations ignored", nil, func(w *Writer) error {
			return all(w.Start(name("u", "a"), xattr("", "xmlns", "other"), xattr("xmlns", "p", "v")), w.End())
		}, `<a xmlns="u"/>`},
		{"escaping", nil, func(w *Writer) error {
			return all(w.Start(name("", "a"), xattr("", "v", "<&>\"'\t\n\r")), w.Text("<&>\"'\t\n\r]]>"), w.End())
		}, `<a v="&lt;&amp;>&#34;'&#9;&#xA;&#xD;">&lt;&amp;>"'` + "\t\n" + `&#xD;]]&gt;</a>`},
		{"raw header", nil, func(w *Writer) error {
			return all(w.WriteRaw([]byte(`<stream:stream>`)), w.Start(name("", "a")), w.WriteRaw([]byte("x")), w.End())
		}, `<stream:stream><a>x</a>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			w := NewWriter(&out)
			if tt.setup != nil {
				tt.setup(w)
			}
			if err := tt.write(w); err != nil {
				t.Fatal(err)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.want {
				t.Fatalf("got  %s\nwant %s", out.String(), tt.want)
			}
			if w.Depth() != 0 || w.Buffered() != 0 {
				t.Fatalf("depth %d buffered %d", w.Depth(), w.Buffered())
			}
		})
	}
}

// all returns the first non-nil error.
func all(errs ...error) error { return errors.Join(errs...) }

func TestWriterRefuses(t *testing.T) {
	tests := []struct {
		name  string
		write func(w *Writer) error
		want  error
	}{
		{"NUL in text", func(w *Writer) error { return w.Text("a\x00b") }, ErrInvalidChar},
		{"escape in text", func(w *Writer) error { return w.Text("\x1b[0m") }, ErrInvalidChar},
		{"invalid utf8 in text", func(w *Writer) error { return w.Text("\xff") }, ErrInvalidChar},
		{"U+FFFE in text", func(w *Writer) error { return w.Text("\ufffe") }, ErrInvalidChar},
		{"surrogate in text", func(w *Writer) error { return w.Text("\xed\xa0\x80") }, ErrInvalidChar},
		{"control in attribute", func(w *Writer) error { return w.Start(name("", "b"), xattr("", "a", "\x01")) }, ErrInvalidChar},
		{"control in namespace", func(w *Writer) error { return w.Start(name("u\x00", "b")) }, ErrInvalidChar},
		{"invalid utf8 in namespace", func(w *Writer) error { return w.Start(name("urn:&\xff", "b"), xattr("", "a", "1")) }, ErrInvalidChar},
		{"U+FFFE in stanza namespace", func(w *Writer) error { return w.StartStanza(name("urn:\ufffe", "iq"), &StanzaAttrs{}) }, ErrInvalidChar},
		{"control in attr namespace", func(w *Writer) error { return w.Start(name("", "b"), xattr("u\x00", "a", "")) }, ErrInvalidChar},
		{"empty name", func(w *Writer) error { return w.Start(name("", "")) }, ErrInvalidName},
		{"colon in name", func(w *Writer) error { return w.Start(name("", "p:b")) }, ErrInvalidName},
		{"space in name", func(w *Writer) error { return w.Start(name("", "a b")) }, ErrInvalidName},
		{"digit start", func(w *Writer) error { return w.Start(name("", "1b")) }, ErrInvalidName},
		{"markup in name", func(w *Writer) error { return w.Start(name("", "b><evil")) }, ErrInvalidName},
		{"bad attribute name", func(w *Writer) error { return w.Start(name("", "b"), xattr("", "a=", "")) }, ErrInvalidName},
		{"duplicate attribute", func(w *Writer) error { return w.Start(name("", "b"), xattr("", "a", "1"), xattr("", "a", "2")) }, ErrInvalidName},
		{"duplicate common attribute", func(w *Writer) error {
			return w.Start(name("", "b"), xattr("", "id", "1"), xattr("", "to", "x"), xattr("", "a", "y"), xattr("", "id", "2"))
		}, ErrInvalidName},
		{"duplicate after common ones", func(w *Writer) error {
			return w.Start(name("", "b"), xattr("", "a", "1"), xattr("", "type", "x"), xattr("", "from", "y"), xattr("", "a", "2"))
		}, ErrInvalidName},
		{"duplicate xml:lang", func(w *Writer) error {
			return w.Start(name("", "b"), xattr(xmlNS, "lang", "1"), xattr("xml", "lang", "2"))
		}, ErrInvalidName},
		{"end without start", func(w *Writer) error { return w.End() }, ErrNoOpenElement},
		{"text without start", func(w *Writer) error { return w.Text("x") }, ErrNoOpenElement},
		{"comment", func(w *Writer) error { return w.EncodeToken(xml.Comment("x")) }, ErrTokenRefused},
		{"proc inst", func(w *Writer) error { return w.EncodeToken(xml.ProcInst{Target: "x"}) }, ErrTokenRefused},
		{"directive", func(w *Writer) error { return w.EncodeToken(xml.Directive("DOCTYPE x")) }, ErrTokenRefused},
		{"end mismatch", func(w *Writer) error { return w.EncodeToken(xml.EndElement{Name: name("", "zz")}) }, ErrEndMismatch},
		{"bad prefix binding", func(w *Writer) error { return w.BindPrefix("a:b", "u") }, ErrInvalidName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			w := NewWriter(&out)
			if tt.name != "end without start" && tt.name != "text without start" {
				if err := w.Start(name("u", "outer")); err != nil {
					t.Fatal(err)
				}
			}
			before := w.Buffered()
			if err := tt.write(w); !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if w.Buffered() != before {
				t.Fatalf("a refused call wrote %d bytes", w.Buffered()-before)
			}
			// The Writer is still usable and its output well-formed.
			for w.Depth() > 0 {
				if err := w.End(); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if _, err := readAll(out.Bytes(), Limits{}); err != nil {
				t.Fatalf("output %q: %v", out.String(), err)
			}
		})
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	f.n++
	return 0, io.ErrClosedPipe
}

func TestWriterStickyError(t *testing.T) {
	fw := &failWriter{}
	w := NewWriter(fw)
	_ = w.Start(name("", "a"))
	if err := w.Flush(); err != io.ErrClosedPipe {
		t.Fatalf("got %v", err)
	}
	if err := w.Text("x"); err != io.ErrClosedPipe {
		t.Fatalf("error not sticky: %v", err)
	}
	if err := w.Flush(); err != io.ErrClosedPipe || fw.n != 1 {
		t.Fatalf("got %v after %d writes", err, fw.n)
	}
	var out bytes.Buffer
	w.Reset(&out)
	if err := all(w.Start(name("", "b")), w.End(), w.Flush()); err != nil || out.String() != `<b/>` {
		t.Fatalf("after Reset: %v %q", err, out.String())
	}
}

func TestWriterLargeOutputFlushes(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	text := strings.Repeat("x", 1000)
	if err := w.Start(name("", "a")); err != nil {
		t.Fatal(err)
	}
	for range 100 {
		if err := w.Text(text); err != nil {
			t.Fatal(err)
		}
	}
	if out.Len() == 0 || w.Buffered() > flushAt {
		t.Fatalf("wrote %d, buffered %d", out.Len(), w.Buffered())
	}
}

func TestWriterBindPrefixAgain(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	for range 3 { // e.g. once per stream restart
		if err := w.BindPrefix("stream", streamNS); err != nil {
			t.Fatal(err)
		}
	}
	if len(w.binds) != 1 {
		t.Fatalf("%d bindings", len(w.binds))
	}
	if err := all(w.Start(name(streamNS, "features")), w.End(), w.Flush()); err != nil {
		t.Fatal(err)
	}
	if out.String() != `<stream:features/>` {
		t.Fatalf("got %s", out.String())
	}
}

func TestWriterEncodeLarge(t *testing.T) {
	type avatar struct {
		XMLName xml.Name `xml:"urn:xmpp:avatar:data data"`
		ID      string   `xml:"id,attr"`
		Data    string   `xml:",chardata"`
	}
	v := avatar{ID: strings.Repeat("i", 100<<10), Data: strings.Repeat("d", 2<<20)}
	var out bytes.Buffer
	w := NewWriter(&out)
	if err := all(w.Encode(v), w.Flush()); err != nil {
		t.Fatal(err)
	}
	if out.Len() < len(v.ID)+len(v.Data) {
		t.Fatalf("wrote %d bytes", out.Len())
	}
}

func TestWriterEncodeInheritsNamespace(t *testing.T) {
	type ping struct {
		XMLName xml.Name `xml:"iq"`
		Type    string   `xml:"type,attr"`
		Ping    struct {
			XMLName xml.Name `xml:"urn:xmpp:ping ping"`
		}
	}
	var out bytes.Buffer
	w := NewWriter(&out)
	w.SetDefaultNS("jabber:client")
	if err := all(w.Encode(ping{Type: "get"}), w.Flush()); err != nil {
		t.Fatal(err)
	}
	if want := `<iq type="get"><ping xmlns="urn:xmpp:ping"/></iq>`; out.String() != want {
		t.Fatalf("got  %s\nwant %s", out.String(), want)
	}
}

func TestMarshalerFunc(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	f := MarshalerFunc(func(w Encoder) error { return all(w.Start(name("urn:x", "x")), w.End()) })
	if err := all(w.Encode(f), w.Flush()); err != nil {
		t.Fatal(err)
	}
	if out.String() != `<x xmlns="urn:x"/>` {
		t.Fatalf("got %s", out.String())
	}
}

func TestWriterContentNS(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	w.SetContentNS("jabber:client")
	err := all(w.Start(name("", "message")), w.Start(name("", "body")), w.End(), w.End(),
		w.Start(name("urn:ietf:params:xml:ns:xmpp-framing", "close")), w.End(), w.Flush())
	if err != nil {
		t.Fatal(err)
	}
	want := `<message xmlns="jabber:client"><body/></message><close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>`
	if out.String() != want {
		t.Fatalf("got  %s\nwant %s", out.String(), want)
	}
}

// TestStreamBindingChecks: the binding BindPrefix takes without checking
// it is one the checks accept.
func TestStreamBindingChecks(t *testing.T) {
	if err := checkBinding("stream", streamsNS); err != nil {
		t.Fatal(err)
	}
}

// TestEndTagEveryLength writes start and end tags of names of each
// length around putShort's limit, with and without a prefix, after text
// that leaves the buffer from plenty of room to none (writeStart's and
// appendEndTag's stores and their appends).
func TestEndTagEveryLength(t *testing.T) {
	for n := 1; n <= 20; n++ {
		local := strings.Repeat("e", n)
		for _, space := range []string{"", "urn:p"} {
			for before := flushAt - 40; before <= flushAt; before++ {
				var out bytes.Buffer
				w := NewWriter(&out)
				if err := w.BindPrefix("p", "urn:p"); err != nil {
					t.Fatal(err)
				}
				text := strings.Repeat("t", before)
				if err := all(w.Start(name(space, local)), w.Text(text), w.Start(name(space, local)), w.Text(text[:n]),
					w.End(), w.End(), w.Flush()); err != nil {
					t.Fatal(err)
				}
				tag := local
				if space != "" {
					tag = "p:" + local
				}
				if want := "<" + tag + ">" + text + "<" + tag + ">" + text[:n] + "</" + tag + "></" + tag + ">"; out.String() != want {
					t.Fatalf("wrote %q, want %q", out.String(), want)
				}
			}
		}
	}
}
