package xmlstream

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// shortHeader is a stream header within the tight limits of the tests.
const shortHeader = `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`

// streamErr reads shortHeader+body as a stream and returns the first error.
func streamErr(body string, lim Limits) error {
	d := NewDecoder(strings.NewReader(shortHeader+body), lim)
	if _, err := d.ReadStart(); err != nil {
		return err
	}
	var el Element
	for {
		if err := d.ReadElement(&el); err != nil {
			return err
		}
	}
}

type badCase struct {
	name, body string
	kind       ErrorKind
}

func runBad(t *testing.T, cases []badCase, lim Limits) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			err := streamErr(tt.body, lim)
			if k := errKind(err); k != tt.kind {
				t.Fatalf("got %v, want %v", err, tt.kind)
			}
		})
	}
}

func TestBadInput_A1_EntityExpansion(t *testing.T) {
	billion := `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`
	d := NewDecoder(strings.NewReader(billion), Limits{})
	if _, err := d.ReadStart(); errKind(err) != RestrictedXML {
		t.Fatalf("DOCTYPE before the stream: got %v", err)
	}
	runBad(t, []badCase{
		{"doctype inside stream", `<!DOCTYPE x [<!ENTITY a "b">]>`, RestrictedXML},
		{"doctype inside stanza", `<m><!DOCTYPE x></m>`, RestrictedXML},
		{"entity declaration", `<m><!ENTITY a "b"></m>`, RestrictedXML},
		{"external entity reference", `<m>&xxe;</m>`, RestrictedXML},
		{"entity in attribute", `<m a='&lol;'/>`, RestrictedXML},
	}, Limits{})
}

func TestBadInput_A2_Restricted(t *testing.T) {
	runBad(t, []badCase{
		{"comment top level", `<!-- hi -->`, RestrictedXML},
		{"comment in stanza", `<message><!-- hi --></message>`, RestrictedXML},
		{"processing instruction top level", `<?foo bar?>`, RestrictedXML},
		{"processing instruction in stanza", `<message><?foo bar?></message>`, RestrictedXML},
		{"xml declaration mid-stream", `<?xml version='1.0'?>`, RestrictedXML},
		{"stylesheet pi", `<?xml-stylesheet href='a'?>`, RestrictedXML},
		{"doctype", `<!DOCTYPE html>`, RestrictedXML},
		{"custom entity", `<message>&custom;</message>`, RestrictedXML},
		{"custom entity with colon", `<message>&a:b;</message>`, RestrictedXML},
		{"long custom entity", `<message>&` + strings.Repeat("a", 200) + `;</message>`, RestrictedXML},
	}, Limits{})
	d := NewDecoder(strings.NewReader(`<!-- x --><stream:stream>`), Limits{})
	if _, err := d.ReadStart(); errKind(err) != RestrictedXML {
		t.Fatalf("comment before the header: got %v", err)
	}
}

func TestBadInput_A7_Smuggling(t *testing.T) {
	runBad(t, []badCase{
		{"invalid utf8 text", "<m>\xff</m>", NotWellFormed},
		{"invalid utf8 attr", "<m a='\xc3'/>", NotWellFormed},
		{"truncated utf8 before tag", "<m>\xe6\x97</m>", NotWellFormed},
		{"overlong slash", "<m>\xc0\xaf</m>", NotWellFormed},
		{"overlong lt", "<m>\xc0\xbc/m></m>", NotWellFormed},
		{"surrogate", "<m>\xed\xa0\x80</m>", NotWellFormed},
		{"U+FFFE", "<m>\xef\xbf\xbe</m>", NotWellFormed},
		{"U+FFFF", "<m a='\xef\xbf\xbf'/>", NotWellFormed},
		{"NUL", "<m>\x00</m>", NotWellFormed},
		{"NUL in attr", "<m a='\x00'/>", NotWellFormed},
		{"control char", "<m>\x1b[31m</m>", NotWellFormed},
		{"invalid utf8 in name", "<m\xff/>", NotWellFormed},
		{"char ref NUL", "<m>&#0;</m>", NotWellFormed},
		{"char ref FFFE", "<m>&#xFFFE;</m>", NotWellFormed},
		{"char ref surrogate", "<m>&#xD800;</m>", NotWellFormed},
		{"char ref too big", "<m>&#x110000;</m>", NotWellFormed},
		{"char ref huge", "<m>&#99999999999999999999;</m>", NotWellFormed},
		{"char ref control", "<m a='&#x1;'/>", NotWellFormed},
		{"char ref uppercase X", "<m>&#X41;</m>", NotWellFormed},
		{"char ref empty", "<m>&#;</m>", NotWellFormed},
		{"bare ampersand", "<m>a & b</m>", NotWellFormed},
		{"unterminated reference", "<m>&amp</m>", NotWellFormed},
		{"lt in attribute", "<message to='a<body>'/>", NotWellFormed},
		{"unclosed tag in attribute", "<message to='a'><body>x</body><x y='</message><message to=\"evil\">'/></message>", NotWellFormed},
		{"unquoted attribute", "<m a=b/>", NotWellFormed},
		{"missing space between attributes", "<m a='1'b='2'/>", NotWellFormed},
		{"mismatched end tag", "<message><body></message></body>", NotWellFormed},
		{"end tag other prefix", "<p:m xmlns:p='u' xmlns:q='u'></q:m>", NotWellFormed},
		{"cdata end in text", "<m>]]></m>", NotWellFormed},
		{"unbound element prefix", "<p:m/>", NotWellFormed},
		{"unbound attribute prefix", "<m p:a='1'/>", NotWellFormed},
		{"duplicate attribute", "<m a='1' a='2'/>", NotWellFormed},
		{"duplicate resolved attribute", "<m xmlns:p='u' xmlns:q='u' p:a='1' q:a='2'/>", NotWellFormed},
		{"duplicate xml:lang", "<m xml:lang='en' xml:lang='de'/>", NotWellFormed},
		{"duplicate declaration", "<m xmlns='a' xmlns='b'/>", NotWellFormed},
		{"empty prefixed declaration", "<m xmlns:p=''/>", NotWellFormed},
		{"xml prefix rebound", "<m xmlns:xml='urn:x'/>", NotWellFormed},
		{"xmlns prefix declared", "<m xmlns:xmlns='urn:x'/>", NotWellFormed},
		{"xml namespace to other prefix", "<m xmlns:p='http://www.w3.org/XML/1998/namespace'/>", NotWellFormed},
		{"xml namespace as default", "<m xmlns='http://www.w3.org/XML/1998/namespace'/>", NotWellFormed},
		{"xmlns namespace declared", "<m xmlns:p='http://www.w3.org/2000/xmlns/'/>", NotWellFormed},
		{"xmlns namespace as default", "<m xmlns='http://www.w3.org/2000/xmlns/'/>", NotWellFormed},
		{"element with xmlns prefix", "<xmlns:m/>", NotWellFormed},
		{"two colons", "<a:b:c xmlns:a='u'/>", NotWellFormed},
		{"empty local", "<a: xmlns:a='u'/>", NotWellFormed},
		{"empty prefix", "<:a/>", NotWellFormed},
		{"digit start", "<1a/>", NotWellFormed},
		{"local digit start", "<p:1a xmlns:p='u'/>", NotWellFormed},
		{"space after lt", "< m/>", NotWellFormed},
		{"cdata at top level", "<![CDATA[x]]>", NotWellFormed},
		{"text at top level", "hello", NotWellFormed},
		{"stray end tag", "</message>", NotWellFormed},
		{"end tag of wrong stream", "</stream:other>", NotWellFormed},
	}, Limits{})
}

func TestBadInput_A7_NamespaceSeparators(t *testing.T) {
	// Namespace URIs are opaque strings: separators, spaces and braces
	// inside them stay inside Name.Space and never split a name.
	uris := []string{"urn:a b", "urn:x}y", "http://a/b c\tx", "urn:evil\u00a0name", "jabber:client message"}
	for _, uri := range uris {
		esc := strings.ReplaceAll(uri, "\t", "&#9;")
		in := `<m xmlns='` + esc + `' xmlns:p='` + esc + `' p:a='1'><p:b/></m>`
		d := NewDecoder(strings.NewReader(in), Limits{})
		var el Element
		if err := d.ReadElement(&el); err != nil {
			t.Fatalf("%q: %v", uri, err)
		}
		if el.Name().Space != uri || el.Name().Local != "m" {
			t.Errorf("%q: name %+v", uri, el.Name())
		}
		if v, ok := el.AttrNS(uri, "a"); !ok || v != "1" {
			t.Errorf("%q: attribute lost", uri)
		}
		if c, ok := el.FirstChild(); !ok || c.Space != uri || c.Local != "b" {
			t.Errorf("%q: child %+v", uri, c)
		}
	}
}

func TestBadInput_A8_WhitespaceBetween(t *testing.T) {
	body := " \n\r\n\t <presence/>\n\n   <message><body>x</body></message> \t \n" + streamTail
	got, err := readStreamTokens(strings.NewReader(header + " " + body))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("read %d elements, want 2", len(got))
	}
}

func TestBadInput_A8_StreamEndThenEOF(t *testing.T) {
	for _, tail := range []string{streamTail, streamTail + "\n", "</stream:stream >"} {
		d := NewDecoder(strings.NewReader(header+`<presence/>`+tail), Limits{})
		if _, err := d.ReadStart(); err != nil {
			t.Fatal(err)
		}
		var el Element
		if err := d.ReadElement(&el); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if err := d.ReadElement(&el); err != ErrStreamEnd {
				t.Fatalf("%q: got %v, want ErrStreamEnd", tail, err)
			}
		}
	}
	// EOF right after the header, or between stanzas, is unexpected.
	d := NewDecoder(strings.NewReader(header+`<presence/>`), Limits{})
	if _, err := d.ReadStart(); err != nil {
		t.Fatal(err)
	}
	var el Element
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	if err := d.ReadElement(&el); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("got %v, want ErrUnexpectedEOF", err)
	}
}

func TestReaderErrors(t *testing.T) {
	boom := errors.New("boom")
	d := NewDecoder(io.MultiReader(strings.NewReader("<a>"), &errReader{boom}), Limits{})
	var el Element
	if err := d.ReadElement(&el); err != boom {
		t.Fatalf("got %v, want the reader's error", err)
	}
	d = NewDecoder(&errReader{nil}, Limits{})
	if err := d.ReadElement(&el); err != io.ErrNoProgress {
		t.Fatalf("got %v, want io.ErrNoProgress", err)
	}
}

type errReader struct{ err error }

func (r *errReader) Read([]byte) (int, error) { return 0, r.err }

// TestBadInput_A7_NamesAfterEviction checks that names compare equal however
// many other names came between them: duplicate attributes are still caught,
// end tags still match and prefixes still resolve, on the fast and the slow
// (one byte at a time) paths.
func TestBadInput_A7_NamesAfterEviction(t *testing.T) {
	var many strings.Builder
	for i := range 300 {
		fmt.Fprintf(&many, " n%d='%d'", i, i)
	}
	var children strings.Builder
	for i := range 300 {
		fmt.Fprintf(&children, "<c%d/>", i)
	}
	lim := Limits{MaxAttrs: 1000}
	dup := `<m xmlns:pfx='urn:p' somename='1'` + many.String() + ` somename='2'/>`
	good := `<pfx:m xmlns:pfx='urn:p' somename='1'` + many.String() + `>` + children.String() + `<pfx:x/></pfx:m>`
	for _, oneByte := range []bool{false, true} {
		read := func(in string) error {
			var r io.Reader = strings.NewReader(in)
			if oneByte {
				r = &oneByteReader{data: []byte(in)}
			}
			var el Element
			return NewDecoder(r, lim).ReadElement(&el)
		}
		if err := read(dup); errKind(err) != NotWellFormed {
			t.Fatalf("oneByte=%v: duplicate attribute: got %v", oneByte, err)
		}
		if err := read(good); err != nil {
			t.Fatalf("oneByte=%v: %v", oneByte, err)
		}
	}
}
