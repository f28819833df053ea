package xmlstream

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestBadInput_A4_Limits(t *testing.T) {
	lim := Limits{MaxElementBytes: 200, MaxDepth: 4, MaxAttrs: 3, MaxNameBytes: 16, MaxAttrValueBytes: 40}
	long := strings.Repeat("x", 39)
	tests := []struct{ name, body, msg string }{
		{"element bytes", `<m>` + strings.Repeat("x", 300) + `</m>`, "bytes"},
		{"element bytes in attributes", `<m a='` + long + `' b='` + long + `'>` + strings.Repeat("<x/>", 40) + `</m>`, "bytes"},
		{"depth", `<a><b><c><d><e/></d></c></b></a>`, "deeper"},
		{"attributes", `<a b='1' c='2' d='3' e='4'/>`, "attributes"},
		{"declarations count", `<a xmlns:p='1' xmlns:q='2' xmlns:r='3' b='4'/>`, "attributes"},
		{"name", `<abcdefghijklmnopq/>`, "name longer"},
		{"prefixed name", `<abcdefgh:ijklmnopq xmlns:abcdefgh='x'/>`, "name longer"},
		{"attribute name", `<a abcdefghijklmnopq='1'/>`, "name longer"},
		{"end tag name", `<a></abcdefghijklmnopq>`, "name longer"},
		{"attribute value", `<a b='` + strings.Repeat("x", 41) + `'/>`, "value longer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := streamErr(tt.body, lim)
			if errKind(err) != PolicyViolation || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("got %v, want policy-violation about %q", err, tt.msg)
			}
		})
	}
	// At the limits exactly, the same shapes are fine.
	for _, ok := range []string{
		`<a><b><c><d/></c></b></a>`, `<a b='1' c='2' d='3'/>`, `<abcdefghijklmnop/>`,
		`<a b='` + strings.Repeat("x", 40) + `'/>`, `<m>` + strings.Repeat("x", 200-7) + `</m>`,
	} {
		if err := streamErr(ok+streamTail, lim); err != ErrStreamEnd {
			t.Errorf("%s: %v", ok, err)
		}
	}
}

func TestBadInput_A4_HeaderBounded(t *testing.T) {
	lim := Limits{MaxElementBytes: 1000}
	many := "<stream:stream xmlns:stream='" + streamNS + "'"
	for i := 0; i < 100; i++ {
		many += " a" + strings.Repeat("b", i%10) + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "='" + strings.Repeat("v", 50) + "'"
	}
	d := NewDecoder(strings.NewReader(many+">"), lim)
	if _, err := d.ReadStart(); errKind(err) != PolicyViolation {
		t.Fatalf("got %v, want policy-violation", err)
	}
}

// endlessReader returns the same byte forever.
type endlessReader struct {
	c     byte
	total int
}

func (r *endlessReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.c
	}
	r.total += len(p)
	return len(p), nil
}

// TestBadInput_A4_NoUnboundedBuffering feeds endless names, values and
// text: each must fail on its limit having read little more than the limit.
func TestBadInput_A4_NoUnboundedBuffering(t *testing.T) {
	lim := Limits{MaxElementBytes: 64 << 10, MaxNameBytes: 256, MaxAttrValueBytes: 1024}
	tests := []struct {
		name, prefix string
		fill         byte
		readLimit    int
	}{
		{"name", "<", 'a', 8 << 10},
		{"end tag name", "<a></", 'a', 8 << 10},
		{"attribute value", "<a b='", 'x', 8 << 10},
		{"text", "<a>", 'x', 80 << 10},
		{"cdata", "<a><![CDATA[", 'x', 80 << 10},
		{"attribute name", "<a ", 'b', 8 << 10},
		{"whitespace inside tag", "<a", ' ', 80 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &endlessReader{c: tt.fill}
			d := NewDecoder(io.MultiReader(strings.NewReader(tt.prefix), src), lim)
			var el Element
			if err := d.ReadElement(&el); errKind(err) != PolicyViolation {
				t.Fatalf("got %v, want policy-violation", err)
			}
			if src.total > tt.readLimit {
				t.Fatalf("read %d bytes before failing", src.total)
			}
			if len(d.buf) > d.maxBuf() {
				t.Fatalf("read buffer grew to %d", len(d.buf))
			}
		})
	}
}

func TestBadInput_A5_DeepNesting(t *testing.T) {
	for _, depth := range []int{10_000, 100_000} {
		in := strings.Repeat("<a>", depth) + strings.Repeat("</a>", depth)
		src := &countingReader{r: strings.NewReader(in)}
		d := NewDecoder(src, Limits{})
		var el Element
		start := time.Now()
		err := d.ReadElement(&el)
		if errKind(err) != PolicyViolation {
			t.Fatalf("depth %d: got %v, want policy-violation", depth, err)
		}
		if el := time.Since(start); el > time.Second {
			t.Errorf("depth %d: took %v", depth, el)
		}
		if src.n > 8<<10 {
			t.Errorf("depth %d: read %d bytes before failing", depth, src.n)
		}
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// truncationStream is a valid stream exercising every construct the
// Decoder accepts.
const truncationStream = "\xEF\xBB\xBF<?xml version='1.0' encoding='UTF-8'?>\n" +
	`<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' xml:lang='en' to='example.net'>` +
	" \n<message to='a@b/c' id=\"x&amp;y\"><body>héllo &lt;wörld&gt; &#x1F600; &#65;</body>" +
	`<x xmlns:p='urn:p' p:a='v'><p:y/><![CDATA[<raw> & ]]]]><z/></x></message>` + "\r\n" +
	`<presence/><iq type='get'><ping xmlns='urn:xmpp:ping'/></iq >` + "\t" +
	`</stream:stream>`

func TestBadInput_A5_Truncation(t *testing.T) {
	data := []byte(truncationStream)
	if _, err := readStreamTokens(bytes.NewReader(data)); err != nil {
		t.Fatalf("full stream: %v", err)
	}
	for n := 0; n < len(data); n++ {
		for _, oneByte := range []bool{false, true} {
			var r io.Reader = bytes.NewReader(data[:n])
			if oneByte {
				r = &oneByteReader{data: data[:n]}
			}
			_, err := readStreamTokens(r)
			want := io.ErrUnexpectedEOF
			if n == 0 {
				want = io.EOF
			}
			if !errors.Is(err, want) {
				t.Fatalf("cut at %d (oneByte=%v): got %v, want %v", n, oneByte, err, want)
			}
		}
	}
}

func TestBadInput_A5_TruncationFragments(t *testing.T) {
	frag := `<a x='1'><b>t&amp;</b></a> <c/>`
	ends := map[int]bool{0: true, 26: true, 27: true, len(frag): true}
	for n := 0; n <= len(frag); n++ {
		_, err := readAll([]byte(frag[:n]), Limits{})
		if ends[n] {
			if err != nil {
				t.Errorf("cut at %d (between elements): %v", n, err)
			}
		} else if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("cut at %d: got %v, want ErrUnexpectedEOF", n, err)
		}
	}
}

// cutReader passes on the first left tokens of r, then returns io.EOF.
type cutReader struct {
	r    xml.TokenReader
	left int
}

func (c *cutReader) Token() (xml.Token, error) {
	if c.left == 0 {
		return nil, io.EOF
	}
	c.left--
	return c.r.Token()
}

func TestBadInput_A5_TruncatedTokenReader(t *testing.T) {
	d := NewDecoder(strings.NewReader(`<a><b>text</b><c/></a>`), Limits{})
	var el Element
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	for cut := 0; cut < 7; cut++ {
		var out bytes.Buffer
		w := NewWriter(&out)
		err := w.Copy(&cutReader{r: el.Tokens(), left: cut})
		if cut == 0 {
			if err != nil {
				t.Errorf("cut 0: %v", err)
			}
			continue
		}
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("cut %d: got %v, want ErrUnexpectedEOF", cut, err)
		}
	}
}

// TestBadInput_A4_NameTableBounded sends ever new names: the Decoder's
// symbol table must stay bounded, and names of elements read earlier must
// stay intact.
func TestBadInput_A4_NameTableBounded(t *testing.T) {
	var in strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&in, `<e%d xmlns:p%d='urn:%d' p%d:a%d='v'/>`, i, i, i, i, i)
	}
	d := NewDecoder(strings.NewReader(header+in.String()+streamTail), Limits{})
	if _, err := d.ReadStart(); err != nil {
		t.Fatal(err)
	}
	var kept []*Element
	var el Element
	for i := 0; ; i++ {
		err := d.ReadElement(&el)
		if err == ErrStreamEnd {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if d.syms.bytes > 2*maxTableBytes {
			t.Fatalf("symbol table holds %d bytes", d.syms.bytes)
		}
		if i%500 == 0 {
			kept = append(kept, el.Clone())
			// The stream's own namespaces survive the renewals.
			if ns, _ := d.LookupPrefix("stream"); ns != streamNS {
				t.Fatalf("stream prefix bound to %q", ns)
			}
		}
	}
	for j, c := range kept {
		i := j * 500
		if c.Name() != name("jabber:client", fmt.Sprintf("e%d", i)) {
			t.Fatalf("element %d now named %v", i, c.Name())
		}
		if v, ok := c.AttrNS(fmt.Sprintf("urn:%d", i), fmt.Sprintf("a%d", i)); !ok || v != "v" {
			t.Fatalf("element %d lost its attribute: %v", i, c.Attrs())
		}
	}
}

// chunkReader returns its data n bytes at a time.
type chunkReader struct {
	data []byte
	n    int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	k := min(r.n, len(p), len(r.data))
	copy(p, r.data[:k])
	r.data = r.data[k:]
	return k, nil
}

func TestLargeElementAcrossBuffers(t *testing.T) {
	big := strings.Repeat("abc&amp;déf\r\n<![CDATA[x]]>", 2000)
	want := strings.Repeat("abc&déf\nx", 2000)
	val := strings.Repeat("v&lt;ü", 3000)
	in := `<m xmlns='jabber:client' a='` + val + `'><body>` + big + `</body></m>`
	for _, n := range []int{1, 7, 4095, 4096, 4097, 1 << 20} {
		d := NewDecoder(&chunkReader{data: []byte(in), n: n}, Limits{})
		var el Element
		if err := d.ReadElement(&el); err != nil {
			t.Fatalf("chunks of %d: %v", n, err)
		}
		body, _ := el.Child("jabber:client", "body")
		if body.Text() != want || el.Attr("a") != strings.Repeat("v<ü", 3000) {
			t.Fatalf("chunks of %d: content differs", n)
		}
		if el.Size() != len(in) {
			t.Fatalf("chunks of %d: size %d, want %d", n, el.Size(), len(in))
		}
	}
}

// TestBadInput_A4_MemoryPerElement reads elements of the default maximum
// size built to cost the most memory: many tiny elements. What the Decoder
// allocates stays a small multiple of the limit, the Element does not keep
// the storage afterwards, and ever new names are refused early.
func TestBadInput_A4_MemoryPerElement(t *testing.T) {
	var distinct strings.Builder
	distinct.WriteString("<r>")
	for i := range 2000 {
		fmt.Fprintf(&distinct, "<e%x/>", i)
	}
	d := NewDecoder(strings.NewReader(distinct.String()), Limits{})
	var el Element
	if err := d.ReadElement(&el); errKind(err) != PolicyViolation {
		t.Fatalf("2000 distinct names: got %v", err)
	}

	var in strings.Builder
	in.WriteString("<r>")
	for in.Len() < defaultMaxElementBytes-64 {
		in.WriteString("<a/>")
	}
	in.WriteString("</r><small/>")
	d = NewDecoder(strings.NewReader(in.String()), Limits{})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	total := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %d MiB for a %d KiB element", total>>20, in.Len()>>10)
	if total > 32*defaultMaxElementBytes {
		t.Fatalf("allocated %d bytes for one element", total)
	}
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	if cap(el.toks) > maxKeptTokens {
		t.Fatalf("Element kept %d tokens of storage", cap(el.toks))
	}
}
