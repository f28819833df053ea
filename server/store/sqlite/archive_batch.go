package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
)

// Archive appends are group-committed: each caller queues its messages
// and waits; one writer goroutine commits what has gathered as one
// transaction (one sync), each message in a savepoint that its failure
// rolls back alone. A caller returns only once its messages are durable,
// so a message the server delivers after archiving it can be queried by
// whoever it reaches; but the senders of many users share a sync rather
// than queue one behind the other for the store's one writer.

var _ mam.BatchArchive = (*Archive)(nil)

// maxArchiveBatch bounds the messages committed in one transaction.
const maxArchiveBatch = 256

// appendQueue is an Archive's queue of appends.
type appendQueue struct {
	mu      sync.Mutex
	queue   []*pendingAppend
	running bool // a writer goroutine is committing
	// committing is the size of the batch being committed; commits
	// counts the batches committed: what the tests look at.
	committing, commits int
}

// pendingAppend is one queued message; done is closed once it committed
// or failed (err).
type pendingAppend struct {
	owner string
	m     mam.Stored
	err   error
	done  chan struct{}
}

// Append implements mam.Archive; an id already archived is ignored
// (XEP-0313 §6.1.1).
func (a *Archive) Append(owner jid.JID, m mam.Stored) error {
	return a.AppendBatch([]mam.Entry{{Owner: owner, Stored: m}})[0]
}

// AppendBatch implements mam.BatchArchive: the entries commit together
// (with whatever other callers' appends have gathered), in order.
func (a *Archive) AppendBatch(entries []mam.Entry) []error {
	ps := make([]*pendingAppend, len(entries))
	done := make(chan struct{}) // one for all: they commit in one batch
	for i, e := range entries {
		ps[i] = &pendingAppend{owner: e.Owner.String(), m: e.Stored, done: done}
	}
	a.q.mu.Lock()
	a.q.queue = append(a.q.queue, ps...)
	if !a.q.running {
		// The writer lives while there is something to write, so an
		// idle archive has no goroutine.
		a.q.running = true
		go a.run()
	}
	a.q.mu.Unlock()
	errs := make([]error, len(ps))
	if len(ps) == 0 {
		return errs
	}
	<-done
	for i, p := range ps {
		errs[i] = p.err
	}
	return errs
}

// run commits the queue, batch after batch, until it is empty. A batch
// never splits one caller's entries (they share done), so it may run
// past maxArchiveBatch by the last caller's.
func (a *Archive) run() {
	for {
		a.q.mu.Lock()
		n := min(len(a.q.queue), maxArchiveBatch)
		for n < len(a.q.queue) && a.q.queue[n].done == a.q.queue[n-1].done {
			n++
		}
		batch := a.q.queue[:n:n]
		a.q.queue = a.q.queue[n:]
		a.q.committing = n
		if n == 0 {
			a.q.queue = nil
			a.q.running = false
			a.q.mu.Unlock()
			return
		}
		a.q.mu.Unlock()
		a.commit(batch)
		a.q.mu.Lock()
		a.q.commits++
		a.q.mu.Unlock()
		for i, p := range batch {
			if i == len(batch)-1 || batch[i+1].done != p.done {
				close(p.done)
			}
		}
	}
}

// commit writes batch in one transaction, setting each append's err.
func (a *Archive) commit(batch []*pendingAppend) {
	ctx, cancel := context.WithTimeout(context.Background(), archiveTimeout)
	defer cancel()
	fail := func(err error) {
		for _, p := range batch {
			p.err = errors.Join(p.err, err)
		}
	}
	tx, err := a.s.w.BeginTx(ctx, nil)
	if err != nil {
		fail(err)
		return
	}
	defer tx.Rollback()
	for _, p := range batch {
		if _, err := tx.ExecContext(ctx, `SAVEPOINT archive_append`); err != nil {
			fail(err)
			return
		}
		if p.err = a.appendOn(ctx, tx, p.owner, p.m); p.err != nil {
			if _, err := tx.ExecContext(ctx, `ROLLBACK TO archive_append`); err != nil {
				fail(err)
				return
			}
		}
		if _, err := tx.ExecContext(ctx, `RELEASE archive_append`); err != nil {
			fail(err)
			return
		}
	}
	if err := tx.Commit(); err != nil {
		fail(err)
	}
}

// appendOn appends m to owner's archive in tx.
func (a *Archive) appendOn(ctx context.Context, tx *sql.Tx, o string, m mam.Stored) error {
	var n, size int
	var last int64
	err := tx.QueryRowContext(ctx, `SELECT messages, bytes, last_stamp FROM archive_owners WHERE owner = ?`, o).Scan(&n, &size, &last)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	stamp := max(m.Time.UnixNano(), last) // never back: queries rely on it
	res, err := tx.ExecContext(ctx, `INSERT INTO archive (owner, id, stamp, with_bare, with_full, raw) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		o, m.ID, stamp, m.With.Bare().String(), m.With.String(), nonNil(m.Raw))
	if err != nil {
		return err
	}
	if added, err := res.RowsAffected(); err != nil || added == 0 {
		return err
	}
	n, size = n+1, size+len(m.Raw)
	if n, size, err = a.expire(ctx, tx, o, n, size); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO archive_owners (owner, messages, bytes, last_stamp) VALUES (?, ?, ?, ?)`, o, n, size, stamp)
	return err
}
