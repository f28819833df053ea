package stream_test

import (
	"io"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

func BenchmarkWriteHeader(b *testing.B) {
	h := stream.Header{To: jid.MustParse("example.net"), From: jid.MustParse("a@example.net"),
		ID: "0123456789abcdef", Version: stream.Version, Lang: "en", NS: "jabber:client"}
	w := xmlstream.NewWriter(io.Discard)
	b.ReportAllocs()
	for b.Loop() {
		w.Reset(io.Discard)
		if err := h.WriteStart(w); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadHeader(b *testing.B) {
	in := `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.net' from='a@example.net' version='1.0' xml:lang='en'>`
	r := strings.NewReader(in)
	d := xmlstream.NewDecoder(r, xmlstream.Limits{})
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(in)
		d.Reset(r)
		if _, err := stream.ReadHeader(d); err != nil {
			b.Fatal(err)
		}
	}
}
