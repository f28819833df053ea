package store

import (
	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/pubsub"
)

// ArchiveKeeper is a Store that also keeps message archives (XEP-0313):
// the server uses it for them unless its configuration names an archive.
type ArchiveKeeper interface {
	// MessageArchive returns the archive, bounded per account by lim.
	MessageArchive(lim mam.MemoryLimits) mam.Archive
}

// PEPKeeper is a Store that also keeps PEP nodes (XEP-0163): the server
// uses it for them unless its configuration names a PEP store.
type PEPKeeper interface {
	PEPStore() pubsub.Store
}

// FASTKeeper is a Store that also keeps the FAST tokens (XEP-0484) the
// server issues: the server uses it for them unless its configuration
// names a token store.
type FASTKeeper interface {
	FASTTokens() xmpp.FASTServerStore
}
