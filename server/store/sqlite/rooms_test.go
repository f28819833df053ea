package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/server/store/sqlite"
)

// openRooms opens the database in path and its room store; closed at the
// end of the test.
func openRooms(t *testing.T, path string) (*sqlite.Store, *sqlite.RoomStore) {
	t.Helper()
	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	rs, err := s.RoomStore(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return s, rs
}

var (
	roomA = jid.MustParse("a@conference.example.org")
	roomB = jid.MustParse("b@conference.example.org")
	owner = jid.MustParse("owner@example.org")
)

func roomState(addr jid.JID, subject string) muc.RoomState {
	return muc.RoomState{
		JID:          addr,
		Config:       muc.RoomConfig{Name: "Room ✓", Persistent: true, Public: true, Password: "s3cret", MaxUsers: 30, HistoryLength: 20, Archive: true},
		Affiliations: map[jid.JID]muc.Affiliation{owner: muc.AffiliationOwner, jid.MustParse("x@example.org"): muc.AffiliationOutcast},
		Creator:      owner, Subject: subject, SubjectNick: "nick",
	}
}

func archived(id string, sec int64) muc.ArchivedMessage {
	return muc.ArchivedMessage{ID: id, Time: time.Unix(sec, 123).UTC(), Nick: "n" + id, XML: []byte(`<message xmlns="jabber:client" type="groupchat"><body>` + id + `</body></message>`)}
}

// TestRoomStore runs the same operations on the SQLite room store and on
// muc.MemoryStore, and wants the same answers from both, before and after
// the database is reopened.
func TestRoomStore(t *testing.T) {
	type op func(context.Context, muc.RoomStore) error
	steps := []struct {
		name string
		op   op
	}{
		{"save a", func(ctx context.Context, s muc.RoomStore) error { return s.SaveRoom(ctx, roomState(roomA, "first")) }},
		{"save b", func(ctx context.Context, s muc.RoomStore) error { return s.SaveRoom(ctx, roomState(roomB, "")) }},
		{"replace a", func(ctx context.Context, s muc.RoomStore) error { return s.SaveRoom(ctx, roomState(roomA, "second")) }},
		{"append a1", func(ctx context.Context, s muc.RoomStore) error { return s.Append(ctx, roomA, archived("1", 1), 3) }},
		{"append a2", func(ctx context.Context, s muc.RoomStore) error { return s.Append(ctx, roomA, archived("2", 2), 3) }},
		{"append b1", func(ctx context.Context, s muc.RoomStore) error { return s.Append(ctx, roomB, archived("b1", 2), 3) }},
		{"append a3", func(ctx context.Context, s muc.RoomStore) error { return s.Append(ctx, roomA, archived("3", 3), 3) }},
		{"append a4, keeping 3", func(ctx context.Context, s muc.RoomStore) error { return s.Append(ctx, roomA, archived("4", 4), 3) }},
		{"append a5, keeping all", func(ctx context.Context, s muc.RoomStore) error { return s.Append(ctx, roomA, archived("5", 5), 0) }},
		{"append a batch: a6, b2, a7 keeping 3", func(ctx context.Context, s muc.RoomStore) error {
			apps := []muc.RoomAppend{{Room: roomA, Message: archived("6", 6)}, {Room: roomB, Message: archived("b2", 6), Keep: 3}, {Room: roomA, Message: archived("7", 7), Keep: 3}}
			if b, ok := s.(muc.BatchRoomStore); ok {
				return errors.Join(b.AppendBatch(ctx, apps)...)
			}
			for _, a := range apps {
				if err := s.Append(ctx, a.Room, a.Message, a.Keep); err != nil {
					return err
				}
			}
			return nil
		}},
		{"delete b", func(ctx context.Context, s muc.RoomStore) error { return s.DeleteRoom(ctx, roomB) }},
		{"delete a room never stored", func(ctx context.Context, s muc.RoomStore) error {
			return s.DeleteRoom(ctx, jid.MustParse("none@conference.example.org"))
		}},
	}
	path := filepath.Join(t.TempDir(), "rooms.db")
	_, sq := openRooms(t, path)
	mem := new(muc.MemoryStore)
	ctx := t.Context()
	compare := func(t *testing.T, sq muc.RoomStore) {
		t.Helper()
		for _, addr := range []jid.JID{roomA, roomB} {
			ws, wok, _ := mem.Room(ctx, addr)
			gs, gok, err := sq.Room(ctx, addr)
			if err != nil || gok != wok || !reflect.DeepEqual(gs, ws) {
				t.Errorf("Room(%s) = %+v, %v, %v; want %+v, %v", addr, gs, gok, err, ws, wok)
			}
			wa, _ := mem.Archive(ctx, addr)
			ga, err := sq.Archive(ctx, addr)
			if err != nil || len(ga) != len(wa) || (len(wa) > 0 && !reflect.DeepEqual(ga, wa)) {
				t.Errorf("Archive(%s) = %+v, %v; want %+v", addr, ga, err, wa)
			}
		}
		wr, _ := mem.Rooms(ctx)
		gr, err := sq.Rooms(ctx)
		if err != nil || len(gr) != len(wr) || (len(wr) > 0 && !reflect.DeepEqual(gr, wr)) {
			t.Errorf("Rooms() = %+v, %v; want %+v", gr, err, wr)
		}
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if err := s.op(ctx, mem); err != nil {
				t.Fatal(err)
			}
			if err := s.op(ctx, sq); err != nil {
				t.Fatal(err)
			}
			compare(t, sq)
		})
	}
	t.Run("reopened", func(t *testing.T) {
		_, again := openRooms(t, path) // migrates nothing the second time
		compare(t, again)
	})
}

// TestRoomStoreErrors: what the room store refuses.
func TestRoomStoreErrors(t *testing.T) {
	_, rs := openRooms(t, filepath.Join(t.TempDir(), "rooms.db"))
	if err := rs.SaveRoom(t.Context(), muc.RoomState{}); err == nil {
		t.Error("saved a room without a JID")
	}
}

// TestRoomStoreNewerSchema: a database whose rooms' schema is newer than
// the program's is refused, not misread.
func TestRoomStoreNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rooms.db")
	s, _ := openRooms(t, path)
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.ExecContext(t.Context(), `UPDATE part_versions SET version = 99 WHERE part = 'muc'`)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.RoomStore(t.Context())
	if err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("RoomStore on a newer schema: %v", err)
	}
}

// BenchmarkRoomStoreAppend is the store's part of every archived
// groupchat message: one insert and the trim to the archive's bound.
func BenchmarkRoomStoreAppend(b *testing.B) {
	s, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "rooms.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	rs, err := s.RoomStore(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	m := archived("x", 1)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		m.ID = strconv.Itoa(i)
		if err := rs.Append(b.Context(), roomA, m, 1000); err != nil {
			b.Fatal(err)
		}
	}
}

// A group chat service whose persistent rooms and archives live in the
// server's database.
func ExampleStore_RoomStore() {
	dir, err := os.MkdirTemp("", "rooms")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "canto.db"))
	if err != nil {
		panic(err)
	}
	defer st.Close()
	rooms, err := st.RoomStore(ctx)
	if err != nil {
		panic(err)
	}
	svc := muc.NewService(muc.ServiceConfig{Store: rooms})
	_ = svc // mount it: srv.Mount("conference.example.org", svc)

	room := jid.MustParse("coven@conference.example.org")
	_ = rooms.SaveRoom(ctx, muc.RoomState{JID: room, Config: muc.RoomConfig{Persistent: true}, Subject: "Double, double"})
	got, ok, _ := rooms.Room(ctx, room)
	fmt.Println(ok, got.Subject)
	// Output: true Double, double
}
