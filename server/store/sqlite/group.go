package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"
)

// The archive's appends and the PEP nodes' writes are group-committed:
// each caller queues its write and waits; one writer goroutine commits
// what has gathered as one transaction (one sync), each write in a
// savepoint that its failure rolls back alone. A caller returns only once
// its write is durable (or failed), as with a transaction of its own; but
// the writes of many users share a sync rather than queue one behind the
// other for the store's one writer connection.

// maxGroup bounds the writes committed in one transaction.
const maxGroup = 256

// groupCommit is a Store's queue of group-committed writes.
type groupCommit struct {
	mu      sync.Mutex
	queue   []*groupWrite
	running bool // a writer goroutine is committing
	// committing is the size of the batch being committed; commits
	// counts the batches committed: what the tests look at.
	committing, commits int
}

// groupWrite is one queued write; writes queued together share done,
// closed once they committed or failed (err).
type groupWrite struct {
	f    func(context.Context, *sql.Tx) error
	err  error
	done chan struct{}
}

// grouped runs fs, in order, in the next group commit and returns their
// errors once it is over (a commit is bounded by groupTimeout).
func (s *Store) grouped(fs ...func(context.Context, *sql.Tx) error) []error {
	errs := make([]error, len(fs))
	if len(fs) == 0 {
		return errs
	}
	ws := make([]*groupWrite, len(fs))
	done := make(chan struct{})
	for i, f := range fs {
		ws[i] = &groupWrite{f: f, done: done}
	}
	g := s.group
	g.mu.Lock()
	g.queue = append(g.queue, ws...)
	if !g.running {
		// The writer lives while there is something to write, so an
		// idle store has no goroutine for it.
		g.running = true
		go s.runGroups()
	}
	g.mu.Unlock()
	<-done
	for i, w := range ws {
		errs[i] = w.err
	}
	return errs
}

// groupedWrite is grouped for one write.
func (s *Store) groupedWrite(f func(*sql.Tx) error) error {
	return s.grouped(func(_ context.Context, tx *sql.Tx) error { return f(tx) })[0]
}

// runGroups commits the queue, batch after batch, until it is empty. A
// batch never splits one caller's writes (they share done), so it may
// run past maxGroup by the last caller's.
func (s *Store) runGroups() {
	g := s.group
	for {
		g.mu.Lock()
		n := min(len(g.queue), maxGroup)
		for n < len(g.queue) && g.queue[n].done == g.queue[n-1].done {
			n++
		}
		batch := g.queue[:n:n]
		g.queue = g.queue[n:]
		g.committing = n
		if n == 0 {
			g.queue = nil
			g.running = false
			g.mu.Unlock()
			return
		}
		g.mu.Unlock()
		s.commitGroup(batch)
		g.mu.Lock()
		g.commits++
		g.mu.Unlock()
		for i, w := range batch {
			if i == len(batch)-1 || batch[i+1].done != w.done {
				close(w.done)
			}
		}
	}
}

// groupTimeout bounds one group commit.
const groupTimeout = 10 * time.Second

// commitGroup runs batch in one transaction, setting each write's err.
func (s *Store) commitGroup(batch []*groupWrite) {
	ctx, cancel := context.WithTimeout(context.Background(), groupTimeout)
	defer cancel()
	fail := func(err error) {
		for _, w := range batch {
			w.err = errors.Join(w.err, err)
		}
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		fail(err)
		return
	}
	defer tx.Rollback()
	for _, w := range batch {
		if _, err := tx.ExecContext(ctx, `SAVEPOINT group_write`); err != nil {
			fail(err)
			return
		}
		if w.err = w.f(ctx, tx); w.err != nil {
			if _, err := tx.ExecContext(ctx, `ROLLBACK TO group_write`); err != nil {
				fail(err)
				return
			}
		}
		if _, err := tx.ExecContext(ctx, `RELEASE group_write`); err != nil {
			fail(err)
			return
		}
	}
	if err := tx.Commit(); err != nil {
		fail(err)
	}
}
