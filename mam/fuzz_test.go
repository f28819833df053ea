package mam_test

import (
	"testing"

	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that ParseResult, ParseFin and ParseQuery never panic
// and that what they accept survives writing and parsing back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<result xmlns='urn:xmpp:mam:2' queryid='f27' id='28482'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/><message xmlns='jabber:client' from='a@b'><body>x</body></message></forwarded></result>`,
		`<result xmlns='urn:xmpp:mam:2' id='i'><forwarded xmlns='urn:xmpp:forward:0'/></result>`,
		`<fin xmlns='urn:xmpp:mam:2' complete='true' stable='false'><set xmlns='http://jabber.org/protocol/rsm'><first index='0'>a</first><last>b</last><count>2</count></set></fin>`,
		`<fin xmlns='urn:xmpp:mam:2' complete='1'/>`,
		`<query xmlns='urn:xmpp:mam:2' queryid='q'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field><field var='with'><value>a@b</value></field><field var='start'><value>2010-06-07T00:00:00Z</value></field><field var='ids'><value>c</value></field></x><set xmlns='http://jabber.org/protocol/rsm'><max>2</max><before/></set></query>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		if r, err := mam.ParseResult(el); err == nil {
			back, err := xmpptest.ReadElement("", xmpptest.Marshal(t, r))
			if err != nil {
				t.Fatal(err)
			}
			again, err := mam.ParseResult(back)
			if err != nil || !(result{again}).Equal(result{r}) {
				t.Fatalf("%q: result round trip fails: %v", s, err)
			}
		}
		if fin, err := mam.ParseFin(el); err == nil {
			back, err := xmpptest.ReadElement("", xmpptest.Marshal(t, fin))
			if err != nil {
				t.Fatal(err)
			}
			if again, err := mam.ParseFin(back); err != nil || again != fin {
				t.Fatalf("%q: fin round trip fails: %v, %+v != %+v", s, err, again, fin)
			}
		}
		if q, err := mam.ParseQuery(el); err == nil {
			back, err := xmpptest.ReadElement("", xmpptest.Marshal(t, q))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := mam.ParseQuery(back); err != nil {
				t.Fatalf("%q: query round trip fails: %v", s, err)
			}
		}
	})
}
