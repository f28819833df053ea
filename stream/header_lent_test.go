package stream_test

import (
	"strings"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// TestReadHeaderOutlivesNextRead: the header is read into storage the
// Decoder lends until its next read, which overwrites the values; the
// Header keeps its own.
func TestReadHeaderOutlivesNextRead(t *testing.T) {
	for _, header := range []string{
		`<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' ` +
			`to='example.net' from='juliet@example.com/balcony' version='1.0' xml:lang='en' id='abcdefgh12345678'>`,
		`<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' ` +
			`to='EXAMPLE.net' from='Juliet@example.com' version='1.1' xml:lang='de-CH' id='x'>`,
	} {
		d := xmlstream.NewDecoder(strings.NewReader(header+
			`<message xmlns='jabber:client' to='zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz' id='zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'>`+
			`<body>zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz</body></message>`), xmlstream.Limits{})
		h, err := stream.ReadHeader(d)
		if err != nil {
			t.Fatal(err)
		}
		want := h
		want.ID, want.Version, want.Lang = strings.Clone(h.ID), strings.Clone(h.Version), strings.Clone(h.Lang)
		wantTo, wantFrom := strings.Clone(h.To.String()), strings.Clone(h.From.String())
		var el xmlstream.Element
		if err := d.ReadElement(&el); err != nil {
			t.Fatal(err)
		}
		if h.ID != want.ID || h.Version != want.Version || h.Lang != want.Lang ||
			h.To.String() != wantTo || h.From.String() != wantFrom {
			t.Fatalf("header changed by the next read: %+v, want %+v", h, want)
		}
	}
}

// TestReadHeaderKnowingAllocs: a header of known addresses, version 1.0
// and language en, as a server reads a client's, costs no allocation.
func TestReadHeaderKnowingAllocs(t *testing.T) {
	const header = `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' ` +
		`to='example.net' from='juliet@example.net' version='1.0' xml:lang='en'>`
	server, client := jid.MustParse("example.net"), jid.MustParse("juliet@example.net")
	r := strings.NewReader(header)
	d := xmlstream.NewDecoder(r, xmlstream.Limits{})
	allocs := testing.AllocsPerRun(100, func() {
		r.Reset(header)
		d.Reset(r)
		h, err := stream.ReadHeaderKnowing(d, server, client)
		if err != nil || h.To != server || h.From != client {
			t.Fatal(h, err)
		}
		d.Restart()
	})
	if allocs != 0 && !raceEnabled {
		t.Errorf("%v allocations per header, want 0", allocs)
	}
}
