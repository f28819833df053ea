package muc_test

import (
	"reflect"
	"testing"

	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// fuzzParse checks that parse never panics and that what it accepts
// survives writing and parsing back.
func fuzzParse[T xmlstream.Marshaler](f *testing.F, parse func(*xmlstream.Element) (T, error), seeds ...string) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
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
		again, err := parse(back)
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("%q: round trip gives %+v, %v; want %+v", s, again, err, got)
		}
	})
}

func FuzzParseUser(f *testing.F) {
	fuzzParse(f, muc.ParseUser,
		`<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' role='participant' jid='a@b/c' nick='n'><actor nick='x'/><reason>r</reason></item><status code='110'/></x>`,
		`<x xmlns='http://jabber.org/protocol/muc#user'><invite from='a@b'><reason>r</reason></invite><password>p</password></x>`,
		`<x xmlns='http://jabber.org/protocol/muc#user'><decline to='a@b'/><destroy jid='r@s'><reason>x</reason></destroy></x>`,
		`<x xmlns='http://jabber.org/protocol/muc#user'><status code='1x0'/></x>`)
}

// FuzzParsePresence reads a whole room presence as the Client does: the
// muc#user payload, which must survive a round trip.
func FuzzParsePresence(f *testing.F) {
	for _, s := range []string{
		`<presence xmlns='jabber:client' from='coven@chat.shakespeare.lit/firstwitch'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='moderator'/><status code='110'/></x></presence>`,
		`<presence xmlns='jabber:client' type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'><item role='none'/><status code='307'/></x></presence>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		x, ok := el.Child(muc.NSUser, "x")
		if !ok {
			return
		}
		got, err := muc.ParseUser(x)
		if err != nil {
			return
		}
		back, err := muc.ParseUser(xmpptest.Element(t, xmpptest.Marshal(t, got)))
		if err != nil || !reflect.DeepEqual(back, got) {
			t.Fatalf("%q: round trip gives %+v, %v", s, back, err)
		}
	})
}

func FuzzParseJoin(f *testing.F) {
	fuzzParse(f, muc.ParseJoin,
		`<x xmlns='http://jabber.org/protocol/muc'><history maxchars='1' maxstanzas='2' seconds='3' since='1970-01-01T00:00:00Z'/><password>p</password></x>`)
}

func FuzzParseAdmin(f *testing.F) {
	fuzzParse(f, muc.ParseAdmin,
		`<query xmlns='http://jabber.org/protocol/muc#admin'><item nick='pistol' role='none'><reason>r</reason></item></query>`)
}

func FuzzParseOwner(f *testing.F) {
	fuzzParse(f, muc.ParseOwner,
		`<query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'/><destroy jid='a@b'><password>p</password></destroy></query>`)
}

func FuzzParseDirectInvite(f *testing.F) {
	fuzzParse(f, muc.ParseDirectInvite, `<x xmlns='jabber:x:conference' jid='a@b' password='p' reason='r' continue='true' thread='t'/>`)
}

func FuzzParseRegistration(f *testing.F) {
	fuzzParse(f, muc.ParseRegistration,
		`<query xmlns='jabber:iq:register'><registered/><username>thirdwitch</username></query>`,
		`<query xmlns='jabber:iq:register'><instructions>i</instructions><x xmlns='jabber:x:data' type='form'><field var='muc#register_roomnick'/></x></query>`)
}

// FuzzParseVoiceRequest reads a data form as the Client does a room's
// approval form: what parses must write a form that parses back equal.
func FuzzParseVoiceRequest(f *testing.F) {
	for _, s := range []string{
		`<x xmlns='jabber:x:data' type='form'><field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#request</value></field><field var='muc#jid'><value>a@b/c</value></field><field var='muc#roomnick'><value>n</value></field><field var='muc#request_allow'><value>0</value></field></x>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		fm, err := form.Parse(el)
		if err != nil {
			return
		}
		v, err := muc.ParseVoiceRequest(fm)
		if err != nil {
			return
		}
		back, err := muc.ParseVoiceRequest(v.Form())
		if err != nil || back != v {
			t.Fatalf("%+v: round trip gives %+v, %v", v, back, err)
		}
	})
}
