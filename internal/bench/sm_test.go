package bench

import (
	"context"
	"encoding/xml"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
)

// connectSM is connect with XEP-0198 stream management enabled (with
// resumption) on top of the standard negotiation: A asks for an
// acknowledgement every sm.DefaultAckEvery stanzas, B answers.
func connectSM(tb testing.TB, a, b net.Conn, ah, bh xmpp.Handler) (*xmpp.Session, *xmpp.Session) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	type result struct {
		s   *xmpp.Session
		err error
	}
	srv := sm.NewServer(sm.ServerConfig{})
	done := make(chan result, 1)
	go func() {
		s, err := xmpp.ReceiveClientSession(ctx, serverJID, b, xmpp.Config{Handler: bh, InsecureAssumeSecure: true},
			append(serverFeatures[:len(serverFeatures):len(serverFeatures)], srv.Feature())...)
		done <- result{s, err}
	}()
	sa, err := xmpp.NewClientSession(ctx, clientJID, a, xmpp.Config{Handler: ah, InsecureAssumeSecure: true},
		append(clientFeatures[:len(clientFeatures):len(clientFeatures)], sm.Feature(sm.Config{}))...)
	r := <-done
	if err != nil || r.err != nil {
		tb.Fatalf("negotiation: client %v, server %v", err, r.err)
	}
	if _, err := sm.WaitEnabled(ctx, sa); err != nil {
		tb.Fatal(err)
	}
	return sa, r.s
}

// benchMessagesSM is benchMessages on sessions with stream management:
// the price of counting, copying every stanza until it is acknowledged,
// and the <r/>/<a/> exchange. A send that finds the queue of
// unacknowledged stanzas full waits for room, as a client would. acks/op
// is the <a/> B wrote per message (B writes nothing else).
func benchMessagesSM(b *testing.B, a, bconn net.Conn) {
	c := &counter{done: make(chan struct{})}
	sa, sb := connectSM(b, a, bconn, nil, c)
	defer closeBoth(b, sa, sb)
	ctx := context.Background()
	m := &benchMessage{Message: stanza.Message{XMLName: xml.Name{Space: stanza.NSClient, Local: "message"}, To: peerJID, Type: stanza.ChatMessage}, Body: "hello"}
	b.ReportAllocs()
	c.want = int64(b.N)
	acks := sb.WriteCount()
	start, cpu := time.Now(), startCPU()
	b.ResetTimer()
	full := 0 // sends refused because the queue was full
	for range b.N {
		m.ID = stanza.NewID()
		// nil first, as benchMessages tests it: errors.Is on every
		// send would be charged to stream management.
		for err := sa.Send(ctx, m); err != nil; err = sa.Send(ctx, m) {
			if !errors.Is(err, sm.ErrQueueFull) {
				b.Fatal(err)
			}
			full++
			if err := sm.WaitRoom(ctx, sa); err != nil {
				b.Fatal(err)
			}
		}
	}
	select {
	case <-c.done:
	case <-time.After(time.Minute):
		b.Fatalf("only %d of %d messages arrived", c.n.Load(), b.N)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
	cpu.report(b, b.N)
	b.ReportMetric(float64(full)/float64(b.N), "full/op")
	b.ReportMetric(float64(sb.WriteCount()-acks)/float64(b.N), "acks/op")
	if c.last.Body != "hello" || c.last.Type != stanza.ChatMessage || len(c.last.ID) != 16 {
		b.Fatalf("decoded %+v", c.last)
	}
}

func BenchmarkMessagePipeSM(b *testing.B) {
	a, c := net.Pipe()
	benchMessagesSM(b, a, c)
}

func BenchmarkMessageTCPSM(b *testing.B) {
	a, c := tcpPair(b)
	benchMessagesSM(b, a, c)
}
