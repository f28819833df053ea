package pubsub_test

import (
	"testing"

	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/xmpptest"
)

const evNS = "http://jabber.org/protocol/pubsub#event"

func TestEventWire(t *testing.T) {
	type ev = pubsub.Event
	entry := xmpptest.Element(t, `<entry xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy</title></entry>`)
	xmpptest.RunWire(t, pubsub.ParseEvent, []xmpptest.WireCase[ev]{
		{Name: "§7.1.2.1 with payload",
			XML:   `<event xmlns='` + evNS + `'><items node='princely_musings'><item id='ae890ac52d0df67ed7cfdf51b644e901'><entry xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy</title></entry></item></items></event>`,
			Value: ev{Node: "princely_musings", Items: []pubsub.Item{{ID: "ae890ac52d0df67ed7cfdf51b644e901", Payload: entry}}}},
		{Name: "§7.1.2.2 without payload", XML: `<event xmlns='` + evNS + `'><items node='n'><item id='a'/></items></event>`,
			Value: ev{Node: "n", Items: []pubsub.Item{{ID: "a"}}}},
		{Name: "§12.13 publisher", XML: `<event xmlns='` + evNS + `'><items node='n'><item id='a' publisher='h@denmark.lit'/></items></event>`,
			Value: ev{Node: "n", Items: []pubsub.Item{{ID: "a", Publisher: "h@denmark.lit"}}}},
		{Name: "§7.2.2.1 retract", XML: `<event xmlns='` + evNS + `'><items node='n'><retract id='a'/><retract id='b'/></items></event>`,
			Value: ev{Node: "n", Retracted: []string{"a", "b"}}},
		{Name: "§8.5.2 purge", XML: `<event xmlns='` + evNS + `'><purge node='n'/></event>`, Value: ev{Node: "n", Purged: true}},
		{Name: "§8.4.2 delete", XML: `<event xmlns='` + evNS + `'><delete node='n'/></event>`, Value: ev{Node: "n", Deleted: true}},
		{Name: "delete with redirect", XML: `<event xmlns='` + evNS + `'><delete node='n'><redirect uri='xmpp:h@denmark.lit?;node=m'/></delete></event>`,
			Value: ev{Node: "n", Deleted: true, Redirect: "xmpp:h@denmark.lit?;node=m"}},
		{Name: "foreign child ignored", ParseOnly: true, XML: `<event xmlns='` + evNS + `'><x xmlns='urn:x'/><purge node='n'/></event>`, Value: ev{Node: "n", Purged: true}},
		{Name: "no node", XML: `<event xmlns='` + evNS + `'><items/></event>`, WantErr: pubsub.ErrInvalid},
		{Name: "retract without id", XML: `<event xmlns='` + evNS + `'><items node='n'><retract/></items></event>`, WantErr: pubsub.ErrInvalid},
		{Name: "two payloads", XML: `<event xmlns='` + evNS + `'><items node='n'><item id='a'><x xmlns='urn:x'/><y xmlns='urn:x'/></item></items></event>`, WantErr: pubsub.ErrInvalid},
		{Name: "empty", XML: `<event xmlns='` + evNS + `'/>`, WantErr: pubsub.ErrInvalid},
		{Name: "configuration", XML: `<event xmlns='` + evNS + `'><configuration node='n'/></event>`, WantErr: pubsub.ErrUnsupportedEvent},
		{Name: "wrong namespace", XML: `<event xmlns='urn:x'><purge node='n'/></event>`, WantErr: pubsub.ErrInvalid},
		{Name: "write without node", Value: ev{Purged: true}, WantErr: pubsub.ErrNoNode},
	})
}
