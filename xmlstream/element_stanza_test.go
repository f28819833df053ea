package xmlstream

import (
	"bytes"
	"testing"
)

// TestStanzaSymbols checks the symbols StanzaAttrs compares names with.
func TestStanzaSymbols(t *testing.T) {
	for id, name := range map[sym]string{symLang: "lang", symTo: "to", symFrom: "from", symID: "id", symType: "type", symXMLNSURI: xmlNS, symEmpty: "",
		symXMLNS: "xmlns", symIQ: "iq", symMessage: "message", symPresence: "presence"} {
		if wellKnownNames[id] != name {
			t.Errorf("symbol %d is %q, want %q", id, wellKnownNames[id], name)
		}
	}
}

// stanzaAttrsByName is StanzaAttrs by AttrNS, one lookup per attribute.
func stanzaAttrsByName(e *Element) StanzaAttrs {
	var s StanzaAttrs
	for _, f := range []struct {
		space, local string
		dst          *string
		bit          StanzaAttr
	}{
		{"", "id", &s.ID, HasID}, {"", "type", &s.Type, HasType}, {"", "to", &s.To, HasTo},
		{"", "from", &s.From, HasFrom}, {xmlNS, "lang", &s.Lang, HasLang},
	} {
		if v, ok := e.AttrNS(f.space, f.local); ok {
			*f.dst = v
			s.Has |= f.bit
		}
	}
	return s
}

// checkStanzaAttrs fails if StanzaAttrs and AttrNS disagree on el.
func checkStanzaAttrs(t *testing.T, el *Element) {
	t.Helper()
	if got, want := el.StanzaAttrs(), stanzaAttrsByName(el); got != want {
		t.Fatalf("StanzaAttrs %+v, by AttrNS %+v", got, want)
	}
}

// TestStanzaAttrs holds StanzaAttrs to AttrNS on stanzas that qualify,
// prefix, empty and leave out the attributes (FuzzDecoder does on any
// input it accepts).
func TestStanzaAttrs(t *testing.T) {
	inputs := []string{
		`<iq id='1' type='get' to='a@b' from='c@d/e' xml:lang='en'/>`,
		`<iq id='' type='' to='x'/>`,
		`<message xmlns:p='urn:p' p:id='q' id='r' p:type='t' p:lang='x' xml:lang='de'/>`,
		`<message xmlns:p='urn:p' p:lang='x' p:to='y'/>`,
		`<presence lang='no' xml:lang='en'/>`,
		`<iq xmlns='jabber:client' xmlns:id='urn:id' id:from='z' from='y'/>`,
		`<iq/>`,
	}
	data := mixedStream(t)
	start := bytes.Index(data, []byte("<message"))
	end := bytes.LastIndex(data, []byte("</stream:stream>"))
	inputs = append(inputs, string(data[start:end]))
	seen := 0
	for _, in := range inputs {
		d := NewDecoder(bytes.NewReader([]byte(in)), Limits{})
		var el Element
		n := 0
		for d.ReadElement(&el) == nil {
			checkStanzaAttrs(t, &el)
			if el.StanzaAttrs().Has != 0 {
				seen++
			}
			n++
		}
		if n == 0 {
			t.Fatalf("%.40q: no element read", in)
		}
	}
	if seen < 10 {
		t.Fatalf("only %d elements with stanza attributes", seen)
	}
}
