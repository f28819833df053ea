package xmlstream

import (
	"bytes"
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"testing"
)

// fuzzSeeds are inputs, good and bad, for the Decoder's fuzz targets.
var fuzzSeeds = []string{
	`<message xmlns='jabber:client' to='a@b' type='chat'><body>hi &amp; bye</body></message>`,
	`<a xmlns:p='urn:p' p:x='1'><p:b/><c xmlns=''>t</c></a>`,
	`<a>x<![CDATA[<y>]]>z&#x41;&#66;</a> <b/>`,
	"<a b='1\r\n2\t3'>\r\n</a>",
	`<a xml:lang='en'>é日本😀</a>`,
	`<a><!-- c --></a>`, `<?pi x?><a/>`, `<!DOCTYPE a><a/>`, `<a>&e;</a>`,
	"<a>\xff</a>", "<a>&#0;</a>", `<a></b>`, `<p:a/>`, `<a a='1' a='2'/>`, `<a xmlns:p=''/>`,
	`<?xml version='1.0'?><a/>`, "\xEF\xBB\xBF<a/>", `<a>]]></a>`, `<a b='<'/>`,
	`<a><b><c><d><e><f/></e></d></c></b></a>`,
	truncationStream,
}

// encodingXMLTokens tokenizes data with encoding/xml and normalises the
// tokens the way the Decoder presents them: no xmlns attributes, no
// character data between top-level elements, adjacent character data
// merged. ok is false if encoding/xml rejects the input or returns a token
// kind the Decoder never accepts.
func encodingXMLTokens(data []byte) (out []string, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	depth := 0
	var text []byte
	for {
		t, err := d.Token()
		if err == io.EOF {
			return out, depth == 0
		}
		if err != nil {
			return nil, false
		}
		if _, isText := t.(xml.CharData); !isText && len(text) > 0 {
			out = append(out, formatToken(xml.CharData(text)))
			text = text[:0]
		}
		switch t := t.(type) {
		case xml.StartElement:
			depth++
			t.Attr = slices.DeleteFunc(t.Attr, func(a xml.Attr) bool { return isNSDecl(&a) })
			out = append(out, formatToken(normaliseAttrs(t)))
		case xml.EndElement:
			depth--
			t.Name.Space = normaliseSpace(t.Name.Space)
			out = append(out, formatToken(t))
		case xml.CharData:
			if depth > 0 {
				text = append(text, t...)
			}
		case xml.ProcInst:
			if t.Target != "xml" {
				return nil, false
			}
		default:
			return nil, false
		}
	}
}

// normaliseAttrs maps white space in attribute values to spaces, since
// encoding/xml does not normalise attribute values (XML 1.0 §3.3.3), and
// so in the namespace names too, which are declarations' values.
func normaliseAttrs(t xml.StartElement) xml.StartElement {
	t.Name.Space = normaliseSpace(t.Name.Space)
	for i := range t.Attr {
		t.Attr[i].Name.Space = normaliseSpace(t.Attr[i].Name.Space)
		t.Attr[i].Value = normaliseSpace(t.Attr[i].Value)
	}
	return t
}

// normaliseSpace maps tabs and line ends to spaces. Applied to both
// tokenizers' output: the Decoder keeps a white space character written
// as a character reference (&#10;), encoding/xml a literal one, and they
// are not told apart after it.
func normaliseSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

// decoderTokens reads every top-level element of data with the Decoder and
// returns their tokens, attribute values normalised as for encodingXMLTokens.
func decoderTokens(data []byte) ([]string, error) {
	d := NewDecoder(bytes.NewReader(data), Limits{})
	var out []string
	var el Element
	for {
		if err := d.ReadElement(&el); err == io.EOF {
			return out, nil
		} else if err != nil {
			return nil, err
		}
		tr := el.Tokens()
		for {
			t, err := tr.Token()
			if err != nil {
				break
			}
			switch tt := t.(type) {
			case xml.StartElement:
				t = normaliseAttrs(tt)
			case xml.EndElement:
				tt.Name.Space = normaliseSpace(tt.Name.Space)
				t = tt
			}
			out = append(out, formatToken(t))
		}
	}
}

// FuzzDifferential checks that on input both accept, the Decoder and
// encoding/xml produce the same tokens.
func FuzzDifferential(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ours, err := decoderTokens(data)
		if err != nil {
			return
		}
		theirs, ok := encodingXMLTokens(data)
		if !ok {
			return
		}
		if !slices.Equal(ours, theirs) {
			t.Fatalf("token streams differ on %q\nours   %q\ntheirs %q", data, ours, theirs)
		}
	})
}

// FuzzDecoder checks that the Decoder never panics or hangs, that what it
// accepts survives a round trip through the Writer unchanged, and that the
// accessors agree with the tokens.
func FuzzDecoder(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), false)
		f.Add([]byte(header+s+streamTail), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, stream bool) {
		d := NewDecoder(bytes.NewReader(data), Limits{MaxElementBytes: 4096, MaxDepth: 16, MaxAttrs: 8, MaxNameBytes: 64, MaxAttrValueBytes: 256})
		if stream {
			if _, err := d.ReadStart(); err != nil {
				if err != io.EOF || len(data) > 0 {
					checkDecodeError(t, err)
				}
				return
			}
		}
		// fd reads the same input into elements that have no storage,
		// which it lends them (see lend): they must read as el does,
		// and stay unchanged when the next one is read.
		fd := NewDecoder(bytes.NewReader(data), d.lim)
		if stream {
			if _, err := fd.ReadStart(); err != nil {
				t.Fatalf("ReadStart failed only on the second Decoder: %v", err)
			}
		}
		var el Element
		var prev *Element
		var prevTokens []string
		for {
			err := d.ReadElement(&el)
			fresh := new(Element)
			ferr := fd.ReadElement(fresh)
			if (err == nil) != (ferr == nil) || err != nil && err.Error() != ferr.Error() {
				t.Fatalf("into own storage: %v; into lent storage: %v", err, ferr)
			}
			if prev != nil && !slices.Equal(elementTokens(prev), prevTokens) {
				t.Fatalf("an element read into lent storage changed when the next was read")
			}
			if err != nil {
				if cap(fresh.toks) != 0 || cap(fresh.attrs) != 0 {
					t.Fatal("an element whose read failed kept lent storage")
				}
				if err != io.EOF && err != ErrStreamEnd {
					checkDecodeError(t, err)
				}
				return
			}
			checkElement(t, &el)
			prevTokens = elementTokens(fresh)
			if !slices.Equal(prevTokens, elementTokens(&el)) || fresh.size != el.size {
				t.Fatalf("read into lent storage as %q, into own as %q", prevTokens, elementTokens(&el))
			}
			prev = fresh
		}
	})
}

// checkDecodeError fails unless err is a typed *Error or wraps io.ErrUnexpectedEOF.
func checkDecodeError(t *testing.T, err error) {
	t.Helper()
	if errKind(err) == 0 && !errorsIsUnexpectedEOF(err) {
		t.Fatalf("untyped error %v", err)
	}
}

// checkElement checks an accepted element's invariants.
func checkElement(t *testing.T, el *Element) {
	t.Helper()
	want := elementTokens(el)
	var buf bytes.Buffer
	w := NewWriter(&buf)
	if err := el.WriteXML(w.Encoder()); err != nil {
		t.Fatalf("WriteXML of an accepted element: %v", err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	got, err := readAll(buf.Bytes(), Limits{MaxDepth: 1 << 10})
	if err != nil {
		t.Fatalf("re-reading %q: %v", buf.Bytes(), err)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("round trip changed tokens:\nwrote %q\ngot  %q\nwant %q", buf.Bytes(), got, want)
	}
	if c := el.Clone(); !slices.Equal(elementTokens(c), want) {
		t.Fatal("Clone differs")
	}
	checkStanzaAttrs(t, el)
	n := 0
	for c := range el.Children() {
		if n == 0 {
			if first, ok := el.FirstChild(); !ok || first != c.Name() {
				t.Fatalf("FirstChild %v, first of Children %v", first, c.Name())
			}
		}
		n++
		_ = c.Text()
	}
	if _, ok := el.FirstChild(); ok != (n > 0) {
		t.Fatalf("FirstChild says %v, Children gave %d", ok, n)
	}
}

// TestDifferentialSeeds runs the differential check on the seeds and the
// stanzas of the recorded stream, which both tokenizers must accept.
func TestDifferentialSeeds(t *testing.T) {
	data := mixedStream(t)
	start := bytes.Index(data, []byte("<message"))
	end := bytes.LastIndex(data, []byte("</stream:stream>"))
	stanzas := data[start:end]
	ours, err := decoderTokens(stanzas)
	if err != nil {
		t.Fatal(err)
	}
	theirs, ok := encodingXMLTokens(stanzas)
	if !ok || !slices.Equal(ours, theirs) {
		t.Fatalf("recorded stanzas: encoding/xml ok=%v, equal=%v", ok, slices.Equal(ours, theirs))
	}
	accepted := 0
	for _, s := range fuzzSeeds {
		ours, err := decoderTokens([]byte(s))
		theirs, ok := encodingXMLTokens([]byte(s))
		if err != nil || !ok {
			continue
		}
		accepted++
		if !slices.Equal(ours, theirs) {
			t.Errorf("%q:\nours   %q\ntheirs %q", s, ours, theirs)
		}
	}
	if accepted < 5 {
		t.Fatalf("only %d seeds accepted by both", accepted)
	}
}
