package bench

import (
	"context"
	"encoding/xml"
	"testing"
	"time"

	"github.com/canto-im/xmpp/stanza"
)

// TestRoutePairOutlivesIdleCheck: the route benchmark's clients answer the
// server's pings, so that a pair logged in long before the measurement
// starts (setting up 1,000 pairs on a loaded machine took longer than the
// server's idle check) is still there to be measured. Without an answer the
// server ended their streams with connection-timeout, and the next send
// failed with "session closed".
func TestRoutePairOutlivesIdleCheck(t *testing.T) {
	const idle, wait = 100 * time.Millisecond, 100 * time.Millisecond
	cfg := benchConfig(2)
	cfg.IdleTimeout, cfg.PingTimeout = idle, wait
	srv, err := startBenchServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	in, errs := make(arrivals, 1), make(bounces, 1)
	from, err := benchLogin(ctx, srv, 0, "bench", errs)
	if err != nil {
		t.Fatal(err)
	}
	defer from.Close(ctx)
	to, err := benchLogin(ctx, srv, 1, "bench", in)
	if err != nil {
		t.Fatal(err)
	}
	defer to.Close(ctx)
	// Several rounds of the idle check pass, each long enough for an
	// unanswered ping to end the stream.
	time.Sleep(5 * (idle + wait))
	for _, s := range []struct {
		name string
		err  error
	}{{"sender", from.Err()}, {"receiver", to.Err()}} {
		if s.err != nil {
			t.Fatalf("the idle %s was dropped: %v", s.name, s.err)
		}
	}
	msg := &benchMessage{Message: stanza.Message{XMLName: xml.Name{Space: stanza.NSClient, Local: "message"},
		To: to.LocalAddr(), Type: stanza.ChatMessage, ID: stanza.NewID()}, Body: "hello"}
	if err := from.Send(ctx, msg); err != nil {
		t.Fatalf("sending after the idle check: %v (session: %v)", err, from.Err())
	}
	select {
	case <-in:
	case err := <-errs:
		t.Fatalf("message bounced: %v", err)
	case <-ctx.Done():
		t.Fatal("message lost")
	}
}
