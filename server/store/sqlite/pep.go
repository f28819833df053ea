package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/xmlstream"
)

// PEP is a pubsub.Store in the store's database: every account's PEP
// nodes (XEP-0163) and their items, each payload kept as written. Its
// writes are group-committed with other accounts' (group.go).
type PEP struct{ s *Store }

var _ pubsub.Store = PEP{}

// PEP returns the PEP nodes kept in s.
func (s *Store) PEP() PEP { return PEP{s} }

// PEPStore implements store.PEPKeeper.
func (s *Store) PEPStore() pubsub.Store { return s.PEP() }

// pepTimeout bounds one call (pubsub.Store takes no context).
const pepTimeout = 10 * time.Second

func pepCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), pepTimeout)
}

// Nodes implements pubsub.Store.
func (p PEP) Nodes(owner jid.JID) ([]string, error) {
	ctx, cancel := pepCtx()
	defer cancel()
	return queryList(ctx, p.s.r, `SELECT node FROM pep_nodes WHERE owner = ? ORDER BY node`, []any{owner.String()}, func(rows *sql.Rows) (string, error) {
		var n string
		return n, rows.Scan(&n)
	})
}

// Config implements pubsub.Store.
func (p PEP) Config(owner jid.JID, node string) (pubsub.NodeConfig, bool, error) {
	ctx, cancel := pepCtx()
	defer cancel()
	var b []byte
	err := p.s.r.QueryRowContext(ctx, `SELECT config FROM pep_nodes WHERE owner = ? AND node = ?`, owner.String(), node).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return pubsub.NodeConfig{}, false, nil
	}
	if err != nil {
		return pubsub.NodeConfig{}, false, err
	}
	var cfg pubsub.NodeConfig
	return cfg, true, json.Unmarshal(b, &cfg)
}

// Create implements pubsub.Store.
func (p PEP) Create(owner jid.JID, node string, cfg pubsub.NodeConfig, maxNodes int) error {
	ctx, cancel := pepCtx()
	defer cancel()
	b, err := json.Marshal(cfg)
	if err != nil {
		return err
	}
	o := owner.String()
	return p.s.groupedWrite(func(tx *sql.Tx) error {
		var exists, n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE node = ?), count(*) FROM pep_nodes WHERE owner = ?`, node, o).Scan(&exists, &n); err != nil {
			return err
		}
		switch {
		case exists > 0:
			return nil
		case n >= maxNodes:
			return pubsub.ErrNodeQuota
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO pep_nodes (owner, node, config) VALUES (?, ?, ?)`, o, node, string(b))
		return err
	})
}

// SetConfig implements pubsub.Store.
func (p PEP) SetConfig(owner jid.JID, node string, cfg pubsub.NodeConfig) error {
	ctx, cancel := pepCtx()
	defer cancel()
	b, err := json.Marshal(cfg)
	if err != nil {
		return err
	}
	return p.s.groupedWrite(func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE pep_nodes SET config = ? WHERE owner = ? AND node = ?`, string(b), owner.String(), node)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return trimItems(ctx, tx, owner.String(), node, cfg.MaxItems)
	})
}

// trimItems drops the oldest items of a node beyond max.
func trimItems(ctx context.Context, tx *sql.Tx, owner, node string, max int) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM pep_items WHERE owner = ? AND node = ? AND seq NOT IN
		(SELECT seq FROM pep_items WHERE owner = ? AND node = ? ORDER BY seq DESC LIMIT ?)`, owner, node, owner, node, max)
	return err
}

// Delete implements pubsub.Store; the foreign key deletes the items.
func (p PEP) Delete(owner jid.JID, node string) error {
	ctx, cancel := pepCtx()
	defer cancel()
	return p.s.groupedWrite(func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM pep_nodes WHERE owner = ? AND node = ?`, owner.String(), node)
		return err
	})
}

// Put implements pubsub.Store: a replaced item is deleted and added
// again, so that it is the newest.
func (p PEP) Put(owner jid.JID, node string, it pubsub.StoredItem, maxItems int) error {
	ctx, cancel := pepCtx()
	defer cancel()
	var payload []byte
	if it.Payload != nil {
		var buf bytes.Buffer
		w := xmlstream.NewWriter(&buf)
		if err := it.Payload.WriteXML(w.Encoder()); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
		payload = buf.Bytes()
	}
	o := owner.String()
	return p.s.groupedWrite(func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM pep_nodes WHERE owner = ? AND node = ?`, o, node).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pep_items WHERE owner = ? AND node = ? AND id = ?`, o, node, it.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO pep_items (owner, node, id, publisher, payload, size) VALUES (?, ?, ?, ?, ?, ?)`,
			o, node, it.ID, it.Publisher.String(), payload, it.Size); err != nil {
			return err
		}
		return trimItems(ctx, tx, o, node, maxItems)
	})
}

// Retract implements pubsub.Store.
func (p PEP) Retract(owner jid.JID, node, id string) (bool, error) {
	ctx, cancel := pepCtx()
	defer cancel()
	var gone int64
	err := p.s.groupedWrite(func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM pep_items WHERE owner = ? AND node = ? AND id = ?`, owner.String(), node, id)
		if err != nil {
			return err
		}
		gone, err = res.RowsAffected()
		return err
	})
	return gone > 0, err
}

// Purge implements pubsub.Store.
func (p PEP) Purge(owner jid.JID, node string) error {
	ctx, cancel := pepCtx()
	defer cancel()
	return p.s.groupedWrite(func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM pep_items WHERE owner = ? AND node = ?`, owner.String(), node)
		return err
	})
}

// Items implements pubsub.Store.
func (p PEP) Items(owner jid.JID, node string) ([]pubsub.StoredItem, error) {
	ctx, cancel := pepCtx()
	defer cancel()
	return queryList(ctx, p.s.r, `SELECT id, publisher, payload, size FROM pep_items WHERE owner = ? AND node = ? ORDER BY seq`,
		[]any{owner.String(), node}, func(rows *sql.Rows) (pubsub.StoredItem, error) {
			var it pubsub.StoredItem
			var publisher string
			var payload []byte
			if err := rows.Scan(&it.ID, &publisher, &payload, &it.Size); err != nil {
				return it, err
			}
			var err error
			if publisher != "" {
				if it.Publisher, err = jid.Parse(publisher); err != nil {
					return it, err
				}
			}
			if payload != nil {
				it.Payload = new(xmlstream.Element)
				err = xmlstream.NewDecoder(bytes.NewReader(payload), xmlstream.Limits{}).ReadElement(it.Payload)
			}
			return it, err
		})
}
