package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are the schema's changes, in order; the database records how
// many it has applied. Add new kinds of data (PEP, archives, rooms) as new
// migrations at the end; never edit one that has shipped.
var migrations = []string{
	// 1: what the server kept in memory before it had a store.
	`CREATE TABLE accounts (
		user TEXT PRIMARY KEY,
		roster_epoch TEXT NOT NULL DEFAULT '',
		roster_count INTEGER NOT NULL DEFAULT 0
	) WITHOUT ROWID;
	CREATE TABLE credentials (
		user TEXT NOT NULL REFERENCES accounts(user) ON DELETE CASCADE,
		hash INTEGER NOT NULL,
		salt BLOB NOT NULL,
		iterations INTEGER NOT NULL,
		stored_key BLOB NOT NULL,
		server_key BLOB NOT NULL,
		PRIMARY KEY (user, hash)
	) WITHOUT ROWID;
	CREATE TABLE roster_items (
		user TEXT NOT NULL REFERENCES accounts(user) ON DELETE CASCADE,
		contact TEXT NOT NULL,
		name TEXT NOT NULL,
		groups TEXT NOT NULL,
		subscription INTEGER NOT NULL,
		ask INTEGER NOT NULL,
		approved INTEGER NOT NULL,
		PRIMARY KEY (user, contact)
	) WITHOUT ROWID;
	CREATE TABLE pending (
		user TEXT NOT NULL REFERENCES accounts(user) ON DELETE CASCADE,
		sender TEXT NOT NULL,
		stanza BLOB NOT NULL,
		PRIMARY KEY (user, sender)
	) WITHOUT ROWID;
	CREATE TABLE blocked (
		user TEXT NOT NULL REFERENCES accounts(user) ON DELETE CASCADE,
		entity TEXT NOT NULL,
		PRIMARY KEY (user, entity)
	) WITHOUT ROWID;
	CREATE TABLE vcards (
		user TEXT PRIMARY KEY REFERENCES accounts(user) ON DELETE CASCADE,
		card BLOB NOT NULL
	) WITHOUT ROWID;
	CREATE TABLE offline (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		user TEXT NOT NULL REFERENCES accounts(user) ON DELETE CASCADE,
		stamp INTEGER NOT NULL,
		stanza BLOB NOT NULL
	);
	CREATE INDEX offline_by_user ON offline(user, id);`,
	// 2: message archives (XEP-0313), by owner's bare JID. seq orders
	// an owner's messages (their stamps never go back), so that pages
	// are ranges of an index.
	`CREATE TABLE archive (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		owner TEXT NOT NULL,
		id TEXT NOT NULL,
		stamp INTEGER NOT NULL,
		with_bare TEXT NOT NULL,
		with_full TEXT NOT NULL,
		raw BLOB NOT NULL
	);
	CREATE UNIQUE INDEX archive_by_id ON archive(owner, id);
	CREATE INDEX archive_by_owner ON archive(owner, seq);
	CREATE INDEX archive_by_with ON archive(owner, with_bare, seq);
	CREATE TABLE archive_owners (
		owner TEXT PRIMARY KEY,
		messages INTEGER NOT NULL,
		bytes INTEGER NOT NULL,
		last_stamp INTEGER NOT NULL
	) WITHOUT ROWID;
	CREATE TABLE archive_prefs (
		owner TEXT PRIMARY KEY,
		prefs TEXT NOT NULL
	) WITHOUT ROWID;`,
	// 3: PEP nodes (XEP-0163) and their items, by owner's bare JID; seq
	// orders a node's items, oldest first.
	`CREATE TABLE pep_nodes (
		owner TEXT NOT NULL,
		node TEXT NOT NULL,
		config TEXT NOT NULL,
		PRIMARY KEY (owner, node)
	) WITHOUT ROWID;
	CREATE TABLE pep_items (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		owner TEXT NOT NULL,
		node TEXT NOT NULL,
		id TEXT NOT NULL,
		publisher TEXT NOT NULL,
		payload BLOB,
		size INTEGER NOT NULL,
		FOREIGN KEY (owner, node) REFERENCES pep_nodes(owner, node) ON DELETE CASCADE
	);
	CREATE UNIQUE INDEX pep_items_by_id ON pep_items(owner, node, id);
	CREATE INDEX pep_items_by_node ON pep_items(owner, node, seq);`,
	// 4: FAST tokens (XEP-0484), in the two slots of each client
	// installation (agent): 0 the newest issued, 1 the one last used.
	`CREATE TABLE fast_tokens (
		user TEXT NOT NULL REFERENCES accounts(user) ON DELETE CASCADE,
		agent TEXT NOT NULL,
		slot INTEGER NOT NULL,
		mechanism TEXT NOT NULL,
		token TEXT NOT NULL,
		expiry INTEGER NOT NULL,
		count INTEGER NOT NULL,
		PRIMARY KEY (user, agent, slot)
	) WITHOUT ROWID;`,
}

// migrate brings the schema up to date.
func migrate(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return err
	}
	for {
		done, err := migrateOne(ctx, db)
		if err != nil || done {
			return err
		}
	}
}

// migrateOne applies the next migration, if any, in a transaction with
// the version's update, and reports whether there was none left.
func migrateOne(ctx context.Context, db *sql.DB) (bool, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var version int
	err = tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&version)
	switch {
	case err == sql.ErrNoRows:
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return false, err
		}
	case err != nil:
		return false, err
	}
	switch {
	case version > len(migrations):
		return false, fmt.Errorf("sqlite store: the database has schema version %d, newer than this program's %d", version, len(migrations))
	case version == len(migrations):
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, migrations[version]); err != nil {
		return false, fmt.Errorf("sqlite store: migration %d: %w", version+1, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE schema_version SET version = ?`, version+1); err != nil {
		return false, err
	}
	return false, tx.Commit()
}
