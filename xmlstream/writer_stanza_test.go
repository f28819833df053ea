package xmlstream

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// stanzaAttrList is a as the attributes Start takes, in StartStanza's order.
func stanzaAttrList(a *StanzaAttrs) []xml.Attr {
	var as []xml.Attr
	for _, f := range []struct {
		has   StanzaAttr
		name  xml.Name
		value string
	}{
		{HasID, name("", "id"), a.ID},
		{HasTo, name("", "to"), a.To},
		{HasFrom, name("", "from"), a.From},
		{HasLang, name(xmlNS, "lang"), a.Lang},
		{HasType, name("", "type"), a.Type},
	} {
		if a.Has&f.has != 0 {
			as = append(as, xml.Attr{Name: f.name, Value: f.value})
		}
	}
	return as
}

// checkStanzaAsStart writes el with the attributes of a through
// StartStanza and through Start, after before bytes of text in a root
// element (so that the buffer has from plenty to no room left), or with
// before -1 at the top level of a stream with a content namespace, and
// fails unless both write the same bytes or refuse with the same error;
// and EmptyStanza, without End, as both with End.
func checkStanzaAsStart(t *testing.T, el xml.Name, a *StanzaAttrs, before int) {
	t.Helper()
	write := func(start func(w *Writer) error, end bool) (string, error) {
		return writeAfter(t, before, start, end)
	}
	want, wantErr := write(func(w *Writer) error { return w.Start(el, stanzaAttrList(a)...) }, true)
	got, err := write(func(w *Writer) error { return w.Encoder().StartStanza(el, a) }, true)
	if got != want || err != wantErr {
		t.Fatalf("StartStanza(%v, %+v) after %d bytes wrote\n%q, %v; Start wrote\n%q, %v", el, *a, before, got, err, want, wantErr)
	}
	got, err = write(func(w *Writer) error { return w.Encoder().EmptyStanza(el, a) }, false)
	if got != want || err != wantErr {
		t.Fatalf("EmptyStanza(%v, %+v) after %d bytes wrote\n%q, %v; Start and End wrote\n%q, %v", el, *a, before, got, err, want, wantErr)
	}
}

// writeAfter writes, through a Writer whose default namespace is
// jabber:client, before bytes of text in a root element (or, with before
// -1, nothing, at the top level of a stream whose content namespace is
// jabber:server), then what start writes, with End if end and start
// succeeded, and closes the root. It returns the bytes and start's (or
// End's) error.
func writeAfter(t testing.TB, before int, start func(w *Writer) error, end bool) (string, error) {
	t.Helper()
	var out bytes.Buffer
	w := NewWriter(&out)
	w.SetDefaultNS("jabber:client")
	if before < 0 {
		w.SetContentNS("jabber:server")
	} else if err := all(w.Start(name("jabber:client", "root")), w.Text(strings.Repeat("t", before))); err != nil {
		t.Fatal(err)
	}
	err := start(w)
	if err == nil && end {
		err = w.End()
	}
	if before >= 0 {
		if err := w.End(); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return out.String(), err
}

// TestStartStanzaAsStart holds StartStanza to Start's output and refusals
// for values of every length up to a few words, with and without
// something to escape or refuse at each place, each attribute present or
// not, in a buffer with room to spare or none.
func TestStartStanzaAsStart(t *testing.T) {
	values := []string{"", "a", "ab", "get", "chat", "en-GB", "result", "abcdefg", "abcdefgh", "abcdefghi",
		"0123456789abcdef", "juliet@example.com/balcony", "a\"b", "it's", `"'"`, "x&y", "<", ">", "tab\there",
		"cr\r", "lf\n", "nul\x00", "del\x7f", "café", "\xff", "\ufffe", "0123456789abcde\"", "0123456789abcdef&",
		"01234567\x01"}
	names := []xml.Name{name("", "iq"), name("jabber:client", "message"), name("urn:other", "presence"),
		name(xmlNS, "x"), name("", "bad name"), name("urn:\x00", "iq"), name(xmlnsNS, "iq"), name("", ""),
		name("", "a-stanza-named-at-length"), name("", "sixteen-byte-nam"),
		name("", "i<"), name("urn:other", "messag!"), name("", "presenc "), name(xmlnsNS, "message"),
		name("", "a"), name("", "abc"), name("", "abcd"), name("", "abcdef")}
	for i := range values {
		v := func(k int) string { return values[(i+k)%len(values)] }
		for has := range HasLang << 1 {
			a := &StanzaAttrs{ID: v(0), To: v(1), From: v(2), Lang: v(3), Type: v(4), Has: has}
			checkStanzaAsStart(t, names[(i+int(has))%len(names)], a, 0)
			checkStanzaAsStart(t, names[(i+int(has))%len(names)], a, -1)
			a = &StanzaAttrs{ID: v(0), To: v(0), From: v(0), Lang: v(0), Type: v(0), Has: has}
			checkStanzaAsStart(t, name("", "iq"), a, 4096-8*int(has))
		}
	}
}

// TestStanzaAttrsRoom checks that appendStanzaAttrs stores nothing past
// the room stanzaStartRoom makes (bytes after the buffer's capacity that
// it would overwrite are marked), for values of each length up to two
// words and each set of attributes.
func TestStanzaAttrsRoom(t *testing.T) {
	for n := range 17 {
		v := strings.Repeat("v", n)
		for has := range HasLang << 1 {
			a := &StanzaAttrs{ID: v, To: v, From: v, Lang: v, Type: v, Has: has}
			local := []string{"", "iq", "presence"}[int(has)%3]
			room := stanzaStartRoom(local, a)
			mem := bytes.Repeat([]byte{0xAA}, room+16)
			w := NewWriter(io.Discard)
			w.buf = mem[:0:room]
			if err := w.appendStanzaAttrs(local, a); err != nil {
				t.Fatal(err)
			}
			if &w.buf[:1][0] != &mem[0] {
				t.Fatalf("room %d for %+v was not enough: the buffer grew", room, *a)
			}
			if bytes.Count(mem[room:], []byte{0xAA}) != 16 {
				t.Fatalf("%+v: stored past the room of %d bytes: %q", *a, room, mem)
			}
		}
	}
}
