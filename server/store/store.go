package store

import (
	"context"
	"crypto"
	"errors"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
)

// Errors a Store returns (wrapped or not: test with errors.Is).
var (
	// ErrExists: the account to create exists already.
	ErrExists = errors.New("store: account exists")
	// ErrNotFound: the account does not exist.
	ErrNotFound = errors.New("store: no such account")
	// ErrQuota: an offline message does not fit in the account's quota.
	ErrQuota = errors.New("store: offline storage full")
)

// Store is everything the server keeps. Close releases it; no method may
// be called after.
type Store interface {
	Accounts
	Rosters
	Pending
	BlockLists
	VCards
	Offline
	Close() error
}

// Credentials are an account's SCRAM credentials, one per hash
// (crypto.SHA1, crypto.SHA256, crypto.SHA512).
type Credentials map[crypto.Hash]sasl.ScramCredentials

// Accounts keeps the accounts, by username (the normalised localpart).
type Accounts interface {
	// CreateAccount adds an account; ErrExists if there is one.
	CreateAccount(ctx context.Context, user string, c Credentials) error
	// DeleteAccount removes an account and everything kept for it
	// (roster, requests, block list, vCard, offline messages, and what
	// a store that is an ArchiveKeeper, PEPKeeper or FASTKeeper keeps
	// for the bare JIDs with the account's username as localpart).
	DeleteAccount(ctx context.Context, user string) error
	// SetCredentials replaces an account's credentials.
	SetCredentials(ctx context.Context, user string, c Credentials) error
	// Credentials returns an account's credentials; ErrNotFound if there
	// is no such account.
	Credentials(ctx context.Context, user string) (Credentials, error)
	// Accounts returns every username, sorted.
	Accounts(ctx context.Context) ([]string, error)
}

// Subscription is a roster item's subscription state (RFC 6121 §2.1.2.5).
type Subscription uint8

// The subscription states.
const (
	SubNone Subscription = iota
	SubTo
	SubFrom
	SubBoth
)

// RosterItem is one contact of a roster (RFC 6121 §2.1.2).
type RosterItem struct {
	JID          jid.JID // bare
	Name         string
	Groups       []string
	Subscription Subscription
	// Ask: a subscription request awaits the contact ("Pending Out").
	Ask bool
	// Approved: the user pre-approved the contact's subscription (§3.4).
	Approved bool
}

// RosterVersion identifies a state of a roster (RFC 6121 §2.6): Epoch is
// drawn once for the roster, Count counts its changes.
type RosterVersion struct {
	Epoch string
	Count uint64
}

// Rosters keeps each account's roster and its version. A write changes
// one item and the version together.
type Rosters interface {
	// Roster returns an account's items, sorted by JID, and version.
	Roster(ctx context.Context, user string) ([]RosterItem, RosterVersion, error)
	// PutRosterItem adds or replaces the item for it.JID.
	PutRosterItem(ctx context.Context, user string, it RosterItem, v RosterVersion) error
	// DeleteRosterItem removes the item for contact (no error if absent).
	DeleteRosterItem(ctx context.Context, user string, contact jid.JID, v RosterVersion) error
}

// PendingRequest is a subscription request the user has not answered.
type PendingRequest struct {
	From   jid.JID // bare
	Stanza []byte  // the <presence type='subscribe'/> as received
}

// Pending keeps the subscription requests awaiting each user's answer
// (RFC 6121 §3.1.3), to deliver again at each login.
type Pending interface {
	// PendingRequests returns the requests, sorted by From.
	PendingRequests(ctx context.Context, user string) ([]PendingRequest, error)
	// PutPending adds or replaces the request from r.From.
	PutPending(ctx context.Context, user string, r PendingRequest) error
	// DeletePending removes the request from 'from' (no error if absent).
	DeletePending(ctx context.Context, user string, from jid.JID) error
}

// BlockLists keeps each account's block list (XEP-0191).
type BlockLists interface {
	// BlockList returns the blocked JIDs, sorted.
	BlockList(ctx context.Context, user string) ([]jid.JID, error)
	// Block adds jids (those already there stay).
	Block(ctx context.Context, user string, jids []jid.JID) error
	// Unblock removes jids; none means all of them.
	Unblock(ctx context.Context, user string, jids []jid.JID) error
}

// VCards keeps each account's vCard (XEP-0054).
type VCards interface {
	// VCard returns the <vCard/> element as stored, or nil for none.
	VCard(ctx context.Context, user string) ([]byte, error)
	// SetVCard replaces it; nil removes it.
	SetVCard(ctx context.Context, user string, card []byte) error
}

// OfflineMessage is a message kept for an account without an available
// resource (RFC 6121 §8.5.2.1.1 "store the message offline").
type OfflineMessage struct {
	// ID orders an account's messages; the store assigns it, increasing.
	ID int64
	// Stamp is when the server received the message (XEP-0203 stamp).
	Stamp time.Time
	// Stanza is the <message/> as the server will deliver it.
	Stanza []byte
}

// Quota bounds an account's offline messages, in count and in the total
// bytes of their stanzas.
type Quota struct {
	Messages int
	Bytes    int
}

// Offline keeps the offline messages (XEP-0160).
type Offline interface {
	// PushOffline appends m (its ID is assigned) if the account's
	// messages, m included, stay within q; ErrQuota if not.
	PushOffline(ctx context.Context, user string, m OfflineMessage, q Quota) (id int64, err error)
	// OfflineMessages returns the account's messages in ID order.
	OfflineMessages(ctx context.Context, user string) ([]OfflineMessage, error)
	// DeleteOffline removes the messages with IDs up to and including
	// upTo.
	DeleteOffline(ctx context.Context, user string, upTo int64) error
	// DeleteOfflineIDs removes the account's messages with these IDs, in
	// one transaction: those delivered one by one (a server keeps each
	// until its recipient has acknowledged it). IDs the account does not
	// have (removed already, or another account's) are ignored.
	DeleteOfflineIDs(ctx context.Context, user string, ids []int64) error
}
