package server

import (
	"time"

	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/server/store"
)

// defaultArchiveRetention is how long the in-memory archive keeps a
// message when Config.ArchiveRetention is zero.
const defaultArchiveRetention = 30 * 24 * time.Hour

// newPEP returns the PEP services of cfg and the store they keep.
func newPEP(cfg Config) (*pubsub.PEP, pubsub.Store) {
	st := cfg.PEPStore
	if k, ok := cfg.Store.(store.PEPKeeper); st == nil && ok {
		st = k.PEPStore() // kept with the rest, across restarts
	}
	if st == nil {
		st = new(pubsub.MemoryStore)
	}
	return pubsub.NewPEP(st, cfg.PEP), st
}

// newArchive returns the archive service of cfg, or nil if archiving is
// off.
func newArchive(cfg Config) *mam.Service {
	if cfg.ArchiveDisabled {
		return nil
	}
	a := cfg.Archive
	lim := mam.MemoryLimits{Messages: cfg.ArchiveMaxMessages, Bytes: cfg.ArchiveMaxBytes,
		Retention: orDefault(cfg.ArchiveRetention, defaultArchiveRetention)}
	if k, ok := cfg.Store.(store.ArchiveKeeper); a == nil && ok {
		a = k.MessageArchive(lim) // kept with the rest, across restarts
	}
	if a == nil {
		a = mam.NewMemoryArchive(lim)
	}
	return mam.NewService(a, mam.ServiceOptions{Default: cfg.ArchiveDefault})
}
