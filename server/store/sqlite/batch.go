package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/canto-im/xmpp/server/store"
)

var _ store.Batcher = (*Store)(nil)

// Batch implements store.Batcher: one write transaction, so one fsync,
// for all the writes; each runs in a savepoint, which its failure rolls
// back alone.
func (s *Store) Batch(ctx context.Context, writes []store.Write) []error {
	errs := make([]error, len(writes))
	fail := func(err error) []error {
		for i := range errs {
			errs[i] = errors.Join(errs[i], err)
		}
		return errs
	}
	if s.tx != nil {
		return fail(errors.New("sqlite store: nested batch"))
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	in := *s
	in.tx = tx
	for i, w := range writes {
		// A savepoint around the whole write (its store calls nest their
		// own), so that a failure undoes all of it.
		if _, err := tx.ExecContext(ctx, `SAVEPOINT batch_write`); err != nil {
			return fail(err)
		}
		if errs[i] = w(ctx, &in); errs[i] != nil {
			if _, err := tx.ExecContext(ctx, `ROLLBACK TO batch_write`); err != nil {
				return fail(err)
			}
		}
		if _, err := tx.ExecContext(ctx, `RELEASE batch_write`); err != nil {
			return fail(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return errs
}

// writeInBatch is write inside a Batch: a savepoint undoes f's changes
// if it fails.
func (s *Store) writeInBatch(ctx context.Context, user string, f func(*sql.Tx) error) error {
	if _, err := s.tx.ExecContext(ctx, `SAVEPOINT write`); err != nil {
		return err
	}
	if err := writeOn(ctx, s.tx, user, f); err != nil {
		_, rbErr := s.tx.ExecContext(ctx, `ROLLBACK TO write`)
		_, relErr := s.tx.ExecContext(ctx, `RELEASE write`)
		return errors.Join(err, rbErr, relErr)
	}
	_, err := s.tx.ExecContext(ctx, `RELEASE write`)
	return err
}
