package server_test

import (
	"sync"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/server"
)

// gateArchive is a mam.BatchArchive whose batches with an append to
// stuck's archive wait for gate: a durable archive's slow sync. It
// records the batches it was given.
type gateArchive struct {
	mam.Archive
	stuck jid.JID
	gate  chan struct{}

	mu      sync.Mutex
	batches [][]mam.Entry
}

func (a *gateArchive) AppendBatch(entries []mam.Entry) []error {
	a.mu.Lock()
	a.batches = append(a.batches, entries)
	a.mu.Unlock()
	for _, e := range entries {
		if e.Owner == a.stuck {
			<-a.gate
			break
		}
	}
	errs := make([]error, len(entries))
	for i, e := range entries {
		errs[i] = a.Archive.Append(e.Owner, e.Stored)
	}
	return errs
}

// TestArchiveWriteDoesNotStallRouting: a message goes to the archive as
// one batch with both its copies (one sync, not two), and is delivered
// only once the batch is stored; while one user's archive write is
// stuck, another pair's messages go both ways.
func TestArchiveWriteDoesNotStallRouting(t *testing.T) {
	alice := jid.MustParse("alice@example.test")
	a := &gateArchive{Archive: mam.NewMemoryArchive(mam.MemoryLimits{}), stuck: alice, gate: make(chan struct{})}
	srv := newServer(t, server.Config{Archive: a})
	var open sync.Once
	release := func() { open.Do(func() { close(a.gate) }) }
	t.Cleanup(release) // before the server's Close
	alice1 := login(t, srv, "alice", "desk")
	bob := login(t, srv, "bob", "desk")
	carol := login(t, srv, "carol", "desk")
	alice1.online()
	bob.online()
	carol.online()

	alice1.send("<message to='bob@example.test/desk' type='chat'><body>stuck</body></message>")
	// Stuck in alice's archive: not delivered before it is stored; the
	// others talk meanwhile.
	carol.send("<message to='bob@example.test/desk' type='chat'><body>ping</body></message>")
	bob.expect("<body>ping</body>")
	bob.send("<message to='carol@example.test/desk' type='chat'><body>pong</body></message>")
	carol.expect("<body>pong</body>")
	bob.quiet()
	release()
	bob.expect("<body>stuck</body>")

	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.batches) != 3 {
		t.Fatalf("%d archive batches, want 3 (one a message): %v", len(a.batches), a.batches)
	}
	for _, b := range a.batches {
		if len(b) != 2 || b[0].Owner == b[1].Owner {
			t.Errorf("batch %v: want the recipient's and the sender's copies", b)
		}
	}
}
