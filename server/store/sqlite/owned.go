package sqlite

import (
	"context"
	"database/sql"
)

// ownedTables are the tables kept by owner's bare JID (archives, PEP),
// children before parents.
var ownedTables = []string{"archive", "archive_owners", "archive_prefs", "pep_items", "pep_nodes"}

// deleteOwned deletes what the tables keyed by bare JID keep for user's
// account. The store knows no domain, and an account is a username in
// every domain the server serves, so it deletes every owner whose
// localpart is user: the owners from "user@" up to, not including,
// "userA" ('A' follows '@'), which are exactly those starting "user@"
// (a localpart has no '@'), as a range of each table's owner index.
func deleteOwned(ctx context.Context, tx *sql.Tx, user string) error {
	lo, hi := user+"@", user+"A"
	for _, t := range ownedTables {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE owner >= ? AND owner < ?`, lo, hi); err != nil {
			return err
		}
	}
	return nil
}
