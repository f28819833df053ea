package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/muc"
)

// roomMigrations are the schema of the rooms of a group chat service
// (muc.RoomStore), versioned apart from the accounts' migrations (in
// their own row of part_versions), so that either can grow without the
// other. Add new changes at the end; never edit one that has shipped.
var roomMigrations = []string{
	// 1: persistent rooms, their state as JSON (new muc.RoomState fields
	// read back as their zero values), and their archives.
	`CREATE TABLE muc_rooms (
		room TEXT PRIMARY KEY,
		state BLOB NOT NULL
	) WITHOUT ROWID;
	CREATE TABLE muc_archive (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		room TEXT NOT NULL,
		id TEXT NOT NULL,
		stamp INTEGER NOT NULL,
		nick TEXT NOT NULL,
		xml BLOB NOT NULL
	);
	CREATE INDEX muc_archive_by_room ON muc_archive(room, seq);`,
}

// RoomStore is a muc.RoomStore in the Store's database: persistent rooms
// and room archives outlive the process. It is safe for concurrent use
// (SQLite serialises the writes), so several services may share it.
type RoomStore struct{ s *Store }

var _ muc.RoomStore = (*RoomStore)(nil)

// RoomStore brings the rooms' part of the schema up to date and returns
// a muc.RoomStore in the same database. It closes with s.
func (s *Store) RoomStore(ctx context.Context) (*RoomStore, error) {
	if err := migratePart(ctx, s.w, "muc", roomMigrations); err != nil {
		return nil, err
	}
	return &RoomStore{s}, nil
}

// migratePart applies the migrations of one part of the schema not yet
// applied, each in a transaction with its version's update.
func migratePart(ctx context.Context, db *sql.DB, part string, migrations []string) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS part_versions (part TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID`); err != nil {
		return err
	}
	for {
		done, err := func() (bool, error) {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				return false, err
			}
			defer tx.Rollback()
			var version int
			err = tx.QueryRowContext(ctx, `SELECT version FROM part_versions WHERE part = ?`, part).Scan(&version)
			if err != nil && err != sql.ErrNoRows {
				return false, err
			}
			switch {
			case version > len(migrations):
				return false, fmt.Errorf("sqlite store: the database's %s schema has version %d, newer than this program's %d", part, version, len(migrations))
			case version == len(migrations):
				return true, nil
			}
			if _, err := tx.ExecContext(ctx, migrations[version]); err != nil {
				return false, fmt.Errorf("sqlite store: %s migration %d: %w", part, version+1, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO part_versions (part, version) VALUES (?, ?)
				ON CONFLICT (part) DO UPDATE SET version = excluded.version`, part, version+1); err != nil {
				return false, err
			}
			return false, tx.Commit()
		}()
		if err != nil || done {
			return err
		}
	}
}

// Room implements muc.RoomStore.
func (r *RoomStore) Room(ctx context.Context, room jid.JID) (muc.RoomState, bool, error) {
	var state []byte
	err := r.s.r.QueryRowContext(ctx, `SELECT state FROM muc_rooms WHERE room = ?`, room.String()).Scan(&state)
	switch {
	case err == sql.ErrNoRows:
		return muc.RoomState{}, false, nil
	case err != nil:
		return muc.RoomState{}, false, err
	}
	st, err := decodeRoom(room.String(), state)
	return st, err == nil, err
}

// decodeRoom reads a stored room's state; its JID is the row's key.
func decodeRoom(room string, state []byte) (muc.RoomState, error) {
	var st muc.RoomState
	if err := json.Unmarshal(state, &st); err != nil {
		return muc.RoomState{}, fmt.Errorf("sqlite store: room %s: %w", room, err)
	}
	addr, err := jid.Parse(room)
	if err != nil {
		return muc.RoomState{}, fmt.Errorf("sqlite store: room %q: %w", room, err)
	}
	st.JID = addr
	return st, nil
}

// Rooms implements muc.RoomStore: every stored room, by JID.
func (r *RoomStore) Rooms(ctx context.Context) ([]muc.RoomState, error) {
	return queryList(ctx, r.s.r, `SELECT room, state FROM muc_rooms ORDER BY room`, nil, func(rows *sql.Rows) (muc.RoomState, error) {
		var room string
		var state []byte
		if err := rows.Scan(&room, &state); err != nil {
			return muc.RoomState{}, err
		}
		return decodeRoom(room, state)
	})
}

// SaveRoom implements muc.RoomStore.
func (r *RoomStore) SaveRoom(ctx context.Context, st muc.RoomState) error {
	if st.JID.IsZero() {
		return fmt.Errorf("sqlite store: a room without a JID")
	}
	state, err := json.Marshal(st)
	if err != nil {
		return err
	}
	_, err = r.s.w.ExecContext(ctx, `INSERT INTO muc_rooms (room, state) VALUES (?, ?)
		ON CONFLICT (room) DO UPDATE SET state = excluded.state`, st.JID.String(), state)
	return err
}

// DeleteRoom implements muc.RoomStore: the room and its archive.
func (r *RoomStore) DeleteRoom(ctx context.Context, room jid.JID) error {
	tx, err := r.s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range []string{`DELETE FROM muc_rooms WHERE room = ?`, `DELETE FROM muc_archive WHERE room = ?`} {
		if _, err := tx.ExecContext(ctx, q, room.String()); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Append implements muc.RoomStore: the message, then the room's oldest
// beyond keep (keep <= 0: none) dropped, in one transaction.
func (r *RoomStore) Append(ctx context.Context, room jid.JID, m muc.ArchivedMessage, keep int) error {
	tx, err := r.s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := appendRoom(ctx, tx, room, m, keep); err != nil {
		return err
	}
	return tx.Commit()
}

// Archive implements muc.RoomStore: the room's archive, oldest first.
func (r *RoomStore) Archive(ctx context.Context, room jid.JID) ([]muc.ArchivedMessage, error) {
	return queryList(ctx, r.s.r, `SELECT id, stamp, nick, xml FROM muc_archive WHERE room = ? ORDER BY seq`, []any{room.String()},
		func(rows *sql.Rows) (muc.ArchivedMessage, error) {
			var m muc.ArchivedMessage
			var stamp int64
			if err := rows.Scan(&m.ID, &stamp, &m.Nick, &m.XML); err != nil {
				return m, err
			}
			m.Time = time.Unix(0, stamp).UTC()
			return m, nil
		})
}
