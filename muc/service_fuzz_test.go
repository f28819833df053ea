package muc_test

import (
	"context"
	"testing"
	"time"

	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzRoomConfigForm checks that any submitted form is applied or refused
// without a panic, and that an applied configuration survives its own
// form.
func FuzzRoomConfigForm(f *testing.F) {
	f.Add(`<x xmlns='jabber:x:data' type='submit'/>`)
	f.Add(`<x xmlns='jabber:x:data' type='submit'><field var='muc#roomconfig_maxusers'><value>20</value></field><field var='muc#maxhistoryfetch'><value>0</value></field></x>`)
	f.Add(`<x xmlns='jabber:x:data' type='submit'><field var='muc#roomconfig_passwordprotectedroom'><value>1</value></field><field var='muc#roomconfig_roomsecret'><value>pw</value></field><field var='muc#roomconfig_whois'><value>anyone</value></field></x>`)
	f.Fuzz(func(t *testing.T, raw string) {
		el, err := xmpptest.ReadElement("", raw)
		if err != nil {
			return
		}
		fm, err := form.Parse(el)
		if err != nil {
			return
		}
		c, err := muc.RoomConfig{}.ApplyForm(fm)
		if err != nil {
			return
		}
		again, err := muc.RoomConfig{}.ApplyForm(c.Form())
		if err != nil || again != c {
			t.Fatalf("config %+v does not survive its form: %+v, %v", c, again, err)
		}
	})
}

// FuzzServiceStanza sends any stanza to a Service and checks that it is
// answered or ignored, never a panic or a hang.
func FuzzServiceStanza(f *testing.F) {
	for _, s := range []string{
		`<presence from='a@localhost/x' to='r@conference.localhost/n'><x xmlns='http://jabber.org/protocol/muc'><history maxchars='10' since='2020-01-01T00:00:00Z'/><password>p</password></x></presence>`,
		`<message type='groupchat' from='a@localhost/x' to='r@conference.localhost'><body>b</body><subject>s</subject></message>`,
		`<message from='a@localhost/x' to='r@conference.localhost'><x xmlns='http://jabber.org/protocol/muc#user'><invite to='b@localhost'/><decline to='c@localhost'/></x></message>`,
		`<iq type='set' id='1' from='a@localhost/x' to='r@conference.localhost'><query xmlns='http://jabber.org/protocol/muc#admin'><item nick='n' role='none'/><item jid='b@localhost' affiliation='owner'/></query></iq>`,
		`<iq type='set' id='2' from='a@localhost/x' to='r@conference.localhost'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'><field var='muc#roomconfig_enablearchiving'><value>1</value></field></x></query></iq>`,
		`<iq type='set' id='3' from='a@localhost/x' to='r@conference.localhost'><query xmlns='urn:xmpp:mam:2' queryid='q'><set xmlns='http://jabber.org/protocol/rsm'><max>1</max><before/></set></query></iq>`,
		`<iq type='get' id='4' from='a@localhost/x' to='r@conference.localhost/n'><ping xmlns='urn:xmpp:ping'/></iq>`,
		`<iq type='set' id='5' from='a@localhost/x' to='r@conference.localhost'><query xmlns='http://jabber.org/protocol/muc#owner'><destroy jid='s@conference.localhost'/></query></iq>`,
	} {
		f.Add(s)
	}
	h := newSvcHarness(f, muc.ServiceConfig{MaxRooms: 20, MaxHistory: 10, MaxArchive: 20})
	f.Fuzz(func(t *testing.T, raw string) {
		el, err := xmpptest.ReadElement(stanza.NSComponent, raw)
		if err != nil {
			return
		}
		hdr, err := stanza.ParseHeader(el)
		if err != nil || hdr.Kind == 0 || hdr.From.String() == "sync@localhost/s" {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if hdr.Kind == stanza.KindIQ && hdr.IQType().IsRequest() {
			if hdr.To.Domainpart() != svcDomain {
				// Dropped unanswered (TestBadInput_MUCServiceOtherDomain):
				// an answer would come from outside the service's domain.
				return
			}
			var payload *xmlstream.Element
			for c := range el.Children() {
				payload = c
				break
			}
			if _, err := h.router.SendIQ(ctx, hdr.IQ(), payload); ctx.Err() != nil {
				t.Fatalf("no answer to %q: %v", raw, err)
			}
			return
		}
		if err := h.router.Send(ctx, el); err != nil {
			return // the element cannot be written back (e.g. a bad type)
		}
		h.syncTB(t)
	})
}
