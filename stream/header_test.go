package stream_test

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

func readHeader(s string) (stream.Header, error) {
	return stream.ReadHeader(xmlstream.NewDecoder(strings.NewReader(s), xmlstream.Limits{}))
}

func TestReadHeader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want stream.Header
	}{
		{"client initial", `<?xml version='1.0'?><stream:stream from='juliet@im.example.com' to='im.example.com' version='1.0' xml:lang='en' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`,
			stream.Header{From: jid.MustParse("juliet@im.example.com"), To: jid.MustParse("im.example.com"), Version: "1.0", Lang: "en", NS: "jabber:client"}},
		{"server response", `<stream:stream from='im.example.com' id='t7AMCin9zjMNwQKDnplntZPIDEI=' to='juliet@im.example.com' version='1.0' xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'>`,
			stream.Header{From: jid.MustParse("im.example.com"), To: jid.MustParse("juliet@im.example.com"), ID: "t7AMCin9zjMNwQKDnplntZPIDEI=", Version: "1.0", NS: "jabber:server"}},
		{"higher minor version", `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.10'>`,
			stream.Header{Version: "1.10", NS: "jabber:client"}},
		{"leading zeros", `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='01.0'>`,
			stream.Header{Version: "01.0", NS: "jabber:client"}},
		{"other prefix", `<s:stream xmlns='jabber:client' xmlns:s='http://etherx.jabber.org/streams' version='1.0'>`,
			stream.Header{Version: "1.0", NS: "jabber:client"}},
		{"component without version", `<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' to='plays.shakespeare.lit'>`,
			stream.Header{To: jid.MustParse("plays.shakespeare.lit"), NS: "jabber:component:accept"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readHeader(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestReadHeaderErrors(t *testing.T) {
	const decl = ` xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'`
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"wrong namespace", `<stream:stream xmlns:stream='http://etherx.jabber.org/streams/' version='1.0'>`, stream.InvalidNamespace},
		{"wrong element", `<stream:foo` + decl + ` version='1.0'>`, stream.InvalidNamespace},
		{"unprefixed, no namespace", `<stream version='1.0'>`, stream.InvalidNamespace},
		{"content namespace", `<stream:stream xmlns='jabber:iq:roster' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`, stream.InvalidNamespace},
		{"content namespace is the stream's", `<stream xmlns='http://etherx.jabber.org/streams' version='1.0'>`, stream.InvalidNamespace},
		{"bad to", `<stream:stream` + decl + ` to='a@b@c' version='1.0'>`, stream.ImproperAddressing},
		{"empty to", `<stream:stream` + decl + ` to='' version='1.0'>`, stream.ImproperAddressing},
		{"bad from", `<stream:stream` + decl + ` from='@example.com' version='1.0'>`, stream.InvalidFrom},
		{"no version", `<stream:stream` + decl + `>`, stream.UnsupportedVersion},
		{"empty version", `<stream:stream` + decl + ` version=''>`, stream.UnsupportedVersion},
		{"major 2", `<stream:stream` + decl + ` version='2.0'>`, stream.UnsupportedVersion},
		{"major 0", `<stream:stream` + decl + ` version='0.9'>`, stream.UnsupportedVersion},
		{"no minor", `<stream:stream` + decl + ` version='1'>`, stream.UnsupportedVersion},
		{"trailing dot", `<stream:stream` + decl + ` version='1.'>`, stream.UnsupportedVersion},
		{"three parts", `<stream:stream` + decl + ` version='1.0.0'>`, stream.UnsupportedVersion},
		{"letters", `<stream:stream` + decl + ` version='1.a'>`, stream.UnsupportedVersion},
		{"sign", `<stream:stream` + decl + ` version='+1.0'>`, stream.UnsupportedVersion},
		{"not well-formed", `<stream:stream` + decl + ` version='1.0'`, io.ErrUnexpectedEOF},
		{"bad syntax", `<stream:stream` + decl + ` version=1.0>`, stream.NotWellFormed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readHeader(tc.in)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if _, isStreamErr := tc.want.(stream.Error); isStreamErr {
				if se, ok := stream.FromDecodeError(err); !ok || !errors.Is(se, tc.want) {
					t.Errorf("FromDecodeError(%v) = %v, %v", err, se, ok)
				}
			}
		})
	}
}

// TestReadHeaderKeepsRead: the header read so far comes with the error, so
// that a response header can be written before the stream error.
func TestReadHeaderKeepsRead(t *testing.T) {
	h, err := readHeader(`<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.com' id='abc' version='2.0'>`)
	if !errors.Is(err, stream.UnsupportedVersion) {
		t.Fatalf("error %v", err)
	}
	if h.To != jid.MustParse("example.com") || h.ID != "abc" || h.Version != "2.0" {
		t.Errorf("header %+v", h)
	}
}

func TestWriteHeader(t *testing.T) {
	tests := []struct {
		name string
		h    stream.Header
		want string
	}{
		{"client", stream.Header{To: jid.MustParse("im.example.com"), From: jid.MustParse("juliet@im.example.com"), Version: stream.Version, Lang: "en", NS: "jabber:client"},
			`<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='im.example.com' from='juliet@im.example.com' version='1.0' xml:lang='en'>`},
		{"server with id", stream.Header{From: jid.MustParse("example.net"), ID: "++TR84Sm6A3hnt3Q065SnAbbk3Y=", Version: stream.Version, NS: "jabber:server"},
			`<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' from='example.net' id='++TR84Sm6A3hnt3Q065SnAbbk3Y=' version='1.0'>`},
		{"escaped", stream.Header{ID: `a'b"c<d>&e` + "\t", NS: "jabber:client"},
			`<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='a&apos;b&quot;c&lt;d&gt;&amp;e&#x9;'>`},
		{"non-ASCII and escaped", stream.Header{ID: "é'x\u007f", Lang: "de-CH", NS: "jabber:client"},
			`<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='é&apos;x` + "\u007f" + `' xml:lang='de-CH'>`},
		{"no content namespace", stream.Header{Version: "1.0"},
			`<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := writeRaw(t, tc.h.WriteStart)
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestWriteHeaderRefusesInvalid(t *testing.T) {
	for _, id := range []string{"a\x00b", "\xff", "a\ufffeb", "\x1b"} {
		w := xmlstream.NewWriter(discard{})
		if err := (stream.Header{ID: id}).WriteStart(w); !errors.Is(err, stream.ErrInvalidValue) {
			t.Errorf("id %q: got %v", id, err)
		}
		if w.Buffered() != 0 {
			t.Errorf("id %q: %d bytes written", id, w.Buffered())
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func TestHeaderRoundTrip(t *testing.T) {
	h := stream.Header{To: jid.MustParse("example.com"), From: jid.MustParse("user@example.com"),
		ID: "x'y&z", Version: "1.0", Lang: "de-CH", NS: "jabber:client"}
	got, err := readHeader(writeRaw(t, h.WriteStart))
	if err != nil {
		t.Fatal(err)
	}
	if got != h {
		t.Errorf("got %+v, want %+v", got, h)
	}
}

// TestWriteHeaderPreparesWriter: after the header, stanzas in the content
// namespace and stream elements need no declarations.
func TestWriteHeaderPreparesWriter(t *testing.T) {
	got := writeRaw(t, func(w *xmlstream.Writer) error {
		if err := (stream.Header{Version: "1.0", NS: "jabber:client"}).WriteStart(w); err != nil {
			return err
		}
		if err := stream.WriteFeatures(w.Encoder()); err != nil {
			return err
		}
		if err := stream.Reset.WriteXML(w.Encoder()); err != nil {
			return err
		}
		return w.WriteRaw([]byte(stream.CloseTag))
	})
	want := `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>` +
		`<stream:features/><stream:error><reset xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>`
	want = strings.ReplaceAll(want, `xmlns='urn:ietf:params:xml:ns:xmpp-streams'`, `xmlns="urn:ietf:params:xml:ns:xmpp-streams"`)
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestBadInput_A7_HeaderCannotSmuggle: header values cannot close the
// header and inject elements.
func TestBadInput_A7_HeaderCannotSmuggle(t *testing.T) {
	h := stream.Header{ID: `x'><stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/></stream:features><a b='`,
		Version: "1.0", NS: "jabber:client"}
	out := writeRaw(t, h.WriteStart) + `<message/>`
	d := xmlstream.NewDecoder(strings.NewReader(out), xmlstream.Limits{})
	got, err := stream.ReadHeader(d)
	if err != nil || got.ID != h.ID {
		t.Fatalf("header %+v, %v", got, err)
	}
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil || el.Name().Local != "message" {
		t.Errorf("first element %v, %v; want the message", el.Name(), err)
	}
}
