package server_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/canto-im/xmpp/server/store"
)

// offlineReads is a store that counts the reads of offline messages.
type offlineReads struct {
	*store.Memory
	reads atomic.Int64
}

func (s *offlineReads) OfflineMessages(ctx context.Context, user string) ([]store.OfflineMessage, error) {
	s.reads.Add(1)
	return s.Memory.OfflineMessages(ctx, user)
}

// TestOfflineFlushReadsStoreOnce: a flush whose stored messages go into
// a busy delivery queue over several rounds (here 20 stored messages into
// a queue of 6 with live messages waiting behind them: seven rounds)
// reads the store once, keeping what did not fit yet for the next round,
// with the order and the removal from the store as before. The old code
// read the whole store again in every round.
func TestOfflineFlushReadsStoreOnce(t *testing.T) {
	st := &offlineReads{Memory: store.NewMemory()}
	pendingFlush(t, st, st.Memory, 20, 3, "")
	if n := st.reads.Load(); n != 1 {
		t.Errorf("the flush read the store %d times, want once", n)
	}
}

// TestOfflineStoredDuringPendingFlush: a message stored for the account
// while a flush goes in over several rounds, from what it read once,
// arrives too, without another presence: the flush reads the store again
// once its rounds are done and finds it.
func TestOfflineStoredDuringPendingFlush(t *testing.T) {
	st := store.NewMemory()
	pendingFlush(t, st, st, 20, 3, "stored-during")
}
