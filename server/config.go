package server

import (
	"crypto/tls"
	"io"
	"log/slog"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/internal/syncio"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/server/store"
)

// Config holds a server's options. New copies it; the server never modifies
// it, and keeps none of its passwords.
type Config struct {
	// Domain is the XMPP domain the server serves. Empty means "localhost".
	Domain string

	// Users are the accounts (username → password). The passwords are
	// turned into SCRAM credentials (RFC 5802) by New and not kept. Nil
	// means no accounts beyond those of Store; add them with
	// [Server.AddUser]. An account Store has already gets the password
	// given here.
	Users map[string]string

	// Store keeps the accounts, their rosters, pending subscription
	// requests, block lists, vCards and offline messages, loaded by New
	// and written as they change. Nil means a new in-memory store
	// (store.NewMemory): everything is lost on Close. The server does not
	// close it: close it after [Server.Close]. One server at a time may
	// use a store.
	Store store.Store

	// MaxOfflineMessages and MaxOfflineBytes bound the messages kept for
	// each account while it has no available resource (RFC 6121
	// §8.5.2.1.1, XEP-0160), in count and in bytes; a message beyond them
	// is refused with service-unavailable. They are delivered at once when
	// the user next becomes available, so they must fit in a delivery
	// queue (DeliveryQueueBytes, DeliveryQueueStanzas); what does not is
	// kept for the next time. Zero means 100 messages and 128 KiB.
	MaxOfflineMessages int
	MaxOfflineBytes    int
	// AllowRegistration lets clients create accounts in-band (XEP-0077):
	// the register stream feature on secure streams before SASL (at most
	// three accounts an hour per source address, IPv6 per /64), and on a
	// logged-in session password change and account removal. False (the
	// default) offers none of it: accounts come from Users and AddUser.
	AllowRegistration bool

	// Certificate is served to clients. Nil means a self-signed certificate
	// for Domain is generated (see [Server.CertPool] to trust it).
	Certificate *tls.Certificate

	// Logger receives the server's diagnostics. Nil discards them.
	Logger *slog.Logger

	// RawLog, if non-nil, receives every client session's raw XML (after
	// TLS) in the format of xmpp.Config.RawLog, where each connection has
	// its own number. It is written from many goroutines; the server
	// serialises the writes.
	RawLog io.Writer

	// Mechanisms are the SASL mechanisms offered, in order (names as in
	// package sasl). Nil means the sasl package's default: SCRAM-SHA-512,
	// -256 and -1, each with channel binding (-PLUS) first, then PLAIN.
	// Clients that know only the tls-unique channel binding, which TLS 1.3
	// does not have, fail each -PLUS and SCRAM attempt and log in with
	// PLAIN, the last offered (a client may try every mechanism offered);
	// leaving the -PLUS forms out lets them use SCRAM.
	Mechanisms []string

	// WebSocketChannelBinding offers the -PLUS mechanisms over WebSocket
	// too (with tls-exporter and tls-server-end-point). False (zero) leaves
	// them out there: browsers give scripts no channel-binding data, and
	// some clients (StanzaJS) choose -PLUS anyway and cannot log in.
	WebSocketChannelBinding bool

	// FASTTokens keeps the FAST tokens (XEP-0484) issued to clients that
	// log in with SASL2. Nil means in the Store if it keeps them
	// (store.FASTKeeper, as the SQLite store does), else in memory:
	// tokens are lost when the process ends, and clients log in with
	// their passwords again.
	FASTTokens FASTTokenStore

	// Iterations is the PBKDF2 iteration count of the SCRAM credentials.
	// Zero means 4096, the least RFC 7677 allows (a test server has no
	// reason to spend more).
	Iterations int

	// OnConflict says what happens when a client binds a resource that is
	// already connected (RFC 6120 §7.7.2.2). The zero value is
	// [ReplaceSession].
	OnConflict ConflictPolicy

	// ResumeWindow is how long the stream of a client that enabled
	// XEP-0198 stream management with resumption, and whose connection
	// dropped, is kept for it to resume: its resource stays, and what is
	// routed to it waits in its queue. The client's own 'max' is honoured
	// when shorter. Zero means five minutes; negative offers stream
	// management without resumption.
	ResumeWindow time.Duration

	// UnackedStanzas bounds the stanzas sent to a client with XEP-0198
	// stream management that it has not acknowledged yet (they are kept
	// to be sent again on resumption). At the bound, delivery to that
	// client waits for its acknowledgements; what is routed to it
	// meanwhile waits in its delivery queue, and no sender is held up.
	// Zero or negative means sm.DefaultMaxUnacked.
	UnackedStanzas int

	// NegotiationTimeout bounds a client's stream negotiation (TLS, SASL,
	// binding). Zero means 30 seconds.
	NegotiationTimeout time.Duration

	// IQTimeout bounds how long the server waits for a client to answer
	// an IQ request routed to it; the requester then gets
	// recipient-unavailable. Zero means 60 seconds.
	IQTimeout time.Duration

	// MaxUnauthenticated bounds the client connections (STARTTLS, direct
	// TLS, WebSocket) still negotiating: not yet authenticated and bound.
	// Beyond it a new connection is closed as soon as accepted (a
	// WebSocket request is answered 503), and the refusal is logged. Zero means 512: half the 1,024 descriptors a process
	// commonly gets, so that a flood of idle connections leaves the
	// other half to the sessions and listeners.
	MaxUnauthenticated int

	// MaxUnauthenticatedPerAddr bounds those connections per source
	// address (IPv6: per /64). Zero means 16: a client needs one, and even
	// a network behind one NAT seldom has many negotiating at the same
	// moment.
	MaxUnauthenticatedPerAddr int

	// WriteTimeout bounds each write to a client, so that one that stops
	// reading cannot stall the server: its connection is closed instead.
	// A write that stalls fails after between three quarters of it and
	// all of it (the deadline moves on once a quarter has passed, not at
	// every write). Zero means 30 seconds.
	WriteTimeout time.Duration

	// DeliveryQueueBytes and DeliveryQueueStanzas bound each session's
	// delivery queue: what other users' stanzas may make the server hold
	// for a client that reads slowly. A stanza that does not fit is
	// bounced to its sender with resource-constraint. Zero means 256 KiB
	// and 1000 stanzas.
	DeliveryQueueBytes   int
	DeliveryQueueStanzas int

	// StanzaTimeout bounds how long an authenticated client may take to
	// send one stanza, from its first byte to its last; the stream then
	// ends with connection-timeout. Zero means 30 seconds.
	StanzaTimeout time.Duration

	// IdleTimeout is how long a client may send nothing before the server
	// pings it (XEP-0199); PingTimeout is how long it then has to answer
	// (any answer will do) before its stream ends with
	// connection-timeout. Zero means 30 and 15 seconds, so that a peer
	// that vanished without closing its connection is noticed within 45
	// seconds.
	IdleTimeout time.Duration
	PingTimeout time.Duration

	// ShapeRate and ShapeBurst pace each session: it may send ShapeRate
	// bytes a second on average and ShapeBurst at once (each stanza counts
	// as 1 KiB at least); beyond, the server reads its stream more
	// slowly, so that a flood takes no more than its share of the server.
	// Zero means 128 KiB a second and 128 KiB.
	ShapeRate  int
	ShapeBurst int

	// MaxResources bounds the resources one account may bind at once;
	// binding one more fails with resource-constraint. Zero means 16.
	MaxResources int

	// MaxRosterBytes bounds an account's roster, counted as the bytes its
	// items take in a roster result plus a fixed cost per item for the
	// server's bookkeeping; additions beyond it are refused. Zero means
	// 512 KiB, which keeps a whole roster result under half of a client's
	// default element limit (xmlstream's 1 MiB).
	MaxRosterBytes int

	// MaxPendingBytes bounds the subscription requests an account has not
	// answered yet (RFC 6121 §3.1.3), which the server keeps to deliver
	// again; requests beyond it are refused with resource-constraint.
	// Zero means 128 KiB.
	MaxPendingBytes int

	// MaxVCardBytes bounds an account's vCard (XEP-0054), counted as the
	// bytes it takes written out; a larger one is refused with
	// not-acceptable. Zero means 256 KiB.
	MaxVCardBytes int

	// Components are the external components (XEP-0114) the server
	// accepts on [Server.ListenComponents]: domain → shared secret. A
	// domain is a bare domain other than Domain (usually a subdomain of
	// it, such as "conference.example.org"). New copies the map; the
	// secrets are kept, as the handshake needs them.
	Components map[string]string

	// MaxDirected bounds, per resource, the entities it sent directed
	// presence to, which the server remembers to send its unavailable
	// presence (RFC 6121 §4.6.3); directed presence beyond it is refused
	// with resource-constraint. Zero means 1000.
	MaxDirected int

	// PEP bounds each account's PEP service (XEP-0163): nodes, items per
	// node, bytes per item and in all; beyond them a publish is refused
	// (resource-constraint, policy-violation, not-acceptable with
	// <payload-too-big/>). Zero fields mean 64 nodes, 256 items, 64 KiB
	// and 4 MiB.
	PEP pubsub.Limits

	// PEPStore keeps the accounts' PEP nodes. Nil means in the Store if
	// it keeps them (store.PEPKeeper, as the SQLite store does), else in
	// memory.
	PEPStore pubsub.Store
	// Archive keeps the accounts' message archives (XEP-0313). Nil means
	// in the Store if it keeps archives (store.ArchiveKeeper, as the
	// SQLite store does), else in memory; either bounded by
	// ArchiveMaxMessages, ArchiveMaxBytes and ArchiveRetention. An
	// archive kept in the Store goes with a removed account; one given
	// here stays (mam.Archive has no removal).
	Archive mam.Archive
	// ArchiveMaxMessages and ArchiveMaxBytes bound each account's
	// in-memory archive (bytes as the messages are written): the oldest
	// messages go first. Zero means 10,000 messages and 16 MiB.
	ArchiveMaxMessages int
	ArchiveMaxBytes    int
	// ArchiveRetention is how long the in-memory archive keeps a message.
	// Zero means 30 days.
	ArchiveRetention time.Duration
	// ArchiveDefault is what is archived for accounts that set no
	// preferences (XEP-0313 <prefs/>): mam.ArchiveAlways (when empty),
	// mam.ArchiveRoster or mam.ArchiveNever.
	ArchiveDefault string
	// ArchiveDisabled turns message archiving off: nothing is archived
	// and urn:xmpp:mam:2 is neither advertised nor answered.
	ArchiveDisabled bool
	// InsecureNoLoginBackoff answers a failed login at once instead of
	// after the growing delay that slows password guessing (failures are
	// still counted and logged). It is for test harnesses that try wrong
	// passwords on purpose, many times, from one address; never set it
	// on a server anyone else can reach.
	InsecureNoLoginBackoff bool
}

// ConflictPolicy is how a resource conflict is resolved (RFC 6120
// §7.7.2.2).
type ConflictPolicy int

const (
	// ReplaceSession ends the old session with a <conflict/> stream error
	// and binds the new one.
	ReplaceSession ConflictPolicy = iota
	// RefuseNew refuses the binding with a <conflict/> stanza error; the
	// client may try another resource.
	RefuseNew
	// RenameNew binds the new session to a resource the server makes up.
	RenameNew
)

const (
	defaultDomain             = "localhost"
	defaultIterations         = 4096
	defaultNegotiationTimeout = 30 * time.Second
	defaultWriteTimeout       = 30 * time.Second
	defaultIQTimeout          = 60 * time.Second

	defaultMaxUnauthenticated        = 512
	defaultMaxUnauthenticatedPerAddr = 16

	defaultQueueBytes      = 256 << 10
	defaultQueueStanzas    = 1000
	defaultStanzaTimeout   = 30 * time.Second
	defaultIdleTimeout     = 30 * time.Second
	defaultPingTimeout     = 15 * time.Second
	defaultShapeRate       = 128 << 10
	defaultShapeBurst      = 128 << 10
	defaultMaxResources    = 16
	defaultMaxRosterBytes  = 512 << 10
	defaultMaxPendingBytes = 128 << 10
	defaultMaxVCardBytes   = 256 << 10
	defaultMaxDirected     = 1000
	defaultOfflineMessages = 100
	defaultOfflineBytes    = 128 << 10

	// handlerQueue is how many received stanzas of one session may wait
	// for the handler (xmpp.Config.HandlerQueue).
	handlerQueue = 4
)

// withDefaults returns a copy of c with zero fields replaced by defaults.
// Users is not copied: New reads it once.
func (c Config) withDefaults() Config {
	if c.Domain == "" {
		c.Domain = defaultDomain
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if k, ok := c.Store.(store.FASTKeeper); c.FASTTokens == nil && ok {
		c.FASTTokens = k.FASTTokens() // kept with the accounts, across restarts
	}
	if c.FASTTokens == nil {
		c.FASTTokens = xmpp.NewMemoryFASTServerStore()
	}
	if c.Iterations == 0 {
		c.Iterations = defaultIterations
	}
	if c.NegotiationTimeout <= 0 {
		c.NegotiationTimeout = defaultNegotiationTimeout
	}
	if c.IQTimeout <= 0 {
		c.IQTimeout = defaultIQTimeout
	}
	if c.WriteTimeout <= 0 {
		c.WriteTimeout = defaultWriteTimeout
	}
	if c.MaxUnauthenticated <= 0 {
		c.MaxUnauthenticated = defaultMaxUnauthenticated
	}
	if c.MaxUnauthenticatedPerAddr <= 0 {
		c.MaxUnauthenticatedPerAddr = defaultMaxUnauthenticatedPerAddr
	}
	c.DeliveryQueueBytes = orDefault(c.DeliveryQueueBytes, defaultQueueBytes)
	c.DeliveryQueueStanzas = orDefault(c.DeliveryQueueStanzas, defaultQueueStanzas)
	c.StanzaTimeout = orDefault(c.StanzaTimeout, defaultStanzaTimeout)
	c.IdleTimeout = orDefault(c.IdleTimeout, defaultIdleTimeout)
	c.PingTimeout = orDefault(c.PingTimeout, defaultPingTimeout)
	c.ShapeRate = orDefault(c.ShapeRate, defaultShapeRate)
	c.ShapeBurst = orDefault(c.ShapeBurst, defaultShapeBurst)
	c.MaxResources = orDefault(c.MaxResources, defaultMaxResources)
	c.MaxRosterBytes = orDefault(c.MaxRosterBytes, defaultMaxRosterBytes)
	c.MaxPendingBytes = orDefault(c.MaxPendingBytes, defaultMaxPendingBytes)
	c.MaxVCardBytes = orDefault(c.MaxVCardBytes, defaultMaxVCardBytes)
	c.MaxDirected = orDefault(c.MaxDirected, defaultMaxDirected)
	c.MaxOfflineMessages = orDefault(c.MaxOfflineMessages, defaultOfflineMessages)
	c.MaxOfflineBytes = orDefault(c.MaxOfflineBytes, defaultOfflineBytes)
	if c.RawLog != nil {
		c.RawLog = syncio.NewWriter(c.RawLog)
	}
	return c
}

// orDefault returns v, or def when v is zero or negative.
func orDefault[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}
