package server

import (
	"context"
	"sync"

	"github.com/canto-im/xmpp/server/store"
)

// The registry's changes reach the store through a journal: under the
// registry lock a change is only appended to it, in the registry's order;
// one writer goroutine commits what has gathered as one batch (one
// transaction, one sync: group commit). A handler whose answer
// acknowledges a change (a roster, block or vCard result) waits, with
// the lock released, until the change's write has committed: a durable
// store's sync then holds up only the user who asked for it, never the
// registry (and every other user's routing) with it.

// maxBatch bounds the writes committed in one transaction.
const maxBatch = 256

// journal is the ordered queue of writes to the store.
type journal struct {
	st   store.Store
	fail func(what, user string, err error)

	mu      sync.Mutex
	queue   []*storeWrite
	running bool       // a writer goroutine is committing
	idle    *sync.Cond // on mu: broadcast when running turns false
}

func newJournal(st store.Store, fail func(what, user string, err error)) *journal {
	j := &journal{st: st, fail: fail}
	j.idle = sync.NewCond(&j.mu)
	return j
}

// storeWrite is one queued write; done is closed once it committed (or
// failed: err).
type storeWrite struct {
	what, user string
	op         store.Write
	done       chan struct{}
	err        error
}

// wait waits until w is committed and returns its error; a nil w is a
// write that was never needed.
func (w *storeWrite) wait() error {
	if w == nil {
		return nil
	}
	<-w.done
	return w.err
}

// add appends op to the journal; it returns at once. Writes commit in
// the order they were added.
func (j *journal) add(what, user string, op store.Write) *storeWrite {
	w := &storeWrite{what: what, user: user, op: op, done: make(chan struct{})}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.queue = append(j.queue, w)
	if !j.running {
		// The writer lives while there is something to write, so an
		// idle server has no goroutine for it.
		j.running = true
		go j.run()
	}
	return w
}

// run commits the queue, batch after batch, until it is empty.
func (j *journal) run() {
	for {
		j.mu.Lock()
		batch := j.queue
		if len(batch) > maxBatch {
			batch = batch[:maxBatch:maxBatch]
		}
		j.queue = j.queue[len(batch):]
		if len(batch) == 0 {
			j.queue = nil
			j.running = false
			j.idle.Broadcast()
			j.mu.Unlock()
			return
		}
		j.mu.Unlock()
		j.commit(batch)
	}
}

func (j *journal) commit(batch []*storeWrite) {
	ops := make([]store.Write, len(batch))
	for i, w := range batch {
		ops[i] = w.op
	}
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	errs := store.RunBatch(ctx, j.st, ops)
	cancel()
	for i, w := range batch {
		if w.err = errs[i]; w.err != nil {
			j.fail(w.what, w.user, w.err)
		}
		close(w.done)
	}
}

// flush waits until everything added so far has committed (Close: before
// its caller closes the store).
func (j *journal) flush() {
	j.mu.Lock()
	defer j.mu.Unlock()
	for j.running {
		j.idle.Wait()
	}
}

// write appends a write of a's data to the journal and makes it a's
// latest (see since). The registry lock is held.
func (r *registry) write(a *account, what string, op store.Write) {
	a.lastWrite = r.jn.add(what, a.bare.Localpart(), op)
}

// since returns a's latest write if it is not before (a's latest when the
// caller started its change), else nil: the write to wait for before
// acknowledging the change. Writes commit in order, so once it has, all
// the change's writes (those to other accounts too) have. The registry
// lock is held.
func (a *account) since(before *storeWrite) *storeWrite {
	if a.lastWrite == before {
		return nil
	}
	return a.lastWrite
}
