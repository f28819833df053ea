package vcard_test

import (
	"testing"

	"github.com/canto-im/xmpp/vcard"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that Parse never panics and that what it accepts writes
// and reads back to an equal Card.
func FuzzParse(f *testing.F) {
	f.Add(specCard)
	for _, s := range []string{
		`<vCard xmlns='vcard-temp'><FN>A</FN><FN>B</FN><X a='1'/></vCard>`,
		`<vCard xmlns='vcard-temp'><FN/><FN>B</FN><N/><N><GIVEN>g</GIVEN></N><ORG/><ORG><ORGUNIT/></ORG><PHOTO/><PHOTO/></vCard>`,
		`<vCard xmlns='vcard-temp'><PHOTO><TYPE>image/png</TYPE><BINVAL>iVBORw0K</BINVAL></PHOTO></vCard>`,
		`<vCard xmlns='vcard-temp'><TEL><NUMBER>1</NUMBER><NUMBER>2</NUMBER></TEL><ORG><ORGUNIT/></ORG></vCard>`,
		`<vCard xmlns='vcard-temp'><N>x<GIVEN/></N><EMAIL><USERID/><HOME>t</HOME></EMAIL></vCard>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		c, err := vcard.Parse(el)
		if err != nil {
			return
		}
		out := xmpptest.Marshal(t, c)
		back, err := vcard.Parse(xmpptest.Element(t, out))
		if err != nil || !back.Equal(c) {
			t.Fatalf("%q: %+v wrote %s, read back %+v, %v", s, c, out, back, err)
		}
	})
}
