package mam_test

import (
	"testing"

	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/mam/archivetest"
)

func TestMemoryArchiveConformance(t *testing.T) {
	archivetest.Run(t, func(t *testing.T, lim mam.MemoryLimits) mam.Archive { return mam.NewMemoryArchive(lim) })
}

// TestMemoryArchiveConformanceClashing runs the same tests on an archive
// whose ids all have the same index key.
func TestMemoryArchiveConformanceClashing(t *testing.T) {
	archivetest.Run(t, func(t *testing.T, lim mam.MemoryLimits) mam.Archive { return mam.NewClashingMemoryArchive(lim) })
}
