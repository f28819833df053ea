package roster_test

import (
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/roster"
	"github.com/canto-im/xmpp/xmpptest"
)

var (
	juliet = jid.MustParse("juliet@example.com")
	nurse  = jid.MustParse("nurse@example.com")
)

func TestItemWire(t *testing.T) {
	xmpptest.RunWire(t, roster.ParseItem, []xmpptest.WireCase[roster.Item]{
		// RFC 6121 §2.1.4's example item.
		{Name: "full", XML: `<item xmlns='jabber:iq:roster' jid='juliet@example.com' name='Juliet' subscription='both'><group>Friends</group></item>`,
			Value: roster.Item{JID: juliet, Name: "Juliet", Subscription: roster.SubBoth, Groups: []string{"Friends"}}},
		{Name: "pending out", XML: `<item xmlns='jabber:iq:roster' jid='nurse@example.com' subscription='none' ask='subscribe'/>`,
			Value: roster.Item{JID: nurse, Subscription: roster.SubNone, Ask: true}},
		{Name: "pre-approved", XML: `<item xmlns='jabber:iq:roster' jid='nurse@example.com' subscription='none' approved='true'/>`,
			Value: roster.Item{JID: nurse, Subscription: roster.SubNone, Approved: true}},
		{Name: "approved as 1", XML: `<item xmlns='jabber:iq:roster' jid='nurse@example.com' subscription='from' approved='1'/>`,
			Value: roster.Item{JID: nurse, Subscription: roster.SubFrom, Approved: true}, ParseOnly: true},
		{Name: "remove", XML: `<item xmlns='jabber:iq:roster' jid='nurse@example.com' subscription='remove'/>`,
			Value: roster.Item{JID: nurse, Subscription: roster.SubRemove}},
		{Name: "no subscription is none", XML: `<item xmlns='jabber:iq:roster' jid='nurse@example.com'/>`,
			Value: roster.Item{JID: nurse, Subscription: roster.SubNone}, ParseOnly: true},
		{Name: "groups in order, duplicates kept, extensions skipped",
			XML:   `<item xmlns='jabber:iq:roster' jid='nurse@example.com' subscription='to'><group>B</group><x xmlns='urn:x'/><group>A</group><group>B</group></item>`,
			Value: roster.Item{JID: nurse, Subscription: roster.SubTo, Groups: []string{"B", "A", "B"}}, ParseOnly: true},
		{Name: "escaped name", XML: `<item xmlns='jabber:iq:roster' jid='nurse@example.com' name='a&lt;b &amp; c' subscription='none'/>`,
			Value: roster.Item{JID: nurse, Name: "a<b & c", Subscription: roster.SubNone}},
		{Name: "no jid", XML: `<item xmlns='jabber:iq:roster' subscription='none'/>`, WantErr: roster.ErrInvalid},
		{Name: "bad jid", XML: `<item xmlns='jabber:iq:roster' jid='@example.com'/>`, WantErr: roster.ErrInvalid},
		{Name: "bad subscription", XML: `<item xmlns='jabber:iq:roster' jid='nurse@example.com' subscription='all'/>`, WantErr: roster.ErrInvalid},
		{Name: "bad ask", XML: `<item xmlns='jabber:iq:roster' jid='nurse@example.com' ask='unsubscribe'/>`, WantErr: roster.ErrInvalid},
		{Name: "bad approved", XML: `<item xmlns='jabber:iq:roster' jid='nurse@example.com' approved='yes'/>`, WantErr: roster.ErrInvalid},
		{Name: "other namespace", XML: `<item xmlns='jabber:iq:privacy' jid='nurse@example.com'/>`, WantErr: roster.ErrInvalid},
		{Name: "writing without jid", Value: roster.Item{Name: "x"}, WantErr: roster.ErrInvalid},
		{Name: "writing a bad subscription", Value: roster.Item{JID: nurse, Subscription: "all"}, WantErr: roster.ErrInvalid},
	})
}

func TestRosterWire(t *testing.T) {
	xmpptest.RunWire(t, roster.Parse, []xmpptest.WireCase[roster.Roster]{
		{Name: "versioned", XML: `<query xmlns='jabber:iq:roster' ver='ver11'><item jid='juliet@example.com' name='Juliet' subscription='both'><group>Friends</group></item><item jid='nurse@example.com' subscription='none'/></query>`,
			Value: roster.Roster{Ver: "ver11", Items: []roster.Item{
				{JID: juliet, Name: "Juliet", Subscription: roster.SubBoth, Groups: []string{"Friends"}},
				{JID: nurse, Subscription: roster.SubNone}}}},
		{Name: "empty", XML: `<query xmlns='jabber:iq:roster'/>`, Value: roster.Roster{}},
		{Name: "empty with version", XML: `<query xmlns='jabber:iq:roster' ver='ver7'/>`, Value: roster.Roster{Ver: "ver7"}},
		{Name: "a bad item refuses the query", XML: `<query xmlns='jabber:iq:roster'><item jid='juliet@example.com'/><item/></query>`, WantErr: roster.ErrInvalid},
		{Name: "not a roster", XML: `<query xmlns='jabber:iq:last'/>`, WantErr: roster.ErrInvalid},
	})
}
