package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
)

// Archive appends are group-committed (group.go): a caller returns only
// once its messages are durable, so a message the server delivers after
// archiving it can be queried by whoever it reaches; but the senders of
// many users share a sync rather than queue one behind the other for the
// store's one writer.

var _ mam.BatchArchive = (*Archive)(nil)

// Append implements mam.Archive; an id already archived is ignored
// (XEP-0313 §6.1.1).
func (a *Archive) Append(owner jid.JID, m mam.Stored) error {
	return a.AppendBatch([]mam.Entry{{Owner: owner, Stored: m}})[0]
}

// AppendBatch implements mam.BatchArchive: the entries commit together
// (with whatever other callers' writes have gathered), in order.
func (a *Archive) AppendBatch(entries []mam.Entry) []error {
	fs := make([]func(context.Context, *sql.Tx) error, len(entries))
	for i, e := range entries {
		owner := e.Owner.String()
		fs[i] = func(ctx context.Context, tx *sql.Tx) error { return a.appendOn(ctx, tx, owner, e.Stored) }
	}
	return a.s.grouped(fs...)
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
