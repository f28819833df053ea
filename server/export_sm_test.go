package server

import "github.com/canto-im/xmpp/jid"

// queueOf returns the delivery queue of the resource full names, or nil.
func queueOf(s *Server, full string) *deliveryQueue {
	j, err := jid.Parse(full)
	if err != nil {
		return nil
	}
	r := s.state
	r.mu.Lock()
	defer r.mu.Unlock()
	a := r.local(j)
	if a == nil {
		return nil
	}
	res := a.resources[j.Resourcepart()]
	if res == nil {
		return nil
	}
	return res.q
}

// Waiting reports whether the resource full names is kept for a XEP-0198
// resumption: still there, its delivery queue open and without a session.
func Waiting(s *Server, full string) bool {
	q := queueOf(s, full)
	if q == nil {
		return false
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.sess == nil && !q.closed
}

// HoldQueue keeps the writer of full's delivery queue from starting, so
// that what is queued stays there, until the returned function is called.
func HoldQueue(s *Server, full string) (release func()) {
	q := queueOf(s, full)
	q.mu.Lock()
	for q.running {
		q.mu.Unlock()
		q.mu.Lock()
	}
	q.running = true
	q.mu.Unlock()
	return func() {
		q.mu.Lock()
		q.running = false
		start := q.startLocked()
		q.mu.Unlock()
		if start {
			s.startWriter(q)
		}
	}
}

// Queued returns how many stanzas wait in full's delivery queue.
func Queued(s *Server, full string) int {
	q := queueOf(s, full)
	if q == nil {
		return 0
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items) - q.head
}

// CloseQueue closes full's delivery queue and fails what it holds, as
// the end of its session does.
func CloseQueue(s *Server, full string) { s.closeQueue(queueOf(s, full)) }
