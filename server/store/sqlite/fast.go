package sqlite

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"time"

	"github.com/canto-im/xmpp"
)

// FAST is an xmpp.FASTServerStore in the store's database: the FAST
// tokens (XEP-0484) issued to each account's client installations, gone
// with the account. A token is a secret equal to a password (the HT
// mechanisms need it as it is, so it is kept as it is): the database file
// is to be protected as the credentials are.
type FAST struct{ s *Store }

var _ xmpp.FASTServerStore = FAST{}

// The two slots of a client (XEP-0484 §Implementation Notes).
const (
	slotNewest  = 0
	slotCurrent = 1
)

// FAST returns the FAST tokens kept in s.
func (s *Store) FAST() FAST { return FAST{s} }

// FASTTokens implements store.FASTKeeper.
func (s *Store) FASTTokens() xmpp.FASTServerStore { return s.FAST() }

const fastTimeout = 10 * time.Second

// Tokens implements xmpp.FASTServerStore: the newest first.
func (f FAST) Tokens(username, agent string) ([]xmpp.FASTToken, error) {
	ctx, cancel := context.WithTimeout(context.Background(), fastTimeout)
	defer cancel()
	return queryList(ctx, f.s.r, `SELECT mechanism, token, expiry, count FROM fast_tokens WHERE user = ? AND agent = ? ORDER BY slot`,
		[]any{username, agent}, func(rows *sql.Rows) (xmpp.FASTToken, error) {
			var t xmpp.FASTToken
			var expiry int64
			err := rows.Scan(&t.Mechanism, &t.Token, &expiry, &t.Count)
			t.Expiry = time.Unix(0, expiry).UTC()
			return t, err
		})
}

func putToken(ctx context.Context, tx *sql.Tx, user, agent string, slot int, t xmpp.FASTToken) error {
	_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO fast_tokens (user, agent, slot, mechanism, token, expiry, count) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		user, agent, slot, t.Mechanism, t.Token, t.Expiry.UnixNano(), t.Count)
	return err
}

// Issue implements xmpp.FASTServerStore.
func (f FAST) Issue(username, agent string, t xmpp.FASTToken) error {
	ctx, cancel := context.WithTimeout(context.Background(), fastTimeout)
	defer cancel()
	return f.s.write(ctx, username, func(tx *sql.Tx) error { return putToken(ctx, tx, username, agent, slotNewest, t) })
}

// Used implements xmpp.FASTServerStore: t becomes the current token; the
// newest goes if it is t (the older one is invalid then).
func (f FAST) Used(username, agent string, t xmpp.FASTToken) error {
	ctx, cancel := context.WithTimeout(context.Background(), fastTimeout)
	defer cancel()
	return f.s.write(ctx, username, func(tx *sql.Tx) error {
		var newest string
		err := tx.QueryRowContext(ctx, `SELECT token FROM fast_tokens WHERE user = ? AND agent = ? AND slot = ?`, username, agent, slotNewest).Scan(&newest)
		switch {
		case err == sql.ErrNoRows:
			var any int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM fast_tokens WHERE user = ? AND agent = ?`, username, agent).Scan(&any); err != nil || any == 0 {
				return err // no tokens for the client: nothing to record
			}
		case err != nil:
			return err
		case subtle.ConstantTimeCompare([]byte(newest), []byte(t.Token)) == 1:
			if _, err := tx.ExecContext(ctx, `DELETE FROM fast_tokens WHERE user = ? AND agent = ? AND slot = ?`, username, agent, slotNewest); err != nil {
				return err
			}
		}
		return putToken(ctx, tx, username, agent, slotCurrent, t)
	})
}

// Invalidate implements xmpp.FASTServerStore.
func (f FAST) Invalidate(username, agent string) error {
	ctx, cancel := context.WithTimeout(context.Background(), fastTimeout)
	defer cancel()
	return f.s.write(ctx, "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM fast_tokens WHERE user = ? AND agent = ?`, username, agent)
		return err
	})
}
