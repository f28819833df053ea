package sqlite

import (
	"context"
	"crypto"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/server/store"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// Store is a store.Store in an SQLite database. Writes go through one
// connection, so that they never contend for SQLite's write lock; reads
// use a pool of their own, which WAL mode lets run beside a write.
type Store struct {
	w *sql.DB // one connection: every write transaction
	r *sql.DB // read-only connections
	// creds is the query of every login, prepared once.
	creds *sql.Stmt
	// tx is set in the copy a Batch gives its writes: they join it,
	// each in a savepoint of its own.
	tx *sql.Tx
	// group is the queue of group-committed writes (group.go).
	group *groupCommit
}

var _ store.Store = (*Store)(nil)

// Open opens (creating it if need be) the database in the file path and
// migrates its schema.
func Open(ctx context.Context, path string) (*Store, error) {
	pragmas := url.Values{"_pragma": {
		"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)",
	}}
	w, err := sql.Open("sqlite", "file:"+path+"?"+pragmas.Encode()+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite store: %s: %w", path, err)
	}
	pragmas["_pragma"] = append(pragmas["_pragma"], "query_only(1)")
	r, err := sql.Open("sqlite", "file:"+path+"?"+pragmas.Encode())
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(4)
	creds, err := r.PrepareContext(ctx, `SELECT hash, salt, iterations, stored_key, server_key FROM credentials WHERE user = ?`)
	if err != nil {
		r.Close()
		w.Close()
		return nil, err
	}
	return &Store{w: w, r: r, creds: creds, group: new(groupCommit)}, nil
}

// Close closes the database.
func (s *Store) Close() error { return errors.Join(s.creds.Close(), s.r.Close(), s.w.Close()) }

// IntegrityCheck runs PRAGMA integrity_check and returns its findings as
// an error, nil when the database is sound.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	var res string
	if err := s.r.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return fmt.Errorf("sqlite store: integrity check: %s", res)
	}
	return nil
}

// write runs f in a write transaction on user's account: ErrNotFound if
// there is none (user "" skips the check).
func (s *Store) write(ctx context.Context, user string, f func(*sql.Tx) error) error {
	if s.tx != nil {
		return s.writeInBatch(ctx, user, f)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := writeOn(ctx, tx, user, f); err != nil {
		return err
	}
	return tx.Commit()
}

// writeOn checks that user's account exists (user "" skips the check) and
// runs f.
func writeOn(ctx context.Context, tx *sql.Tx, user string, f func(*sql.Tx) error) error {
	if user != "" {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM accounts WHERE user = ?`, user).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
	}
	return f(tx)
}

// CreateAccount implements store.Accounts.
func (s *Store) CreateAccount(ctx context.Context, user string, c store.Credentials) error {
	return s.write(ctx, "", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO accounts (user) VALUES (?) ON CONFLICT DO NOTHING`, user)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errors.Join(store.ErrExists, err)
		}
		return putCreds(ctx, tx, user, c)
	})
}

func putCreds(ctx context.Context, tx *sql.Tx, user string, c store.Credentials) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM credentials WHERE user = ?`, user); err != nil {
		return err
	}
	for h, sc := range c {
		if _, err := tx.ExecContext(ctx, `INSERT INTO credentials (user, hash, salt, iterations, stored_key, server_key) VALUES (?, ?, ?, ?, ?, ?)`,
			user, int(h), sc.Salt, sc.Iterations, sc.StoredKey, sc.ServerKey); err != nil {
			return err
		}
	}
	return nil
}

// DeleteAccount implements store.Accounts; the foreign keys delete what
// is kept by username, deleteOwned what is kept by bare JID.
func (s *Store) DeleteAccount(ctx context.Context, user string) error {
	return s.write(ctx, user, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM accounts WHERE user = ?`, user); err != nil {
			return err
		}
		return deleteOwned(ctx, tx, user)
	})
}

// SetCredentials implements store.Accounts.
func (s *Store) SetCredentials(ctx context.Context, user string, c store.Credentials) error {
	return s.write(ctx, user, func(tx *sql.Tx) error { return putCreds(ctx, tx, user, c) })
}

// Credentials implements store.Accounts.
func (s *Store) Credentials(ctx context.Context, user string) (store.Credentials, error) {
	rows, err := s.creds.QueryContext(ctx, user)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	c := store.Credentials{}
	for rows.Next() {
		var h int
		var sc sasl.ScramCredentials
		if err := rows.Scan(&h, &sc.Salt, &sc.Iterations, &sc.StoredKey, &sc.ServerKey); err != nil {
			return nil, err
		}
		c[crypto.Hash(h)] = sc
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(c) == 0 {
		// No rows: no account, or (rarely) one without credentials.
		var one int
		err := s.r.QueryRowContext(ctx, `SELECT 1 FROM accounts WHERE user = ?`, user).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, store.ErrNotFound
		}
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Accounts implements store.Accounts.
func (s *Store) Accounts(ctx context.Context) ([]string, error) {
	return queryList(ctx, s.r, `SELECT user FROM accounts ORDER BY user`, nil, func(rows *sql.Rows) (string, error) {
		var u string
		return u, rows.Scan(&u)
	})
}

// queryList runs q and reads each row with scan.
func queryList[T any](ctx context.Context, db *sql.DB, q string, args []any, scan func(*sql.Rows) (T, error)) ([]T, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Roster implements store.Rosters, in one read transaction so that the
// items and the version agree.
func (s *Store) Roster(ctx context.Context, user string) ([]store.RosterItem, store.RosterVersion, error) {
	var v store.RosterVersion
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, v, err
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `SELECT roster_epoch, roster_count FROM accounts WHERE user = ?`, user).Scan(&v.Epoch, &v.Count)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, v, nil
	}
	if err != nil {
		return nil, v, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT contact, name, groups, subscription, ask, approved FROM roster_items WHERE user = ? ORDER BY contact`, user)
	if err != nil {
		return nil, v, err
	}
	defer rows.Close()
	var items []store.RosterItem
	for rows.Next() {
		var it store.RosterItem
		var contact, groups string
		if err := rows.Scan(&contact, &it.Name, &groups, &it.Subscription, &it.Ask, &it.Approved); err != nil {
			return nil, v, err
		}
		if it.JID, err = jid.Parse(contact); err != nil {
			return nil, v, fmt.Errorf("sqlite store: roster of %s: %w", user, err)
		}
		if err := json.Unmarshal([]byte(groups), &it.Groups); err != nil {
			return nil, v, fmt.Errorf("sqlite store: roster of %s: %w", user, err)
		}
		items = append(items, it)
	}
	return items, v, rows.Err()
}

func setVersion(ctx context.Context, tx *sql.Tx, user string, v store.RosterVersion) error {
	_, err := tx.ExecContext(ctx, `UPDATE accounts SET roster_epoch = ?, roster_count = ? WHERE user = ?`, v.Epoch, v.Count, user)
	return err
}

// PutRosterItem implements store.Rosters.
func (s *Store) PutRosterItem(ctx context.Context, user string, it store.RosterItem, v store.RosterVersion) error {
	groups, err := json.Marshal(it.Groups)
	if err != nil {
		return err
	}
	if it.Groups == nil {
		groups = []byte("[]")
	}
	return s.write(ctx, user, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO roster_items (user, contact, name, groups, subscription, ask, approved) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			user, it.JID.String(), it.Name, string(groups), it.Subscription, it.Ask, it.Approved); err != nil {
			return err
		}
		return setVersion(ctx, tx, user, v)
	})
}

// DeleteRosterItem implements store.Rosters.
func (s *Store) DeleteRosterItem(ctx context.Context, user string, contact jid.JID, v store.RosterVersion) error {
	return s.write(ctx, user, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM roster_items WHERE user = ? AND contact = ?`, user, contact.String()); err != nil {
			return err
		}
		return setVersion(ctx, tx, user, v)
	})
}

// PendingRequests implements store.Pending.
func (s *Store) PendingRequests(ctx context.Context, user string) ([]store.PendingRequest, error) {
	return queryList(ctx, s.r, `SELECT sender, stanza FROM pending WHERE user = ? ORDER BY sender`, []any{user}, func(rows *sql.Rows) (store.PendingRequest, error) {
		var p store.PendingRequest
		var from string
		if err := rows.Scan(&from, &p.Stanza); err != nil {
			return p, err
		}
		var err error
		p.From, err = jid.Parse(from)
		return p, err
	})
}

// PutPending implements store.Pending.
func (s *Store) PutPending(ctx context.Context, user string, r store.PendingRequest) error {
	return s.write(ctx, user, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO pending (user, sender, stanza) VALUES (?, ?, ?)`, user, r.From.String(), r.Stanza)
		return err
	})
}

// DeletePending implements store.Pending.
func (s *Store) DeletePending(ctx context.Context, user string, from jid.JID) error {
	return s.write(ctx, user, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM pending WHERE user = ? AND sender = ?`, user, from.String())
		return err
	})
}

// BlockList implements store.BlockLists.
func (s *Store) BlockList(ctx context.Context, user string) ([]jid.JID, error) {
	return queryList(ctx, s.r, `SELECT entity FROM blocked WHERE user = ? ORDER BY entity`, []any{user}, func(rows *sql.Rows) (jid.JID, error) {
		var e string
		if err := rows.Scan(&e); err != nil {
			return jid.JID{}, err
		}
		return jid.Parse(e)
	})
}

// Block implements store.BlockLists.
func (s *Store) Block(ctx context.Context, user string, jids []jid.JID) error {
	return s.write(ctx, user, func(tx *sql.Tx) error {
		for _, j := range jids {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO blocked (user, entity) VALUES (?, ?)`, user, j.String()); err != nil {
				return err
			}
		}
		return nil
	})
}

// Unblock implements store.BlockLists.
func (s *Store) Unblock(ctx context.Context, user string, jids []jid.JID) error {
	return s.write(ctx, user, func(tx *sql.Tx) error {
		if len(jids) == 0 {
			_, err := tx.ExecContext(ctx, `DELETE FROM blocked WHERE user = ?`, user)
			return err
		}
		for _, j := range jids {
			if _, err := tx.ExecContext(ctx, `DELETE FROM blocked WHERE user = ? AND entity = ?`, user, j.String()); err != nil {
				return err
			}
		}
		return nil
	})
}

// VCard implements store.VCards.
func (s *Store) VCard(ctx context.Context, user string) ([]byte, error) {
	var card []byte
	err := s.r.QueryRowContext(ctx, `SELECT card FROM vcards WHERE user = ?`, user).Scan(&card)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return card, err
}

// SetVCard implements store.VCards.
func (s *Store) SetVCard(ctx context.Context, user string, card []byte) error {
	return s.write(ctx, user, func(tx *sql.Tx) error {
		if card == nil {
			_, err := tx.ExecContext(ctx, `DELETE FROM vcards WHERE user = ?`, user)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO vcards (user, card) VALUES (?, ?)`, user, card)
		return err
	})
}

// PushOffline implements store.Offline: the quota is checked in the
// transaction that appends.
func (s *Store) PushOffline(ctx context.Context, user string, m store.OfflineMessage, q store.Quota) (int64, error) {
	var id int64
	err := s.write(ctx, user, func(tx *sql.Tx) error {
		var n, size int
		if err := tx.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(length(stanza)), 0) FROM offline WHERE user = ?`, user).Scan(&n, &size); err != nil {
			return err
		}
		if n+1 > q.Messages || size+len(m.Stanza) > q.Bytes {
			return store.ErrQuota
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO offline (user, stamp, stanza) VALUES (?, ?, ?)`, user, m.Stamp.UnixNano(), m.Stanza)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// OfflineMessages implements store.Offline.
func (s *Store) OfflineMessages(ctx context.Context, user string) ([]store.OfflineMessage, error) {
	return queryList(ctx, s.r, `SELECT id, stamp, stanza FROM offline WHERE user = ? ORDER BY id`, []any{user}, func(rows *sql.Rows) (store.OfflineMessage, error) {
		var m store.OfflineMessage
		var stamp int64
		err := rows.Scan(&m.ID, &stamp, &m.Stanza)
		m.Stamp = time.Unix(0, stamp).UTC()
		return m, err
	})
}

// DeleteOffline implements store.Offline.
func (s *Store) DeleteOffline(ctx context.Context, user string, upTo int64) error {
	return s.write(ctx, user, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM offline WHERE user = ? AND id <= ?`, user, upTo)
		return err
	})
}

// DeleteOfflineIDs implements store.Offline.
func (s *Store) DeleteOfflineIDs(ctx context.Context, user string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return s.write(ctx, user, func(tx *sql.Tx) error {
		del, err := tx.PrepareContext(ctx, `DELETE FROM offline WHERE user = ? AND id = ?`)
		if err != nil {
			return err
		}
		defer del.Close()
		for _, id := range ids {
			if _, err := del.ExecContext(ctx, user, id); err != nil {
				return err
			}
		}
		return nil
	})
}
