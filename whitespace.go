package xmpp

import (
	"context"
	"errors"
)

// ErrFramed is returned by [Session.SendWhitespace] on a framed transport
// (WebSocket, RFC 7395), where whitespace between elements has no place:
// its own pings keep it alive.
var ErrFramed = errors.New("xmpp: no whitespace keepalive on a framed transport")

// SendWhitespace writes a single space between top-level elements: the
// whitespace keepalive of RFC 6120 §4.6.1, which keeps an idle connection
// open through NATs and proxies at the cost of one byte. It proves nothing
// about the peer (a dead one does not answer it); pair it with XEP-0199
// pings or stream management's acknowledgements to detect one.
func (s *Session) SendWhitespace(ctx context.Context) error {
	if s.fr != nil {
		return ErrFramed
	}
	return s.writeSpace(ctx)
}

// WriteCount returns how many writes this side has made on the running
// stream (stanzas, other elements, whitespace): a keepalive that finds it
// unchanged after an interval knows the stream was idle for that long.
func (s *Session) WriteCount() uint64 { return s.writes.Load() }
