package client

import (
	"context"
	"errors"
	"time"

	"github.com/canto-im/xmpp"
)

// whitespace starts the whitespace keepalive of s (Config.Whitespace), if
// any, and returns the function that stops it and waits for it to end.
func (c *Client) whitespace(ctx context.Context, s *xmpp.Session) (stop func()) {
	every := c.cfg.Whitespace
	if every <= 0 || c.cfg.WebSocket != nil {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		spaces(ctx, s, every)
	}()
	return func() {
		cancel()
		<-done
	}
}

// spaces writes a single space on s each time a tick of every finds that
// nothing was written since the tick before (so the stream was idle for at
// least every), until s ends, a write fails or ctx is done.
func spaces(ctx context.Context, s *xmpp.Session, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	last := s.WriteCount()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.Done():
			return
		case <-t.C:
		}
		if n := s.WriteCount(); n != last {
			last = n
			continue
		}
		wctx, cancel := context.WithTimeout(ctx, every)
		err := s.SendWhitespace(wctx)
		cancel()
		switch {
		case err == nil:
		case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
			// A write held the stream that long: it was not idle.
		default:
			return // the session is ending (or framed); the read side reports why
		}
		last = s.WriteCount()
	}
}
