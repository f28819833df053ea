package presence_test

import (
	"encoding/xml"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/presence"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

var (
	romeo  = jid.MustParse("romeo@example.net/orchard")
	juliet = jid.MustParse("juliet@example.com/balcony")
	hdr    = xml.Name{Space: stanza.NSClient, Local: "presence"}
)

func TestWire(t *testing.T) {
	xmpptest.RunWire(t, presence.Parse, []xmpptest.WireCase[presence.Presence]{
		{Name: "initial", XML: `<presence xmlns='jabber:client'/>`, Value: presence.Presence{Header: stanza.Presence{XMLName: hdr}}},
		// RFC 6121 §4.7.2's show, status and priority.
		{Name: "full", XML: `<presence xmlns='jabber:client' from='romeo@example.net/orchard' xml:lang='en'><show>dnd</show><status>Wooing Juliet</status><status xml:lang='cs'>Dvořím se Julii</status><priority>1</priority></presence>`,
			Value: presence.Presence{Header: stanza.Presence{XMLName: hdr, From: romeo, Lang: "en"}, Show: presence.DND,
				Status: []presence.Status{{Text: "Wooing Juliet"}, {Lang: "cs", Text: "Dvořím se Julii"}}, Priority: 1}},
		{Name: "negative priority", XML: `<presence xmlns='jabber:client'><priority>-128</priority></presence>`,
			Value: presence.Presence{Header: stanza.Presence{XMLName: hdr}, Priority: -128}},
		{Name: "unavailable with status", XML: `<presence xmlns='jabber:client' type='unavailable' to='juliet@example.com/balcony'><status>gone</status></presence>`,
			Value: presence.Presence{Header: stanza.Presence{XMLName: hdr, To: juliet, Type: stanza.UnavailablePresence}, Status: []presence.Status{{Text: "gone"}}}},
		{Name: "whitespace and extensions", XML: `<presence xmlns='jabber:client'><show> away </show><c xmlns='http://jabber.org/protocol/caps'/><priority> 5 </priority></presence>`,
			Value: presence.Presence{Header: stanza.Presence{XMLName: hdr}, Show: presence.Away, Priority: 5}, ParseOnly: true},
		{Name: "bad show", XML: `<presence xmlns='jabber:client'><show>busy</show></presence>`, WantErr: presence.ErrInvalidShow},
		{Name: "empty show", XML: `<presence xmlns='jabber:client'><show/></presence>`, WantErr: presence.ErrInvalidShow},
		{Name: "two shows", XML: `<presence xmlns='jabber:client'><show>xa</show><show>xa</show></presence>`, WantErr: presence.ErrInvalidShow},
		{Name: "priority too high", XML: `<presence xmlns='jabber:client'><priority>128</priority></presence>`, WantErr: presence.ErrInvalidPriority},
		{Name: "priority not a number", XML: `<presence xmlns='jabber:client'><priority>high</priority></presence>`, WantErr: presence.ErrInvalidPriority},
		{Name: "two priorities", XML: `<presence xmlns='jabber:client'><priority>1</priority><priority>2</priority></presence>`, WantErr: presence.ErrInvalidPriority},
		{Name: "status twice in the stanza's language", XML: `<presence xmlns='jabber:client' xml:lang='en'><status>a</status><status xml:lang='EN'>b</status></presence>`, WantErr: presence.ErrDuplicateLang},
		{Name: "not presence", XML: `<message xmlns='jabber:client'/>`, WantErr: presence.ErrNotPresence},
		{Name: "writing a bad show", Value: presence.Presence{Show: "busy"}, WantErr: presence.ErrInvalidShow},
		{Name: "writing two statuses without lang", Value: presence.Presence{Status: []presence.Status{{Text: "a"}, {Text: "b"}}}, WantErr: presence.ErrDuplicateLang},
		{Name: "writing a bad type", Value: presence.Presence{Header: stanza.Presence{Type: "bogus"}}, WantErr: stanza.ErrInvalidType},
	})
}

func TestStatusIn(t *testing.T) {
	p := presence.Presence{Header: stanza.Presence{Lang: "en"}, Status: []presence.Status{{Lang: "cs", Text: "ahoj"}, {Text: "hello"}, {Lang: "de", Text: "hallo"}}}
	for lang, want := range map[string]string{"cs": "ahoj", "DE": "hallo", "en": "hello", "fr": "hello", "": "hello"} {
		if got := p.StatusIn(lang); got != want {
			t.Errorf("StatusIn(%q) = %q, want %q", lang, got, want)
		}
	}
	if got := (presence.Presence{Status: []presence.Status{{Lang: "cs", Text: "ahoj"}}}).StatusIn("fr"); got != "ahoj" {
		t.Errorf("fallback to the first: %q", got)
	}
	if got := (presence.Presence{}).StatusIn("en"); got != "" {
		t.Errorf("no status: %q", got)
	}
}
