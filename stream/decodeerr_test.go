package stream_test

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

func TestFromDecodeError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want stream.Error
		ok   bool
	}{
		{"not-well-formed", &xmlstream.Error{Kind: xmlstream.NotWellFormed, Msg: "bad"}, stream.NotWellFormed.WithText("bad"), true},
		{"restricted-xml", &xmlstream.Error{Kind: xmlstream.RestrictedXML, Msg: "comment"}, stream.RestrictedXML.WithText("comment"), true},
		{"policy-violation", &xmlstream.Error{Kind: xmlstream.PolicyViolation}, stream.PolicyViolation, true},
		{"unsupported-encoding", &xmlstream.Error{Kind: xmlstream.UnsupportedEncoding}, stream.UnsupportedEncoding, true},
		{"unknown kind", &xmlstream.Error{Kind: 99}, stream.UndefinedCondition, true},
		{"wrapped", fmt.Errorf("session: %w", &xmlstream.Error{Kind: xmlstream.RestrictedXML}), stream.RestrictedXML, true},
		{"stream error", fmt.Errorf("x: %w", stream.Conflict), stream.Conflict, true},
		{"truncated", io.ErrUnexpectedEOF, stream.Error{}, false},
		{"end of stream", xmlstream.ErrStreamEnd, stream.Error{}, false},
		{"nil", nil, stream.Error{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := stream.FromDecodeError(tc.err)
			if ok != tc.ok || got.Condition != tc.want.Condition || got.Text != tc.want.Text {
				t.Errorf("got %+v, %v; want %+v, %v", got, ok, tc.want, tc.ok)
			}
			var xe *xmlstream.Error
			if ok && errors.As(tc.err, &xe) && !errors.As(got, &xe) {
				t.Error("the stream error does not unwrap to the decode error")
			}
		})
	}
}

// readAfterHeader reads the header and then one element of s, returning
// the stream error to send for the first failure.
func readAfterHeader(s string, lim xmlstream.Limits) (stream.Error, bool) {
	d := xmlstream.NewDecoder(strings.NewReader(s), lim)
	if _, err := stream.ReadHeader(d); err != nil {
		return stream.FromDecodeError(err)
	}
	var el xmlstream.Element
	return stream.FromDecodeError(d.ReadElement(&el))
}

const header = `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`

// TestBadInput_A1_EntityExpansion: a DOCTYPE with entities is refused
// before any expansion, with restricted-xml.
func TestBadInput_A1_EntityExpansion(t *testing.T) {
	in := `<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>` +
		`<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0' id='&lol2;'>`
	if e, ok := readAfterHeader(in, xmlstream.Limits{}); !ok || !errors.Is(e, stream.RestrictedXML) {
		t.Errorf("got %v, %v; want restricted-xml", e, ok)
	}
}

// TestBadInput_A2_Restricted: comments, processing instructions, DOCTYPEs
// and undeclared entities give restricted-xml, before or after the header.
func TestBadInput_A2_Restricted(t *testing.T) {
	tests := map[string]string{
		"doctype":         `<!DOCTYPE stream>` + header,
		"comment before":  `<!-- hi -->` + header,
		"pi before":       `<?foo bar?>` + header,
		"comment after":   header + `<!-- hi -->`,
		"pi after":        header + `<?foo bar?>`,
		"entity":          header + `<message>&custom;</message>`,
		"entity in attr":  header + `<message id='&custom;'/>`,
		"comment in body": header + `<message><body><!-- x --></body></message>`,
	}
	for name, in := range tests {
		e, ok := readAfterHeader(in, xmlstream.Limits{})
		if !ok || !errors.Is(e, stream.RestrictedXML) {
			t.Errorf("%s: got %v, %v; want restricted-xml", name, e, ok)
		}
	}
}

// TestBadInput_A4_Limits: a stanza beyond the limits gives policy-violation.
func TestBadInput_A4_Limits(t *testing.T) {
	big := header + `<message><body>` + strings.Repeat("x", 4096) + `</body></message>`
	if e, ok := readAfterHeader(big, xmlstream.Limits{MaxElementBytes: 1024}); !ok || !errors.Is(e, stream.PolicyViolation) {
		t.Errorf("big stanza: got %v, %v", e, ok)
	}
	deep := header + strings.Repeat("<a>", 10000) + strings.Repeat("</a>", 10000)
	if e, ok := readAfterHeader(deep, xmlstream.Limits{}); !ok || !errors.Is(e, stream.PolicyViolation) {
		t.Errorf("deep stanza: got %v, %v", e, ok)
	}
}

// TestBadInput_A8_CloseThenEOF: the stream's closing tag followed by the
// end of input is a clean end, not a stream error to send.
func TestBadInput_A8_CloseThenEOF(t *testing.T) {
	d := xmlstream.NewDecoder(strings.NewReader(header+"\n <message/> \n"+stream.CloseTag), xmlstream.Limits{})
	if _, err := stream.ReadHeader(d); err != nil {
		t.Fatal(err)
	}
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	err := d.ReadElement(&el)
	if !errors.Is(err, xmlstream.ErrStreamEnd) {
		t.Fatalf("got %v, want ErrStreamEnd", err)
	}
	if e, ok := stream.FromDecodeError(err); ok {
		t.Errorf("end of stream mapped to %v", e)
	}
}
