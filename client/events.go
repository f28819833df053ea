package client

import (
	"log/slog"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// State is where a Client stands.
type State int

// The states of a Client, in the order a connection goes through them.
const (
	// Idle: Run has not been called yet.
	Idle State = iota
	// Connecting: a connection attempt is under way.
	Connecting
	// Online: a new session is negotiated and running.
	Online
	// Resumed: a session is running that resumed the previous one
	// (through the Resumer), so nothing was missed.
	Resumed
	// Offline: the connection was lost or an attempt failed; the client
	// waits before the next attempt.
	Offline
	// GaveUp: the client stopped trying; Run has returned or is returning.
	GaveUp
	// Stopped: Run returned because its context ended.
	Stopped
)

var stateNames = [...]string{"idle", "connecting", "online", "resumed", "offline", "gave up", "stopped"}

func (s State) String() string {
	if s < 0 || int(s) >= len(stateNames) {
		return "unknown"
	}
	return stateNames[s]
}

// Event is one state change of a Client.
type Event struct {
	// State is the state entered.
	State State
	// Time is when it was entered.
	Time time.Time
	// Attempt counts the connection attempts since the client was last
	// online for a while (1 for the first), in Connecting events and in
	// the Offline events of failed attempts; it is 0 in an Offline event
	// that reports the loss of a session.
	Attempt int
	// Addr is the session's bound address, in Online and Resumed events.
	Addr jid.JID
	// Gap, in an Online event, means an earlier session was lost and not
	// resumed: stanzas sent to the account in between may be lost, so a
	// program may want to fetch what it missed (a roster, an archive).
	Gap bool
	// Lost, in an Online event, are the stanzas sent on an earlier
	// session that the server never acknowledged (XEP-0198) and that were
	// not sent again because that session could not be resumed; in the
	// GaveUp or Stopped event that ends Run, those of the last session,
	// which now never will be. They may or may not have reached the
	// server; each is reported once. A stanza the server received and
	// bounced is not among them (it was acknowledged): its error comes to
	// Config.Handler. The client's own initial presence is never among
	// them (each new session sends one afresh), nor are its keep-alive
	// pings (the program never sent them). See also Config.OnLost.
	Lost []*xmlstream.Element
	// Cause is why the session or the attempt ended (Offline) or why the
	// client gave up (GaveUp); nil for a clean close by the server.
	Cause error
	// Redirect, in an Offline event, is where the server sent the client
	// (a host[:port] or a WebSocket URL), which the next attempt uses.
	Redirect string
	// Retry, in an Offline event, is the wait before the next attempt:
	// zero after the loss of a session that had lasted (the client
	// reconnects at once) and after a redirect, the backoff otherwise.
	Retry time.Duration
	// Dropped is the number of events dropped before this one because
	// the program did not read the Events channel in time.
	Dropped int
}

// eventBuffer is how many undelivered events Events holds.
const eventBuffer = 64

// emit records the new state, logs it and delivers ev without ever
// waiting: when the channel is full the oldest event is dropped (and
// counted in the next one delivered).
func (c *Client) emit(ev Event) {
	ev.Time = c.now()
	c.mu.Lock()
	c.state = ev.State
	c.mu.Unlock()
	c.logEvent(ev)
	// Only Run's goroutine emits, so after one eviction there is room.
	for {
		ev.Dropped = c.dropped
		select {
		case c.events <- ev:
			c.dropped = 0
			return
		default:
		}
		select {
		case old := <-c.events:
			// The evicted event's own count of dropped ones is passed on.
			c.dropped += 1 + old.Dropped
		default:
		}
	}
}

func (c *Client) logEvent(ev Event) {
	attrs := []any{slog.String("account", c.addr.String())}
	level := slog.LevelInfo
	switch ev.State {
	case Connecting:
		attrs = append(attrs, slog.Int("attempt", ev.Attempt))
	case Online, Resumed:
		attrs = append(attrs, slog.String("bound", ev.Addr.String()), slog.Bool("gap", ev.Gap))
		if len(ev.Lost) > 0 {
			level = slog.LevelWarn
			attrs = append(attrs, slog.Int("unacknowledged", len(ev.Lost)))
		}
	case Offline:
		level = slog.LevelWarn
		attrs = append(attrs, slog.Any("cause", ev.Cause), slog.Duration("retry", ev.Retry))
		if ev.Redirect != "" {
			attrs = append(attrs, slog.String("redirect", ev.Redirect))
		}
	case GaveUp:
		level = slog.LevelError
		attrs = append(attrs, slog.Any("cause", ev.Cause))
	}
	c.log.Log(c.bg, level, "xmpp client "+ev.State.String(), attrs...)
}
