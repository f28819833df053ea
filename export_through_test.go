package xmpp

// WritesThroughForTest returns how many batches s's outbox wrote to the
// transport from the sending goroutine itself (see outbox.kickThrough).
func WritesThroughForTest(s *Session) int {
	if s.box == nil {
		return 0
	}
	s.box.mu.Lock()
	defer s.box.mu.Unlock()
	return s.box.throughs
}
