package xmlstream

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// stanzaCopyRef is what StartStanzaCopy is held to: el's attributes, with
// each of a that a.Has marks set in the place of the first of its name,
// or appended, in the order from, to, id, xml:lang, type.
func stanzaCopyRef(el *Element, a *StanzaAttrs) []xml.Attr {
	attrs := el.AppendAttrs(nil)
	for _, f := range []struct {
		has   StanzaAttr
		name  xml.Name
		value string
	}{
		{HasFrom, name("", "from"), a.From},
		{HasTo, name("", "to"), a.To},
		{HasID, name("", "id"), a.ID},
		{HasLang, name(xmlNS, "lang"), a.Lang},
		{HasType, name("", "type"), a.Type},
	} {
		if a.Has&f.has == 0 {
			continue
		}
		i := 0
		for i < len(attrs) && attrs[i].Name != f.name {
			i++
		}
		if i == len(attrs) {
			attrs = append(attrs, xml.Attr{Name: f.name})
		}
		attrs[i].Value = f.value
	}
	return attrs
}

// checkStanzaCopy writes a start tag named n with el's attributes, set
// from a, through StartStanzaCopy and through StartResolvedAttrs, after
// before bytes of text in a root element (so that the buffer has from
// plenty to no room left), or with before -1 at the top level of a
// stream with a content namespace, and fails unless both write the same
// bytes or refuse with the same error.
func checkStanzaCopy(t testing.TB, n xml.Name, el *Element, a *StanzaAttrs, before int) {
	t.Helper()
	write := func(start func(w *Writer) error) (string, error) {
		return writeAfter(t, before, start, true)
	}
	want, wantErr := write(func(w *Writer) error { return w.StartResolvedAttrs(n, stanzaCopyRef(el, a)...) })
	got, err := write(func(w *Writer) error { return w.Encoder().StartStanzaCopy(n, el, a) })
	if got != want || err != wantErr {
		t.Fatalf("StartStanzaCopy(%v, %+v) after %d bytes wrote\n%q, %v; StartResolvedAttrs wrote\n%q, %v", n, *a, before, got, err, want, wantErr)
	}
	// The attributes kept where a server archives a message (at the top
	// level, declaring its content namespace) open a tag here as
	// StartStanzaCopy does.
	var keep CopiedAttrs
	kw := NewWriter(io.Discard)
	kw.SetContentNS("jabber:client")
	if kw.StartStanzaCopyKeep(name("", "message"), el, a, &keep) != nil || !keep.Kept() {
		return
	}
	got, err = write(func(w *Writer) error { return w.Encoder().StartCopied(n, &keep) })
	if got != want || err != wantErr {
		t.Fatalf("StartCopied(%v) of %+v after %d bytes wrote\n%q, %v; StartResolvedAttrs wrote\n%q, %v", n, *a, before, got, err, want, wantErr)
	}
}

// TestCopiedAttrsKept checks that attributes are kept only from the fast
// path, and that StartCopied refuses to start with none.
func TestCopiedAttrsKept(t *testing.T) {
	a := &StanzaAttrs{From: "a@b", Has: HasFrom}
	for _, c := range []struct {
		tag  string
		kept bool
	}{
		{`<message to='x' xml:lang='en'/>`, true},
		{`<message xmlns:p='urn:p' p:x='1'/>`, false},
	} {
		var keep CopiedAttrs
		w := NewWriter(io.Discard)
		if err := w.StartStanzaCopyKeep(name("", "message"), readTestElement(t, c.tag), a, &keep); err != nil || keep.Kept() != c.kept {
			t.Errorf("%s: %v, kept %v, want %v", c.tag, err, keep.Kept(), c.kept)
		}
	}
	// Kept in the CopiedAttrs or in a string of their own, and written
	// the same from a copy of it.
	for _, n := range []int{1, copiedSmall - len(` from="a@b" to=""`), copiedSmall, 300} {
		el := readTestElement(t, `<message to='`+strings.Repeat("x", n)+`'/>`)
		var keep CopiedAttrs
		if err := NewWriter(io.Discard).StartStanzaCopyKeep(name("", "message"), el, a, &keep); err != nil || !keep.Kept() {
			t.Fatalf("%d: %v, kept %v", n, err, keep.Kept())
		}
		kept := keep
		keep = CopiedAttrs{}
		var want, got bytes.Buffer
		ww, wg := NewWriter(&want), NewWriter(&got)
		if err := all(ww.StartStanzaCopy(name("", "message"), el, a), ww.End(), ww.Flush(),
			wg.StartCopied(name("", "message"), &kept), wg.End(), wg.Flush()); err != nil || got.String() != want.String() {
			t.Fatalf("%d: %v: kept wrote\n%s, want\n%s", n, err, got.String(), want.String())
		}
	}
	w := NewWriter(io.Discard)
	if err := w.StartCopied(name("", "message"), &CopiedAttrs{}); err != ErrNotKept || w.Depth() != 0 || w.Buffered() != 0 {
		t.Fatalf("nothing kept: %v, depth %d, %d bytes", err, w.Depth(), w.Buffered())
	}
}

func readTestElement(t testing.TB, in string) *Element {
	t.Helper()
	el := new(Element)
	if err := NewDecoder(strings.NewReader(in), Limits{}).ReadElement(el); err != nil {
		t.Fatalf("%s: %v", in, err)
	}
	return el
}

// TestStartStanzaCopyAsStart holds StartStanzaCopy to StartResolvedAttrs's
// output and refusals: start tags with and without each stanza attribute,
// in their places or not, with others (in no namespace, in the xml one,
// in another, which takes the general path), values of every length up
// to a few words with and without something to escape or refuse, each
// set of attributes to set, in a buffer with room to spare or none.
func TestStartStanzaCopyAsStart(t *testing.T) {
	tags := []string{
		`<message xmlns='jabber:client'/>`,
		`<message xmlns='jabber:client' to='romeo@example.net' id='ktx72v49' type='chat'/>`,
		`<message xmlns='jabber:client' type='chat' from='juliet@example.com/balcony' to='romeo@example.net' id='a' xml:lang='en'/>`,
		`<presence xmlns='jabber:client' xml:lang='de' foo='1' id='x'/>`,
		`<iq xmlns='jabber:client' a-very-long-attribute-name='v' type='get' xml:space='preserve'/>`,
		`<message xmlns='jabber:client' to='a&amp;b' id='&quot;&apos;&#9;&lt;' type='c&gt;'/>`,
		`<message xmlns='jabber:client' xmlns:p='urn:p' to='a' p:x='1' id='i'/>`,
		`<message xmlns='jabber:client' to='' from='' id='' type='' xml:lang=''/>`,
		`<message xmlns='jabber:client' xml:lang='en' xmlns:q='urn:q' q:lang='x'/>`,
	}
	values := []string{"", "a", "ab", "get", "chat", "en-GB", "result", "abcdefg", "abcdefgh", "abcdefghi",
		"0123456789abcdef", "juliet@example.com/balcony", "a\"b", "it's", `"'"`, "x&y", "<", ">", "tab\there",
		"cr\r", "lf\n", "nul\x00", "del\x7f", "café", "\xff", "\ufffe", "0123456789abcde\"", "0123456789abcdef&",
		"01234567\x01"}
	names := []xml.Name{name("", "message"), name("jabber:client", "message"), name("urn:other", "presence"),
		name(xmlNS, "x"), name("", "bad name"), name("urn:\x00", "iq"), name(xmlnsNS, "iq"), name("", "")}
	for ti, tag := range tags {
		el := readTestElement(t, tag)
		for i := range values {
			v := func(k int) string { return values[(i+k)%len(values)] }
			for has := range HasLang << 1 {
				a := &StanzaAttrs{ID: v(0), To: v(1), From: v(2), Lang: v(3), Type: v(4), Has: has}
				n := names[(ti+i+int(has))%len(names)]
				checkStanzaCopy(t, n, el, a, 0)
				checkStanzaCopy(t, n, el, a, -1)
				a = &StanzaAttrs{ID: v(0), To: v(0), From: v(0), Lang: v(0), Type: v(0), Has: has}
				checkStanzaCopy(t, name("", "message"), el, a, 4096-8*int(has))
			}
		}
	}
	// An element emptied by Invalidate has no attributes to copy.
	el := readTestElement(t, tags[2])
	el.Invalidate()
	checkStanzaCopy(t, name("", "message"), el, &StanzaAttrs{From: "a@b", Has: HasFrom}, 0)
}

// TestStanzaCopyRoom checks that appendCopiedAttrs stores nothing past
// the room stanzaCopyRoom makes (bytes after the buffer's capacity that
// it would overwrite are marked), for values of each length up to two
// words, attributes of the element's own and set, in place and added.
func TestStanzaCopyRoom(t *testing.T) {
	for n := range 17 {
		v := strings.Repeat("v", n)
		tags := []string{`<m/>`, `<m to='` + v + `'/>`, `<m xml:lang='` + v + `' x='` + v + `'/>`,
			`<m id='` + v + `' type='` + v + `' xml:space='` + v + `' from='` + v + `'/>`}
		for _, tag := range tags {
			el := readTestElement(t, tag)
			for has := range HasLang << 1 {
				a := &StanzaAttrs{ID: v, To: v, From: v, Lang: v, Type: v, Has: has}
				local := []string{"", "iq", "presence"}[int(has)%3]
				as := el.rootAttrs()
				room, ok := stanzaCopyRoom(el, as, a)
				if !ok {
					t.Fatalf("%s: general path", tag)
				}
				room += len("<") + len(local)
				mem := bytes.Repeat([]byte{0xAA}, room+16)
				w := NewWriter(io.Discard)
				w.buf = mem[:0:room]
				if err := w.appendCopiedAttrs(local, el, as, a, room-len("<")-len(local)); err != nil {
					t.Fatal(err)
				}
				if &w.buf[:1][0] != &mem[0] {
					t.Fatalf("room %d for %s, %+v was not enough: the buffer grew", room, tag, *a)
				}
				if bytes.Count(mem[room:], []byte{0xAA}) != 16 {
					t.Fatalf("%s, %+v: stored past the room of %d bytes: %q", tag, *a, room, mem)
				}
			}
		}
	}
}

// FuzzStartStanzaCopy holds StartStanzaCopy to StartResolvedAttrs on
// whatever start tag the Decoder reads and whatever values are set.
func FuzzStartStanzaCopy(f *testing.F) {
	f.Add(`<message xmlns='jabber:client' to='a@b' type='chat' id='1'/>`, "i", "t", "f@x/r", "en", "chat", uint8(HasFrom|HasLang))
	f.Add(`<message xml:lang='en' to='a@b' xmlns:p='urn:p' p:x='1' id='i'/>`, "", "", "", "", "", uint8(0xff))
	f.Add(`<a b='1' xml:space='preserve' c='&quot;&apos;&#9;&lt;'/>`, "&", "\"", "<", "\x00", "'", uint8(HasTo|HasType))
	f.Fuzz(func(t *testing.T, in, id, to, from, lang, typ string, has uint8) {
		var el Element
		if NewDecoder(strings.NewReader(in), Limits{}).ReadElement(&el) != nil {
			return
		}
		a := &StanzaAttrs{ID: id, To: to, From: from, Lang: lang, Type: typ, Has: StanzaAttr(has) & (HasLang<<1 - 1)}
		for _, before := range []int{0, -1, 4090} {
			checkStanzaCopy(t, name("", el.Name().Local), &el, a, before)
		}
		checkStanzaCopy(t, el.Name(), &el, a, 0)
	})
}
