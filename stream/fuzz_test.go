package stream_test

import (
	"reflect"
	"testing"

	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzReadHeader checks that ReadHeader never panics, that every failure
// other than truncation is a stream error to send, and that an accepted
// header survives writing and reading back.
func FuzzReadHeader(f *testing.F) {
	for _, s := range []string{
		header,
		`<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' to='example.net' from='example.com' id='x' version='1.0' xml:lang='en'>`,
		`<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' to='c.example.com'>`,
		`<stream:stream xmlns:stream='http://etherx.jabber.org/streams/' version='1.0'>`,
		`<?xml version='1.0' encoding='ISO-8859-1'?><stream:stream/>`,
		`<!DOCTYPE x><stream:stream/>`,
		`<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='01.9' to='a@b/c'>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		h, err := readHeader(in)
		if err != nil {
			return
		}
		back, err := readHeader(writeRaw(t, h.WriteStart))
		if err != nil {
			t.Fatalf("written header %+v unreadable: %v", h, err)
		}
		if back != h {
			t.Fatalf("round trip: got %+v, want %+v", back, h)
		}
	})
}

// FuzzParseError checks that ParseError never panics and that what it
// reads survives writing and reading back.
func FuzzParseError(f *testing.F) {
	for _, tc := range errorCases {
		f.Add(tc.in)
	}
	f.Add(`<stream:error><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text/></stream:error>`)
	f.Fuzz(func(t *testing.T, in string) {
		el, err := xmpptest.ReadElement("jabber:client", in)
		if err != nil {
			return
		}
		e, err := stream.ParseError(el)
		if err != nil {
			return
		}
		var out []byte
		w := xmlstream.NewWriter(appendWriter{&out})
		if err := e.WriteXML(w.Encoder()); err != nil {
			return // a kept condition the writer refuses
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		back, err := stream.ParseError(xmpptest.Element(t, string(out)))
		if err != nil || !reflect.DeepEqual(back, e) {
			t.Fatalf("round trip of %s:\n got %#v, %v\nwant %#v", out, back, err, e)
		}
	})
}

// FuzzParseFeatures checks that ParseFeatures never panics and that its
// lookups agree with its list.
func FuzzParseFeatures(f *testing.F) {
	f.Add(featuresIn)
	f.Add(`<stream:features/>`)
	f.Add(`<stream:features><a xmlns='urn:a'><required/></a><b/><a xmlns='urn:a'/></stream:features>`)
	f.Fuzz(func(t *testing.T, in string) {
		el, err := xmpptest.ReadElement("jabber:client", in)
		if err != nil {
			return
		}
		fs, err := stream.ParseFeatures(el)
		if err != nil {
			return
		}
		names := fs.Names()
		if len(names) != fs.Len() {
			t.Fatalf("%d names, Len %d", len(names), fs.Len())
		}
		for _, n := range names {
			e, ok := fs.Lookup(n.Space, n.Local)
			if !ok || e.Name() != n {
				t.Fatalf("Lookup(%v) = %v, %v", n, e, ok)
			}
			if fs.Required(n.Space, n.Local) != stream.IsRequired(e) {
				t.Fatalf("Required(%v) disagrees with IsRequired", n)
			}
		}
	})
}

type appendWriter struct{ b *[]byte }

func (a appendWriter) Write(p []byte) (int, error) {
	*a.b = append(*a.b, p...)
	return len(p), nil
}

// TestBadInput_A6_AppConditionWithoutNamespace is a crasher of
// FuzzParseError: a child without namespace was kept as an
// application-specific condition and changed namespace when written back.
// Such children are not application conditions (RFC 6120 §4.9.4).
func TestBadInput_A6_AppConditionWithoutNamespace(t *testing.T) {
	for _, in := range []string{
		`<stream:error><see-other-host xmlns=''></see-other-host></stream:error>`,
		`<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><extra/></stream:error>`,
	} {
		el, err := xmpptest.ReadElement("jabber:client", in)
		if err != nil {
			t.Fatal(err)
		}
		e, err := stream.ParseError(el)
		if err != nil {
			t.Fatal(err)
		}
		if !e.App.IsZero() {
			t.Errorf("%s: kept %v as an application condition", in, e.App.XMLName)
		}
	}
}
