package retraction_test

import (
	"testing"

	"github.com/canto-im/xmpp/retraction"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that Parse and ParseRetracted never panic and that what
// they accept survives writing and parsing back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<retract id="wrong-recipient-1" xmlns='urn:xmpp:message-retract:1'/>`,
		`<retracted stamp='2019-09-20T23:09:32Z' xmlns='urn:xmpp:message-retract:1' id='retract-message-1'/>`,
		`<retracted xmlns='urn:xmpp:message-retract:1' id='r' by='x' stamp='2019-09-21T01:09:32.5+02:00'>t</retracted>`,
		`<retract xmlns='urn:xmpp:message-retract:1'/>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		if got, err := retraction.Parse(el); err == nil {
			back, err := retraction.Parse(xmpptest.Element(t, xmpptest.Marshal(t, got)))
			if err != nil || back != got {
				t.Fatalf("%q: %+v round-trips to %+v, %v", s, got, back, err)
			}
		}
		if got, err := retraction.ParseRetracted(el); err == nil {
			back, err := retraction.ParseRetracted(xmpptest.Element(t, xmpptest.Marshal(t, got)))
			if err != nil || !back.Stamp.Equal(got.Stamp) || back.ID != got.ID || back.By != got.By {
				t.Fatalf("%q: %+v round-trips to %+v, %v", s, got, back, err)
			}
		}
	})
}
