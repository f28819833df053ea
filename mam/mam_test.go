package mam_test

import (
	"testing"
	"time"

	"github.com/canto-im/xmpp/delay"
	"github.com/canto-im/xmpp/forward"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestFinWire(t *testing.T) {
	xmpptest.RunWire(t, mam.ParseFin, []xmpptest.WireCase[mam.Fin]{
		{Name: "empty", XML: `<fin xmlns='urn:xmpp:mam:2'/>`, Value: mam.Fin{}},
		{Name: "complete", XML: `<fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><first index='0'>a</first><last>b</last><count>2</count></set></fin>`,
			Value: mam.Fin{Complete: true, Set: paging.Result{First: "a", Last: "b", HasIndex: true, Count: 2, HasCount: true}}},
		{Name: "unstable", XML: `<fin xmlns='urn:xmpp:mam:2' stable='false'/>`, Value: mam.Fin{Unstable: true}},
		{Name: "spelled 1 and 0", XML: `<fin xmlns='urn:xmpp:mam:2' complete='1' stable='0'/>`, Value: mam.Fin{Complete: true, Unstable: true}, ParseOnly: true},
		{Name: "bad boolean", XML: `<fin xmlns='urn:xmpp:mam:2' complete='yes'/>`, WantErr: mam.ErrInvalid},
		{Name: "other namespace", XML: `<fin xmlns='urn:xmpp:mam:1'/>`, WantErr: mam.ErrInvalid},
		{Name: "bad set", XML: `<fin xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><first>a</first></set></fin>`, WantErr: paging.ErrMalformed},
	})
}

func TestQueryWire(t *testing.T) {
	start := time.Date(2010, 6, 7, 0, 0, 0, 0, time.UTC)
	const formStart = `<query xmlns='urn:xmpp:mam:2' queryid='q1'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>`
	xmpptest.RunWire(t, mam.ParseQuery, []xmpptest.WireCase[mam.Query]{
		{Name: "bare", XML: `<query xmlns='urn:xmpp:mam:2'/>`, Value: mam.Query{}},
		{Name: "paged", XML: `<query xmlns='urn:xmpp:mam:2' queryid='q1'><set xmlns='http://jabber.org/protocol/rsm'><max>2</max><after>x</after></set></query>`,
			Value: mam.Query{ID: "q1", Set: paging.Request{Max: 2, After: "x"}}},
		{Name: "with and start", XML: formStart + `<field var='with'><value>juliet@capulet.lit</value></field><field var='start'><value>2010-06-07T00:00:00Z</value></field></x></query>`,
			Value: mam.Query{ID: "q1", Filter: mam.Filter{With: jid.MustParse("juliet@capulet.lit"), Start: start}}},
		{Name: "ids", XML: formStart + `<field var='after-id'><value>a</value></field><field var='before-id'><value>b</value></field><field var='ids' type='list-multi'><value>c</value><value>d</value></field></x></query>`,
			Value: mam.Query{ID: "q1", Filter: mam.Filter{AfterID: "a", BeforeID: "b", IDs: []string{"c", "d"}}}},
		{Name: "node", XML: `<query xmlns='urn:xmpp:mam:2' node='n'/>`, Value: mam.Query{Node: "n"}},
		{Name: "other form type", XML: `<query xmlns='urn:xmpp:mam:2'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:1</value></field></x></query>`, WantErr: mam.ErrInvalid},
		{Name: "bad start", XML: formStart + `<field var='start'><value>yesterday</value></field></x></query>`, WantErr: mam.ErrInvalid},
		{Name: "bad with", XML: formStart + `<field var='with'><value>@x</value></field></x></query>`, WantErr: xmpptest.ErrAny},
		{Name: "not a query", XML: `<fin xmlns='urn:xmpp:mam:2'/>`, WantErr: mam.ErrInvalid},
	})
}

func TestResultWire(t *testing.T) {
	stamp := time.Date(2010, 7, 10, 23, 8, 25, 0, time.UTC)
	msg := xmpptest.Element(t, `<message xmlns='jabber:client' to='juliet@capulet.lit/balcony' from='romeo@montague.lit/orchard' type='chat'><body>Hail to thee</body></message>`)
	const fwd = `<forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/><message xmlns='jabber:client' to='juliet@capulet.lit/balcony' from='romeo@montague.lit/orchard' type='chat'><body>Hail to thee</body></message></forwarded>`
	xmpptest.RunWire(t, parseResult, []xmpptest.WireCase[result]{
		{Name: "spec example", XML: `<result xmlns='urn:xmpp:mam:2' queryid='f27' id='28482-98726-73623'>` + fwd + `</result>`,
			Value: result{mam.Result{QueryID: "f27", ID: "28482-98726-73623", Forwarded: forward.Forwarded{Delay: &delay.Delay{Stamp: stamp}, Stanza: msg}, Time: stamp}}},
		{Name: "no delay", XML: `<result xmlns='urn:xmpp:mam:2' id='i'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' to='juliet@capulet.lit/balcony' from='romeo@montague.lit/orchard' type='chat'><body>Hail to thee</body></message></forwarded></result>`,
			Value: result{mam.Result{ID: "i", Forwarded: forward.Forwarded{Stanza: msg}}}},
		{Name: "no id", XML: `<result xmlns='urn:xmpp:mam:2' queryid='f27'>` + fwd + `</result>`, WantErr: mam.ErrInvalid},
		{Name: "no forwarded", XML: `<result xmlns='urn:xmpp:mam:2' id='i'/>`, WantErr: mam.ErrInvalid},
		{Name: "empty forwarded", XML: `<result xmlns='urn:xmpp:mam:2' id='i'><forwarded xmlns='urn:xmpp:forward:0'/></result>`, WantErr: forward.ErrNoStanza},
		{Name: "write without stanza", Value: result{mam.Result{ID: "i"}}, WantErr: mam.ErrInvalid},
	})
}

// result compares Results by meaning: the delay by value, the stanza by
// XML.
type result struct{ mam.Result }

func parseResult(el *xmlstream.Element) (result, error) {
	r, err := mam.ParseResult(el)
	return result{r}, err
}

func (r result) Equal(o result) bool {
	a, b := r.Forwarded, o.Forwarded
	return r.ID == o.ID && r.QueryID == o.QueryID && r.Time.Equal(o.Time) &&
		(a.Delay == nil) == (b.Delay == nil) && (a.Delay == nil || *a.Delay == *b.Delay) &&
		xmpptest.SameElement(a.Stanza, b.Stanza)
}
