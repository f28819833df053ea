package mam

import (
	"errors"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/paging"
)

// This file and the ones beside it named archive_*.go, prefs.go and
// serve.go are the archive side of XEP-0313: what a server keeps and how
// it answers queries, for any server built on this module. Storage is
// behind [Archive]; [MemoryArchive] is the in-memory one.

// Stored is one archived message.
type Stored struct {
	// ID is the archive id: the stanza-id the server stamped (§3.1).
	ID string
	// Time is when the server received the message.
	Time time.Time
	// With is the other party: the sender of an incoming message, the
	// recipient of an outgoing one, as the message named them.
	With jid.JID
	// Raw is the message as delivered, written out with its namespace
	// (jabber:client) declared: what a persistent store keeps as is. It
	// is never changed once stored and may be shared by archives (the
	// sender's and the recipient's).
	Raw []byte
}

// Page is one page of a query's results.
type Page struct {
	Messages []Stored // oldest first
	// Set is the page's place in the filtered result set (XEP-0059).
	Set paging.Result
	// Complete says the page reaches the end of the result set in the
	// direction of paging (§4.3: <fin complete='true'/>).
	Complete bool
}

// ErrNotFound is returned by [Archive.Query] when an id of the filter
// (after-id, before-id, ids) or of the page request is not in the
// archive: the query's answer is item-not-found (§4.1.3).
var ErrNotFound = errors.New("mam: no archived message has that id")

// Archive keeps the message archives of many accounts, each by its owner's
// bare JID, with the owners' preferences. Appends to one owner's archive
// come in the order the server received the messages. A persistent
// implementation (SQL, files) implements the same methods; errors other
// than [ErrNotFound] are internal and answered with
// internal-server-error. Implementations are safe for concurrent use.
type Archive interface {
	// Append archives m in owner's archive, dropping what retention and
	// size bounds say to.
	Append(owner jid.JID, m Stored) error
	// Query returns the page set asks for of the messages in owner's
	// archive that f keeps. set.Max is already bounded by the caller.
	Query(owner jid.JID, f Filter, set paging.Request) (Page, error)
	// Bounds returns the first and last messages of owner's archive;
	// false if it is empty (§7.1).
	Bounds(owner jid.JID) (first, last Stored, ok bool, err error)
	// Prefs returns owner's archiving preferences; the zero Prefs (with
	// the archive's default) if owner never set any.
	Prefs(owner jid.JID) (Prefs, error)
	// SetPrefs stores owner's archiving preferences.
	SetPrefs(owner jid.JID, p Prefs) error
}

// matches reports whether m passes the with filter (§4.1.1): a bare JID
// matches every resource of it, a full JID only itself.
func (f Filter) matches(m *Stored) bool {
	if f.With.IsZero() {
		return true
	}
	if f.With.Resourcepart() == "" {
		return m.With.Bare() == f.With
	}
	return m.With == f.With
}
