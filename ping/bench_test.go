package ping_test

import (
	"context"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/xmpptest"
)

// benchSend measures ping.Send from the client to the server's Handler
// through a negotiated pair: one XEP-0199 round trip per iteration, as
// internal/bench's IQ benchmarks measure it.
func benchSend(b *testing.B, opts xmpptest.Options, parallel bool) {
	opts.Server.Handler = mux.New(ping.Handler{}.Handle())
	client, _ := xmpptest.Pair(b, opts)
	to := jid.JID{}
	send := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := ping.Send(ctx, client, to); err != nil {
			b.Error(err)
		}
	}
	b.ReportAllocs()
	start := time.Now()
	b.ResetTimer()
	if parallel {
		b.SetParallelism(4) // 8 callers on 2 cores
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				send()
			}
		})
	} else {
		for range b.N {
			send()
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "iq/s")
}

func BenchmarkSendPipe(b *testing.B)        { benchSend(b, xmpptest.Options{}, false) }
func BenchmarkSendTCP(b *testing.B)         { benchSend(b, xmpptest.Options{TCP: true}, false) }
func BenchmarkSendTCPParallel(b *testing.B) { benchSend(b, xmpptest.Options{TCP: true}, true) }
