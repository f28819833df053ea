package stanzaid

import (
	"context"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
)

// Supports asks by, through disco#info (XEP-0030), whether it advertises
// [NS]: whether it follows §3 and so removes stanza-ids in its name that
// others wrote. §6 asks for this check before relying on by's stanza-ids:
// servers without it route forged ones untouched. Ask once per entity and
// keep the answer; the zero JID asks the account's server.
func Supports(ctx context.Context, s *xmpp.Session, by jid.JID) (bool, error) {
	info, err := disco.GetInfo(ctx, s, by, "")
	if err != nil {
		return false, err
	}
	return info.HasFeature(NS), nil
}
