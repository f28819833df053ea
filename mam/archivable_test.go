package mam_test

import (
	"testing"

	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestArchivable: chat and normal messages with a body in the message's
// own namespace, wherever it is among the children (§6.1).
func TestArchivable(t *testing.T) {
	for _, tc := range []struct {
		typ  stanza.MessageType
		msg  string
		want bool
	}{
		{stanza.ChatMessage, "<message><body>hi</body></message>", true},
		{"", "<message><body>hi</body></message>", true},
		{stanza.NormalMessage, "<message><active xmlns='http://jabber.org/protocol/chatstates'/><body>hi</body></message>", true},
		{stanza.ChatMessage, "<message><body xmlns='urn:other'>hi</body></message>", false},
		{stanza.ChatMessage, "<message><body xmlns='urn:other'>hi</body><thread>t</thread></message>", false},
		{stanza.ChatMessage, "<message><x xmlns='urn:x'><body>nested</body></x></message>", false},
		{stanza.ChatMessage, "<message><active xmlns='http://jabber.org/protocol/chatstates'/></message>", false},
		{stanza.ChatMessage, "<message/>", false},
		{stanza.HeadlineMessage, "<message><body>hi</body></message>", false},
		{stanza.GroupChatMessage, "<message><body>hi</body></message>", false},
	} {
		el := xmpptest.ElementIn(t, stanza.NSClient, tc.msg)
		if got := mam.Archivable(tc.typ, el); got != tc.want {
			t.Errorf("Archivable(%q, %s) = %v, want %v", tc.typ, tc.msg, got, tc.want)
		}
	}
}
