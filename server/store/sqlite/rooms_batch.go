package sqlite

import (
	"context"
	"database/sql"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/muc"
)

var _ muc.BatchRoomStore = (*RoomStore)(nil)

// AppendBatch implements muc.BatchRoomStore: the appends share a group
// commit (group.go), with each other and with the accounts' archive and
// PEP writes, each in its own savepoint.
func (r *RoomStore) AppendBatch(_ context.Context, appends []muc.RoomAppend) []error {
	fs := make([]func(context.Context, *sql.Tx) error, len(appends))
	for i, a := range appends {
		fs[i] = func(ctx context.Context, tx *sql.Tx) error { return appendRoom(ctx, tx, a.Room, a.Message, a.Keep) }
	}
	return r.s.grouped(fs...)
}

// appendRoom adds m to room's archive and drops the oldest beyond keep
// (keep <= 0: none).
func appendRoom(ctx context.Context, tx *sql.Tx, room jid.JID, m muc.ArchivedMessage, keep int) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO muc_archive (room, id, stamp, nick, xml) VALUES (?, ?, ?, ?, ?)`,
		room.String(), m.ID, m.Time.UnixNano(), m.Nick, m.XML); err != nil {
		return err
	}
	if keep > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM muc_archive WHERE room = ?1 AND seq <=
			(SELECT seq FROM muc_archive WHERE room = ?1 ORDER BY seq DESC LIMIT 1 OFFSET ?2)`, room.String(), keep); err != nil {
			return err
		}
	}
	return nil
}
