package xmpp

// BreakOutboxForTest makes s's outbox fail every later write with err, as
// it does once its transport has failed, without ending the session yet:
// the moment between a transport's failure and the session's end.
func BreakOutboxForTest(s *Session, err error) {
	s.box.mu.Lock()
	defer s.box.mu.Unlock()
	s.box.err = err
}
