package sqlite

import (
	"fmt"
	"path/filepath"
	"testing"
)

// TestPragmas checks the settings durability rests on, as the write
// connection has them: WAL, synchronous=FULL (2), foreign keys (which
// delete an account's data with it), and the schema version.
func TestPragmas(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, tt := range []struct {
		query, want string
	}{
		{"PRAGMA journal_mode", "wal"},
		{"PRAGMA synchronous", "2"},
		{"PRAGMA foreign_keys", "1"},
		{"SELECT version FROM schema_version", fmt.Sprint(len(migrations))},
	} {
		var got string
		if err := s.w.QueryRowContext(t.Context(), tt.query).Scan(&got); err != nil {
			t.Fatalf("%s: %v", tt.query, err)
		}
		if got != tt.want {
			t.Errorf("%s = %s, want %s", tt.query, got, tt.want)
		}
	}
}

// TestMigrateTwice: opening a migrated database applies nothing again,
// and a database newer than the program is refused.
func TestMigrateTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	for range 2 {
		s, err := Open(t.Context(), path)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(t.Context(), "UPDATE schema_version SET version = 99"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(t.Context(), path); err == nil {
		t.Error("a database from a newer program was opened")
	}
}
