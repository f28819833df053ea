package server

import (
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// registry is the server's in-memory state: accounts, their rosters and
// pending subscription requests, and the connected resources. One mutex
// guards all of it; nothing is written to the network while it is held.
type registry struct {
	mu       sync.Mutex
	domain   jid.JID
	lim      limits
	accounts map[string]*account // by localpart
	// start starts a delivery queue's writer (Server.startWriter): for
	// what was queued between a resource's binding and its session.
	start func(*deliveryQueue)
	// put is Server.putLocked: queues an item under the queue's lock,
	// for what must be in a queue before the registry lock is released.
	put func(*deliveryQueue, queued) (stanza.Condition, bool)
	// writeTimeout is Config.WriteTimeout, for the writes made from here.
	writeTimeout time.Duration
	// component returns the delivery target of a connected component
	// whose domain is j's, or nil (components.resourceOf).
	component func(j jid.JID) *resource
	// st keeps what outlasts the process (persist.go); log reports its
	// failures.
	st  store.Store
	log *slog.Logger
	// jn queues the writes to st made under mu (journal.go).
	jn *journal
	// stored counts the messages kept offline (the server's stats).
	stored *atomic.Int64
	// blockers counts the accounts with a non-empty block list, so that
	// routing skips the block checks while there are none.
	blockers atomic.Int32
	// copiers counts the accounts whose carbonsMaybe is set, so that
	// routing looks up no account for carbon copies while there are none.
	copiers int
}

// account is one user.
type account struct {
	reg       *registry // for the store
	bare      jid.JID
	resources map[string]*resource // by resourcepart: connected resources
	roster    map[jid.JID]*rosterItem
	// pendingIn holds subscription requests the user has not answered
	// yet ("Pending In", RFC 6121 §3.1.3), to deliver again when the user
	// next becomes available.
	pendingIn map[jid.JID]*xmlstream.Element
	// lastWrite is the latest write of the account's data to the store
	// (journal.go).
	lastWrite *storeWrite
	// loggedOut is when a resource last stopped being available or
	// disconnected, and lastStatus the status of the last unavailable
	// presence, for last activity queries (XEP-0012 §3).
	loggedOut  time.Time
	lastStatus string
	// rosterBytes and pendingBytes are what roster and pendingIn are
	// charged against their budgets (see budget.go).
	rosterBytes  int
	pendingBytes int
	// rosterVer counts the changes to roster, and verEpoch tells this
	// roster's versions from any other's (see rosterver.go).
	rosterVer uint64
	verEpoch  string
	// blocked is the XEP-0191 block list (blocking.go).
	blocked blockList
	// vcard is the account's vCard as last set (XEP-0054; nil for none),
	// never changed once stored, and vcardBytes its written size.
	vcard      *xmlstream.Element
	vcardBytes int
	// offline counts the messages kept for the account in the store
	// (offline.go) since they were last delivered; an account loaded from
	// the store starts at 1: there may be some. It counts those in
	// delivery too (flight): they stay in the store until delivered.
	offline int
	flight  offlineFlight
	// carbonsMaybe is set when one of the account's resources enables
	// XEP-0280 carbons, and cleared by the first routed message that
	// finds none enabled: while it is clear, routing looks no further for
	// the account's copies (most accounts never enable them). Set it
	// through setCarbonsMaybe, which keeps the registry's copiers count.
	carbonsMaybe bool
}

// resource is one connected resource (RFC 6121 §1.3: "connected" once
// bound, "available" once it has sent initial presence).
type resource struct {
	full jid.JID
	// sess is nil between resource binding and the end of negotiation.
	sess      *xmpp.Session
	available bool
	priority  int
	// presence is the last available presence broadcast, re-encoded for
	// probes; nil before initial presence.
	presence *xmlstream.Element
	// interested means the resource requested the roster, so it gets
	// roster pushes (RFC 6121 §2.1.6).
	interested bool
	// versioned means its roster get carried a version, so its pushes do
	// too (RFC 6121 §2.6).
	versioned bool
	// directed holds the entities this resource sent directed available
	// presence to, which get its unavailable presence (RFC 6121 §4.6.3).
	directed map[jid.JID]bool
	// q holds what is routed to the resource until it is written.
	q *deliveryQueue
	// lastSeen is when the resource last sent a stanza (Unix nanoseconds),
	// for the idle check.
	lastSeen atomic.Int64
	// shape paces what the resource's session sends.
	shape shaper
	// iqs counts the IQ requests forwarded from this resource that wait
	// for their responses.
	iqs atomic.Int32
	// carbons: the resource enabled XEP-0280 carbons (carbons.go);
	// blockPushes: it asked for the block list, so gets its pushes
	// (blocking.go).
	carbons, blockPushes bool
	// pep is what the resource's caps say it wants notified of
	// (XEP-0163 §4.2, pep_caps.go).
	pep pepInterest
	// detached is set, with the registry locked, when the resource
	// leaves its account's resources (removed, replaced, released, its
	// account removed): an earlier answer of sender naming it is stale
	// (see senderAgain).
	detached bool
	// fromComponents holds the component addresses whose available
	// presence the resource got, which send it unavailable presence when
	// their component goes (component_presence.go).
	fromComponents map[jid.JID]bool
}

func newRegistry(domain jid.JID, st store.Store, log *slog.Logger) *registry {
	r := &registry{domain: domain, accounts: make(map[string]*account), st: st, log: log}
	r.jn = newJournal(st, func(what, user string, err error) {
		log.Error("server: store write failed", "what", what, "account", user, "err", err)
	})
	return r
}

// addAccount adds an empty account; the registry is not locked (New, or
// AddUser with the lock taken).
func (r *registry) addAccount(bare jid.JID) *account {
	a := &account{
		reg:       r,
		bare:      bare,
		resources: make(map[string]*resource),
		roster:    make(map[jid.JID]*rosterItem),
		pendingIn: make(map[jid.JID]*xmlstream.Element),
	}
	r.accounts[bare.Localpart()] = a
	return a
}

// local returns the account j addresses on this server, or nil.
func (r *registry) local(j jid.JID) *account {
	if j.Domainpart() != r.domain.Domainpart() || j.Localpart() == "" {
		return nil
	}
	return r.accounts[j.Localpart()]
}

// connected returns the connected resource j names, or nil.
func (r *registry) connected(j jid.JID) *resource {
	a := r.local(j)
	if a == nil {
		return nil
	}
	// A resource is connected from its binding on: what is routed to it
	// before its session is attached waits in its queue.
	return a.resources[j.Resourcepart()]
}

// availableResources returns the account's available resources, and with
// nonNegative only those with a priority of zero or more.
func (a *account) availableResources(nonNegative bool) []*resource {
	var out []*resource
	for _, res := range a.resources {
		if res.available && res.sess != nil && (!nonNegative || res.priority >= 0) {
			out = append(out, res)
		}
	}
	return out
}

// attach records the session of a bound resource. The handler may see the
// session's first stanza before the connection's goroutine attaches it, so
// both call this. It reports whether the resource is still bound: a new
// session may have replaced it since binding (ReplaceSession).
func (r *registry) attach(res *resource, sess *xmpp.Session) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if res.sess == nil {
		res.sess = sess
		if res.q.setSession(sess) && r.start != nil {
			r.start(res.q)
		}
	}
	a := r.local(res.full)
	return a != nil && a.resources[res.full.Resourcepart()] == res
}

// senderAgain returns what sender(sess) returns now, given res, what it
// returned earlier (with the registry locked then and now). A resource
// still attached to sess and not detached since is still in its account
// under sess's full JID, which never changes once bound, so sender would
// find it again: that answer costs no lookup. Otherwise (the session
// resumed another's stream, or res is gone) sender looks again.
func (r *registry) senderAgain(res *resource, sess *xmpp.Session) *resource {
	if res != nil && res.sess == sess && !res.detached {
		return res
	}
	return r.sender(sess)
}

// sender returns the resource of the session that sent a stanza, or nil if
// it was replaced or is gone.
func (r *registry) sender(sess *xmpp.Session) *resource {
	full := sess.RemoteAddr()
	a := r.local(full)
	if a == nil {
		return nil
	}
	res := a.resources[full.Resourcepart()]
	if res == nil {
		return nil
	}
	if res.sess == nil && !sm.IsResumed(sess) {
		// The session bound res and has not been attached yet. A resumed
		// session never bound it: a resource without a session is one
		// bound afresh, not its stream's.
		res.sess = sess
		if res.q.setSession(sess) && r.start != nil {
			r.start(res.q)
		}
	}
	if res.sess != sess {
		// Resources are kept by name: res may have been bound afresh
		// since the stream sess resumed was dropped (sm.Server.Drop).
		if sm.IsResumed(sess) && sm.SameStream(res.sess, sess) && isDone(res.sess) {
			// The session that resumed res's stream (XEP-0198), whose
			// first stanzas (those sent again) can be handled before
			// serveTransport hands it the resource: it is the sender
			// already, and gets no carbon copy of its own message.
			return res
		}
		return nil
	}
	return res
}
