package blocking_test

import (
	"testing"

	"github.com/canto-im/xmpp/blocking"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmpptest"
)

var (
	romeo = jid.MustParse("romeo@montague.net")
	iago  = jid.MustParse("iago@shakespeare.lit")
)

func TestWireBlockList(t *testing.T) {
	xmpptest.RunWire(t, blocking.ParseBlockList, []xmpptest.WireCase[blocking.BlockList]{
		// XEP-0191 §3.2 examples 3 and 4.
		{Name: "items", XML: `<blocklist xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'/><item jid='iago@shakespeare.lit'/></blocklist>`,
			Value: blocking.BlockList{JIDs: []jid.JID{romeo, iago}}},
		{Name: "empty", XML: `<blocklist xmlns='urn:xmpp:blocking'/>`, Value: blocking.BlockList{}},
		{Name: "foreign children", XML: `<blocklist xmlns='urn:xmpp:blocking'><x xmlns='urn:example'/><item jid='romeo@montague.net'/></blocklist>`,
			Value: blocking.BlockList{JIDs: []jid.JID{romeo}}, ParseOnly: true},
		{Name: "item without jid", XML: `<blocklist xmlns='urn:xmpp:blocking'><item/></blocklist>`, WantErr: blocking.ErrBadJID},
		{Name: "bad jid", XML: `<blocklist xmlns='urn:xmpp:blocking'><item jid='@x'/></blocklist>`, WantErr: blocking.ErrBadJID},
		{Name: "wrong element", XML: `<block xmlns='urn:xmpp:blocking'/>`, WantErr: blocking.ErrInvalid},
		{Name: "zero jid written", Value: blocking.BlockList{JIDs: []jid.JID{{}}}, WantErr: blocking.ErrBadJID},
	})
}

func TestWireBlocked(t *testing.T) {
	xmpptest.RunWire(t, blocking.ParseBlocked, []xmpptest.WireCase[blocking.Blocked]{
		// XEP-0191 §3.3 example 5.
		{Name: "block", XML: `<block xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'/></block>`,
			Value: blocking.Blocked{Items: []blocking.Item{{JID: romeo}}}},
		// XEP-0377 §5 example 3.
		{Name: "with report", XML: `<block xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'><report xmlns='urn:xmpp:reporting:1' reason='urn:xmpp:reporting:abuse'/></item></block>`,
			Value: blocking.Blocked{Items: []blocking.Item{{JID: romeo, Report: &blocking.Report{Reason: blocking.Abuse}}}}},
		// XEP-0377 §3 example 2, inside an item.
		{Name: "report with text", XML: `<block xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'><report xmlns='urn:xmpp:reporting:1' reason='urn:xmpp:reporting:spam'>` +
			`<text xml:lang='en'>Never came trouble to my house like this.</text></report></item><item jid='iago@shakespeare.lit'/></block>`,
			Value: blocking.Blocked{Items: []blocking.Item{{JID: romeo, Report: &blocking.Report{Reason: blocking.Spam, Text: "Never came trouble to my house like this.", Lang: "en"}}, {JID: iago}}}},
		{Name: "no items", XML: `<block xmlns='urn:xmpp:blocking'/>`, WantErr: blocking.ErrNoItems},
		{Name: "report without reason", XML: `<block xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'><report xmlns='urn:xmpp:reporting:1'/></item></block>`, WantErr: blocking.ErrNoReason},
		{Name: "empty written", Value: blocking.Blocked{}, WantErr: blocking.ErrNoItems},
		{Name: "zero jid written", Value: blocking.Blocked{Items: []blocking.Item{{}}}, WantErr: blocking.ErrBadJID},
		{Name: "report without reason written", Value: blocking.Blocked{Items: []blocking.Item{{JID: romeo, Report: &blocking.Report{Text: "x"}}}}, WantErr: blocking.ErrNoReason},
	})
}

func TestWireUnblocked(t *testing.T) {
	xmpptest.RunWire(t, blocking.ParseUnblocked, []xmpptest.WireCase[blocking.Unblocked]{
		// XEP-0191 §3.4 example 8 and §3.5 example 11.
		{Name: "one", XML: `<unblock xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'/></unblock>`, Value: blocking.Unblocked{JIDs: []jid.JID{romeo}}},
		{Name: "all", XML: `<unblock xmlns='urn:xmpp:blocking'/>`, Value: blocking.Unblocked{}},
		{Name: "bad jid", XML: `<unblock xmlns='urn:xmpp:blocking'><item jid=''/></unblock>`, WantErr: blocking.ErrBadJID},
		{Name: "wrong namespace", XML: `<unblock xmlns='urn:xmpp:blocking:errors'/>`, WantErr: blocking.ErrInvalid},
	})
}

func TestMatches(t *testing.T) {
	for _, tc := range []struct {
		item, addr string
		want       bool
	}{
		{"romeo@montague.net/orchard", "romeo@montague.net/orchard", true},
		{"romeo@montague.net/orchard", "romeo@montague.net/garden", false},
		{"romeo@montague.net/orchard", "romeo@montague.net", false},
		{"romeo@montague.net", "romeo@montague.net/garden", true},
		{"romeo@montague.net", "romeo@montague.net", true},
		{"romeo@montague.net", "tybalt@montague.net", false},
		{"montague.net/bot", "montague.net/bot", true},
		{"montague.net/bot", "romeo@montague.net/bot", false},
		{"montague.net", "romeo@montague.net/garden", true},
		{"montague.net", "montague.net/bot", true},
		{"montague.net", "montague.net", true},
		{"montague.net", "romeo@capulet.net", false},
		{"montague.net", "montague.net.evil", false},
	} {
		if got := blocking.Matches(jid.MustParse(tc.item), jid.MustParse(tc.addr)); got != tc.want {
			t.Errorf("Matches(%s, %s) = %v", tc.item, tc.addr, got)
		}
	}
}
