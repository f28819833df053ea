package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/canto-im/xmpp/jid"
)

// FillArchiveForTest appends n messages to owner's archive in one
// transaction, as archivetest.Fill would one by one (ids m0…, one a
// minute, alternately with romeo@example.net/orchard and
// nurse@example.com/kitchen).
func (s *Store) FillArchiveForTest(owner jid.JID, n int) error {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ctx := context.Background()
	return s.write(ctx, "", func(tx *sql.Tx) error {
		size := 0
		for i := range n {
			bare, full := "romeo@example.net", "romeo@example.net/orchard"
			if i%2 == 1 {
				bare, full = "nurse@example.com", "nurse@example.com/kitchen"
			}
			raw := fmt.Appendf(nil, "<message xmlns='jabber:client' type='chat'><body>%d</body></message>", i)
			size += len(raw)
			if _, err := tx.ExecContext(ctx, `INSERT INTO archive (owner, id, stamp, with_bare, with_full, raw) VALUES (?, ?, ?, ?, ?, ?)`,
				owner.String(), fmt.Sprintf("m%d", i), t0.Add(time.Duration(i)*time.Minute).UnixNano(), bare, full, raw); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO archive_owners (owner, messages, bytes, last_stamp) VALUES (?, ?, ?, ?)`,
			owner.String(), n, size, t0.Add(time.Duration(n)*time.Minute).UnixNano())
		return err
	})
}

// GroupForTest returns the group-committed writes waiting (queued or
// being committed) and the group commits so far.
func (s *Store) GroupForTest() (pending, commits int) {
	s.group.mu.Lock()
	defer s.group.mu.Unlock()
	return len(s.group.queue) + s.group.committing, s.group.commits
}
