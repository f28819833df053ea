package blocking_test

import (
	"reflect"
	"testing"

	"github.com/canto-im/xmpp/blocking"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// roundTrip checks that what parse accepts survives writing and parsing
// back.
func roundTrip[T xmlstream.Marshaler](t *testing.T, s string, parse func(*xmlstream.Element) (T, error)) {
	el, err := xmpptest.ReadElement("", s)
	if err != nil {
		return
	}
	got, err := parse(el)
	if err != nil {
		return
	}
	back, err := xmpptest.ReadElement("", xmpptest.Marshal(t, got))
	if err != nil {
		t.Fatal(err)
	}
	if again, err := parse(back); err != nil || !reflect.DeepEqual(again, got) {
		t.Fatalf("%q: %+v round-trips to %+v, %v", s, got, again, err)
	}
}

var seeds = []string{
	`<blocklist xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'/><item jid='iago@shakespeare.lit'/></blocklist>`,
	`<block xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'><report xmlns='urn:xmpp:reporting:1' reason='urn:xmpp:reporting:spam'><text xml:lang='en'>x</text></report></item></block>`,
	`<unblock xmlns='urn:xmpp:blocking'/>`,
	`<unblock xmlns='urn:xmpp:blocking'><item jid='montague.net/x'/></unblock>`,
	`<block xmlns='urn:xmpp:blocking'><item jid='a@b'><report xmlns='urn:xmpp:reporting:1' reason=''/></item></block>`,
}

// FuzzParse runs every parser of the package on the same inputs: none may
// panic, and what each accepts must round-trip.
func FuzzParse(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		roundTrip(t, s, blocking.ParseBlockList)
		roundTrip(t, s, blocking.ParseBlocked)
		roundTrip(t, s, blocking.ParseUnblocked)
		roundTrip(t, s, blocking.ParseReport)
	})
}
