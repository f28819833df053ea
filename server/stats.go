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
}
