package xmpp

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"
)

// Outboxes that go idle after bursts larger than idleKeep hand their
// storage to the next burst, of any outbox: whatever the reuse, every
// outbox writes exactly its own bytes, in order, and an idle one keeps no
// burst's storage.
func TestOutboxBursts(t *testing.T) {
	const boxes, bursts = 4, 6
	for _, size := range []int{idleKeep / 2, idleKeep + 1, 5 * idleKeep} {
		var wg sync.WaitGroup
		for i := range boxes {
			wg.Go(func() {
				dst := new(lockedBuffer)
				o := newOutbox(dst)
				var want bytes.Buffer
				for b := range bursts {
					chunk := bytes.Repeat([]byte{byte('a' + (i*bursts+b)%26)}, 100)
					for range size / len(chunk) {
						if _, err := o.Write(chunk); err != nil {
							t.Error(err)
							return
						}
						want.Write(chunk)
					}
					o.kick()
					ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
					err := o.drain(ctx)
					cancel()
					if err != nil {
						t.Error(err)
						return
					}
					o.mu.Lock()
					kept := cap(o.buf) + cap(o.spare)
					o.mu.Unlock()
					if kept > 2*idleKeep {
						t.Errorf("size %d: an idle outbox keeps %d bytes", size, kept)
					}
				}
				if !bytes.Equal([]byte(dst.String()), want.Bytes()) {
					t.Errorf("size %d, outbox %d: wrote other bytes than its own", size, i)
				}
			})
		}
		wg.Wait()
	}
}
