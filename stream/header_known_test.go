package stream_test

import (
	"strings"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// TestReadHeaderKnowing checks that known addresses change nothing of what
// is read: the same header or the same error as ReadHeader, whether an
// address is written as a known JID, differently (not normalised), or not
// at all, and that an empty address is refused even with the zero JID known.
func TestReadHeaderKnowing(t *testing.T) {
	known := []jid.JID{{}, jid.MustParse("juliet@im.example.com"), jid.MustParse("im.example.com")}
	const open = `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'`
	for _, attrs := range []string{
		` from='juliet@im.example.com' to='im.example.com'`,
		` from='Juliet@IM.Example.com' to='IM.example.com.'`,
		` from='romeo@im.example.com' to='juliet@im.example.com/balcony'`,
		` to='im.example.com'`,
		` to=''`,
		` from=''`,
		` to='@im.example.com'`,
	} {
		in := open + attrs + `>`
		want, wantErr := readHeader(in)
		got, err := stream.ReadHeaderKnowing(xmlstream.NewDecoder(strings.NewReader(in), xmlstream.Limits{}), known...)
		if got != want || (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Errorf("%s: got %+v, %v; ReadHeader gives %+v, %v", attrs, got, err, want, wantErr)
		}
	}
}
