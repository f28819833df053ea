package muc

import (
	"slices"

	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
)

func sortJIDs(s []jid.JID) { slices.SortFunc(s, compareJID) }

func sortItems(s []disco.Item) {
	slices.SortFunc(s, func(a, b disco.Item) int { return compareJID(a.JID, b.JID) })
}
