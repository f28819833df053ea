// Package sqlite is a store.Store (package server/store) in an SQLite
// database file, through modernc.org/sqlite, a translation of SQLite to Go
// that needs no cgo.
//
// Durability: the database runs in write-ahead-log mode with
// synchronous=FULL, so a method that returned nil has its transaction in
// the log on disk (fsynced): it survives the process being killed and the
// machine losing power. (NORMAL with WAL survives a killed process but may
// lose the last transactions on power loss; the server acknowledges a
// roster change or stores a message before answering, so FULL it is.)
//
// The schema is migrated when the database is opened: the table
// schema_version holds the number of migrations applied, and the ones
// after it run in order, each in its own transaction.
//
// Besides the Store, the same database keeps message archives
// ([Store.Archive], a mam.Archive), PEP nodes ([Store.PEP], a
// pubsub.Store), FAST tokens ([Store.FAST]) and group chat rooms with
// their archives ([Store.RoomStore], a muc.RoomStore, whose tables have
// their own version row in part_versions).
package sqlite
