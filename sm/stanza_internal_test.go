package sm

import (
	"encoding/xml"
	"testing"

	"github.com/canto-im/xmpp/stanza"
)

// TestIsStanzaIsKindOf holds Receive's shortcut to stanza.KindOf: the
// counting of XEP-0198 §4 depends on it.
func TestIsStanzaIsKindOf(t *testing.T) {
	spaces := []string{stanza.NSClient, stanza.NSServer, stanza.NSComponent, NS, "", "urn:other"}
	locals := []string{"message", "presence", "iq", "r", "a", "messages", "iqs", "i", "Message", "presenc", "enable", ""}
	for _, space := range spaces {
		for _, local := range locals {
			name := xml.Name{Space: space, Local: local}
			_, want := stanza.KindOf(name)
			if got := isStanza(name); got != want {
				t.Errorf("isStanza(%v) = %v, KindOf says %v", name, got, want)
			}
		}
	}
}
