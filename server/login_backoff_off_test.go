package server_test

import (
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/server"
)

// TestInsecureNoLoginBackoff: with the back-off off, consecutive failed
// logins are answered at once (the back-off would hold the first for 250
// ms, the third for a second: see TestBadInput_PasswordGuessingBacksOff),
// and are still counted and logged.
func TestInsecureNoLoginBackoff(t *testing.T) {
	var logs logBuffer
	srv := newServer(t, server.Config{Logger: logs.logger(), InsecureNoLoginBackoff: true})
	var took []time.Duration
	for range 3 {
		start := time.Now()
		_, err := tryLogin(srv, "alice", "guess", "x")
		took = append(took, time.Since(start))
		if !errors.Is(err, sasl.ErrNotAuthorized) {
			t.Fatalf("wrong password: err = %v", err)
		}
	}
	// Answered at once, a failure takes a TLS handshake and a SCRAM
	// exchange: far less than the second the back-off holds the third.
	if took[2] >= time.Second {
		t.Errorf("failures answered after %v", took)
	}
	logs.waitLog(t, "level=WARN", "login failed", "user=alice", "failures=3")
	if got := srv.GuardStats().FailedLogins; got != 3 {
		t.Errorf("FailedLogins = %d, want 3", got)
	}
}
