package server

import "time"

// SetLoginBackoff shortens the login back-off for tests. Call it before
// the first login.
func SetLoginBackoff(s *Server, base, max time.Duration) {
	s.guard.logins.base, s.guard.logins.max = base, max
}
