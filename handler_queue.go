package xmpp

// The handler queue holds the stanzas that wait for the handler. Most
// sessions never need it: while nothing waits, the handler runs on the
// read loop (see dispatch). So it is made the first time a stanza must
// wait, which saves every session's set-up two allocations and 640 bytes
// (with the default Config.HandlerQueue) and a session whose handler keeps
// up from holding them.
//
// Only the goroutine that reads the stream makes it (dispatch), before
// reading ends (endReading, which closes it if it was made): a worker that
// finds reading ended and no queue knows none will come.

// handlerQueue returns the handler queue, or nil if no stanza ever waited.
func (s *Session) handlerQueue() chan *Stanza {
	q, _ := s.queue.Load().(chan *Stanza)
	return q
}

// makeQueue returns the handler queue, making it first if need be. Only
// the read loop calls it.
func (s *Session) makeQueue() chan *Stanza {
	q := s.handlerQueue()
	if q == nil {
		q = make(chan *Stanza, s.cfg.HandlerQueue)
		s.queue.Store(q)
	}
	return q
}
