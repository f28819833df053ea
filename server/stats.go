package server

import "sync/atomic"

// stats are the server's counters, updated without locks on the paths
// they count. They only grow, except QueuedBytes and the gauges.
type stats struct {
	// Connections counts connections accepted (every transport).
	Connections atomic.Int64
	// Sessions is the number of sessions bound now (a gauge).
	Sessions atomic.Int64
	// Routed counts stanzas written to a recipient's session.
	Routed atomic.Int64
	// Bounced counts stanzas answered with an error because they could
	// not be delivered (a full delivery queue, a session that ended).
	Bounced atomic.Int64
	// Dropped counts stanzas the server gave up without an answer, as the
	// RFCs allow: presence to a resource that is gone or congested,
	// errors and IQ responses whose addressee is gone.
	Dropped atomic.Int64
	// QueuedBytes is what the delivery queues hold now (a gauge).
	QueuedBytes atomic.Int64
	// StoredOffline counts messages kept for an account with no
	// available resource (offline.go).
	StoredOffline atomic.Int64
}

// DeliveryStats is a snapshot of the server's traffic counters.
type DeliveryStats struct {
	Connections uint64 // connections accepted, on every transport
	Sessions    uint64 // sessions bound now
	Routed      uint64 // stanzas written to a recipient's session
	Bounced     uint64 // stanzas answered with an error: not deliverable
	Dropped     uint64 // stanzas given up without an answer, as the RFCs allow
	QueuedBytes uint64 // bytes the delivery queues hold now
	// StoredOffline counts messages kept offline for an account with no
	// available resource, to deliver when it is next available.
	StoredOffline uint64
}

// DeliveryStats returns the current traffic counters. With GuardStats they
// are what `xmpp serve -metrics` exports.
func (s *Server) DeliveryStats() DeliveryStats {
	return DeliveryStats{
		Connections: nonNegative(s.stats.Connections.Load()),
		Sessions:    nonNegative(s.stats.Sessions.Load()),
		Routed:      nonNegative(s.stats.Routed.Load()),
		Bounced:     nonNegative(s.stats.Bounced.Load()),
		Dropped:     nonNegative(s.stats.Dropped.Load()),
		QueuedBytes: nonNegative(s.stats.QueuedBytes.Load()),

		StoredOffline: nonNegative(s.stats.StoredOffline.Load()),
	}
}

func nonNegative(n int64) uint64 { return uint64(max(n, 0)) }
