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

const (
	header     = `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.net' version='1.0'>`
	streamNS   = "http://etherx.jabber.org/streams"
	streamTail = `</stream:stream>`
)

func TestReadStart(t *testing.T) {
	tests := []struct {
		name, in string
		want     string
	}{
		{"decl and header", header, `<{http://etherx.jabber.org/streams}stream {}to="example.net" {}version="1.0">`},
		{"no decl", `<stream:stream xmlns:stream='http://etherx.jabber.org/streams' xml:lang='en'>`,
			`<{http://etherx.jabber.org/streams}stream {http://www.w3.org/XML/1998/namespace}lang="en">`},
		{"bom and full decl", "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\" standalone='yes' ?>\n<s xmlns='urn:x'>",
			`<{urn:x}s>`},
		{"websocket open", `<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="example.com" version="1.0">`,
			`<{urn:ietf:params:xml:ns:xmpp-framing}open {}to="example.com" {}version="1.0">`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDecoder(strings.NewReader(tt.in), Limits{})
			start, err := d.ReadStart()
			if err != nil {
				t.Fatal(err)
			}
			if got := formatToken(start); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestReadStartRejects(t *testing.T) {
	tests := []struct {
		name, in string
		kind     ErrorKind
	}{
		{"self-closing", `<stream:stream xmlns:stream='x'/>`, NotWellFormed},
		{"latin1", `<?xml version='1.0' encoding='ISO-8859-1'?><s>`, UnsupportedEncoding},
		{"utf16", `<?xml version='1.0' encoding='UTF-16'?><s>`, UnsupportedEncoding},
		{"bad version", `<?xml version='2.0'?><s>`, NotWellFormed},
		{"xml 1.1", `<?xml version='1.1'?><s>`, NotWellFormed},
		{"decl without version", `<?xml encoding='UTF-8'?><s>`, NotWellFormed},
		{"decl order", `<?xml encoding='UTF-8' version='1.0'?><s>`, NotWellFormed},
		{"decl after space", ` <?xml version='1.0'?><s>`, RestrictedXML},
		{"two decls", `<?xml version='1.0'?><?xml version='1.0'?><s>`, RestrictedXML},
		{"end tag first", `</s>`, NotWellFormed},
		{"text first", `hello<s>`, NotWellFormed},
		{"unbound stream prefix", `<stream:stream xmlns='jabber:client'>`, NotWellFormed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDecoder(strings.NewReader(tt.in), Limits{})
			_, err := d.ReadStart()
			if k := errKind(err); k != tt.kind {
				t.Fatalf("got %v (kind %v), want kind %v", err, k, tt.kind)
			}
			if _, err2 := d.ReadStart(); err2 != err {
				t.Errorf("error not sticky: %v then %v", err, err2)
			}
		})
	}
}

func TestReadElementStream(t *testing.T) {
	tests := []struct {
		name string
		body string
		want [][]string // formatted tokens per element
	}{
		{"message", `<message to='a@b' type='chat'><body>hi</body></message>`, [][]string{{
			`<{jabber:client}message {}to="a@b" {}type="chat">`, `<{jabber:client}body>`, `"hi"`,
			`</{jabber:client}body>`, `</{jabber:client}message>`}}},
		{"keepalive whitespace", " \n\t<presence/>\n \n<iq/> ", [][]string{
			{`<{jabber:client}presence>`, `</{jabber:client}presence>`},
			{`<{jabber:client}iq>`, `</{jabber:client}iq>`}}},
		{"payload namespace", `<iq><query xmlns='jabber:iq:roster'><item jid='x'/></query></iq>`, [][]string{{
			`<{jabber:client}iq>`, `<{jabber:iq:roster}query>`, `<{jabber:iq:roster}item {}jid="x">`,
			`</{jabber:iq:roster}item>`, `</{jabber:iq:roster}query>`, `</{jabber:client}iq>`}}},
		{"stream prefix inside", `<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>`, [][]string{{
			`<{http://etherx.jabber.org/streams}features>`, `<{urn:ietf:params:xml:ns:xmpp-bind}bind>`,
			`</{urn:ietf:params:xml:ns:xmpp-bind}bind>`, `</{http://etherx.jabber.org/streams}features>`}}},
		{"prefixed payload and attribute", `<message><p:x xmlns:p='urn:p' p:a='1' b='2'><p:y/><z/></p:x></message>`, [][]string{{
			`<{jabber:client}message>`, `<{urn:p}x {urn:p}a="1" {}b="2">`, `<{urn:p}y>`, `</{urn:p}y>`,
			`<{jabber:client}z>`, `</{jabber:client}z>`, `</{urn:p}x>`, `</{jabber:client}message>`}}},
		{"undeclare default", `<a><b xmlns=''><c/></b></a>`, [][]string{{
			`<{jabber:client}a>`, `<{}b>`, `<{}c>`, `</{}c>`, `</{}b>`, `</{jabber:client}a>`}}},
		{"scope ends", `<a><b xmlns='urn:b'/><c/></a>`, [][]string{{
			`<{jabber:client}a>`, `<{urn:b}b>`, `</{urn:b}b>`, `<{jabber:client}c>`, `</{jabber:client}c>`, `</{jabber:client}a>`}}},
		{"rebind prefix", `<a xmlns:p='urn:1'><p:b xmlns:p='urn:2'/><p:c/></a>`, [][]string{{
			`<{jabber:client}a>`, `<{urn:2}b>`, `</{urn:2}b>`, `<{urn:1}c>`, `</{urn:1}c>`, `</{jabber:client}a>`}}},
		{"xml prefix", `<m xml:lang='de' xmlns:xml='http://www.w3.org/XML/1998/namespace'/>`, [][]string{{
			`<{jabber:client}m {http://www.w3.org/XML/1998/namespace}lang="de">`, `</{jabber:client}m>`}}},
		{"references", `<m a='&lt;&amp;&gt;&apos;&quot;&#65;&#x42;&#x1F600;'>&lt;b&gt; &amp;amp; &#233;</m>`, [][]string{{
			`<{jabber:client}m {}a="<&>'\"AB😀">`, `"<b> &amp; é"`, `</{jabber:client}m>`}}},
		{"cdata", `<m>a<![CDATA[<b>&amp;]]]]>c</m>`, [][]string{{
			`<{jabber:client}m>`, `"a<b>&amp;]]c"`, `</{jabber:client}m>`}}},
		{"line ends", "<m a='x\r\ny\tz\nw'>1\r\n2\r3\n</m>", [][]string{{
			`<{jabber:client}m {}a="x y z w">`, `"1\n2\n3\n"`, `</{jabber:client}m>`}}},
		{"char ref whitespace kept", `<m a='&#10;&#9;&#13;'/>`, [][]string{{
			`<{jabber:client}m {}a="\n\t\r">`, `</{jabber:client}m>`}}},
		{"unicode names and text", `<m><ñame ätt='ü'>日本</ñame></m>`, [][]string{{
			`<{jabber:client}m>`, `<{jabber:client}ñame {}ätt="ü">`, `"日本"`, `</{jabber:client}ñame>`, `</{jabber:client}m>`}}},
		{"spaces in tags", "<m\n a = 'b'\t></m >", [][]string{{`<{jabber:client}m {}a="b">`, `</{jabber:client}m>`}}},
		{"mixed content", `<m>a<b/>c<d>e</d>f</m>`, [][]string{{
			`<{jabber:client}m>`, `"a"`, `<{jabber:client}b>`, `</{jabber:client}b>`, `"c"`, `<{jabber:client}d>`,
			`"e"`, `</{jabber:client}d>`, `"f"`, `</{jabber:client}m>`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := header + tt.body + streamTail
			for _, oneByte := range []bool{false, true} {
				var r io.Reader = strings.NewReader(in)
				if oneByte {
					r = &oneByteReader{data: []byte(in)}
				}
				got, err := readStreamTokens(r)
				if err != nil {
					t.Fatalf("oneByte=%v: %v", oneByte, err)
				}
				if !slices.EqualFunc(got, tt.want, slices.Equal) {
					t.Fatalf("oneByte=%v:\ngot  %q\nwant %q", oneByte, got, tt.want)
				}
			}
		})
	}
}

// readStreamTokens reads a whole stream and returns each element's tokens.
func readStreamTokens(r io.Reader) ([][]string, error) {
	d := NewDecoder(r, Limits{})
	if _, err := d.ReadStart(); err != nil {
		return nil, err
	}
	var out [][]string
	var el Element
	for {
		err := d.ReadElement(&el)
		if err == ErrStreamEnd {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, elementTokens(&el))
	}
}

func TestFragments(t *testing.T) {
	in := ` <open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="example.com" version="1.0"/>
<message xmlns='jabber:client'><body>x</body></message>  <close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>`
	got, err := readAll([]byte(in), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`<{urn:ietf:params:xml:ns:xmpp-framing}open {}to="example.com" {}version="1.0">`, `</{urn:ietf:params:xml:ns:xmpp-framing}open>`,
		`<{jabber:client}message>`, `<{jabber:client}body>`, `"x"`, `</{jabber:client}body>`, `</{jabber:client}message>`,
		`<{urn:ietf:params:xml:ns:xmpp-framing}close>`, `</{urn:ietf:params:xml:ns:xmpp-framing}close>`,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	// Fragment mode: end tags and text at the top level are not well-formed.
	for _, in := range []string{`<a/></a>`, `<a/>x`, `<a/>&amp;`, `<a/><![CDATA[x]]>`} {
		if _, err := readAll([]byte(in), Limits{}); errKind(err) != NotWellFormed {
			t.Errorf("%q: got %v, want not-well-formed", in, err)
		}
	}
}

func TestStreamMixedOneByte(t *testing.T) {
	data := mixedStream(t)
	want, err := readStreamTokens(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 300 {
		t.Fatalf("read %d stanzas, want 300", len(want))
	}
	got, err := readStreamTokens(&oneByteReader{data: data})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatal("one byte at a time differs from whole reads")
	}
}

func TestStringsSurviveReuse(t *testing.T) {
	in := `<a x='first'>one</a><a x='second'>two</a>`
	d := NewDecoder(strings.NewReader(in), Limits{})
	var el Element
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	x, text := el.Attr("x"), el.Text()
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	if x != "first" || text != "one" {
		t.Fatalf("strings from the first element changed: %q %q", x, text)
	}
	if el.Attr("x") != "second" || el.Text() != "two" {
		t.Fatalf("second element: %q %q", el.Attr("x"), el.Text())
	}
}

func TestOffsetsAndBuffered(t *testing.T) {
	in := `<a/>  <bb>x</bb>`
	d := NewDecoder(strings.NewReader(in), Limits{})
	var el Element
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	if d.InputOffset() != 4 || el.Size() != 4 {
		t.Errorf("offset %d size %d, want 4 4", d.InputOffset(), el.Size())
	}
	if d.Buffered() != len(in)-4 {
		t.Errorf("Buffered %d, want %d", d.Buffered(), len(in)-4)
	}
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	if d.InputOffset() != int64(len(in)) || el.Size() != 10 {
		t.Errorf("offset %d size %d, want %d 10", d.InputOffset(), el.Size(), len(in))
	}
	if err := d.ReadElement(&el); err != io.EOF {
		t.Errorf("got %v, want io.EOF", err)
	}
}

func TestResetAndRestart(t *testing.T) {
	// Reset drops buffered bytes: the second stream is read from the new reader only.
	d := NewDecoder(strings.NewReader(header+`<a/><b/>`), Limits{})
	var el Element
	if _, err := d.ReadStart(); err != nil {
		t.Fatal(err)
	}
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	d.Reset(strings.NewReader(header + `<c/>` + streamTail))
	if _, err := d.ReadStart(); err != nil {
		t.Fatal(err)
	}
	if err := d.ReadElement(&el); err != nil || el.Name().Local != "c" {
		t.Fatalf("after Reset read %v, %v; want c", el.Name(), err)
	}
	if err := d.ReadElement(&el); err != ErrStreamEnd {
		t.Fatalf("got %v, want ErrStreamEnd", err)
	}
	if err := d.ReadElement(&el); err != ErrStreamEnd {
		t.Fatalf("ErrStreamEnd not sticky: %v", err)
	}

	// Restart keeps buffered bytes: a pipelined new header is read.
	d.Reset(strings.NewReader(header + `<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>` + header + `<d/>`))
	if _, err := d.ReadStart(); err != nil {
		t.Fatal(err)
	}
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ReadStart(); !errors.Is(err, errReadStartTwice) {
		t.Fatalf("second ReadStart without Restart: %v", err)
	}
	d.Restart()
	if _, err := d.ReadStart(); err != nil {
		t.Fatal(err)
	}
	if err := d.ReadElement(&el); err != nil || el.Name() != (xml.Name{Space: "jabber:client", Local: "d"}) {
		t.Fatalf("after Restart read %v, %v", el.Name(), err)
	}
	if ns, ok := d.LookupPrefix("stream"); !ok || ns != streamNS {
		t.Errorf("LookupPrefix(stream) = %q, %v", ns, ok)
	}
}

func TestLimitsDefaults(t *testing.T) {
	if got := (Limits{}).withDefaults(); got != DefaultLimits() {
		t.Fatalf("zero Limits = %+v, want %+v", got, DefaultLimits())
	}
	custom := Limits{MaxDepth: 3, MaxAttrs: -1}
	got := custom.withDefaults()
	if got.MaxDepth != 3 || got.MaxAttrs != defaultMaxAttrs || custom.MaxAttrs != -1 {
		t.Fatalf("withDefaults: %+v (input %+v)", got, custom)
	}
}

func TestSetLimits(t *testing.T) {
	in := `<a><b/></a><a><b/></a>`
	d := NewDecoder(strings.NewReader(in), Limits{})
	var el Element
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	d.SetLimits(Limits{MaxDepth: 1})
	if err := d.ReadElement(&el); errKind(err) != PolicyViolation {
		t.Fatalf("got %v, want policy-violation", err)
	}
}
