package server

import "github.com/canto-im/xmpp"

// FASTTokenStore keeps the FAST tokens (XEP-0484) the server issued, per
// account and client installation (its SASL2 user-agent id). It is the
// core's [xmpp.FASTServerStore]; [xmpp.NewMemoryFASTServerStore] is the
// default. Implement it to keep tokens across restarts.
type FASTTokenStore = xmpp.FASTServerStore
