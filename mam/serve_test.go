package mam_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// serveQuery sends a request to sv for owner and returns the results
// sent, the answer written out, and the error.
func serveQuery(t testing.TB, sv *mam.Service, set bool, req string) ([]mam.Result, string, error) {
	var results []mam.Result
	m, err := sv.Serve(owner, set, xmpptest.Element(t, req), func(r mam.Result) error {
		results = append(results, r)
		return nil
	})
	if err != nil {
		return results, "", err
	}
	return results, xmpptest.Marshal(t, m), nil
}

// TestServiceServe: a query sends its results, each with the queryid, the
// archive id, the delay and the message, then the <fin/>; the page is
// bounded by MaxPage; flip-page reverses it; prefs and metadata answer.
func TestServiceServe(t *testing.T) {
	sv := mam.NewService(filled(10), mam.ServiceOptions{MaxPage: 4})
	results, fin, err := serveQuery(t, sv, true, `<query xmlns='urn:xmpp:mam:2' queryid='q1'/>`)
	if err != nil || len(results) != 4 {
		t.Fatalf("%d results, %v", len(results), err)
	}
	r := results[0]
	body, _ := r.Forwarded.Stanza.Child(stanza.NSClient, "body")
	if r.QueryID != "q1" || r.ID != "m0" || r.Forwarded.Delay == nil || !r.Forwarded.Delay.Stamp.Equal(t0) || body.Text() != "0" {
		t.Errorf("first result %+v", r)
	}
	if !strings.Contains(fin, "<fin xmlns=\"urn:xmpp:mam:2\"><set") || strings.Contains(fin, "complete") || !strings.Contains(fin, "<count>10</count>") {
		t.Errorf("fin %s", fin)
	}
	results, fin, err = serveQuery(t, sv, true, `<query xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><max>100</max><before/></set><flip-page/></query>`)
	if err != nil || len(results) != 4 || results[0].ID != "m9" || results[3].ID != "m6" || strings.Contains(fin, "complete") {
		t.Errorf("flipped last page: %d results, %s, %v", len(results), fin, err)
	}
	_, fin, err = serveQuery(t, sv, true, `<query xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><after>m7</after></set></query>`)
	if err != nil || !strings.Contains(fin, "complete=\"true\"") {
		t.Errorf("last page forwards: %s, %v", fin, err)
	}
	for _, tc := range []struct {
		set       bool
		req, want string
	}{
		{false, `<query xmlns='urn:xmpp:mam:2'/>`, `<field var="ids" type="text-multi"`},
		{false, `<metadata xmlns='urn:xmpp:mam:2'/>`, `<start id="m0" timestamp="2026-01-01T00:00:00Z"/><end id="m9" timestamp="2026-01-01T00:09:00Z"/>`},
		{false, `<prefs xmlns='urn:xmpp:mam:2'/>`, `default="always"`},
		{true, `<prefs xmlns='urn:xmpp:mam:2' default='roster'><never><jid>romeo@example.net</jid></never></prefs>`, `<never><jid>romeo@example.net</jid></never>`},
		{false, `<prefs xmlns='urn:xmpp:mam:2'/>`, `default="roster"`},
	} {
		_, got, err := serveQuery(t, sv, tc.set, tc.req)
		if err != nil || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %s, %v; want %s", tc.req, got, err, tc.want)
		}
	}
	// Now romeo is never archived, and the nurse (not in the roster) is
	// not either by default.
	for _, with := range []struct {
		inRoster bool
		want     bool
	}{{false, false}, {true, true}} {
		ok, err := sv.Record(owner, nurse, with.inRoster, "n", time.Now(), []byte("<message xmlns='jabber:client'/>"))
		if err != nil || ok != with.want {
			t.Errorf("Record(nurse, in roster %v) = %v, %v", with.inRoster, ok, err)
		}
	}
	if ok, _ := sv.Record(owner, romeo, true, "r", time.Now(), nil); ok {
		t.Error("romeo archived against the never list")
	}
}

// TestServiceErrors: each refused request gets the condition XEP-0313 and
// XEP-0059 name.
func TestServiceErrors(t *testing.T) {
	sv := mam.NewService(filled(3), mam.ServiceOptions{})
	form := func(fields string) string {
		return `<query xmlns='urn:xmpp:mam:2'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>` + fields + `</x></query>`
	}
	for _, tc := range []struct {
		set  bool
		req  string
		want stanza.Condition
	}{
		{true, form(`<field var='after-id'><value>x</value></field>`), stanza.ItemNotFound},
		{true, form(`<field var='ids'><value>m1</value><value>x</value></field>`), stanza.ItemNotFound},
		{true, form(`<field var='start'><value>2026-13-01T00:00:00Z</value></field>`), stanza.BadRequest},
		{true, form(`<field var='with-text'><value>x</value></field>`), stanza.BadRequest},
		{true, `<query xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><after/></set></query>`, stanza.BadRequest},
		{true, `<query xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><after>zz</after></set></query>`, stanza.ItemNotFound},
		{true, `<query xmlns='urn:xmpp:mam:2' node='n'/>`, stanza.ItemNotFound},
		{true, `<metadata xmlns='urn:xmpp:mam:2'/>`, stanza.BadRequest},
		{true, `<prefs xmlns='urn:xmpp:mam:2' default=''/>`, stanza.BadRequest},
		{false, `<other xmlns='urn:xmpp:mam:2'/>`, stanza.FeatureNotImplemented},
	} {
		_, _, err := serveQuery(t, sv, tc.set, tc.req)
		var se stanza.Error
		if !errors.As(err, &se) || se.Condition != tc.want {
			t.Errorf("%s: %v, want %s", tc.req, err, tc.want)
		}
	}
}

// FuzzServiceServe sends arbitrary archive requests: each is answered or
// refused with a stanza error, never a panic, and a query sends at most a
// page of results.
func FuzzServiceServe(f *testing.F) {
	for _, s := range []string{
		`<query xmlns='urn:xmpp:mam:2' queryid='q'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>urn:xmpp:mam:2</value></field><field var='with'><value>romeo@example.net</value></field><field var='start'><value>2026-01-01T00:02:00Z</value></field></x><set xmlns='http://jabber.org/protocol/rsm'><max>2</max><after>m2</after></set></query>`,
		`<query xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><before/></set><flip-page/></query>`,
		`<prefs xmlns='urn:xmpp:mam:2' default='roster'><always><jid>a@b</jid></always></prefs>`,
		`<metadata xmlns='urn:xmpp:mam:2'/>`,
	} {
		f.Add(s, true)
	}
	a := filled(20)
	f.Fuzz(func(t *testing.T, s string, set bool) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		sv := mam.NewService(a, mam.ServiceOptions{MaxPage: 5})
		n := 0
		m, err := sv.Serve(owner, set, el, func(mam.Result) error { n++; return nil })
		var se stanza.Error
		switch {
		case err != nil && !errors.As(err, &se):
			t.Fatalf("%q: not a stanza error: %v", s, err)
		case n > 5:
			t.Fatalf("%q: %d results, more than a page", s, n)
		case err == nil && m != nil:
			xmpptest.Marshal(t, m)
		}
	})
}

// FuzzParsePrefs reads arbitrary <prefs/>: what parses writes back to the
// same preferences.
func FuzzParsePrefs(f *testing.F) {
	f.Add(`<prefs xmlns='urn:xmpp:mam:2' default='roster'><always><jid>a@b</jid></always><never><jid>c@d/e</jid></never></prefs>`)
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		p, err := mam.ParsePrefs(el)
		if err != nil {
			return
		}
		back, err := mam.ParsePrefs(xmpptest.Element(t, xmpptest.Marshal(t, p)))
		if err != nil || fmt.Sprint(back) != fmt.Sprint(p) {
			t.Fatalf("%q: %+v round-trips to %+v, %v", s, p, back, err)
		}
	})
}

// BenchmarkArchiveQuery measures a query of a page of 50 in a 100,000
// message archive, served and written out as result messages: the last
// page, a page after an id in the middle, and a page filtered by
// correspondent (half the archive).
func BenchmarkArchiveQuery(b *testing.B) {
	const n = 100000
	sv := mam.NewService(filled(n), mam.ServiceOptions{})
	mid := fmt.Sprintf("m%d", n/2)
	for _, bc := range []struct{ name, req string }{
		{"LastPage", `<query xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><max>50</max><before/></set></query>`},
		{"AfterID", `<query xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><max>50</max><after>` + mid + `</after></set></query>`},
		{"With", `<query xmlns='urn:xmpp:mam:2'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>urn:xmpp:mam:2</value></field><field var='with'><value>romeo@example.net</value></field></x><set xmlns='http://jabber.org/protocol/rsm'><max>50</max><after>` + mid + `</after></set></query>`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req := xmpptest.Element(b, bc.req)
			w := xmlstream.NewWriter(discard{})
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				fin, err := sv.Serve(owner, true, req, func(r mam.Result) error {
					n++
					return r.WriteXML(w.Encoder())
				})
				if err != nil || n != 50 {
					b.Fatalf("%d results, %v", n, err)
				}
				if err := fin.WriteXML(w.Encoder()); err != nil {
					b.Fatal(err)
				}
				_ = w.Flush()
			}
		})
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
